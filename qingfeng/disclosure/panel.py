"""The 政务公开 dashboard panel: the user's open and overdue requests and overdue budget publications."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policies
from .models import Status


def dashboard_panel(request):
    """Scoped figures, or None when nothing in the user's scope concerns disclosure."""
    now = timezone.now()
    requests = policies.visible_requests(request.user)
    budgets = policies.visible_budgets(request.user)
    open_requests = requests.exclude(status=Status.ANSWERED)
    if not requests.exists() and not budgets.exists():
        return None
    home, budget_page = reverse("disclosure_office:home"), reverse("disclosure_office:budgets")
    overdue = open_requests.filter(due_at__lt=now).count()
    late_budgets = budgets.filter(published_at__isnull=True, publish_due_at__lt=now).count()
    return {"title": _("政务公开"), "url": home, "id": "panel-disclosure",
            "note": _("依申请公开 20 个工作日内答复（可延长 20 个）；部门预决算批复后 20 日内公开。"),
            "figures": [
                {"label": _("办理中的公开申请"), "value": open_requests.count(), "url": home},
                {"label": _("逾期未答复"), "value": overdue, "url": home, "tone": "danger" if overdue else "ok"},
                {"label": _("预决算逾期未公开"), "value": late_budgets, "url": budget_page,
                 "tone": "danger" if late_budgets else "ok"},
            ]}
