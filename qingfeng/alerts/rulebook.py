"""What the alert life cycle needs to know about a rule: title, severity, domain, legal basis and answer
deadline. Read through ``qingfeng.screening.catalogue``; a rule id the catalogue does not know still gets
an alert, with the default severity and deadline.
"""

from dataclasses import dataclass, field

from qingfeng.core.deadlines import Unit
from qingfeng.screening import catalogue

from .models import Severity
from .parameters import ANSWER_DEADLINE_DAYS


@dataclass(frozen=True)
class RuleInfo:
    id: str
    title_zh: str
    title_en: str = ""
    version: str = ""
    severity: str = Severity.YELLOW
    domain: str = ""
    subject: str = ""
    basis: object = ""
    params: dict = field(default_factory=dict)
    deadline_amount: int = 10
    deadline_unit: str = Unit.WORKING_DAY
    known: bool = True


def _unit(raw) -> str:
    """Accept "working_day", "working_days", "工作日"… and answer with a deadlines.Unit value."""
    text = str(raw or "").strip().lower().removesuffix("s")
    by_label = {str(label): value for value, label in Unit.choices}
    if text in Unit.values:
        return text
    if str(raw).strip() in by_label:
        return by_label[str(raw).strip()]
    raise ValueError(f"未知的期限单位 {raw!r}")


def _from_catalogue(rule) -> RuleInfo:
    deadline = rule.answer_deadline or {}
    amount = int(deadline.get("amount") or ANSWER_DEADLINE_DAYS.value())
    unit = _unit(deadline.get("unit")) if deadline.get("unit") else ANSWER_DEADLINE_DAYS.unit
    return RuleInfo(
        id=rule.id, title_zh=rule.title_zh or rule.title_en or rule.id, title_en=rule.title_en, version=rule.version,
        severity=rule.severity if rule.severity in Severity.values else Severity.YELLOW, domain=rule.domain,
        subject=rule.subject, basis=list(rule.basis), params=rule.default_params(), deadline_amount=amount, deadline_unit=unit,
    )


def unknown_rule(rule_id: str) -> RuleInfo:
    return RuleInfo(id=rule_id, title_zh=rule_id, deadline_amount=int(ANSWER_DEADLINE_DAYS.value()),
                    deadline_unit=ANSWER_DEADLINE_DAYS.unit, known=False)


def load(rule_ids) -> dict[str, RuleInfo]:
    """RuleInfo for each id, read from the catalogue once per call (rule files may change between runs)."""
    wanted = set(rule_ids)
    if not wanted:
        return {}
    rules = catalogue.load_catalogue().rules
    return {rule_id: _from_catalogue(rules[rule_id]) if rule_id in rules else unknown_rule(rule_id) for rule_id in wanted}


def get(rule_id: str) -> RuleInfo:
    return load([rule_id])[rule_id]
