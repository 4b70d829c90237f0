"""The annual report on government information disclosure (第四十九、五十条; format of 国办公开办函〔2021〕30号):
table 三 — requests received this year and carried over, the results by the statutory rows and applicant
columns, and those carried into next year — plus the active publication of the year (table 二's decisions
taken on 行政许可, 行政处罚 and 行政强制 items, budgets on time, items per published dataset). Counted from the
request register and the approval cases; a department's report or the city's."""

from collections import defaultdict
from datetime import datetime, time

from django.db.models import Count
from django.utils import timezone

from . import catalogue
from .models import BudgetDisclosure, DisclosureRequest, Status
from .regulation import REPORT_ROWS, ApplicantKind, Decision, report_row

COLUMNS = [k for k in ApplicantKind.values]


def _bounds(year: int):
    start = timezone.make_aware(datetime.combine(datetime(year, 1, 1).date(), time.min))
    end = timezone.make_aware(datetime.combine(datetime(year + 1, 1, 1).date(), time.min))
    return start, end


def _row(counts: dict) -> dict:
    cells = [counts.get(k, 0) for k in COLUMNS]
    return {**dict(zip(COLUMNS, cells, strict=True)), "total": sum(cells), "cells": cells}


def table(year: int, requests=None) -> dict:
    """Table 三 for ``year`` over ``requests`` (a queryset already scoped by the caller)."""
    qs = DisclosureRequest.objects.all() if requests is None else requests
    start, end = _bounds(year)
    new, carried, results, carry_on = defaultdict(int), defaultdict(int), defaultdict(lambda: defaultdict(int)), defaultdict(int)
    fields = ("received_at", "answered_at", "status", "decision", "article", "applicant_kind")
    for r in qs.filter(received_at__lt=end).exclude(answered_at__lt=start).values(*fields).iterator(chunk_size=2000):
        kind = r["applicant_kind"]
        if r["received_at"] >= start:
            new[kind] += 1
        else:
            carried[kind] += 1
        if r["status"] == Status.ANSWERED and r["answered_at"] < end:
            results[report_row(r["decision"], r["article"])][kind] += 1
        else:
            carry_on[kind] += 1
    rows = [{"key": key, "label": label, **_row(results.get(key, {}))} for key, label in REPORT_ROWS]
    total = defaultdict(int)
    for key, _label in REPORT_ROWS:
        for k, v in results.get(key, {}).items():
            total[k] += v
    return {"year": year, "new": _row(new), "carried": _row(carried), "results": rows, "total": _row(total),
            "carry_on": _row(carry_on)}


def decisions(year: int, department=None) -> list[dict]:
    """Table 二, 第二十条第（五）（六）项: 本年处理决定数量 of 行政许可, 行政处罚 and 行政强制 — the approval cases
    decided that year (granted or refused), by the power type of the item version they were handled under."""
    from qingfeng.approvals.models import ApprovalCase, PowerType

    start, end = _bounds(year)
    qs = ApprovalCase.objects.filter(decided_at__gte=start, decided_at__lt=end)
    if department is not None:
        qs = qs.filter(department=department)
    counts = dict(qs.values("version__power_type").annotate(n=Count("pk")).values_list("version__power_type", "n"))
    return [{"type": t.value, "label": str(t.label), "count": counts.get(t.value, 0)}
            for t in (PowerType.LICENSING, PowerType.PENALTY, PowerType.ENFORCEMENT)]


def active(year: int, department=None) -> dict:
    """Active publication of the year: decisions on licensing, penalty and enforcement items, budgets and final
    accounts due that year, on time and late, and the items each registered dataset publishes today."""
    qs = BudgetDisclosure.objects.filter(approved_on__year=year)
    if department is not None:
        qs = qs.filter(department=department)
    now = timezone.now()
    budgets = {"due": qs.count(), "on_time": sum(1 for b in qs if b.published_at and b.published_at <= b.publish_due_at),
               "late": sum(1 for b in qs if b.is_overdue(now))}
    datasets = []
    if department is None:
        for pub in catalogue.publications():
            withheld = catalogue.withheld_summary(pub.slug)
            datasets.append({"title": pub.title, "items": len(catalogue.published_rows(pub)),
                             "withheld": sum(n for _a, n in withheld)})
    return {"decisions": decisions(year, department), "budgets": budgets, "datasets": datasets}


def handling_by_department() -> list[dict]:
    """Per department and year: received, answered, on time, overdue and the main answer types (public)."""
    groups: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    names = {}
    now = timezone.now()
    fields = ("department__code", "department__name", "received_at", "answered_at", "due_at", "decision")
    for r in DisclosureRequest.objects.values(*fields).iterator(chunk_size=2000):
        key = (r["department__code"], timezone.localtime(r["received_at"]).year)
        names[key] = r["department__name"]
        g = groups[key]
        g["received"] += 1
        late = r["due_at"] is not None and (r["answered_at"] or now) > r["due_at"]
        if r["answered_at"]:
            g["answered"] += 1
            g["on_time"] += not late
            decision = r["decision"]
            g["disclosed" if decision in (Decision.DISCLOSE, Decision.ALREADY_PUBLIC) else "partial" if decision == Decision.PARTIAL
              else "refused" if decision == Decision.REFUSE else "other"] += 1
        g["overdue"] += late
    return [{"key": f"{code}|{year}", "department": names[(code, year)], "year": year,
             **{k: g.get(k, 0) for k in ("received", "answered", "on_time", "overdue", "disclosed", "partial", "refused",
                                         "other")}}
            for (code, year), g in sorted(groups.items())]
