"""An alert's history, read from the ledger: every state change of the alert is an event there."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import LedgerEvent

# Ledger verbs of the alert life cycle, as people say them.
VERB_LABELS = {
    "raised": _("筛查发现，生成预警"),
    "created": _("生成预警"),
    "updated": _("再次筛查，证据更新"),
    "seen_again": _("再次筛查命中"),
    "dispatched": _("派发至责任部门"),
    "assigned": _("指定经办人"),
    "answered": _("责任部门答复"),
    "verified": _("纪检监察核查"),
    "closed": _("销号"),
    "rejected": _("核查不通过，退回重办"),
    "returned": _("核查不通过，退回重办"),
    "escalated": _("逾期升级督办"),
    "reopened": _("重新打开"),
}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    label: str
    action: str
    seq: int
    note: str


def _label(action: str) -> str:
    verb = action.rsplit(".", 1)[-1]
    return str(VERB_LABELS.get(verb, action))


def _note(data: dict) -> str:
    for key in ("text", "reason", "note", "comment"):
        if data.get(key):
            return str(data[key])
    return ""


def history_for(alert) -> list[HistoryEntry]:
    events = LedgerEvent.objects.filter(object_type="alerts.alert", object_id=str(alert.pk)).order_by("seq")
    return [HistoryEntry(e.at, e.actor, _label(e.action), e.action, e.seq, _note(e.data)) for e in events]
