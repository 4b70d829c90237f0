"""Monthly department scores from a template (scoring_templates/*.yaml; the municipal one of §1.4 is the
default): each part starts at its weight and loses points for the cards of its rules — every 3 prompts
−3, each yellow card −5, each red card −10, never below 0 — plus a bonus for early completion, times the
template's coefficient. Half-year and annual scores are the averages of the monthly ones.

Pure functions over counts; actions.score_month gathers the counts and stores the result.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

TEMPLATES = Path(__file__).resolve().parent / "scoring_templates"
TWO = Decimal("0.01")


def shipped_template(code: str = "municipal") -> dict:
    return yaml.safe_load((TEMPLATES / f"{code}.yaml").read_text(encoding="utf-8"))


def check_template(config: dict) -> list[str]:
    problems = []
    parts = config.get("parts") or []
    if not parts:
        problems.append("模板至少需要一个部分")
    total = sum(Decimal(str(p.get("weight", 0))) for p in parts)
    if total != Decimal(str(config.get("base", 100))):
        problems.append(f"各部分权重合计 {total}，应等于基础分 {config.get('base', 100)}")
    codes = [p.get("code") for p in parts]
    if len(set(codes)) != len(codes):
        problems.append("部分编码重复")
    if config.get("default_part") not in codes:
        problems.append("default_part 应为某个部分的编码")
    rules = [r for p in parts for r in p.get("rules") or []]
    if len(set(rules)) != len(rules):
        problems.append("同一规则不能属于两个部分")
    return problems


@dataclass
class Counts:
    """Cards of one department in one month, per rule and severity; completed and early cases."""

    cards: dict = field(default_factory=dict)  # (rule_id, severity) → n
    completed: int = 0
    early: int = 0


def score(config: dict, counts: Counts) -> dict:
    parts = config["parts"]
    part_of = {rule: p["code"] for p in parts for rule in p.get("rules") or []}
    ded = config["deductions"]
    per_part: dict[str, dict] = {p["code"]: {"blue": 0, "yellow": 0, "red": 0} for p in parts}
    for (rule_id, severity), n in counts.cards.items():
        part = part_of.get(rule_id, config["default_part"])
        if severity in per_part[part]:
            per_part[part][severity] += n
    lines = []
    for p in parts:
        c = per_part[p["code"]]
        deducted = (Decimal(c["blue"] // int(ded["blue_every"]) * int(ded["blue_points"]))
                    + Decimal(c["yellow"]) * Decimal(str(ded["yellow"])) + Decimal(c["red"]) * Decimal(str(ded["red"])))
        weight = Decimal(str(p["weight"]))
        lines.append({"code": p["code"], "zh": p["zh"], "weight": str(weight), "signals": c,
                      "deducted": str(min(deducted, weight)), "score": str(max(weight - deducted, Decimal(0)))})
    bonus_cfg = config.get("bonus") or {}
    share = Decimal(counts.early) / Decimal(counts.completed) if counts.completed else Decimal(0)
    step = Decimal(str(bonus_cfg.get("early_share_step", "0.1")))
    steps = int(share / step) if step > 0 else 0
    bonus = min(Decimal(steps * int(bonus_cfg.get("points_per_step", 1))), Decimal(str(bonus_cfg.get("cap", 10))))
    subtotal = sum(Decimal(line["score"]) for line in lines) + bonus
    total = (subtotal * Decimal(str(config.get("coefficient", 1)))).quantize(TWO, ROUND_HALF_UP)
    return {"parts": lines, "bonus": str(bonus), "early_share": str(share.quantize(Decimal("0.0001"))),
            "completed": counts.completed, "early": counts.early, "total": str(total)}


def average(totals: list[Decimal]) -> Decimal | None:
    if not totals:
        return None
    return (sum(totals) / Decimal(len(totals))).quantize(TWO, ROUND_HALF_UP)
