"""``qingfeng disclosure annual-report --year Y [--out file.xlsx] [--json]``: the annual report's table 三 for
the city (第四十九条: published by 31 January), for a scheduled job or the office preparing the report."""

import json
import sys
from pathlib import Path


def cmd_disclosure(args) -> int:
    from qingfeng.cli import migrate

    migrate()
    from django.utils import timezone

    from . import annual_report
    from .open_views import report_xlsx_response

    year = args.year or timezone.localdate().year - 1
    table = annual_report.table(year)
    if args.out:
        Path(args.out).write_bytes(report_xlsx_response(year, table, "全市").content)
    rows = {r["key"]: r["total"] for r in table["results"]}
    summary = {"year": year, "new": table["new"]["total"], "carried": table["carried"]["total"],
               "answered": table["total"]["total"], "carry_on": table["carry_on"]["total"], "results": rows,
               "decisions": {d["type"]: d["count"] for d in annual_report.decisions(year)}}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{year} 年：新收 {summary['new']} 件，上年结转 {summary['carried']} 件，办结 {summary['answered']} 件，"
              f"结转下年 {summary['carry_on']} 件" + (f"；已写入 {args.out}" if args.out else ""), file=sys.stdout)
    return 0


def add_parser(sub) -> None:
    s = sub.add_parser("disclosure", help="政务公开：生成政府信息公开工作年度报告（annual-report）")
    s.add_argument("action", choices=["annual-report"])
    s.add_argument("--year", type=int, help="年度（默认上一年）")
    s.add_argument("--out", help="写出 Excel 文件")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_disclosure)
