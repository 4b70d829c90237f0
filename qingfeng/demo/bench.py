"""``qingfeng bench screening --scale N``: N times the demo city's payments, imported and screened, against the floor.

All in one run and one process: the city is generated unit by unit and streamed to Parquet files of about
a million rows (memory stays bounded), each file is imported as one batch through the records importer,
the full rule set runs through ``run_screening``, and then, in a session opened the same way over the
same warehouse files, a few paired rounds each time the floor — one scan of the payments view,
``SELECT count(*), sum(amount)`` — and the rule set's queries once more. The figure of merit is rule-set
time ÷ (number of rules × floor), the median over the rounds; the goal is ≤ 5.

A benchmark, not a test: it prints numbers. It owns a throw-away folder (``var/bench`` under the
repository, or ``QINGFENG_BENCH_DIR``) with its own SQLite database, emptied on every run.
"""

import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .city import RULES, City

ACTOR = "qingfeng bench"
MARKER = ".qingfeng-bench"
FILE_ROWS = 1_000_000  # payments per Parquet file, and so per import batch
ROUNDS = 3  # paired (floor, rule set) rounds: a shared machine's noise hits both sides of each ratio alike
RATIO_GOAL = 5.0  # rule-set time ≤ 5 × (rules × one scan): the goal for 10 M payments on two cores


def bench_dir() -> Path:
    env = os.environ.get("QINGFENG_BENCH_DIR")
    return Path(env).resolve() if env else Path(__file__).resolve().parents[2] / "var" / "bench"


def _fresh_dir(path: Path) -> None:
    if path.exists():
        if any(path.iterdir()) and not (path / MARKER).exists():
            raise SystemExit(f"{path} 不是基准测试目录（缺少 {MARKER} 标记文件），为安全起见不清空它。")
        shutil.rmtree(path)
    path.mkdir(parents=True)
    (path / MARKER).write_text("qingfeng bench data: emptied and rebuilt by every `qingfeng bench` run\n")


def write_city(city: City, folder: Path, *, progress: bool = False) -> dict:
    """Stream the city to Parquet: payments in files of about FILE_ROWS rows, budgets and accounts in one each."""
    from tqdm import tqdm

    folder.mkdir(parents=True, exist_ok=True)
    files, pending, pending_rows, rows = [], [], 0, 0
    truth: dict[str, set[str]] = {r: set() for r in RULES}
    budgets = pq.ParquetWriter(folder / "budgets.parquet", city.budget_schema())

    def flush():
        nonlocal pending, pending_rows
        if pending:
            path = folder / f"payments-{len(files) + 1:03d}.parquet"
            pq.write_table(pa.concat_tables(pending), path, row_group_size=256_000)
            files.append(path)
            pending, pending_rows = [], 0

    for batch in tqdm(city.department_batches(), total=len(city.payers), desc="生成支付数据", unit="个单位",
                      file=sys.stderr, disable=not progress, dynamic_ncols=True):
        pending.append(batch.payments)
        pending_rows += batch.payments.num_rows
        rows += batch.payments.num_rows
        budgets.write_table(batch.budgets)
        for rule, keys in batch.truth.items():
            truth[rule] |= keys
        if pending_rows >= FILE_ROWS:
            flush()
    flush()
    budgets.close()
    pq.write_table(city.accounts, folder / "accounts.parquet")
    return {"payment_files": files, "payments": rows, "budgets": folder / "budgets.parquet",
            "accounts": folder / "accounts.parquet", "truth": {r: sorted(k) for r, k in truth.items()}}


def _rate(rows: int, seconds: float) -> int:
    return round(rows / seconds) if seconds > 0 else 0


def run_bench(city: City, folder: Path, *, progress: bool = False) -> dict:
    """Generate, import, screen and measure the floor (Django set up and migrated)."""
    from qingfeng.core.actions import seed_calendar
    from qingfeng.core.models import CalendarDay
    from qingfeng.records.imports import import_file
    from qingfeng.screening.actions import run_screening

    from . import actions
    from .run import evaluate

    started = time.monotonic()
    written = write_city(city, folder / "source", progress=progress)
    generate_seconds = time.monotonic() - started

    if CalendarDay.objects.filter(date__year=city.year).count() < 365:
        seed_calendar(ACTOR, range(city.year - 1, city.year + 2))
    actions.load_departments(ACTOR, city)

    started = time.monotonic()
    import_file(written["accounts"], "accounts", actor=ACTOR)
    import_file(written["budgets"], "budgets", actor=ACTOR)
    for path in written["payment_files"]:
        report = import_file(path, "payments", actor=ACTOR, progress=progress)
        if report.rejected or report.status != "committed":
            raise RuntimeError(report.summary())
    import_seconds = time.monotonic() - started

    # The generated city holds payments, budgets and accounts only, so the rule set measured is the rules it
    # plants (other finance rules, FIN-015 on, read datasets the bench does not generate).
    finance = sorted(RULES)
    started = time.monotonic()
    run = run_screening(ACTOR, rule_ids=finance, progress=progress)
    screening_wall = time.monotonic() - started
    rule_seconds = {rule_id: round(v.get("seconds") or 0.0, 3) for rule_id, v in sorted(run.rules.items())}
    rule_set = sum(rule_seconds.values())
    rounds = paired_rounds([rule_id for rule_id, v in run.rules.items() if not v.get("error")])
    rules = evaluate(run, written["truth"])
    n_rules = len(rule_seconds)
    payments = written["payments"]
    ratios = sorted(r["rule_set_seconds"] / (n_rules * r["floor_seconds"]) for r in rounds if r["floor_seconds"] > 0)
    ratio = ratios[len(ratios) // 2] if ratios else None
    floor = sorted(r["floor_seconds"] for r in rounds)[len(rounds) // 2]
    planted = sum(r["planted"] for r in rules)
    from django.conf import settings

    return {
        "scale": city.scale,
        "seed": city.seed,
        "payments": payments,
        "payment_files": len(written["payment_files"]),
        "generate": {"seconds": round(generate_seconds, 2), "rows_per_second": _rate(payments, generate_seconds)},
        "import": {"seconds": round(import_seconds, 2), "rows_per_second": _rate(payments, import_seconds),
                   "batches": len(written["payment_files"]) + 2},
        "screening": {"rules": n_rules, "rule_set_seconds": round(rule_set, 3), "wall_seconds": round(screening_wall, 2),
                      "rows_per_second": _rate(payments, rule_set), "status": run.status, "per_rule_seconds": rule_seconds},
        "floor_seconds": round(floor, 4),
        "rounds": rounds,
        "ratio": round(ratio, 2) if ratio is not None else None,
        "first_pass_ratio": round(rule_set / (n_rules * floor), 2) if floor > 0 and n_rules else None,
        "goal": RATIO_GOAL,
        "meets_goal": ratio is not None and ratio <= RATIO_GOAL,
        "recall": round(sum(r["found"] for r in rules) / planted, 4) if planted else None,
        "unplanted_alerts": sum(r["unplanted_alerts"] for r in rules),
        "machine": {
            "cpus": os.cpu_count(),
            "duckdb_threads": settings.QINGFENG["DUCKDB_THREADS"],
            "duckdb_memory_limit": settings.QINGFENG["DUCKDB_MEMORY_LIMIT"],
            "python": platform.python_version(),
            "duckdb": __import__("duckdb").__version__,
            "platform": platform.platform(),
        },
    }


def paired_rounds(rule_ids: list[str], rounds: int = ROUNDS) -> list[dict]:
    """Each round: the floor scan, then every rule's query, in one session over the warehouse."""
    from qingfeng.screening.catalogue import load_catalogue
    from qingfeng.screening.engines import open_session
    from qingfeng.screening.parameters import params_in_force

    catalogue = load_catalogue()
    rules = [(catalogue.rules[r], params_in_force(catalogue.rules[r])) for r in sorted(rule_ids) if r in catalogue.rules]
    out = []
    with open_session("duckdb") as session:
        for _ in range(rounds):
            floor = session.scan_floor_seconds(repeat=1)
            rule_set = sum(session.execute(rule.sql, params).seconds for rule, params in rules)
            out.append({"floor_seconds": round(floor, 4), "rule_set_seconds": round(rule_set, 3)})
    return out


def render(result: dict) -> str:
    s = result["screening"]
    lines = [
        f"筛查基准 · 规模 {result['scale']:g}（种子 {result['seed']}）：支付 {result['payments']:,} 笔，"
        f"{result['payment_files']} 个 Parquet 文件",
        f"生成：{result['generate']['seconds']:.1f} 秒，{result['generate']['rows_per_second']:,} 行/秒",
        f"导入：{result['import']['seconds']:.1f} 秒，{result['import']['rows_per_second']:,} 行/秒（{result['import']['batches']} 个批次）",
        f"筛查：{s['rules']} 条规则共 {s['rule_set_seconds']:.2f} 秒（含取证与保存 {s['wall_seconds']:.1f} 秒），"
        f"{s['rows_per_second']:,} 行/秒；状态 {s['status']}",
        f"基线：一次扫描 SELECT count(*), sum(amount) FROM payments = {result['floor_seconds']:.4f} 秒（{len(result['rounds'])} 轮中位数）",
        f"比值：规则集用时 ÷（规则数 × 基线）= {result['ratio']}，{len(result['rounds'])} 轮配对测量的中位数"
        f"（目标 ≤ {result['goal']:g}：{'达到' if result['meets_goal'] else '未达到'}；首轮 {result['first_pass_ratio']}）",
        "各轮：" + " · ".join(f"基线 {r['floor_seconds']:.4f} 秒 / 规则集 {r['rule_set_seconds']:.2f} 秒" for r in result["rounds"]),
        f"埋设召回率 {result['recall'] * 100 if result['recall'] is not None else 0:.1f}%，非埋设预警 {result['unplanted_alerts']}",
        "各规则用时（秒）：" + " · ".join(f"{k} {v:.2f}" for k, v in s["per_rule_seconds"].items()),
        f"机器：{result['machine']['cpus']} 核，DuckDB {result['machine']['duckdb']} 线程 {result['machine']['duckdb_threads']}，"
        f"内存上限 {result['machine']['duckdb_memory_limit']}，Python {result['machine']['python']}",
    ]
    return "\n".join(lines)


def main(args) -> int:
    as_json = bool(getattr(args, "json", False))
    path = bench_dir()
    _fresh_dir(path)
    os.environ["QINGFENG_DATA_DIR"] = str(path)
    os.environ["QINGFENG_DATABASE_URL"] = f"sqlite:///{path / 'qingfeng.sqlite3'}"
    from qingfeng.cli import migrate, setup_django

    setup_django()
    migrate()
    result = run_bench(City(seed=args.seed, scale=args.scale), path, progress=True)
    print(json.dumps(result, ensure_ascii=False, indent=2) if as_json else render(result))
    return 0 if result["screening"]["status"] == "done" else 1
