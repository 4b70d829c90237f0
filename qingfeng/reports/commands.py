"""``qingfeng report monthly --month YYYY-MM [--department CODE] --format docx|pdf [--output PATH]``."""

from pathlib import Path


def add_parser(sub) -> None:
    s = sub.add_parser("report", help="报告（廉政月报：Word / PDF）")
    kinds = s.add_subparsers(dest="report_kind", required=True)
    m = kinds.add_parser("monthly", help="月度廉政监督情况报告")
    m.add_argument("--month", required=True, help="月份 YYYY-MM")
    m.add_argument("--department", default="", help="部门编码（含下属单位）；不填为全市")
    m.add_argument("--format", choices=("docx", "pdf"), default="docx")
    m.add_argument("--output", default="", help="输出文件；默认当前目录下按报告标题命名")
    m.set_defaults(func=cmd_monthly)


def cmd_monthly(args) -> int:
    from qingfeng.core.models import Department

    from .documents import render_docx, render_pdf
    from .monthly import build, parse_month

    department = Department.objects.get(code=args.department) if args.department else None
    report = build(parse_month(args.month), department)
    body = render_docx(report) if args.format == "docx" else render_pdf(report)
    path = Path(args.output or f"{report.filename_stem}.{args.format}")
    path.write_bytes(body)
    print(f"{path}\t{len(body)} bytes\t{report.title}")
    return 0
