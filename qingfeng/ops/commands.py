"""``qingfeng backup``, ``qingfeng restore`` and ``qingfeng logs``: registered on the main parser by cli.py."""

import json
import sys
from pathlib import Path


def _print(data: dict, as_json: bool, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text)


def cmd_backup(args) -> int:
    from qingfeng.cli import migrate

    from . import backup

    if args.action == "verify":
        check = backup.verify(Path(args.path))
        _print({"ok": check.ok, "files": check.files, "ledger_events": check.ledger_events, "problems": check.problems}, args.json,
               f"备份完整：{check.files} 个文件，台账副本 {check.ledger_events} 个事件" if check.ok else
               "备份校验失败：\n" + "\n".join(f"  - {p}" for p in check.problems))
        return 0 if check.ok else 1
    migrate()
    folder = backup.create(Path(args.path) if args.path else None)
    check = backup.verify(folder)
    _print({"folder": str(folder), "ok": check.ok, "files": check.files, "ledger_events": check.ledger_events, "problems": check.problems},
           args.json, f"备份已写入 {folder}（{check.files} 个文件，校验{'通过' if check.ok else '失败'}）")
    return 0 if check.ok else 1


def cmd_restore(args) -> int:
    from qingfeng.cli import migrate

    from . import backup

    try:
        result = backup.restore(Path(args.path), force=args.force)
    except RuntimeError as exc:
        print(f"恢复失败：{exc}", file=sys.stderr)
        return 2
    migrate()  # the code may be newer than the backup
    _print(result, args.json, f"已从 {result['restored_from']} 恢复；台账校验{'通过' if result['ledger_ok'] else '失败'}"
           f"（{result['ledger_checked']} 个事件，链头 #{result['ledger_head']['seq']}）")
    return 0 if result["ledger_ok"] and result["ledger_head"] == result["expected_head"] else 1


def cmd_logs(args) -> int:
    from qingfeng.cli import migrate
    from qingfeng.security import archive, records

    migrate()
    if args.action == "archive":
        result = archive.archive_login_records(args.actor, older_than_days=args.days)
        _print(result, args.json, f"已归档 {result['archived']} 条登录日志（在线保留 {result['older_than_days']} 天）"
               + (f"：{result['file']}" if result.get("file") else ""))
        return 0
    check = records.verify()
    _print({"ok": check.ok, "checked": check.checked, "problems": check.problems}, args.json,
           f"登录日志链完整：已校验 {check.checked} 条" if check.ok else "登录日志校验失败：\n" + "\n".join(check.problems))
    return 0 if check.ok else 1


def add_subcommands(sub) -> None:
    s = sub.add_parser("backup", help="备份数据库、数据仓库、附件、归档与台账（带哈希清单）；verify 校验备份")
    s.add_argument("action", nargs="?", choices=["create", "verify"], default="create")
    s.add_argument("path", nargs="?", help="create：备份目录的上级（默认 数据目录/backups）；verify：备份目录")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="校验后从备份恢复（目标库非空时须 --force）")
    s.add_argument("path")
    s.add_argument("--force", action="store_true")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("logs", help="登录日志：archive 归档超过保留期的记录；verify 校验日志链")
    s.add_argument("action", choices=["archive", "verify"])
    s.add_argument("--days", type=int, default=None, help="在线保留天数（默认取安全策略，不少于 180）")
    s.add_argument("--actor", default="scheduler")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_logs)
