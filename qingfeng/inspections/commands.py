"""``qingfeng inspections verify-draw``: re-run a random draw from its published inputs and seed and check
the seed against the commitment published before the draw. ``--file`` needs no database: it reads the JSON
the portal publishes, so anyone can check a draw."""

import json
import sys
from pathlib import Path


def cmd_inspections(args) -> int:
    if args.file:
        from .draw import verify

        published = json.loads(Path(args.file).read_text(encoding="utf-8"))
        number, problems = published.get("number", args.file), verify(published)
    else:
        if not args.number:
            print("请给出抽取批次编号或 --file 公布的 JSON 文件", file=sys.stderr)
            return 2
        from qingfeng.cli import migrate

        migrate()
        from .actions import verify_draw
        from .models import Draw

        draw = Draw.objects.filter(number=args.number).first()
        if draw is None:
            print(f"没有抽取批次 {args.number}", file=sys.stderr)
            return 2
        number, problems = draw.number, verify_draw(draw)
    if args.json:
        print(json.dumps({"draw": number, "ok": not problems, "problems": problems}, ensure_ascii=False))
    else:
        print(f"{number}：" + ("复核一致——种子与事先公布的承诺值相符，重新抽取结果与公布结果相同。" if not problems
                               else "复核不通过：" + "；".join(problems)))
    return 0 if not problems else 1


def add_parser(sub) -> None:
    s = sub.add_parser("inspections", help="双随机抽查：复核抽取（verify-draw）")
    s.add_argument("action", choices=["verify-draw"])
    s.add_argument("number", nargs="?", help="抽取批次编号（从数据库复核）")
    s.add_argument("--file", help="门户公布的抽取批次 JSON（无需数据库）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_inspections)
