"""Alert statistics. Every function takes a queryset, so the dashboard passes the user's scoped one
(``policies.visible_alerts(user)``) and the portal passes all alerts through ``public_summary``.

Precision of a rule = alerts verified as confirmed ÷ alerts answered and verified (confirmed or false
positive). A rule with nothing verified yet has precision None, not 0 and not 1.
"""

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from . import lifecycle, rulebook
from .models import Alert, Severity, Status, Verdict


def precision(confirmed: int, verified: int) -> float | None:
    return round(confirmed / verified, 4) if verified else None


def precision_by_rule(qs: QuerySet) -> list[dict]:
    """One row per rule: alerts, answered (still awaiting or past verification), verified, confirmed,
    false positives and precision; rules with the most alerts first."""
    rows = (
        qs.order_by().values("rule_id")
        .annotate(
            alerts=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False) | Q(status__in=[Status.ANSWERED, Status.VERIFIED, Status.CLOSED])),
            confirmed=Count("pk", filter=Q(verdict=Verdict.CONFIRMED)),
            false_positive=Count("pk", filter=Q(verdict=Verdict.FALSE_POSITIVE)),
        )
        .order_by("-alerts", "rule_id")
    )
    rows = list(rows)
    info = rulebook.load(r["rule_id"] for r in rows)
    for r in rows:
        r["verified"] = r["confirmed"] + r["false_positive"]
        r["precision"] = precision(r["confirmed"], r["verified"])
        r["title"] = info[r["rule_id"]].title_zh
    return rows


def by_department(qs: QuerySet) -> list[dict]:
    rows = qs.order_by().values("department_id", "department__code", "department__name").annotate(
        alerts=Count("pk"), open=Count("pk", filter=~Q(status=Status.CLOSED))).order_by("-alerts", "department__code")
    return [{"department_id": r["department_id"], "code": r["department__code"], "name": r["department__name"],
             "alerts": r["alerts"], "open": r["open"]} for r in rows]


def by_rule(qs: QuerySet) -> list[dict]:
    return list(qs.order_by().values("rule_id").annotate(alerts=Count("pk")).order_by("-alerts", "rule_id"))


def _by_choice(qs: QuerySet, field: str, choices) -> list[dict]:
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    return [{field: value, "label": str(label), "alerts": counts.get(value, 0)} for value, label in choices]


def by_severity(qs: QuerySet) -> list[dict]:
    return _by_choice(qs, "severity", Severity.choices)


def by_status(qs: QuerySet) -> list[dict]:
    return _by_choice(qs, "status", Status.choices)


def monthly_trend(qs: QuerySet) -> list[dict]:
    """Alerts raised and closed per month (local time), oldest first."""
    raised = dict(qs.order_by().annotate(m=TruncMonth("created_at")).values_list("m").annotate(n=Count("pk")).values_list("m", "n"))
    closed = dict(qs.filter(closed_at__isnull=False).order_by().annotate(m=TruncMonth("closed_at"))
                  .values_list("m").annotate(n=Count("pk")).values_list("m", "n"))
    months = sorted({_month(m) for m in raised} | {_month(m) for m in closed})
    raised_by = {_month(m): n for m, n in raised.items()}
    closed_by = {_month(m): n for m, n in closed.items()}
    return [{"month": m, "raised": raised_by.get(m, 0), "closed": closed_by.get(m, 0)} for m in months]


def _month(value) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year:04d}-{value.month:02d}"


def overdue(qs: QuerySet, now: datetime | None = None) -> QuerySet:
    """Alerts still owed an answer whose deadline has passed (derived, never stored)."""
    return qs.filter(status__in=lifecycle.WAITING, due_at__lt=now or timezone.now())


def overdue_counts(qs: QuerySet, now: datetime | None = None) -> dict:
    late = overdue(qs, now)
    rows = late.order_by().values("department__code", "department__name").annotate(n=Count("pk")).order_by("-n", "department__code")
    return {"total": late.count(), "escalated": qs.filter(status=Status.ESCALATED).count(),
            "by_department": [{"code": r["department__code"], "name": r["department__name"], "overdue": r["n"]} for r in rows]}


def summary(qs: QuerySet, now: datetime | None = None) -> dict:
    """Everything the dashboard shows, for the queryset it is given."""
    return {
        "total": qs.count(), "by_status": by_status(qs), "by_severity": by_severity(qs), "by_rule": precision_by_rule(qs),
        "by_department": by_department(qs), "trend": monthly_trend(qs), "overdue": overdue_counts(qs, now),
    }


def public_summary(now: datetime | None = None) -> dict:
    """Aggregates for the public portal: counts by rule, severity, status, department and month, overdue
    totals and per-rule precision. No subject keys, no names of people, no evidence."""
    qs = Alert.objects.all()
    rules = [{k: r[k] for k in ("rule_id", "title", "alerts", "verified", "confirmed", "false_positive", "precision")}
             for r in precision_by_rule(qs)]
    departments = [{"code": r["code"], "name": r["name"], "alerts": r["alerts"], "open": r["open"]} for r in by_department(qs)]
    late = overdue(qs, now)
    return {
        "total": qs.count(), "closed": qs.filter(status=Status.CLOSED).count(), "by_status": by_status(qs),
        "by_severity": by_severity(qs), "by_rule": rules, "by_department": departments, "trend": monthly_trend(qs),
        "overdue": late.count(),
    }
