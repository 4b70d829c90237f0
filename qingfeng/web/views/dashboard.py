"""The home page: a risk picture of the user's scope (supervisors: their whole scope; departments: their
own), computed on the scoped queryset so that no number counts an alert the user may not see."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qingfeng.alerts import stats
from qingfeng.alerts.models import Status
from qingfeng.alerts.policies import visible_alerts
from qingfeng.core import ledger
from qingfeng.core.calendar import next_year_warning
from qingfeng.core.models import ADMIN_ROLES, Role
from qingfeng.core.policies import has_role

from .. import charts, extensions
from ..access import ALERT_ROLES


@login_required
def home(request):
    user = request.user
    if has_role(user, *ALERT_ROLES):
        return _dashboard(request)
    if has_role(user, Role.DATA_STEWARD):
        return redirect("web:imports")
    if has_role(user, *ADMIN_ROLES):
        return render(request, "web/admin_home.html", {"head": ledger.head(), "calendar_warning": next_year_warning()})
    raise PermissionDenied(_("您的账号尚未授予任何角色，请联系安全管理员开通。"))


def _dashboard(request):
    qs = visible_alerts(request.user)
    summary = stats.summary(qs)
    statuses = {r["status"]: r["alerts"] for r in summary["by_status"]}
    confirmed = sum(r["confirmed"] for r in summary["by_rule"])
    verified = sum(r["verified"] for r in summary["by_rule"])
    return render(request, "web/dashboard.html", {
        "summary": summary,
        "open": summary["total"] - statuses.get(Status.CLOSED, 0),
        "awaiting_answer": statuses.get(Status.DISPATCHED, 0) + statuses.get(Status.NEW, 0) + statuses.get(Status.ESCALATED, 0),
        "awaiting_verification": statuses.get(Status.ANSWERED, 0),
        "closed": statuses.get(Status.CLOSED, 0),
        "precision": stats.precision(confirmed, verified),
        "calendar_warning": next_year_warning(),
        "chart_department": charts.bars(summary["by_department"], "name", "alerts"),
        "chart_rule": charts.rule_bars(summary["by_rule"]),
        "chart_severity": charts.severity_pie(summary["by_severity"]),
        "chart_trend": charts.trend_lines(summary["trend"]),
        "supervisor": has_role(request.user, Role.SUPERVISOR),
        "panels": _panels(request),
    })


def _panels(request) -> list[dict]:
    """Sections the workflow apps registered; each computes its figures within the user's scope."""
    shown = []
    for panel in extensions.panels():
        if has_role(request.user, *panel.roles):
            context = panel.context(request)
            if context is not None:
                shown.append({"template": panel.template, "context": context})
    return shown
