"""``qingfeng router evaluate | predict | train``: the ticket router from the command line."""

import csv
import json
import sys
from pathlib import Path


def evaluate(args) -> int:
    from . import router

    try:
        result = router.evaluate(Path(args.data) if args.data else None, folds=args.folds, seed=args.seed)
    except FileNotFoundError as exc:
        print(f"没有训练数据：{exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"工单分类器 · {result['folds']} 折分层交叉验证（种子 {result['seed']}）· 留言 {result['messages']} 条"
          f" + 分类目录示例 {result['taxonomy_examples']} 条（只进训练折）")
    print(f"宏平均 F1：{result['macro_f1']:.4f}    准确率：{result['accuracy']:.4f}    目标 ≥ 0.85")
    print(f"{'类别':<12}{'F1':>8}{'查准':>8}{'查全':>8}{'样本':>6}")
    for name, c in result["classes"].items():
        print(f"{name:<12}{c['f1']:>8.3f}{c['precision']:>8.3f}{c['recall']:>8.3f}{c['support']:>6}")
    return 0


def _texts(args) -> list[tuple[str, str]]:
    """(title, text) pairs: from a CSV column (and an optional title column), or one text per line."""
    if args.csv:
        with open(args.csv, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        if rows and args.column not in rows[0]:
            raise SystemExit(f"CSV 中没有列 {args.column!r}；可用：{', '.join(rows[0])}")
        return [(r.get(args.title_column, "") if args.title_column else "", r[args.column]) for r in rows]
    lines = args.text or [line.rstrip("\n") for line in sys.stdin]
    return [("", line) for line in lines if line.strip()]


def predict(args) -> int:
    from . import router

    model = router.load_model(Path(args.data) if args.data else None)
    out = []
    for title, text in _texts(args):
        p = router.propose(title, text, model=model)
        out.append({"text": text[:80], "category": p.category, "category_confidence": p.category_confidence,
                    "department_code": p.department_code or None, "department": p.department_name or None,
                    "confidence": p.confidence, "to_dispatcher": not p.confident, "keywords": list(p.keywords),
                    "source": p.source})
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if model is None:
        print("（没有训练数据：只按职责清单关键词分派）", file=sys.stderr)
    for r in out:
        dest = r["department"] or "—"
        flag = "  → 人工派单" if r["to_dispatcher"] else ""
        print(f"{r['category'] or '—'}（{r['category_confidence']:.2f}）\t{dest}（{r['confidence']:.2f}）{flag}\t{r['text']}")
    return 0


def train(args) -> int:
    from . import router

    model = router.load_model(Path(args.data) if args.data else None)
    print("已生成分类器" if model is not None else "没有训练数据，未生成分类器", file=sys.stderr)
    return 0 if model is not None else 2


def main(args) -> int:
    from qingfeng.cli import migrate

    if args.action in ("predict",):
        migrate()
    return {"evaluate": evaluate, "predict": predict, "train": train}[args.action](args)


def add_parser(sub) -> None:
    s = sub.add_parser("router", help="工单分类与分派（evaluate 交叉验证、predict 预测、train 生成模型）")
    s.add_argument("action", choices=["evaluate", "predict", "train"])
    s.add_argument("text", nargs="*", help="predict：要分派的文本（不给则从标准输入逐行读取）")
    s.add_argument("--csv", help="predict：从 CSV 读取")
    s.add_argument("--column", default="留言详情", help="predict：CSV 中的正文列")
    s.add_argument("--title-column", default="", help="predict：CSV 中的标题列（可选）")
    s.add_argument("--data", help="训练数据目录（默认 ../shared/data/citizen-messages 或 QINGFENG_ROUTER_DATA）")
    s.add_argument("--folds", type=int, default=5)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=main)
