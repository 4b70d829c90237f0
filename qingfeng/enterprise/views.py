"""Enterprise service pages: the overview (my pairings, projects, requests), the registry (supervisors), a
pairing (record a visit, raise a request), a request (its ticket's clock), a project's timeline, the
indicators, and the public business-environment page (departments and counts only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.models import Role
from qingfeng.core.policies import person_of, visible_department_ids
from qingfeng.web.access import role_required

from . import actions, indicators, policies
from .forms import EnterpriseForm, MilestoneForm, PairingForm, ProjectForm, ReachForm, RequestForm, VisitForm
from .models import Milestone
from .parameters import INDICATOR_DAYS
from .timeline import timeline

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)


def _errors(request, exc):
    messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))


@require_GET
@role_required(*STAFF)
def overview(request):
    u = request.user
    person = person_of(u)
    mine = policies.visible_pairings(u).filter(leader=person).select_related("enterprise", "project") if person else []
    return render(request, "enterprise/overview.html", {
        "mine": mine,
        "pairings": policies.visible_pairings(u).select_related("enterprise", "project", "leader", "department")[:200],
        "projects": policies.visible_projects(u).select_related("enterprise", "department")[:200],
        "requests": policies.visible_requests(u).select_related("ticket", "ticket__department", "enterprise")[:200],
        "keeps": policies.keeps_registry(u),
    })


@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def registry(request):
    u = request.user
    enterprises = policies.visible_enterprises(u)
    verb = request.POST.get("verb") if request.method == "POST" else None
    forms = {"enterprise": EnterpriseForm(request.POST if verb == "enterprise" else None, prefix="e"),
             "project": ProjectForm(request.POST if verb == "project" else None, prefix="p", user=u, enterprises=enterprises),
             "pairing": PairingForm(request.POST if verb == "pairing" else None, prefix="r", user=u, enterprises=enterprises)}
    if verb in forms and forms[verb].is_valid():
        d = forms[verb].cleaned_data
        try:
            if verb == "enterprise":
                actions.register_enterprise(u, **d)
            elif verb == "project":
                obj = actions.register_project(u, **d)
                messages.success(request, _("已登记。"))
                return redirect(obj.get_absolute_url())
            else:
                actions.pair(u, **d)
            messages.success(request, _("已登记。"))
            return redirect("enterprise:registry")
        except (ValidationError, PermissionDenied) as exc:
            forms[verb].add_error(None, exc)
    return render(request, "enterprise/registry.html", {"forms": forms, "enterprises": enterprises.order_by("name")[:300]})


@require_GET
@role_required(*STAFF)
def company(request, pk):
    e = policies.visible_enterprises(request.user).filter(pk=pk).first()
    if e is None:
        raise Http404
    return render(request, "enterprise/company.html", {
        "e": e, "projects": policies.visible_projects(request.user).filter(enterprise=e),
        "pairings": policies.visible_pairings(request.user).filter(enterprise=e).select_related("leader", "department"),
        "requests": policies.visible_requests(request.user).filter(enterprise=e).select_related("ticket", "ticket__department"),
    })


def _pairing(request, pk):
    p = policies.visible_pairings(request.user).select_related("enterprise", "project", "leader", "department").filter(pk=pk).first()
    if p is None:
        raise Http404
    return p


@require_GET
@role_required(*STAFF)
def pairing(request, pk):
    p = _pairing(request, pk)
    serves = policies.serves_pairing(request.user, p)
    return render(request, "enterprise/pairing.html", {
        "p": p, "serves": serves, "visit_form": VisitForm(initial={"visited_on": timezone.localdate()}, prefix="v"),
        "request_form": RequestForm(pairing=p, prefix="q"), "visits": p.visits.all(),
        "requests": policies.visible_requests(request.user).filter(enterprise=p.enterprise)
        .select_related("ticket", "ticket__department"),
    })


@require_POST
@role_required(*STAFF)
def pairing_act(request, pk, verb):
    p = _pairing(request, pk)
    try:
        if verb == "visit":
            form = VisitForm(request.POST, prefix="v")
            if not form.is_valid():
                raise ValidationError(_("请填写走访日期和情况"))
            actions.record_visit(request.user, p, **form.cleaned_data)
            messages.success(request, _("走访已登记。"))
        elif verb == "request":
            form = RequestForm(request.POST, pairing=p, prefix="q")
            if not form.is_valid():
                raise ValidationError(_("请填写诉求类别、标题、内容和责任部门"))
            visit = p.visits.order_by("-visited_on", "-pk").first()
            req = actions.raise_request(request.user, p, visit=visit, **form.cleaned_data)
            messages.success(request, _("诉求已派给责任部门。"))
            return redirect(req.get_absolute_url())
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(p.get_absolute_url())


@require_GET
@role_required(*STAFF)
def request_detail(request, pk):
    r = policies.visible_requests(request.user).select_related("ticket", "ticket__department", "enterprise", "project",
                                                               "visit").filter(pk=pk).first()
    if r is None:
        raise Http404
    t = r.ticket
    now = timezone.now()
    return render(request, "enterprise/request.html", {
        "r": r, "t": t, "overdue": t.is_overdue(now),
        "on_time": t.replied_at is not None and (t.due_at is None or t.replied_at <= t.due_at),
        "remaining": (t.due_at - now) if t.due_at and t.is_open else None,
        "steps": t.steps.all(),
        # The raising leader hands the tracking code to the enterprise, which follows and rates the answer on the portal.
        "tracking_code": t.code if r.raised_by == request.user.get_username() else "",
    })


def _project(request, pk):
    p = policies.visible_projects(request.user).select_related("enterprise", "department").filter(pk=pk).first()
    if p is None:
        raise Http404
    return p


@require_GET
@role_required(*STAFF)
def project(request, pk):
    p = _project(request, pk)
    tl = timeline(p)
    keeps = policies.keeps_milestone(request.user, p, p.department_id)
    reach = [(s, ReachForm(initial={"milestone": s.milestone.pk, "reached_on": timezone.localdate()},
                           auto_id=f"id_reach{s.milestone.pk}_%s"))
             for s in tl.steps if s.reached is None and not s.milestone.approval_case_id
             and policies.keeps_milestone(request.user, p, s.milestone.department_id)]
    return render(request, "enterprise/project.html", {"p": p, "tl": tl, "keeps": keeps, "reach": reach,
                                                       "form": MilestoneForm(prefix="m")})


@require_POST
@role_required(*STAFF)
def project_act(request, pk, verb):
    from qingfeng.approvals import policies as approval_policies

    p = _project(request, pk)
    u = request.user
    try:
        if verb == "open":
            form = MilestoneForm(request.POST, prefix="m")
            if not form.is_valid():
                raise ValidationError(_("请填写阶段和事项"))
            d = form.cleaned_data
            case = None
            if d["case_number"]:
                case = approval_policies.visible_cases(u).filter(number=d["case_number"].strip()).first()
                if case is None:
                    raise ValidationError(_("没有找到该办件（或不在您的范围内）"))
            department = d["department"] or (case.department if case else None)
            if department is None:
                raise ValidationError(_("请选择责任部门"))
            actions.open_milestone(u, p, stage=d["stage"], title=d["title"], department=department,
                                   started_on=d["started_on"], approval_case=case)
        elif verb == "reach":
            form = ReachForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写完成日期"))
            m = Milestone.objects.filter(project=p, pk=form.cleaned_data["milestone"]).first()
            if m is None:
                raise Http404
            actions.reach_milestone(u, m, reached_on=form.cleaned_data["reached_on"])
        else:
            raise Http404
        messages.success(request, _("进度已登记。"))
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(p.get_absolute_url())


@require_GET
@role_required(*STAFF)
def indicators_page(request):
    rows = indicators.by_department(visible_department_ids(request.user))
    return render(request, "enterprise/indicators.html", {"rows": rows, "days": int(INDICATOR_DAYS.value())})


@require_GET
@cache_control(public=True, max_age=300)
def portal(request):
    return render(request, "enterprise/portal.html", {"rows": indicators.by_department(),
                                                      "days": int(INDICATOR_DAYS.value())})
