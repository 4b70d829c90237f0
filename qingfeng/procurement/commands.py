"""``qingfeng import-ocds FILE…``: OCDS packages or releases → compiled processes → the procurement datasets,
with a report that accounts for every release and every field the mapping reads."""

import json
import sys


def cmd_import_ocds(args) -> int:
    from qingfeng.cli import _screen_new_batch, migrate

    migrate()
    from qingfeng.records.imports import ImportError_

    from .ocds import OcdsError, import_ocds

    try:
        report = import_ocds(args.paths, actor=args.actor, encoding=args.encoding)
    except (OcdsError, ImportError_, OSError) as exc:
        print(f"导入失败：{exc}", file=sys.stderr)
        return 2
    new = any(i["status"] == "committed" for i in report.imports.values())
    screened = _screen_new_batch(args) if new and not args.no_screen else None
    if args.json:
        out = report.as_dict()
        for rep in out["imports"].values():
            rep.pop("rejection_lines", None)
        print(json.dumps({**out, **({"screening": screened} if screened else {})}, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n".join(report.summary_lines()))
        if screened:
            print(screened["summary"])
    return 0 if report.rejected == 0 and not report.skipped else 1


def add_parser(sub) -> None:
    s = sub.add_parser("import-ocds", help="导入 OCDS 发布包、记录包或发布（编译为每个 ocid 一个项目）")
    s.add_argument("paths", nargs="+", help="JSON 文件（可多个；一个文件可含多个连写的 JSON 或 JSON Lines）")
    s.add_argument("--encoding", default=None, help="文件编码（默认依次尝试 UTF-8、UTF-16、GB18030、ISO-8859-1）")
    s.add_argument("--actor", default="cli")
    s.add_argument("--json", action="store_true")
    s.add_argument("--no-screen", action="store_true", help="导入后不做增量筛查")
    s.set_defaults(func=cmd_import_ocds)
