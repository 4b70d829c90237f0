"""``qingfeng approvals supervise | score``: the daily round of electronic supervision and the monthly scores, for
the scheduler (a string actor: trusted code)."""

import json


def cmd_approvals(args) -> int:
    from qingfeng.cli import migrate

    migrate()
    from django.utils import timezone

    from . import actions

    if args.action == "supervise":
        summary = actions.supervise(args.actor, progress=not args.json)
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        return 0 if summary["status"] == "done" else 1
    if args.action == "score":
        today = timezone.localdate()
        year, month = args.year or today.year, args.month or today.month
        rows = actions.score_month(args.actor, year=year, month=month)
        out = {"month": f"{year}-{month:02d}", "scores": {r.department.code: str(r.total) for r in rows}}
        print(json.dumps(out, ensure_ascii=False, indent=2) if args.json else
              "\n".join(f"{r.department.name}\t{r.total}" for r in rows) or "没有实施审批事项的部门")
        return 0
    return 2


def add_parser(sub) -> None:
    s = sub.add_parser("approvals", help="行政审批电子监察（定时任务：每日监察、月度测评）")
    s.add_argument("action", choices=["supervise", "score"])
    s.add_argument("--year", type=int, default=None, help="score：年份（默认本年）")
    s.add_argument("--month", type=int, default=None, help="score：月份（默认本月）")
    s.add_argument("--actor", default="scheduler")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_approvals)
