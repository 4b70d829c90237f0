"""Business-environment indicators per department (营商环境指标): average approval time of decided cases,
enterprise requests and complaints (every ticket an enterprise filed), and complaints about attitude or
obstruction, over the last
ENTERPRISE_INDICATOR_DAYS. No personal data: departments and counts only, so the portal can show them."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.core.models import Department, Role
from qingfeng.core.policies import ALL, has_role, visible_department_ids

from .models import Category
from .parameters import INDICATOR_DAYS


def by_department(department_ids=ALL) -> list[dict]:
    """One row per department with any figure, sorted by complaints about conduct, then requests."""
    from qingfeng.approvals.models import ApprovalCase
    from qingfeng.tickets.models import Kind, Ticket

    since = timezone.now() - timedelta(days=int(INDICATOR_DAYS.value()))
    rows: dict[int, dict] = defaultdict(lambda: {"cases": 0, "days": 0.0, "requests": 0, "complaints": 0, "conduct": 0,
                                                 "overdue": 0})
    cases = ApprovalCase.objects.filter(decided_at__gte=since, decided_at__isnull=False)
    # Every ticket an enterprise filed counts: raised by a paired leader, or filed by the enterprise itself on
    # the portal or through Open311 (submitter "enterprise"; its category then follows the ticket's kind).
    tickets = Ticket.objects.filter(submitter="enterprise", received_at__gte=since, department__isnull=False)
    if department_ids != ALL:
        cases = cases.filter(department__in=department_ids)
        tickets = tickets.filter(department__in=department_ids)
    for dept_id, received, decided in cases.values_list("department", "received_at", "decided_at").iterator():
        r = rows[dept_id]
        r["cases"] += 1
        r["days"] += (decided - received).total_seconds() / 86400
    now = timezone.now()
    for dept_id, kind, category, due, replied in tickets.values_list(
            "department", "kind", "enterprise_request__category", "due_at", "replied_at").iterator():
        category = category or (Category.COMPLAINT if kind == Kind.COMPLAINT else Category.REQUEST)
        r = rows[dept_id]
        r["requests"] += 1
        r["complaints"] += category != Category.REQUEST
        r["conduct"] += category in (Category.ATTITUDE, Category.OBSTRUCTION)
        r["overdue"] += bool(due and (replied or now) > due)
    names = dict(Department.objects.filter(pk__in=rows).values_list("pk", "name"))
    codes = dict(Department.objects.filter(pk__in=rows).values_list("pk", "code"))
    out = [{"code": codes[k], "name": names[k], "cases": v["cases"],
            "approval_days": round(v["days"] / v["cases"], 1) if v["cases"] else None,
            "requests": v["requests"], "complaints": v["complaints"], "conduct": v["conduct"], "overdue": v["overdue"]}
           for k, v in rows.items()]
    out.sort(key=lambda r: (-r["conduct"], -r["complaints"], -r["requests"], r["code"]))
    return out


def dashboard_panel(request):
    """The dashboard panel: the user's scope, the ten departments with the most conduct complaints."""
    user = request.user
    if not has_role(user, Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER):
        return None
    ids = visible_department_ids(user)
    rows = by_department(ids)
    if not rows:
        return None
    from qingfeng.tickets.models import Ticket

    open_requests = Ticket.objects.filter(submitter="enterprise", status__in=("dispatched", "signed"))
    if ids != ALL:
        open_requests = open_requests.filter(department__in=ids)
    return {"title": _("营商环境指标"), "rows": rows[:10], "open": open_requests.aggregate(n=Count("pk"))["n"],
            "days": int(INDICATOR_DAYS.value())}
