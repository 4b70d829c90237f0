"""``qingfeng bench procurement --releases N [--json]``: the full procurement flag set against Cardinal's
parse pass, on the same JSONL file, in the same run.

1. Generate N synthetic OCDS 1.1 compiled releases, one per line, streamed to a file (a city's processes:
   tender period, method, bids with statuses and prices, one award, items, a contract).
2. Cardinal: ``ocdscardinal.coverage(path)`` — the PyPI package of Cardinal (Rust), which parses every line
   fully and counts the fields present; its ``indicators`` command is not in the Python package, so this
   parse-only pass is the fastest Cardinal can possibly be on this file.
3. Ours, timed in two parts: *load* — DuckDB reads the JSONL and cuts it into the contract's tenders, bids,
   awards, award_items and contracts (typed Arrow tables); *screen* — every procurement rule (PRC-*) through
   the real locked-down DuckDB engine with its default parameters.

Prints both times and the ratios (screen ÷ Cardinal, and load + screen ÷ Cardinal). A benchmark prints
figures; it is not a test.
"""

import json
import os
import platform
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

METHODS = (("open", "公开招标", 0.6), ("selective", "邀请招标", 0.05), ("limited", "竞争性磋商", 0.15),
           ("limited", "竞争性谈判", 0.08), ("limited", "询价", 0.05), ("direct", "单一来源", 0.07))
CATEGORIES = ("goods", "services", "works")


def generate(path: Path, n: int, seed: int) -> int:
    """N compiled releases as JSON Lines; returns the file size in bytes."""
    rng = random.Random(seed)
    weights = [m[2] for m in METHODS]
    suppliers = [f"91530100MA{rng.randrange(10**7, 10**8)}" for _ in range(5000)]
    start0 = datetime(2025, 1, 2, 9, 0)
    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        for i in range(n):
            method, details, _ = rng.choices(METHODS, weights)[0]
            start = start0 + timedelta(days=rng.randrange(0, 360), hours=rng.randrange(0, 8))
            end = start + timedelta(days=rng.choice((3, 5, 10, 12, 20, 21, 25, 30)))
            value = rng.randrange(50_000, 5_000_000)
            n_bids = 1 if method == "direct" else rng.randrange(1, 6)
            who = rng.sample(suppliers, n_bids)
            bids = []
            for k, t in enumerate(who):
                status = "disqualified" if rng.random() < 0.06 else "valid"
                amount = round(value * rng.uniform(0.85, 1.0), 2)
                submitted = end - timedelta(hours=rng.randrange(1, 72)) if rng.random() > 0.002 else end + timedelta(minutes=5)
                bids.append({"id": str(k + 1), "tenderers": [{"id": t, "name": f"供应商{t[-6:]}有限公司"}], "status": status,
                             "value": {"amount": amount, "currency": "CNY"}, "date": submitted.isoformat() + "+08:00"})
            valid = sorted((b for b in bids if b["status"] == "valid"), key=lambda b: b["value"]["amount"])
            ocid = f"ocds-qf0000-{i:08d}"
            release = {
                "ocid": ocid, "id": f"{ocid}-1", "date": end.isoformat() + "+08:00", "tag": ["compiled"],
                "initiationType": "tender",
                "buyer": {"id": f"D{rng.randrange(1, 81):03d}", "name": "采购单位"},
                "tender": {"id": "1", "title": "采购项目", "status": "cancelled" if rng.random() < 0.02 else "complete",
                           "procurementMethod": method, "procurementMethodDetails": details,
                           "mainProcurementCategory": rng.choice(CATEGORIES),
                           "value": {"amount": value, "currency": "CNY"},
                           "tenderPeriod": {"startDate": start.isoformat() + "+08:00", "endDate": end.isoformat() + "+08:00"},
                           "numberOfTenderers": n_bids},
                "bids": {"details": bids},
            }
            if valid:
                win = valid[0]
                award_amount = win["value"]["amount"]
                release["awards"] = [{"id": "1", "status": "active", "date": (end + timedelta(days=7)).isoformat() + "+08:00",
                                      "suppliers": win["tenderers"], "value": {"amount": award_amount, "currency": "CNY"},
                                      "items": [{"id": str(j + 1), "classification": {"scheme": "CPV", "id": f"{rng.randrange(10, 99)}{rng.randrange(100000, 999999)}"}}
                                                for j in range(rng.randrange(1, 4))]}]
                growth = 1.0 if rng.random() > 0.01 else 1.2
                release["contracts"] = [{"id": "1", "awardID": "1", "status": "active",
                                         "value": {"amount": round(award_amount * growth, 2), "currency": "CNY"},
                                         "dateSigned": (end + timedelta(days=20)).isoformat() + "+08:00"}]
            out.write(json.dumps(release, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
    return path.stat().st_size


# JSONL → the contract's datasets, set-wise in DuckDB (timestamps are written as local Beijing time + offset).
LOAD_SQL = {
    "tenders": """
        SELECT ocid, buyer.id AS department_code, buyer.id AS buyer_id, buyer.name AS buyer_name,
               NULL AS procuring_entity_id, tender.title AS title, tender.status AS status,
               tender.procurementMethod AS procurement_method, tender.procurementMethodDetails AS procurement_method_details,
               tender.mainProcurementCategory AS main_category, NULL AS purchased_service, NULL AS catalogue_code,
               tender.value.amount AS value_amount, tender.value.currency AS currency,
               CAST(left(tender.tenderPeriod.startDate, 19) AS TIMESTAMP) AS tender_start,
               CAST(left(tender.tenderPeriod.endDate, 19) AS TIMESTAMP) AS tender_end,
               tender.numberOfTenderers AS number_of_tenderers, CAST(left(date, 19) AS TIMESTAMP) AS release_date
        FROM src""",
    "bids": """
        SELECT ocid, b.id AS bid_id, b.tenderers[1].id AS tenderer_id, b.tenderers[1].name AS tenderer_name,
               len(b.tenderers) AS tenderer_count, b.status AS status, b.value.amount AS amount, b.value.currency AS currency,
               CAST(left(b.date, 19) AS TIMESTAMP) AS submitted_at
        FROM (SELECT ocid, unnest(bids.details) AS b FROM src)""",
    "awards": """
        SELECT ocid, a.id AS award_id, a.status AS status, a.suppliers[1].id AS supplier_id,
               a.suppliers[1].name AS supplier_name, a.suppliers[1].name AS supplier_name_key,
               a.suppliers[1].id AS supplier_credit_code, len(a.suppliers) AS supplier_count, a.value.amount AS amount,
               a.value.currency AS currency, CAST(left(a.date, 19) AS TIMESTAMP) AS award_date
        FROM (SELECT ocid, unnest(awards) AS a FROM src)""",
    "award_items": """
        SELECT ocid, award_id, i.id AS item_id, i.classification.scheme AS classification_scheme,
               i.classification.id AS classification_id, NULL AS description
        FROM (SELECT ocid, a.id AS award_id, unnest(a.items) AS i FROM (SELECT ocid, unnest(awards) AS a FROM src))""",
    "contracts": """
        SELECT ocid, c.id AS contract_id, c.awardID AS award_id, c.status AS status, c.value.amount AS amount,
               c.value.currency AS currency, CAST(left(c.dateSigned, 19) AS TIMESTAMP) AS signed_at
        FROM (SELECT ocid, unnest(contracts) AS c FROM src)""",
}


_SQL_TYPES = {"decimal128(18, 2)": "DECIMAL(18, 2)", "int64": "BIGINT", "timestamp[us]": "TIMESTAMP", "date32[day]": "DATE"}


def load(path: Path) -> dict:
    import duckdb

    from qingfeng.records.warehouse import arrow_schema

    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        con.execute(f"CREATE TABLE src AS SELECT * FROM read_json('{path}', format = 'newline_delimited', "
                    "sample_size = 20000, maximum_object_size = 16777216, timestampformat = '%d/%m/%Y %Hh', dateformat = '%d/%m/%Yd')")
        tables = {}
        for name, sql in LOAD_SQL.items():
            schema = arrow_schema(name)
            cols = ", ".join(f"CAST({f.name} AS {_SQL_TYPES.get(str(f.type), 'VARCHAR')}) AS {f.name}" for f in schema)
            tables[name] = con.sql(f"SELECT {cols} FROM ({sql})").fetch_arrow_table().cast(schema)
        return tables
    finally:
        con.close()


def screen(tables: dict) -> dict:
    from qingfeng.screening.catalogue import load_catalogue
    from qingfeng.screening.engines import open_session

    rules = [r for r in load_catalogue() if r.domain == "procurement"]
    hits, per_rule = {}, {}
    t0 = time.perf_counter()
    with open_session("duckdb", sources=tables, timeout_seconds=3600) as session:
        opened = time.perf_counter() - t0
        for rule in rules:
            t0 = time.perf_counter()
            result = session.execute(rule.sql, rule.default_params())
            per_rule[rule.id] = round(time.perf_counter() - t0, 3)
            hits[rule.id] = len(result.rows)
    return {"rules": len(rules), "hits": hits, "open_session_seconds": round(opened, 3), "seconds_per_rule": per_rule}


def run(n: int, seed: int, workdir: Path, progress=None) -> dict:
    import ocdscardinal

    say = progress or (lambda m: None)
    path = workdir / f"releases-{n}.jsonl"
    t0 = time.perf_counter()
    size = generate(path, n, seed)
    generated = time.perf_counter() - t0
    say(f"生成 {n:,} 个已编译发布：{size / 1e6:.0f} MB，{generated:.1f} 秒")
    t0 = time.perf_counter()
    coverage = ocdscardinal.coverage(str(path))
    cardinal = time.perf_counter() - t0
    say(f"Cardinal coverage()：{cardinal:.2f} 秒")
    t0 = time.perf_counter()
    tables = load(path)
    loaded = time.perf_counter() - t0
    say(f"载入（DuckDB 读 JSONL 并切分为契约数据集）：{loaded:.2f} 秒")
    t0 = time.perf_counter()
    screened = screen(tables)
    screening = time.perf_counter() - t0
    say(f"筛查（{screened['rules']} 条采购规则）：{screening:.2f} 秒")
    path.unlink()
    return {
        "releases": n, "file_mb": round(size / 1e6, 1), "generate_seconds": round(generated, 2),
        "cardinal_coverage_seconds": round(cardinal, 3), "cardinal_processes": coverage.get("", coverage.get("/", None)),
        "load_seconds": round(loaded, 3), "screen_seconds": round(screening, 3),
        "ratio_screen_to_cardinal": round(screening / cardinal, 3),
        "ratio_load_and_screen_to_cardinal": round((loaded + screening) / cardinal, 3),
        "meets_goal": screening < cardinal,
        "rows": {k: v.num_rows for k, v in tables.items()}, **screened,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }


def render(r: dict) -> str:
    lines = [f"{r['releases']:,} 个已编译发布（{r['file_mb']} MB JSONL）",
             f"  Cardinal coverage()（只解析）：{r['cardinal_coverage_seconds']:.2f} 秒",
             f"  清风 全部 {r['rules']} 条采购规则筛查：{r['screen_seconds']:.2f} 秒（比值 {r['ratio_screen_to_cardinal']}）",
             f"  清风 载入 JSONL + 筛查：{r['load_seconds'] + r['screen_seconds']:.2f} 秒（比值 {r['ratio_load_and_screen_to_cardinal']}）",
             f"  目标（筛查快于 Cardinal 的解析）：{'达到' if r['meets_goal'] else '未达到'}",
             "  命中：" + "，".join(f"{k} {v}" for k, v in r["hits"].items())]
    return "\n".join(lines)


def main(args) -> int:
    from qingfeng.demo.bench import _fresh_dir, bench_dir

    path = bench_dir() / "procurement"
    _fresh_dir(path)
    os.environ["QINGFENG_DATA_DIR"] = str(path)
    os.environ["QINGFENG_DATABASE_URL"] = f"sqlite:///{path / 'qingfeng.sqlite3'}"
    from qingfeng.cli import migrate, setup_django

    setup_django()
    migrate()
    from qingfeng.core.actions import seed_calendar

    seed_calendar("bench")
    result = run(args.releases, args.seed, path, progress=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render(result))
    return 0 if result["meets_goal"] else 1
