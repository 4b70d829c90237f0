"""The dashboard panel: draws and results in the user's scope, and results past their publication deadline."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policies


def dashboard_panel(request):
    draws, results = policies.visible_draws(request.user), policies.visible_results(request.user)
    if not draws.exists():
        return None
    now = timezone.now()
    late = results.filter(published_at__isnull=True, publish_due_at__lt=now).count() + \
        results.filter(published_at__gt=F("publish_due_at")).count()
    return {"id": "panel-inspections", "title": _("双随机抽查"), "url": reverse("inspections:list"), "figures": [
        {"label": _("抽取批次"), "value": draws.count()},
        {"label": _("已录入结果"), "value": results.count()},
        {"label": _("已公示"), "value": results.filter(published_at__isnull=False).count()},
        {"label": _("超过 20 个工作日未公示或逾期公示"), "value": late, "tone": "danger"},
    ]}
