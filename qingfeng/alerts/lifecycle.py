"""The alert state machine: the one table of allowed transitions (docs/alerts.md describes it).

Each verb names an action in alerts.actions; an action calls ``check`` before it changes anything.
"""

from django.core.exceptions import ValidationError

from .models import Status

# verb: (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "dispatch": (frozenset({Status.NEW}), Status.DISPATCHED),
    "answer": (frozenset({Status.DISPATCHED, Status.ESCALATED}), Status.ANSWERED),
    "verify": (frozenset({Status.ANSWERED}), Status.VERIFIED),
    "close": (frozenset({Status.VERIFIED}), Status.CLOSED),
    "reject": (frozenset({Status.ANSWERED}), Status.DISPATCHED),
    "escalate": (frozenset({Status.DISPATCHED, Status.ESCALATED}), Status.ESCALATED),
    "reopen": (frozenset({Status.ANSWERED, Status.VERIFIED, Status.CLOSED}), Status.DISPATCHED),
}

VERB_LABELS = {
    "dispatch": "派发", "answer": "答复", "verify": "核查", "close": "销号", "reject": "退回重办",
    "escalate": "升级督办", "reopen": "重新打开",
}

# Statuses in which the department still owes an answer (the deadline clock runs).
WAITING = frozenset({Status.NEW, Status.DISPATCHED, Status.ESCALATED})


def allows(verb: str, status: str) -> bool:
    sources, _target = TRANSITIONS[verb]
    return status in sources


def target(verb: str) -> str:
    return TRANSITIONS[verb][1]


def check(verb: str, alert) -> str:
    """The status ``verb`` leads to, or a ValidationError that says why the alert cannot take it."""
    if not allows(verb, alert.status):
        allowed = "、".join(str(Status(s).label) for s in sorted(TRANSITIONS[verb][0]))
        raise ValidationError(
            f"预警 {alert.pk} 当前状态为“{Status(alert.status).label}”，不能{VERB_LABELS[verb]}（仅限：{allowed}）",
            code="invalid_transition",
        )
    return target(verb)


def verbs_from(status: str) -> list[str]:
    """The verbs an alert in ``status`` may take next (for pages that show the possible steps)."""
    return [verb for verb, (sources, _t) in TRANSITIONS.items() if status in sources]
