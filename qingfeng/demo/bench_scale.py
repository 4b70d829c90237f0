"""``qingfeng bench scale [--scales 1,10,30] [--json]``: the demo city at several sizes, screened on DuckDB and
on Spark, and a batch of 10,000 new payments screened incrementally on the largest.

Each scale runs in a child process of its own (fresh memory figures, a fresh JVM, its own throw-away data
folder and SQLite database under ``var/bench/scale-N``):

1. **generate** the city, streamed to Parquet files of about a million payments (``bench.write_city``);
   the 60,000 latest payments (by payment time) are held back as the new batches;
2. **import** accounts, budgets and the payments through the records importer — rows/s;
3. **DuckDB**: a full screening run (``run_screening``), with the DuckDB memory limit of the settings;
4. **Spark**: the same run on Spark local (``local[2]``; the JVM's start is timed apart), and the findings
   of both runs compared after canonicalisation (``screening.parity``);
5. **incremental**: five batches of 10,000 new payments (the 50,000 oldest of those, oldest batch first), each
   imported and screened twice on the same state: first by the plain path (``shortcuts=False``: key joins
   only, every evidence row looked up in the warehouse; its run is rolled back), then by the normal path,
   which is kept (goal: ≤ 5 s at 10 M payments on two cores; the figures are the best and the median of the
   five); after the first, a full DuckDB run checks that both paths kept exactly what the full run adds;
   then a sixth batch is screened in a **fresh process** (what ``qingfeng import`` on the command line pays:
   the catalogue read, its rules validated and parsed, nothing cached yet; Django's own start timed apart).
   ``--no-spark`` leaves step 4 out.

Peak memory is the highest resident set size sampled (every 50 ms) during each phase: of this process for
the import and DuckDB phases, of this process and of the Spark JVM for the Spark phase. A benchmark, not a
test: it prints figures.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .bench import ACTOR, _fresh_dir, _rate, bench_dir, write_city
from .city import City

NEW_PAYMENTS = 10_000
ROUNDS = 5  # batches of NEW_PAYMENTS screened one after the other
FRESH_ROUNDS = 1  # and then batches screened in a fresh process each
INCREMENTAL_GOAL_SECONDS = 5.0


def _rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Peaks:
    """Samples the resident memory of some processes in the background; ``phase`` gives each phase's peak."""

    def __init__(self):
        self.pids: dict[str, int | str] = {"python": "self"}
        self.current: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        while not self._stop.wait(0.05):
            for name, pid in list(self.pids.items()):
                self.current[name] = max(self.current.get(name, 0.0), _rss_mb(pid))

    @contextmanager
    def phase(self, out: dict):
        self.current = {name: _rss_mb(pid) for name, pid in self.pids.items()}
        started = time.monotonic()
        yield
        out["wall_seconds"] = round(time.monotonic() - started, 2)
        time.sleep(0.06)
        for name in self.pids:
            out[f"peak_rss_mb_{name}"] = round(self.current.get(name, 0.0))

    def stop(self):
        self._stop.set()


def _hold_back(files: list[Path], n: int) -> tuple[object, str]:
    """The (paid_at, payment_id) of the n-th latest payment: rows at or after it are the new batch."""
    import duckdb

    con = duckdb.connect()
    scan = "read_parquet([" + ", ".join(f"'{p}'" for p in files) + "])"
    row = con.execute(f"SELECT paid_at, payment_id FROM {scan} ORDER BY paid_at DESC, payment_id DESC LIMIT 1 OFFSET {n - 1}").fetchone()
    con.close()
    return row


def _split(path: Path, cutoff) -> tuple[pa.Table, pa.Table]:
    table = pq.read_table(path)
    at, pid = cutoff
    stamp = pa.scalar(at, table.schema.field("paid_at").type)
    newer = pc.or_(pc.greater(table["paid_at"], stamp),
                   pc.and_(pc.equal(table["paid_at"], stamp), pc.greater_equal(table["payment_id"], pa.scalar(pid))))
    return table.filter(pc.invert(newer)), table.filter(newer)


def _screening_figures(run, payments: int) -> dict:
    rules = {k: v for k, v in run.rules.items()}
    rule_set = sum((v.get("seconds") or 0.0) for v in rules.values())
    return {"status": run.status, "error": run.error or None, "rules": len(rules), "rule_set_seconds": round(rule_set, 2),
            "rows_per_second": _rate(payments, rule_set),
            "findings": run.findings.count()}


class _RolledBack(Exception):
    """Undoes the plain path's run, so the normal path screens the same state."""


def _keys(run) -> dict[tuple[str, str], str]:
    from qingfeng.screening.models import Finding

    return {(f["rule_id"], f["subject_key"]): f["evidence_hash"] for f in Finding.objects.filter(run=run).values(
        "rule_id", "subject_key", "evidence_hash")}


def _plain_path(batch_rows: int) -> tuple[dict, dict]:
    """The plain path's incremental run on the current state, timed, then rolled back."""
    from django.db import transaction

    from qingfeng.screening.actions import screen_incremental

    figures: dict = {}
    started = time.monotonic()
    try:
        with transaction.atomic():
            run = screen_incremental(ACTOR, shortcuts=False)
            figures["wall_seconds"] = round(time.monotonic() - started, 2)
            figures.update(_screening_figures(run, batch_rows))
            kept = _keys(run)
            raise _RolledBack
    except _RolledBack:
        pass
    return figures, kept


def run_scale(scale: float, seed: int, folder: Path, spark_too: bool = True) -> dict:
    """One scale, end to end, in this (freshly set-up) process."""
    from django.conf import settings

    from qingfeng.core.actions import seed_calendar
    from qingfeng.core.models import CalendarDay
    from qingfeng.records.imports import import_arrow, import_file
    from qingfeng.screening.actions import run_screening
    from qingfeng.screening.models import Finding
    from qingfeng.screening.parity import canonical_findings, differences

    from . import actions

    peaks = Peaks()
    city = City(seed=seed, scale=scale)
    out: dict = {"scale": scale, "seed": seed}

    generate: dict = {}
    with peaks.phase(generate):
        written = write_city(city, folder / "source", progress=True)
        cutoff = _hold_back(written["payment_files"], NEW_PAYMENTS * (ROUNDS + FRESH_ROUNDS))
        if cutoff is None:
            raise SystemExit(f"规模 {scale:g} 的城市不足 {NEW_PAYMENTS * (ROUNDS + FRESH_ROUNDS):,} 笔支付，无法留出新批次；"
                             "请用 0.1 以上的规模。")
    out["payments"] = written["payments"]
    generate["rows_per_second"] = _rate(written["payments"], generate["wall_seconds"])
    out["generate"] = generate

    if CalendarDay.objects.filter(date__year=city.year).count() < 365:
        seed_calendar(ACTOR, range(city.year - 1, city.year + 2))
    actions.load_departments(ACTOR, city)

    imported: dict = {}
    held: list[pa.Table] = []
    base_rows = 0
    with peaks.phase(imported):
        import_file(written["accounts"], "accounts", actor=ACTOR)
        import_file(written["budgets"], "budgets", actor=ACTOR)
        for path in written["payment_files"]:
            base, newer = _split(path, cutoff)
            held.append(newer)
            report = import_arrow(base, "payments", source_name=path.name, actor=ACTOR, progress=True)
            if report.rejected or report.status != "committed":
                raise RuntimeError(report.summary())
            base_rows += base.num_rows
    imported["rows"] = base_rows
    imported["rows_per_second"] = _rate(base_rows, imported["wall_seconds"])
    out["warehouse_payments"] = base_rows
    out["import"] = imported

    duck: dict = {"memory_limit": settings.QINGFENG["DUCKDB_MEMORY_LIMIT"], "threads": settings.QINGFENG["DUCKDB_THREADS"]}
    with peaks.phase(duck):
        duck_run = run_screening(ACTOR, progress=True)
    duck.update(_screening_figures(duck_run, base_rows))
    out["duckdb"] = duck

    if not spark_too:
        out["spark"] = out["parity"] = None
        return _incremental(out, peaks, held, duck_run)
    spark: dict = {"master": settings.QINGFENG["SPARK_MASTER"], "driver_memory": settings.QINGFENG["SPARK_DRIVER_MEMORY"]}
    from qingfeng.screening.engines.spark import application, jvm_pid

    started = time.monotonic()
    app = application()
    spark["jvm_start_seconds"] = round(time.monotonic() - started, 2)
    spark["version"] = app.version
    pid = jvm_pid(app)
    if pid:
        peaks.pids["jvm"] = pid
    with peaks.phase(spark):
        spark_run = run_screening(ACTOR, engine="spark", progress=True)
    spark.update(_screening_figures(spark_run, base_rows))
    out["spark"] = spark
    left = canonical_findings(Finding.objects.filter(run=duck_run).values("rule_id", "subject_key", "evidence", "evidence_rows"))
    right = canonical_findings(Finding.objects.filter(run=spark_run).values("rule_id", "subject_key", "evidence", "evidence_rows"))
    hashes = {(f["rule_id"], f["subject_key"]): f["evidence_hash"] for f in Finding.objects.filter(run=duck_run).values(
        "rule_id", "subject_key", "evidence_hash")}
    same_hash = sum(1 for f in Finding.objects.filter(run=spark_run).values("rule_id", "subject_key", "evidence_hash")
                    if hashes.get((f["rule_id"], f["subject_key"])) == f["evidence_hash"])
    diffs = differences(left, right)
    out["parity"] = {"findings_duckdb": len(left), "findings_spark": len(right), "identical": left == right,
                     "identical_evidence_hashes": same_hash, "differences": diffs}
    peaks.pids.pop("jvm", None)
    return _incremental(out, peaks, held, duck_run)


def _incremental(out: dict, peaks: "Peaks", held: list[pa.Table], duck_run) -> dict:
    """Batches of NEW_PAYMENTS, oldest first, each screened by the plain path (rolled back) and the normal
    path side by side: the first is checked against a full run; the figures are the best and the median
    (a shared machine's noise hits single timings, and both paths alike)."""
    from qingfeng.records.imports import import_arrow
    from qingfeng.screening.actions import run_screening, screen_incremental

    held_back = pa.concat_tables(held)
    held_back = held_back.take(pc.sort_indices(held_back, sort_keys=[("paid_at", "ascending"), ("payment_id", "ascending")]))
    rounds = []
    for index in range(ROUNDS):
        batch = held_back.slice(index * NEW_PAYMENTS, NEW_PAYMENTS)
        figures: dict = {"new_payments": batch.num_rows}
        started = time.monotonic()
        import_arrow(batch, "payments", source_name=f"new-payments-{index + 1}", actor=ACTOR)
        figures["import_seconds"] = round(time.monotonic() - started, 2)
        previous = duck_run if index == 0 else None
        plain, plain_kept = _plain_path(batch.num_rows)
        figures["plain"] = plain
        with peaks.phase(figures):
            inc_run = screen_incremental(ACTOR)
        figures.update(_screening_figures(inc_run, batch.num_rows))
        figures["modes"] = {mode: sorted(k for k, v in inc_run.rules.items() if v.get("mode") == mode)
                            for mode in ("restricted", "full", "skip")}
        if previous is not None:
            after = run_screening(ACTOR)
            old = _keys(previous)
            added = {key: digest for key, digest in _keys(after).items() if old.get(key) != digest}
            figures["full_run_adds"] = len(added)
            figures["equal_to_full_run_additions"] = _keys(inc_run) == added
            figures["plain_equal_to_full_run_additions"] = plain_kept == added
        rounds.append(figures)
    incremental = dict(rounds[0])
    incremental["rounds"] = [{**{k: r[k] for k in ("import_seconds", "wall_seconds", "rule_set_seconds", "findings")},
                              "plain_wall_seconds": r["plain"]["wall_seconds"], "plain_rule_set_seconds": r["plain"]["rule_set_seconds"]}
                             for r in rounds]
    for prefix, wall, rules in (("", "wall_seconds", "rule_set_seconds"), ("plain_", "plain_wall_seconds", "plain_rule_set_seconds")):
        incremental[f"{prefix}median_wall_seconds"] = statistics.median(r[wall] for r in incremental["rounds"])
        incremental[f"{prefix}best_wall_seconds"] = min(r[wall] for r in incremental["rounds"])
        incremental[f"{prefix}median_rule_set_seconds"] = statistics.median(r[rules] for r in incremental["rounds"])
    incremental["fresh_process"] = [_fresh_round(held_back.slice((ROUNDS + i) * NEW_PAYMENTS, NEW_PAYMENTS), ROUNDS + i + 1)
                                    for i in range(FRESH_ROUNDS)]
    incremental["goal_seconds"] = INCREMENTAL_GOAL_SECONDS
    incremental["meets_goal"] = incremental["median_wall_seconds"] <= INCREMENTAL_GOAL_SECONDS
    out["incremental"] = incremental
    peaks.stop()
    return out


def _fresh_round(batch: pa.Table, number: int) -> dict:
    """Import ``batch`` here, then screen it incrementally in a new process (see ``_fresh``)."""
    from django.db import connections

    from qingfeng.records.imports import import_arrow

    import_arrow(batch, "payments", source_name=f"new-payments-{number}", actor=ACTOR)
    connections.close_all()
    child = subprocess.run([sys.executable, "-m", "qingfeng.demo.bench_scale", "fresh-incremental"],
                           stdout=subprocess.PIPE, text=True, check=True)
    return {"new_payments": batch.num_rows, **json.loads(child.stdout.strip().splitlines()[-1])}


def _fresh() -> int:
    """In a new process on the benchmark's data folder (inherited environment): one incremental run, timed
    from after Django's set-up, as ``qingfeng import`` runs it after its import."""
    started = time.monotonic()
    from qingfeng.cli import setup_django

    setup_django()
    from qingfeng.screening.actions import screen_incremental

    ready = time.monotonic()
    run = screen_incremental(ACTOR)
    wall = time.monotonic() - ready
    figures = _screening_figures(run, NEW_PAYMENTS)
    print(json.dumps({"startup_seconds": round(ready - started, 2), "wall_seconds": round(wall, 2),
                      "rule_set_seconds": figures["rule_set_seconds"], "findings": figures["findings"],
                      "status": figures["status"]}))
    return 0


def _child(scale: float, seed: int, spark_too: bool = True) -> int:
    folder = bench_dir() / f"scale-{scale:g}"
    _fresh_dir(folder)
    os.environ["QINGFENG_DATA_DIR"] = str(folder)
    os.environ["QINGFENG_DATABASE_URL"] = f"sqlite:///{folder / 'qingfeng.sqlite3'}"
    os.environ.setdefault("QINGFENG_SPARK_DRIVER_MEMORY", "4g")  # local mode: the driver JVM does all the work
    from qingfeng.cli import migrate, setup_django

    setup_django()
    migrate()
    result = run_scale(scale, seed, folder, spark_too)
    print(json.dumps(result, ensure_ascii=False, default=str))
    return 0


def render(result: dict) -> str:
    lines = [f"规模基准（种子 {result['seed']}）：{result['machine']['cpus']} 核，Python {result['machine']['python']}，"
             f"DuckDB {result['machine']['duckdb']}，PySpark {result['machine']['pyspark']}，{result['machine']['java']}"]
    for r in result["scales"]:
        d, s, i, p = r["duckdb"], r["spark"], r["incremental"], r["parity"]
        lines += [
            "",
            f"== 规模 {r['scale']:g}：支付 {r['payments']:,} 笔（仓库 {r['warehouse_payments']:,} + 新批次 {len(i['rounds'])} × {i['new_payments']:,}）",
            f"生成 {r['generate']['wall_seconds']:.1f} 秒（{r['generate']['rows_per_second']:,} 行/秒）；"
            f"导入 {r['import']['wall_seconds']:.1f} 秒，{r['import']['rows_per_second']:,} 行/秒，峰值内存 {r['import']['peak_rss_mb_python']:,} MB",
            f"DuckDB 全量：{d['rules']} 条规则 {d['rule_set_seconds']:.1f} 秒（含取证与保存 {d['wall_seconds']:.1f} 秒），"
            f"{d['rows_per_second']:,} 行/秒，发现 {d['findings']:,}，峰值内存 {d['peak_rss_mb_python']:,} MB（上限 {d['memory_limit']}），{d['status']}",
            *([] if s is None else [
                f"Spark 全量（{s['master']}，JVM 启动 {s['jvm_start_seconds']:.1f} 秒）：规则 {s['rule_set_seconds']:.1f} 秒（含取证与保存 "
                f"{s['wall_seconds']:.1f} 秒），{s['rows_per_second']:,} 行/秒，发现 {s['findings']:,}，"
                f"峰值内存 JVM {s.get('peak_rss_mb_jvm', 0):,} MB + Python {s['peak_rss_mb_python']:,} MB，{s['status']}",
                f"两引擎发现：{'一致' if p['identical'] else '不一致'}（DuckDB {p['findings_duckdb']:,}，Spark {p['findings_spark']:,}；"
                f"证据哈希完全相同 {p['identical_evidence_hashes']:,}）" + ("" if p["identical"] else "；" + "；".join(p["differences"][:5]))]),
            f"增量：{len(i['rounds'])} 个新批次各 {i['new_payments']:,} 笔，增量筛查最好 {i['best_wall_seconds']:.2f} 秒、中位数 "
            f"{i['median_wall_seconds']:.2f} 秒（目标 ≤ {i['goal_seconds']:g} 秒：{'达到' if i['meets_goal'] else '未达到'}；各次 "
            + " / ".join(f"{r['wall_seconds']:.2f}" for r in i["rounds"]) + f" 秒，其中规则中位数 {i['median_rule_set_seconds']:.2f} 秒）；"
            f"同一状态下的朴素路径（仅键连接、证据全部回仓库取）最好 {i['plain_best_wall_seconds']:.2f} 秒、中位数 "
            f"{i['plain_median_wall_seconds']:.2f} 秒（各次 " + " / ".join(f"{r['plain_wall_seconds']:.2f}" for r in i["rounds"]) + " 秒）",
            *[f"  新进程中（如命令行 qingfeng import 之后）第 {n} 个批次：增量筛查 {f['wall_seconds']:.2f} 秒（其中规则 "
              f"{f['rule_set_seconds']:.2f} 秒；Django 启动 {f['startup_seconds']:.2f} 秒另计），新的或变化的发现 {f['findings']:,}"
              for n, f in enumerate(i.get("fresh_process", []), start=len(i["rounds"]) + 1)],
            f"  第一批新的或变化的发现 {i['findings']:,}，等于全量运行新增 {i['full_run_adds']:,}：{'是' if i['equal_to_full_run_additions'] else '否'}"
            f"（朴素路径：{'是' if i['plain_equal_to_full_run_additions'] else '否'}）；峰值内存 {i['peak_rss_mb_python']:,} MB",
            f"  按键重算 {', '.join(i['modes']['restricted']) or '无'}；全量 {', '.join(i['modes']['full']) or '无'}；"
            f"跳过 {len(i['modes']['skip'])} 条",
        ]
    return "\n".join(lines)


def _java_version() -> str:
    try:
        text = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30).stderr
        return text.splitlines()[0].strip() if text else "java ?"
    except (OSError, subprocess.TimeoutExpired):
        return "java not found"


def main(args) -> int:
    scales = [float(x) for x in str(getattr(args, "scales", "1,10,30")).split(",") if x.strip()]
    results = []
    for scale in scales:
        child = subprocess.run([sys.executable, "-m", "qingfeng.demo.bench_scale", str(scale), str(args.seed),
                                "nospark" if getattr(args, "no_spark", False) else "spark"],
                               stdout=subprocess.PIPE, text=True)
        if child.returncode != 0:
            print(f"规模 {scale:g} 的基准失败（退出码 {child.returncode}）", file=sys.stderr)
            return child.returncode or 1
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    import duckdb
    import pyspark

    result = {"seed": args.seed, "scales": results, "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "duckdb": duckdb.__version__,
        "pyspark": pyspark.__version__, "java": _java_version(), "platform": platform.platform()}}
    print(json.dumps(result, ensure_ascii=False, indent=2) if getattr(args, "json", False) else render(result))
    largest = results[-1]["incremental"] if results else {}
    ok = all(r["duckdb"]["status"] == "done" and (r["spark"] is None or (r["spark"]["status"] == "done" and r["parity"]["identical"]))
             and r["incremental"]["equal_to_full_run_additions"] and r["incremental"]["plain_equal_to_full_run_additions"]
             for r in results)
    return 0 if ok and largest.get("meets_goal", True) else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["fresh-incremental"]:
        sys.exit(_fresh())
    sys.exit(_child(float(sys.argv[1]), int(sys.argv[2]), sys.argv[3:] != ["nospark"]))
