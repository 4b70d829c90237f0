"""``qingfeng bench matching [--json]``: how well and how fast the matcher links registry role holders to
officials and relatives, beside Splink (Fellegi–Sunter with EM, DuckDB backend) on the same data in the
same run.

Two data sets, both synthetic with known truth (``synthetic.py``):

- **demo** — the demo city's staff (云川市, the seed's names) plus declared relatives as targets, and role
  holders that spell some of them in each of the demo's variants (ID number; traditional characters;
  spaced / full-width; romanised; a homophone typo), namesakes with another birth date, namesakes with
  nothing but name and region (they belong in the review band, not in the links), and strangers.
- **scale** — 50,000 officials and relatives against 1,000,000 company roles built the same way.

For each: precision and recall of the automatic links (ours: status auto; Splink: match probability at or
above the same auto threshold), the size of the review band (ours: pending; Splink: probability in
[review threshold, auto threshold)), per-variant recall, and wall-clock seconds. A benchmark prints
figures; it is not a test.
"""

import json
import logging
import os
import platform
import sys
import time
from collections import Counter

import numpy as np
import pyarrow as pa

SEED = 20261127
SCALE_TARGETS, SCALE_ROLES = 50_000, 1_000_000
PRECISION_GOAL, RECALL_GOAL = 0.99, 0.95


def _names_births_regions(rng, n):
    from .synthetic import REGIONS, random_names

    start = np.datetime64("1955-01-01")
    births = (start + rng.integers(0, 45 * 365, n).astype("timedelta64[D]")).astype("datetime64[D]")
    return random_names(rng, n), births, np.array(REGIONS)[rng.integers(0, len(REGIONS), n)]


def build(rng, target_names: list[str], n_roles: int, planted_share: float = 0.02) -> dict:
    """Targets (the given names, with births, regions and ID hashes) and role holders with known truth."""
    from .synthetic import VARIANTS, holder_record

    n_t = len(target_names)
    _names, t_births, t_regions = _names_births_regions(rng, n_t)
    t_keys = np.char.add("T", np.arange(n_t).astype(str))
    t_tails = np.char.zfill((np.arange(n_t) * 7919 % 10000).astype(str), 4)
    targets = pa.table({"target_key": t_keys, "name": target_names, "id_hash": np.char.add("H", t_keys),
                        "id_tail": t_tails, "birth_date": pa.array(t_births), "region": t_regions})
    n_planted = max(50, int(n_roles * planted_share))
    n_namesakes = n_planted
    chosen = rng.choice(n_t, n_planted, replace=n_planted > n_t)
    rows, truth, variant_of = [], set(), {}
    for i, t in enumerate(chosen):
        variant = VARIANTS[i % len(VARIANTS)]
        person = {"name": target_names[t], "birth_date": t_births[t].item(), "region": t_regions[t],
                  "id_number": "X" * 14 + t_tails[t]}
        rec = holder_record(person, variant, rng)
        key = f"P{i}"
        rows.append({"source_key": key, "name": rec["holder_name"],
                     "id_hash": f"HT{t}" if variant == "id" else None,
                     "id_tail": (rec.get("holder_id_masked") or "")[-4:] or None,
                     "birth_date": rec.get("holder_birth_date"), "region": rec.get("holder_region")})
        truth.add((key, str(t_keys[t])))
        variant_of[key] = variant
    # Namesakes: a target's exact name, another birth date (half) or nothing but the region (half).
    for i, t in enumerate(rng.choice(n_t, n_namesakes)):
        other = t_births[t].item().replace(year=t_births[t].item().year - int(rng.integers(1, 20)), day=1)
        rows.append({"source_key": f"N{i}", "name": target_names[t], "id_hash": None, "id_tail": None,
                     "birth_date": other if i % 2 == 0 else None, "region": t_regions[t]})
    n_random = n_roles - len(rows)
    r_names, r_births, r_regions = _names_births_regions(rng, n_random)
    with_id = rng.random(n_random) < 0.8
    random = pa.table({
        "source_key": np.char.add("R", np.arange(n_random).astype(str)),
        "name": r_names,
        "id_hash": pa.array(np.where(with_id, np.char.add("HR", np.arange(n_random).astype(str)), None)),
        "id_tail": pa.nulls(n_random, pa.string()),
        "birth_date": pa.array(r_births, pa.date32(), mask=with_id),
        "region": pa.array(np.where(with_id, None, r_regions), pa.string()),
    })
    planted = pa.Table.from_pylist(rows, schema=random.schema)
    # The "id" variant carries the target's ID hash.
    sources = pa.concat_tables([planted, random])
    targets = targets.set_column(2, "id_hash", pa.array(np.char.add("HT", np.arange(n_t).astype(str))))
    return {"sources": sources, "targets": targets, "truth": truth, "variant_of": variant_of}


def _score(found: set, review: int, data: dict, seconds: float) -> dict:
    truth = data["truth"]
    hits = found & truth
    by_variant = Counter(data["variant_of"][s] for s, _t in hits)
    total = Counter(data["variant_of"].values())
    return {
        "auto_links": len(found), "true_links": len(truth), "correct": len(hits),
        "precision": round(len(hits) / len(found), 4) if found else None,
        "recall": round(len(hits) / len(truth), 4) if truth else None,
        "review_band": review, "seconds": round(seconds, 2),
        "recall_by_variant": {v: round(by_variant[v] / total[v], 4) for v in sorted(total)},
    }


def ours(data: dict, settings) -> dict:
    from .matching import link

    started = time.perf_counter()
    result = link(data["sources"], data["targets"], settings)
    seconds = time.perf_counter() - started
    rows = result.select(["source_key", "target_key", "status"]).to_pylist()
    found = {(r["source_key"], r["target_key"]) for r in rows if r["status"] == "auto"}
    review = sum(1 for r in rows if r["status"] == "pending")
    return _score(found, review, data, seconds)


def splink(data: dict, settings) -> dict:
    """Splink on the same normalised columns: name (exact normalised / pinyin / else, with term-frequency
    adjustment), ID hash, birth date, region and ID tail; blocking on name, pinyin and ID hash; u by random
    sampling, m by EM blocked on name; the same probability thresholds."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from .matching import with_keys

    started = time.perf_counter()

    def prepared(table, key):
        t = with_keys(table).rename_columns({key: "unique_id"} if key in table.column_names else {})
        t = t.select(["unique_id", "name_key", "pinyin_key", "id_hash", "birth_date", "region", "id_tail"])
        return t.set_column(4, "birth_date", t.column("birth_date").cast(pa.string()))

    db = DuckDBAPI()
    left = db.register(prepared(data["sources"], "source_key"), dataset_display_name="roles")
    right = db.register(prepared(data["targets"], "target_key"), dataset_display_name="people")
    name = cl.CustomComparison(output_column_name="name", comparison_levels=[
        cll.NullLevel("name_key"), cll.ExactMatchLevel("name_key", term_frequency_adjustments=True),
        cll.ExactMatchLevel("pinyin_key"), cll.ElseLevel()])
    model = SettingsCreator(
        link_type="link_only",
        comparisons=[name, cl.ExactMatch("id_hash"), cl.ExactMatch("birth_date"), cl.ExactMatch("region"), cl.ExactMatch("id_tail")],
        blocking_rules_to_generate_predictions=[block_on("name_key"), block_on("pinyin_key"), block_on("id_hash")],
        retain_intermediate_calculation_columns=False, retain_matching_columns=False)
    linker = Linker([left, right], model, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match([block_on("name_key", "birth_date"), block_on("id_hash")], recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_key"))
    trained = time.perf_counter()
    predicted = linker.inference.predict(threshold_match_probability=settings.review_threshold).as_pyarrow_table()
    seconds = time.perf_counter() - started
    left_id = "unique_id_r" if predicted.num_rows and predicted.column("source_dataset_r")[0].as_py() == "roles" else "unique_id_l"
    right_id = "unique_id_l" if left_id == "unique_id_r" else "unique_id_r"
    probability = predicted.column("match_probability").to_numpy(zero_copy_only=False)
    pairs = list(zip(predicted.column(left_id).to_pylist(), predicted.column(right_id).to_pylist(), strict=True))
    found = {p for p, prob in zip(pairs, probability, strict=True) if prob >= settings.auto_threshold}
    review = int(((probability >= settings.review_threshold) & (probability < settings.auto_threshold)).sum())
    out = _score(found, review, data, seconds)
    out["training_seconds"] = round(trained - started, 2)
    return out


def run(seed: int = SEED, *, scale_roles: int = SCALE_ROLES, scale_targets: int = SCALE_TARGETS, demo_roles: int = 20_000,
        progress=None) -> dict:
    from qingfeng.demo.city import City

    from .matching import MatchSettings

    settings = MatchSettings.current()
    say = progress or (lambda *_: None)
    rng = np.random.default_rng([seed, 70])
    city = City(seed=seed, scale=1.0)
    staff = city.staff.column("name").to_pylist()
    relatives = __import__("qingfeng.people.synthetic", fromlist=["random_names"]).random_names(rng, len(staff) // 2)
    say("demo: generating")
    demo = build(rng, staff + relatives, demo_roles, planted_share=0.1)
    say("demo: ours")
    result = {"demo": {"targets": demo["targets"].num_rows, "roles": demo["sources"].num_rows, "ours": ours(demo, settings)}}
    say("demo: splink")
    result["demo"]["splink"] = splink(demo, settings)
    say("scale: generating")
    names = __import__("qingfeng.people.synthetic", fromlist=["random_names"]).random_names(rng, scale_targets)
    big = build(rng, names, scale_roles)
    say("scale: ours")
    result["scale"] = {"targets": big["targets"].num_rows, "roles": big["sources"].num_rows, "ours": ours(big, settings)}
    say("scale: splink")
    result["scale"]["splink"] = splink(big, settings)
    result["thresholds"] = {"auto": settings.auto_threshold, "review": settings.review_threshold}
    result["goal"] = {"precision": PRECISION_GOAL, "recall": RECALL_GOAL}
    demo_ours = result["demo"]["ours"]
    result["meets_goal"] = bool(demo_ours["precision"] and demo_ours["precision"] >= PRECISION_GOAL
                                and demo_ours["recall"] >= RECALL_GOAL)
    import duckdb
    import splink as splink_pkg

    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "duckdb": duckdb.__version__,
                         "splink": splink_pkg.__version__, "platform": platform.platform()}
    return result


def render(r: dict) -> str:
    lines = [f"清风 · 人员匹配基准（自动阈值 {r['thresholds']['auto']}，复核阈值 {r['thresholds']['review']}）", ""]
    for part, zh in (("demo", "演示城市姓名变体"), ("scale", "规模")):
        d = r[part]
        lines.append(f"{zh}：目标 {d['targets']:,} 人（公职人员与亲属），企业人员 {d['roles']:,} 条")
        for who in ("ours", "splink"):
            x = d[who]
            lines.append(f"  {'清风' if who == 'ours' else 'Splink':<7} 准确率 {x['precision']}  召回率 {x['recall']}  "
                         f"自动关联 {x['auto_links']:,}  复核区 {x['review_band']:,}  用时 {x['seconds']} 秒"
                         + (f"（其中训练 {x['training_seconds']} 秒）" if "training_seconds" in x else ""))
            lines.append("          按变体召回：" + "  ".join(f"{k} {v}" for k, v in x["recall_by_variant"].items()))
        lines.append("")
    lines.append(f"目标：准确率 ≥ {r['goal']['precision']}，召回率 ≥ {r['goal']['recall']} —— {'达到' if r['meets_goal'] else '未达到'}")
    return "\n".join(lines)


def main(args) -> int:
    from qingfeng.demo.bench import _fresh_dir, bench_dir

    path = bench_dir() / "matching"
    _fresh_dir(path)
    os.environ["QINGFENG_DATA_DIR"] = str(path)
    os.environ["QINGFENG_DATABASE_URL"] = f"sqlite:///{path / 'qingfeng.sqlite3'}"
    from qingfeng.cli import setup_django

    setup_django()
    result = run(args.seed, progress=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render(result))
    return 0 if result["meets_goal"] else 1
