"""``qingfeng bench approvals``: electronic supervision over a million case events, in one run and one process.

The demo city's approvals domain is planted (power list, AB posts, cases handled here through the actions, the
older system's events with every rule's violations), then about a million clean events of that older system are
generated in files of a quarter million rows and imported through the records importer. One supervision round
then runs as ``qingfeng approvals supervise`` does: the snapshot (events of both sources in one table, every case's
clock rebuilt by the deadline service), the approval rules on DuckDB, alerts and notifications. Beside it, in a
session opened the same way, the floor — one scan of the events, ``SELECT count(*), max(recorded_at)`` — and the
rule set once more, paired in a few rounds: ratio = rule-set time ÷ (rules × floor). Recall is measured on the
planted subjects, which must all be found with no alert on a clean case.

A benchmark, not a test: it prints numbers. Its folder (``var/bench``, or ``QINGFENG_BENCH_DIR``) is emptied on
every run and holds its own SQLite database.
"""

import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ACTOR = "qingfeng bench"
TARGET_EVENTS = 1_000_000
FILE_ROWS = 250_000
ROUNDS = 3


def _rate(rows: int, seconds: float) -> int:
    return round(rows / seconds) if seconds > 0 else 0


def write_events(city, folder: Path, target: int, *, progress: bool = False) -> tuple[list[Path], int, int]:
    """Clean cases of the older system, streamed to Parquet files: (files, events, cases)."""
    from tqdm import tqdm

    from qingfeng.core.models import Department, Person
    from qingfeng.demo.domains import approvals as demo
    from qingfeng.records.warehouse import arrow_schema

    folder.mkdir(parents=True, exist_ok=True)
    schema = arrow_schema("approval_events_external")
    days = demo.Days(date(city.year - 1, 12, 1), date(city.year + 1, 3, 1))
    starts = days.workdays(date(city.year, 1, 6), date(city.year, 10, 31))  # no December work: APR-015 plants stay the only burst
    dept = {code: Department.objects.get(name=spec["dept"]).code for code, spec in demo.ITEMS.items()}
    staff = {}
    for code in demo.CASE_ITEMS:
        people = list(Person.objects.filter(department__code=dept[code]).order_by("staff_no").values_list("staff_no", flat=True))
        staff[code] = (people[-1], people[0])
    book = demo.Events(staff)
    book.n = 10_000_000  # case ids after the demo's own
    files, pending, events, cases = [], 0, 0, 0
    turn: dict[str, int] = {}

    def flush():
        nonlocal pending
        if book.rows:
            path = folder / f"events-{len(files) + 1:03d}.parquet"
            pq.write_table(pa.Table.from_pylist(book.rows, schema=schema), path)
            files.append(path)
            book.rows.clear()
            pending = 0

    with tqdm(total=target, desc="生成办件事件", unit="条", file=sys.stderr, disable=not progress, dynamic_ncols=True) as bar:
        i = 0
        while events < target:
            item = demo.CASE_ITEMS[i % len(demo.CASE_ITEMS)]
            firm = None
            if demo.ITEMS[item]["content"]["intermediaries"]:
                n = turn.get(item, 0)
                turn[item] = n + 1
                # 环评 keeps the planted concentration on one firm; the other items spread over eight firms
                firm = demo.DOMINANT_FIRM if item == "SH-001" and n % 10 < 7 else demo.FIRMS[n % len(demo.FIRMS)]
            before = len(book.rows)
            demo.clean_case(book, days, item, dept[item], starts[(i * 7) % len(starts)], firm, variant=i)
            added = len(book.rows) - before
            events, pending, cases, i = events + added, pending + added, cases + 1, i + 1
            bar.update(added)
            if pending >= FILE_ROWS:
                flush()
    flush()
    return files, events, cases


def run_bench(city, folder: Path, *, target: int = TARGET_EVENTS, progress: bool = False) -> dict:
    """Plant, generate, import and supervise once (Django set up and migrated)."""
    from django.utils import timezone

    from qingfeng.core.actions import seed_calendar
    from qingfeng.demo import actions as demo_actions
    from qingfeng.demo.domains import approvals as demo
    from qingfeng.demo.run import evaluate
    from qingfeng.records.imports import import_file
    from qingfeng.screening.actions import run_screening

    from . import actions, snapshots

    seed_calendar(ACTOR, range(city.year - 1, city.year + 2))
    departments = demo_actions.load_departments(ACTOR, city)
    demo_actions.load_staff(ACTOR, city, departments)
    now = timezone.now()
    started = time.monotonic()
    truth = demo.plant(city, actor=ACTOR, now=now)
    plant_seconds = time.monotonic() - started

    started = time.monotonic()
    files, events, cases = write_events(city, folder / "source", target, progress=progress)
    generate_seconds = time.monotonic() - started
    started = time.monotonic()
    for path in files:
        report = import_file(path, "approval_events_external", actor=ACTOR, progress=progress)
        if report.rejected or report.status != "committed":
            raise RuntimeError(report.summary())
    import_seconds = time.monotonic() - started

    started = time.monotonic()
    registries = actions.registry_snapshot(now)
    snapshot_seconds = time.monotonic() - started
    total_events = registries["approval_events"].num_rows
    total_cases = registries["approval_clocks"].num_rows
    rule_ids = actions.approval_rule_ids()
    started = time.monotonic()
    run = run_screening(ACTOR, rule_ids=rule_ids, registries=registries, on=timezone.localtime(now).date(), progress=progress)
    screening_wall = time.monotonic() - started
    from qingfeng.alerts.actions import raise_alerts

    started = time.monotonic()
    counts = raise_alerts(run, ACTOR, now=now)
    notified = actions.notify_cards(ACTOR, run=run, now=now)
    alerts_seconds = time.monotonic() - started
    per_rule = {rule_id: round(v.get("seconds") or 0.0, 3) for rule_id, v in sorted(run.rules.items())}
    rule_set = sum(per_rule.values())
    rounds = paired_rounds(rule_ids, registries)
    rules = evaluate(run, truth)
    ratios = sorted(r["rule_set_seconds"] / (len(rule_ids) * r["floor_seconds"]) for r in rounds if r["floor_seconds"] > 0)
    floor = sorted(r["floor_seconds"] for r in rounds)[len(rounds) // 2]
    planted = sum(r["planted"] for r in rules)
    from django.conf import settings

    snapshots._memo.clear()
    return {
        "events": total_events,
        "cases": total_cases,
        "generated": {"events": events, "cases": cases, "files": len(files), "seconds": round(generate_seconds, 2),
                      "rows_per_second": _rate(events, generate_seconds)},
        "plant_seconds": round(plant_seconds, 2),
        "import": {"seconds": round(import_seconds, 2), "rows_per_second": _rate(events, import_seconds), "batches": len(files)},
        "snapshot": {"seconds": round(snapshot_seconds, 2), "events_per_second": _rate(total_events, snapshot_seconds),
                     "cases_per_second": _rate(total_cases, snapshot_seconds)},
        "screening": {"rules": len(rule_ids), "rule_set_seconds": round(rule_set, 3), "wall_seconds": round(screening_wall, 2),
                      "rows_per_second": _rate(total_events, rule_set), "status": run.status, "per_rule_seconds": per_rule},
        "alerts": {"seconds": round(alerts_seconds, 2), "counts": counts, "notified": notified},
        "supervision_seconds": round(snapshot_seconds + screening_wall + alerts_seconds, 2),
        "floor_seconds": round(floor, 4),
        "rounds": rounds,
        "ratio": round(ratios[len(ratios) // 2], 2) if ratios else None,
        "recall": round(sum(r["found"] for r in rules) / planted, 4) if planted else None,
        "unplanted_alerts": sum(r["unplanted_alerts"] for r in rules),
        "rules": [{k: r[k] for k in ("id", "planted", "found", "recall", "unplanted_alerts")} for r in rules],
        "machine": {"cpus": os.cpu_count(), "duckdb_threads": settings.QINGFENG["DUCKDB_THREADS"],
                    "duckdb_memory_limit": settings.QINGFENG["DUCKDB_MEMORY_LIMIT"], "python": platform.python_version(),
                    "duckdb": __import__("duckdb").__version__, "platform": platform.platform()},
    }


def paired_rounds(rule_ids: list[str], registries: dict, rounds: int = ROUNDS) -> list[dict]:
    """Each round: the floor (one scan of the events view), then every approval rule's query, in one session."""
    from qingfeng.screening.catalogue import load_catalogue
    from qingfeng.screening.engines import open_session
    from qingfeng.screening.parameters import params_in_force

    catalogue = load_catalogue()
    rules = [(catalogue.rules[r], params_in_force(catalogue.rules[r])) for r in rule_ids]
    out = []
    with open_session("duckdb", registries=registries) as session:
        for _ in range(rounds):
            floor = session.execute("SELECT count(*), max(recorded_at) FROM approval_events").seconds
            rule_set = sum(session.execute(rule.sql, params).seconds for rule, params in rules)
            out.append({"floor_seconds": round(floor, 4), "rule_set_seconds": round(rule_set, 3)})
    return out


def render(r: dict) -> str:
    s = r["screening"]
    return "\n".join([
        f"电子监察基准：办件事件 {r['events']:,} 条，办件 {r['cases']:,} 件（其中生成 {r['generated']['events']:,} 条、"
        f"{r['generated']['cases']:,} 件，{r['generated']['files']} 个 Parquet 文件）",
        f"生成：{r['generated']['seconds']:.1f} 秒；埋设（演示领域，含本平台办件动作）：{r['plant_seconds']:.1f} 秒",
        f"导入：{r['import']['seconds']:.1f} 秒，{r['import']['rows_per_second']:,} 行/秒（{r['import']['batches']} 个批次）",
        f"快照（两个来源合并、逐件重建时钟）：{r['snapshot']['seconds']:.1f} 秒，{r['snapshot']['cases_per_second']:,} 件/秒",
        f"筛查：{s['rules']} 条规则共 {s['rule_set_seconds']:.2f} 秒（含取证与保存 {s['wall_seconds']:.1f} 秒），"
        f"{s['rows_per_second']:,} 事件/秒；状态 {s['status']}",
        f"预警与通知：{r['alerts']['seconds']:.1f} 秒；一轮电子监察合计 {r['supervision_seconds']:.1f} 秒",
        f"基线：一次扫描 SELECT count(*), max(recorded_at) FROM approval_events = {r['floor_seconds']:.4f} 秒；"
        f"比值 规则集 ÷（规则数 × 基线）= {r['ratio']}（{len(r['rounds'])} 轮配对中位数）",
        f"埋设召回率 {(r['recall'] or 0) * 100:.1f}%，非埋设预警 {r['unplanted_alerts']}",
        "各规则用时（秒）：" + " · ".join(f"{k} {v:.2f}" for k, v in s["per_rule_seconds"].items()),
        f"机器：{r['machine']['cpus']} 核，DuckDB {r['machine']['duckdb']} 线程 {r['machine']['duckdb_threads']}，"
        f"Python {r['machine']['python']}",
    ])


def main(args) -> int:
    from qingfeng.demo.bench import _fresh_dir, bench_dir
    from qingfeng.demo.city import City

    as_json = bool(getattr(args, "json", False))
    path = bench_dir()
    _fresh_dir(path)
    os.environ["QINGFENG_DATA_DIR"] = str(path)
    os.environ["QINGFENG_DATABASE_URL"] = f"sqlite:///{path / 'qingfeng.sqlite3'}"
    from qingfeng.cli import migrate, setup_django

    setup_django()
    migrate()
    target = int(TARGET_EVENTS * float(getattr(args, "scale", 1.0) or 1.0))
    result = run_bench(City(seed=args.seed, scale=0.02), path, target=target, progress=True)
    print(json.dumps(result, ensure_ascii=False, indent=2) if as_json else render(result))
    return 0 if result["screening"]["status"] == "done" and result["recall"] == 1.0 and result["unplanted_alerts"] == 0 else 1
