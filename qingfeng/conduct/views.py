"""Conduct inspection pages: plans and visits (inspectors only), findings (the unit rectifies, inspectors
re-check and decide), spot checks of approval cases, and the public naming page (通报)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.models import Department, Person, Role
from qingfeng.core.policies import person_of
from qingfeng.web.access import role_required

from . import actions, policies
from .forms import DecisionForm, FindingForm, PlanForm, RecheckForm, RectifyForm, SpotCheckForm, VisitForm
from .models import Decision, Evidence, Status
from .parameters import NAMING_WINDOW_DAYS

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)


def _errors(request, exc):
    messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def overview(request):
    u = request.user
    inspects = policies.inspects(u)
    form = PlanForm(request.POST or None) if inspects else None
    if request.method == "POST":
        if not inspects:
            raise PermissionDenied
        if form.is_valid():
            person = person_of(u)
            home = person.department if person else Department.objects.filter(parent__isnull=True).first()
            try:
                plan = actions.create_plan(u, home=home, **form.cleaned_data)
                messages.success(request, _("检查计划已建立。"))
                return redirect(plan.get_absolute_url())
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc)
    findings = policies.visible_findings(u).select_related("department")[:300]
    now = timezone.now()
    return render(request, "conduct/overview.html", {
        "plans": policies.visible_plans(u)[:100], "form": form, "inspects": inspects,
        "rows": [(f, f.is_overdue(now)) for f in findings],
    })


@require_GET
@role_required(Role.SUPERVISOR)
def plan(request, pk):
    p = policies.visible_plans(request.user).filter(pk=pk).first()
    if p is None:
        raise Http404
    return render(request, "conduct/plan.html", {"p": p, "form": VisitForm(user=request.user),
                                                 "visits": policies.visible_visits(request.user).filter(plan=p)
                                                 .select_related("department")})


@require_POST
@role_required(Role.SUPERVISOR)
def plan_visit(request, pk):
    p = policies.visible_plans(request.user).filter(pk=pk).first()
    if p is None:
        raise Http404
    form = VisitForm(request.POST, user=request.user)
    try:
        if not form.is_valid():
            raise ValidationError(_("请选择您范围内的被检查单位、方式并填写检查情况"))
        v = actions.record_visit(request.user, p, **form.cleaned_data)
        messages.success(request, _("检查已登记。"))
        return redirect(v.get_absolute_url())
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(p.get_absolute_url())


@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def visit(request, pk):
    """The visit's page; POST records a finding with its evidence."""
    v = policies.visible_visits(request.user).select_related("plan", "department").filter(pk=pk).first()
    if v is None:
        raise Http404
    form = FindingForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                official = None
                if d["official"]:
                    official = Person.objects.filter(staff_no=d["official"].strip()).first()
                    if official is None:
                        raise ValidationError(_("没有这个工号"))
                f = actions.record_finding(request.user, v, category=d["category"], facts=d["facts"], official=official,
                                           files=d["files"] or [])
                messages.success(request, _("问题已记录，已通知责任单位限期整改。"))
                return redirect(f.get_absolute_url())
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc)
    return render(request, "conduct/visit.html", {"v": v, "form": form, "findings": v.findings.all()})


def _finding(request, pk):
    f = policies.visible_findings(request.user).select_related("department", "visit", "official", "official__post",
                                                               "spot_check").filter(pk=pk).first()
    if f is None:
        raise Http404
    return f


@require_GET
@role_required(*STAFF)
def finding(request, pk):
    f = _finding(request, pk)
    u = request.user
    forms = {}
    if f.status == Status.OPEN and policies.rectifies(u, f):
        forms["rectify"] = RectifyForm(auto_id="id_rectify_%s")
    if f.status == Status.RECTIFIED and policies.inspects(u, f.department_id):
        forms["recheck"] = RecheckForm(auto_id="id_recheck_%s")
    decision = Decision.objects.filter(finding=f).first()
    if decision is None and policies.inspects(u, f.department_id):
        forms["decide"] = DecisionForm(auto_id="id_decide_%s")
    # The visit itself (when, how) stays with the inspectors; the unit sees the finding and its evidence.
    show_visit = f.visit_id is not None and policies.visible_visits(u).filter(pk=f.visit_id).exists()
    return render(request, "conduct/finding.html", {"f": f, "forms": forms, "decision": decision, "show_visit": show_visit,
                                                    "evidence": f.evidence.all(), "overdue": f.is_overdue()})


@require_POST
@role_required(*STAFF)
def finding_act(request, pk, verb):
    f = _finding(request, pk)
    u = request.user
    try:
        if verb == "rectify":
            form = RectifyForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("请填写整改情况并上传佐证"))
            actions.rectify(u, f, text=form.cleaned_data["text"], files=form.cleaned_data["files"])
            messages.success(request, _("整改情况已报告。"))
        elif verb == "recheck":
            form = RecheckForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("请选择复查结论并填写意见"))
            d = form.cleaned_data
            actions.recheck(u, f, passed=d["passed"], note=d["note"], files=d["files"] or [])
            messages.success(request, _("复查已登记。"))
        elif verb == "decide":
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择处理方式并填写通报内容"))
            actions.decide(u, f, **form.cleaned_data)
            messages.success(request, _("处理决定已登记。"))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(f.get_absolute_url())


@require_GET
@role_required(*STAFF)
def evidence_file(request, pk):
    """An evidence file, to whoever may see its finding (the unit and the inspectors in scope)."""
    e = Evidence.objects.filter(pk=pk, finding__in=policies.visible_findings(request.user)).first()
    if e is None or not e.file:
        raise Http404
    return FileResponse(e.file.open("rb"), as_attachment=True, filename=e.name)


@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def spot_checks(request):
    from qingfeng.approvals import policies as approval_policies

    u = request.user
    form = SpotCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        case = approval_policies.visible_cases(u).filter(number=d["case_number"].strip()).first()
        if case is None:
            form.add_error("case_number", _("没有找到该办件（或不在您的范围内）"))
        else:
            try:
                sc = actions.record_spot_check(u, case, actual_received_on=d["actual_received_on"],
                                               actual_decided_on=d["actual_decided_on"], method=d["method"])
                messages.success(request, _("抽查已登记。"))
                return redirect(sc.get_absolute_url())
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc)
    return render(request, "conduct/spot_checks.html", {
        "form": form, "checks": policies.visible_spot_checks(u).select_related("case", "department")[:200]})


@require_GET
@role_required(Role.SUPERVISOR)
def spot_check(request, pk):
    sc = policies.visible_spot_checks(request.user).select_related("case", "department").filter(pk=pk).first()
    if sc is None:
        raise Http404
    return render(request, "conduct/spot_check.html", {"sc": sc, "finding": getattr(sc, "finding", None)})


@require_GET
@cache_control(public=True, max_age=300)
def naming(request):
    """Published decisions: unit, category, the public summary, the measure; name and post only when the
    decision names the official. Nothing else of a person is read here."""
    since = timezone.now() - timedelta(days=int(NAMING_WINDOW_DAYS.value()))
    rows = (Decision.objects.filter(published_at__isnull=False, published_at__gte=since)
            .select_related("finding__department").only(
                "measure", "summary", "name_official", "official_name", "official_post", "decided_at", "published_at",
                "finding__category", "finding__number", "finding__department__name")
            .order_by("-published_at", "-pk")[:200])
    return render(request, "conduct/naming.html", {"rows": rows, "days": int(NAMING_WINDOW_DAYS.value())})
