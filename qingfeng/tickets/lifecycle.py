"""The ticket state machine: the one table of allowed transitions (docs/tickets.md draws it)."""

from django.core.exceptions import ValidationError

from .models import Status

# verb: (statuses it may start from, status it leads to); "bounce" leads to received or arbitration.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "dispatch": (frozenset({Status.RECEIVED, Status.ARBITRATION}), Status.DISPATCHED),
    "sign": (frozenset({Status.DISPATCHED}), Status.SIGNED),
    "bounce": (frozenset({Status.DISPATCHED, Status.SIGNED}), Status.RECEIVED),
    "extend": (frozenset({Status.DISPATCHED, Status.SIGNED}), Status.SIGNED),
    "reply": (frozenset({Status.SIGNED}), Status.REPLIED),
    "rate": (frozenset({Status.REPLIED, Status.FOLLOWED_UP}), Status.REPLIED),
    "follow_up": (frozenset({Status.REPLIED}), Status.FOLLOWED_UP),
    "close": (frozenset({Status.FOLLOWED_UP}), Status.CLOSED),
}

VERB_LABELS = {"dispatch": "派单", "sign": "签收", "bounce": "退单", "extend": "申请延期", "reply": "答复",
               "rate": "评价", "follow_up": "回访", "close": "办结"}

# The department owes work while the ticket is in one of these; the clock runs from dispatch.
WITH_DEPARTMENT = frozenset({Status.DISPATCHED, Status.SIGNED})


def allows(verb: str, status: str) -> bool:
    return status in TRANSITIONS[verb][0]


def check(verb: str, ticket) -> str:
    if not allows(verb, ticket.status):
        allowed = "、".join(str(Status(s).label) for s in sorted(TRANSITIONS[verb][0]))
        raise ValidationError(f"工单 {ticket.number} 当前状态为“{Status(ticket.status).label}”，不能{VERB_LABELS[verb]}（仅限：{allowed}）",
                              code="invalid_transition")
    return TRANSITIONS[verb][1]
