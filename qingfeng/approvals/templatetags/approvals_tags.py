"""Labels of approval codes on the pages: legal ranks, flags, events, clock states."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import CaseStatus, CaseType, EventType, LegalRank, PowerType
from ..powerlist import FLAGS

register = template.Library()

CLOCK_STATES = {
    "waiting": _("等待受理"), "running": _("计时中"), "prompt": _("即将到期"), "yellow": _("到期当日"),
    "overdue": _("已超期"), "stopped": _("特别程序中，暂停计时"), "done": _("已按期办结"), "late": _("超期办结"),
}
LABELS = {**dict(LegalRank.choices), **dict(PowerType.choices), **dict(CaseType.choices), **dict(EventType.choices),
          **dict(CaseStatus.choices)}


@register.filter
def label(code):
    """The Chinese label of a stored code (rank, power type, case type, event, status)."""
    return LABELS.get(code, code or "")


@register.filter
def flag(code):
    return FLAGS.get(code, code)


@register.filter
def clock_state(state):
    return CLOCK_STATES.get(state, state)


@register.filter
def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%"
