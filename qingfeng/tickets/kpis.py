"""Per department and month: the three rates (响应率, 解决率, 满意率) and their weighted score, on-time sign-for
and completion, bounces and the repeat-complaint rate. Numbers only — no names, contacts or texts — so the
same figures serve the staff pages and the public portal.

Definitions (a ticket counts in the month it was dispatched to the department):
- response rate: tickets signed for within the sign-for limit ÷ tickets dispatched;
- resolution rate: rated tickets the citizen says are resolved ÷ rated tickets (resolution is asked
  separately from satisfaction);
- satisfaction rate: ratings of 基本满意 or better ÷ ratings, leaving out tickets exempted after review;
- on-time completion: tickets replied to by their deadline ÷ tickets dispatched whose deadline has passed
  or that were replied to;
- repeat-complaint rate: later tickets that repeat one of these (the matter came back) ÷ tickets.
A rate with nothing to divide is None (shown as "—"), never 0 or 100 %.
"""

from collections import defaultdict

from django.utils import timezone

from .models import Resolution, Satisfaction, Ticket
from .parameters import KPI_WEIGHTS


def _rate(num: int, den: int):
    return round(num / den, 4) if den else None


def _score(rates: dict, weights: dict):
    parts = [(rates[k], w) for k, w in weights.items() if rates.get(k) is not None]
    if not parts:
        return None
    total = sum(w for _r, w in parts)
    return round(100 * sum(r * w for r, w in parts) / total, 1)


def monthly(queryset, now=None) -> list[dict]:
    """One row per (department, month) of the tickets in ``queryset`` (already scoped by the caller)."""
    now = now or timezone.now()
    weights = {k: float(v) for k, v in KPI_WEIGHTS.value().items()}
    qs = queryset.filter(department__isnull=False, dispatched_at__isnull=False).select_related("department")
    repeated = set(Ticket.objects.filter(repeat_of__isnull=False).values_list("repeat_of_id", flat=True))
    groups: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    names = {}
    fields = ("pk", "department_id", "department__code", "department__name", "dispatched_at", "signed_at",
              "sign_due_at", "due_at", "replied_at", "satisfaction", "resolution", "exempt", "bounce_count")
    for t in qs.values(*fields).iterator(chunk_size=2000):
        month = timezone.localtime(t["dispatched_at"]).strftime("%Y-%m")
        key = (t["department__code"], month)
        names[key] = t["department__name"]
        g = groups[key]
        g["tickets"] += 1
        if t["signed_at"] and t["sign_due_at"] and t["signed_at"] <= t["sign_due_at"]:
            g["signed_on_time"] += 1
        if t["replied_at"] or (t["due_at"] and now > t["due_at"]):
            g["due"] += 1
            if t["replied_at"] and t["due_at"] and t["replied_at"] <= t["due_at"]:
                g["replied_on_time"] += 1
        if t["satisfaction"] is not None:
            g["rated"] += 1
            g["resolved"] += t["resolution"] == Resolution.RESOLVED
            if not t["exempt"]:
                g["scored"] += 1
                g["satisfied"] += t["satisfaction"] >= Satisfaction.FAIR
        g["bounces"] += t["bounce_count"]
        g["repeated"] += t["pk"] in repeated
    rows = []
    for (code, month), g in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0]), reverse=False):
        rates = {"response": _rate(g["signed_on_time"], g["tickets"]), "resolution": _rate(g["resolved"], g["rated"]),
                 "satisfaction": _rate(g["satisfied"], g["scored"])}
        rows.append({
            "department_code": code, "department": names[(code, month)], "month": month, "tickets": g["tickets"],
            **{f"{k}_rate": v for k, v in rates.items()}, "score": _score(rates, weights),
            "on_time_sign_rate": rates["response"], "on_time_completion_rate": _rate(g["replied_on_time"], g["due"]),
            "bounces": g["bounces"], "repeat_rate": _rate(g["repeated"], g["tickets"]), "rated": g["rated"],
        })
    rows.sort(key=lambda r: (r["month"], -(r["score"] or -1), r["department_code"]), reverse=False)
    return rows


def latest_month(rows: list[dict]) -> str | None:
    return max((r["month"] for r in rows), default=None)
