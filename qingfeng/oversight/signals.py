"""Lights and the 慢浮僵推梗懒 signals of an assignment, for the pages. Alerts come from the rules
(qingfeng/rules/oversight/OVS-00x) with the same parameters, read here from the catalogue."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Status
from .parameters import YELLOW_DAYS

OPEN = (Status.ASSIGNED, Status.SIGNED, Status.REPORTED, Status.RETURNED, Status.ACCEPTED)
LABELS = {"slow": _("慢"), "float": _("浮"), "stale": _("僵"), "push": _("推"), "stuck": _("梗"), "lazy": _("懒")}
RULES = {"slow": "OVS-001", "float": "OVS-002", "stale": "OVS-003", "push": "OVS-004", "stuck": "OVS-005", "lazy": "OVS-006"}


def _days(a, b) -> int:
    """Calendar days from a's date to b's date (local), as the rules' date_diff('day', …) counts them."""
    return (timezone.localtime(b).date() - timezone.localtime(a).date()).days


def light(a, now=None) -> str:
    """green on track, yellow near due, red overdue; done when signed off."""
    now = now or timezone.now()
    if a.status == Status.DONE:
        return "done"
    if a.status == Status.BOUNCED:
        return "bounced"
    if now > a.due_at:
        return "red"
    if a.due_at - now <= timedelta(days=int(YELLOW_DAYS.value())):
        return "yellow"
    return "green"


def _params() -> dict[str, dict]:
    from qingfeng.screening.catalogue import load_catalogue
    from qingfeng.screening.parameters import params_in_force

    catalogue = load_catalogue()
    return {key: params_in_force(catalogue.rules[rule_id]) for key, rule_id in RULES.items() if rule_id in catalogue.rules}


def signals(a, now=None, params=None) -> list[str]:
    """The signals an assignment shows now (keys of LABELS)."""
    now = now or timezone.now()
    p = params if params is not None else _params()
    out = []
    if a.status == Status.BOUNCED:
        bounces = a.task.assignments.filter(status=Status.BOUNCED).count()
        if bounces >= int(p.get("push", {}).get("min_bounces", 2)):
            out.append("push")
        return out
    if a.status != Status.DONE:
        if now > a.due_at or (a.signed_at or now) > a.sign_due_at:
            out.append("slow")
    elif a.done_at and a.done_at > a.due_at:
        out.append("slow")
    hashes, floated = set(), False
    for r in a.reports.order_by("at", "pk").prefetch_related("evidence"):
        if r.text_hash in hashes or ((r.final or r.milestone_id) and not r.evidence.all()):
            floated = True
        hashes.add(r.text_hash)
    if floated:
        out.append("float")
    if a.status in (Status.SIGNED, Status.RETURNED) and _days(a.last_update_at, now) > int(p.get("stale", {}).get("stale_days", 15)):
        out.append("stale")
    if a.status in (Status.REPORTED, Status.ACCEPTED, Status.RETURNED) and _days(a.step_since, now) > int(
            p.get("stuck", {}).get("stuck_days", 10)):
        out.append("stuck")
    if a.status == Status.ASSIGNED and a.first_opened_at is None and _days(a.assigned_at, now) > int(
            p.get("lazy", {}).get("unopened_days", 3)):
        out.append("lazy")
    return out
