"""The ``qingfeng`` command. Each subcommand calls the same actions the web pages call."""

import argparse
import json
import os
import sys


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.config.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=verbosity, interactive=False)


def cmd_init(args) -> int:
    migrate(1)
    from qingfeng.core.actions import seed_calendar
    from qingfeng.core.models import CalendarDay

    if not CalendarDay.objects.exists():
        print(f"工作日历：写入 {seed_calendar('qingfeng init')} 天")
    return 0


def cmd_import(args) -> int:
    migrate()
    from qingfeng.records.imports import ImportError_, import_file

    try:
        report = import_file(args.path, args.dataset, actor=args.actor, progress=not args.json)
    except ImportError_ as exc:
        print(f"导入失败：{exc}", file=sys.stderr)
        return 2
    # A registry file (roster, declarations, business registry) has no batch for incremental screening.
    screened = _screen_new_batch(args) if report.status == "committed" and report.batch_id and not args.no_screen else None
    if args.json:
        print(json.dumps({**report.as_dict(), **({"screening": screened} if screened else {})}, ensure_ascii=False, indent=2))
    else:
        print(report.summary())
        for line in report.rejection_lines(limit=args.show_rejected):
            print("  " + line)
        if screened:
            print(screened["summary"])
    return 0 if report.rejected == 0 else 1


def _screen_new_batch(args) -> dict:
    """Incremental screening of what the new batch can change, then alerts (the import stands either way)."""
    from qingfeng.alerts.actions import raise_alerts
    from qingfeng.screening.actions import screen_incremental

    try:
        run = screen_incremental(args.actor)
        counts = raise_alerts(run, actor=args.actor)
    except Exception as exc:  # the batch is committed; screening can be rerun with `qingfeng screen --incremental`
        print(f"增量筛查未完成：{exc}（可运行 qingfeng screen --incremental 重试）", file=sys.stderr)
        return {"status": "failed", "error": str(exc), "summary": f"增量筛查未完成：{exc}"}
    kept = sum(v.get("hits", 0) for v in run.rules.values())
    return {"run": run.pk, "status": run.status, "findings": kept, "alerts": counts,
            "summary": f"增量筛查：运行 {run.pk}，新的或证据变化的发现 {kept} 条；新预警 {counts.get('new', 0)} 条，"
                       f"重新打开 {counts.get('reopened', 0)} 条"}


def cmd_screen(args) -> int:
    migrate()
    from qingfeng.alerts.actions import raise_alerts
    from qingfeng.screening.actions import run_screening

    if args.incremental:
        from qingfeng.screening.actions import screen_incremental

        run = screen_incremental(args.actor, engine=args.engine, master=args.master, rule_ids=args.rule or None,
                                 progress=not args.json)
    else:
        run = run_screening(args.actor, engine=args.engine, master=args.master, rule_ids=args.rule or None,
                            progress=not args.json)
    counts = raise_alerts(run, actor=args.actor)
    out = {"run": run.pk, "engine": run.engine, "mode": run.mode, "status": run.status,
           "rules": {k: v.get("hits") for k, v in run.rules.items()}, "alerts": counts}
    if run.error:
        out["error"] = run.error
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if run.status == "done" else 1


def cmd_serve(args) -> int:
    migrate()
    from django.core.management import call_command

    print(f"清风已启动：http://{args.host}:{args.port}/   （公众门户：/portal/）")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True)
    return 0


def cmd_ledger(args) -> int:
    migrate()
    from qingfeng.core import ledger

    if args.action == "verify":
        result = ledger.verify()
        if args.json:
            print(json.dumps({"ok": result.ok, "checked": result.checked, "head_seq": result.head_seq,
                              "head_hash": result.head_hash,
                              "problems": [p.__dict__ for p in result.problems]}, ensure_ascii=False, indent=2))
        elif result.ok:
            print(f"台账完整：已校验 {result.checked} 个事件，链头 #{result.head_seq} {result.head_hash}")
        else:
            print(f"台账校验失败：{len(result.problems)} 处问题（已校验 {result.checked} 个事件）", file=sys.stderr)
            for p in result.problems:
                print(f"  - {p.message}", file=sys.stderr)
        return 0 if result.ok else 1
    return 2


def cmd_alerts(args) -> int:
    migrate()
    from qingfeng.alerts.actions import escalate_overdue

    if args.action == "escalate":
        n = escalate_overdue(args.actor)
        print(json.dumps({"escalated": n}) if args.json else f"已升级督办 {n} 条逾期预警")
        return 0
    return 2


def cmd_demo(args) -> int:
    from qingfeng.demo.run import main

    return main(args)


def cmd_bench(args) -> int:
    if args.what == "scale":
        from qingfeng.demo.bench_scale import main as scale

        return scale(args)
    if args.what == "approvals":
        from qingfeng.approvals.bench import main as approvals

        return approvals(args)
    if args.what == "matching":
        from qingfeng.people.bench import main as matching

        return matching(args)
    if args.what == "procurement":
        from qingfeng.procurement.bench import main as procurement

        return procurement(args)
    if args.what == "intake":
        from qingfeng.tickets.bench import main as intake

        return intake(args)
    if args.seconds is None:
        args.seconds = 180
    if args.what == "soak":
        from qingfeng.ops.soak import main as soak

        return soak(args)
    from qingfeng.demo.bench import main

    return main(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qingfeng", description="清风 廉政监督平台")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("init", help="建库并写入工作日历")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("demo", help="生成演示城市、导入、筛查并启动服务")
    s.add_argument("--no-serve", action="store_true", help="不启动网页服务")
    s.add_argument("--json", action="store_true", help="以 JSON 输出摘要")
    s.add_argument("--scale", type=float, default=1.0, help="演示城市规模倍数")
    s.add_argument("--seed", type=int, default=20261127)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("import", help="导入数据文件（CSV / XLSX / Parquet）")
    s.add_argument("dataset", help="数据集：budgets、payments、accounts、payroll……；人员登记表：roster、declarations、business_registry")
    s.add_argument("path")
    s.add_argument("--actor", default="cli")
    s.add_argument("--json", action="store_true")
    s.add_argument("--show-rejected", type=int, default=50, help="最多显示多少条拒收行")
    s.add_argument("--no-screen", action="store_true", help="导入后不做增量筛查")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("screen", help="运行筛查规则并生成预警")
    s.add_argument("--engine", default="duckdb", choices=["duckdb", "spark"], help="筛查引擎（默认 duckdb）")
    s.add_argument("--master", default=None, help="Spark 的位置：local[2]（默认）、spark://主机:7077、sc://主机:15002")
    s.add_argument("--incremental", action="store_true", help="只筛查上次运行以来新导入批次可能改变的对象")
    s.add_argument("--rule", action="append", help="只运行这些规则（可重复）")
    s.add_argument("--actor", default="cli")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_screen)

    s = sub.add_parser("serve", help="启动网页服务")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("ledger", help="台账")
    s.add_argument("action", choices=["verify"])
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_ledger)

    s = sub.add_parser("alerts", help="预警（定时任务：逾期升级）")
    s.add_argument("action", choices=["escalate"])
    s.add_argument("--actor", default="scheduler")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_alerts)

    s = sub.add_parser("bench", help="基准测试（打印数字，不是测试）")
    s.add_argument("what", choices=["screening", "soak", "intake", "matching", "approvals", "scale", "procurement"])
    s.add_argument("--scales", default="1,10,30", help="scale：各城市规模，逗号分隔（默认 1,10,30）")
    s.add_argument("--no-spark", action="store_true", help="scale：不跑 Spark 全量（只测导入、DuckDB 与增量）")
    s.add_argument("--seconds", type=float, default=None, help="soak：持续时间（秒，默认 180）；intake：默认 60")
    s.add_argument("--count", type=int, default=100000, help="intake：最多提交多少件")
    s.add_argument("--clients", type=int, default=16, help="soak：并发客户端数")
    s.add_argument("--scale", type=float, default=1.0)
    s.add_argument("--json", action="store_true")
    s.add_argument("--seed", type=int, default=20261127)
    s.add_argument("--releases", type=int, default=100000, help="procurement：生成多少个已编译发布（JSONL）")
    s.set_defaults(func=cmd_bench)

    from qingfeng.tickets.commands import add_parser as add_router

    add_router(sub)  # router evaluate | predict | train

    from qingfeng.ops.commands import add_subcommands

    add_subcommands(sub)  # backup, restore, logs

    from qingfeng.approvals.commands import add_parser as add_approvals

    add_approvals(sub)  # approvals supervise | score

    from qingfeng.reports.commands import add_parser as add_reports

    add_reports(sub)  # report monthly

    from qingfeng.procurement.commands import add_parser as add_ocds

    add_ocds(sub)  # import-ocds

    from qingfeng.inspections.commands import add_parser as add_inspections

    add_inspections(sub)  # inspections verify-draw

    from qingfeng.disclosure.commands import add_parser as add_disclosure

    add_disclosure(sub)  # disclosure annual-report
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.command not in ("demo", "bench"):
        setup_django()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
