"""The dashboard panel: projects in the user's scope, open objections, general contracts under
construction without their wage safeguards, and the open alerts of the land, project and wage rules."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from . import policies
from .models import Contract, Objection
from .stages import ORDER, Stage


def dashboard_panel(request):
    projects = policies.visible_projects(request.user)
    ids = list(projects.values_list("pk", flat=True))
    if not ids:
        return None
    building = [s for s in ORDER if ORDER.index(s) >= ORDER.index(Stage.CONSTRUCTION)]
    unsafe = Contract.objects.filter(project_id__in=ids, project__stage__in=building, general=True).filter(
        Q(wage_account__isnull=True) | Q(wage_security__isnull=True)).distinct().count()
    open_objections = Objection.objects.filter(project_id__in=ids, resolved_at__isnull=True).count()
    return {
        "title": _("政府投资项目与农民工工资"), "url": reverse("projects:list"), "id": "panel-projects",
        "figures": [
            {"label": _("项目"), "value": len(ids)},
            {"label": _("在建（建设实施及以后）"), "value": projects.filter(stage__in=building).count()},
            {"label": _("未处理的异议"), "value": open_objections, "tone": "warn" if open_objections else ""},
            {"label": _("在建合同缺专户或保证金"), "value": unsafe, "tone": "danger" if unsafe else ""},
        ],
    }
