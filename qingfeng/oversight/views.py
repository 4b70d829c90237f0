"""督办 pages: the task list with lights and signals, registering a task, an assignment's page (sign, report
with evidence, bounce, extension; review, reassign, sign off) and a department's page."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.models import Department, Role
from qingfeng.core.policies import can_see_department
from qingfeng.web.access import role_required

from . import actions, policies, signals
from .forms import ExtensionForm, ExtensionReviewForm, ReasonForm, ReassignForm, ReportForm, ReviewForm, TaskForm
from .models import Assignment, Extension, Report, Status

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)


def _rows(assignments, params):
    now = timezone.now()
    return [{"a": a, "light": signals.light(a, now), "signals": [(k, signals.LABELS[k]) for k in signals.signals(a, now, params)]}
            for a in assignments]


@require_GET
@role_required(*STAFF)
def task_list(request):
    params = signals._params()
    assignments = policies.visible_assignments(request.user).select_related("task", "department").order_by("due_at")[:300]
    rows = _rows(assignments, params)
    counts = {k: sum(1 for r in rows if r["light"] == k) for k in ("green", "yellow", "red", "done")}
    return render(request, "oversight/task_list.html", {"rows": rows, "counts": counts,
                                                        "can_register": policies.supervises(request.user)})


def _parse_milestones(text: str):
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        title, _sep, day = line.replace("，", ",").rpartition(",")
        try:
            d = datetime.strptime(day.strip(), "%Y-%m-%d").date()
        except ValueError:
            raise ValidationError(_("节点格式应为：节点名称,YYYY-MM-DD")) from None
        out.append((title.strip(), timezone.make_aware(datetime.combine(d, time(23, 59, 59)))))
    return out


@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def task_new(request):
    form = TaskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            milestones = _parse_milestones(d["milestones"])
            person = getattr(request.user, "person", None)
            home = person.department if person else Department.objects.filter(parent__isnull=True).first()
            shares = [(d["lead"], True, milestones)] + [(o, False, milestones) for o in d["others"] if o != d["lead"]]
            task = actions.register_task(request.user, title=d["title"], source=d["source"], source_ref=d["source_ref"],
                                         description=d["description"], due_at=d["due_at"], home=home, shares=shares)
            messages.success(request, _("已立项交办。"))
            return redirect(task.get_absolute_url())
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc)
    return render(request, "oversight/task_new.html", {"form": form})


@require_GET
@role_required(*STAFF)
def task_detail(request, pk):
    task = policies.visible_tasks(request.user).filter(pk=pk).first()
    if task is None:
        raise Http404
    visible = policies.visible_assignments(request.user).filter(task=task).select_related("department")
    return render(request, "oversight/task_detail.html", {"task": task, "rows": _rows(visible, signals._params())})


def _assignment(request, pk) -> Assignment:
    a = Assignment.objects.select_related("task", "department").filter(pk=pk).first()
    if a is None or not (policies.visible_assignments(request.user).filter(pk=pk).exists()
                         or policies.supervises(request.user, a)):
        raise Http404
    return a


@require_GET
@role_required(*STAFF)
def assignment_detail(request, pk):
    a = _assignment(request, pk)
    works, supervises = policies.works_for(request.user, a), policies.supervises(request.user, a)
    if works and a.first_opened_at is None:
        actions.open_assignment(request.user, a)
    forms = {}
    if works and a.status == Status.ASSIGNED:
        forms["sign"] = True
    if works and a.status in (Status.SIGNED, Status.RETURNED):
        forms["report"] = ReportForm(assignment=a)
    if works and a.status in (Status.ASSIGNED, Status.SIGNED):
        forms["bounce"] = ReasonForm()
    if works and a.status in (Status.ASSIGNED, Status.SIGNED, Status.RETURNED) and timezone.now() <= a.due_at:
        forms["extend"] = ExtensionForm()
    if supervises and a.status == Status.BOUNCED:
        forms["reassign"] = ReassignForm(user=request.user)
    if supervises and a.status == Status.ACCEPTED:
        forms["sign_off"] = True
    for key, form in forms.items():
        if form is not True:
            form.auto_id = f"id_{key}_%s"  # several forms on one page: keep label ids unique
    pending = [(r, ReviewForm(initial={"report": r.pk})) for r in a.reports.filter(review=Report.Review.PENDING)] if supervises else []
    exts = [(e, ExtensionReviewForm(initial={"extension": e.pk})) for e in a.extensions.filter(state=Extension.State.PENDING)] \
        if supervises else []
    return render(request, "oversight/assignment_detail.html", {
        "a": a, "light": signals.light(a), "signals": [(k, signals.LABELS[k]) for k in signals.signals(a)], "forms": forms,
        "pending": pending, "exts": exts, "reports": a.reports.prefetch_related("evidence"), "milestones": a.milestones.all(),
        "extensions": a.extensions.all(),
    })


@require_POST
@role_required(*STAFF)
def assignment_act(request, pk, verb):
    a = _assignment(request, pk)
    u = request.user
    try:
        if verb == "sign":
            actions.sign_assignment(u, a)
        elif verb == "report":
            form = ReportForm(request.POST, request.FILES, assignment=a)
            if not form.is_valid():
                raise ValidationError(_("请填写进展情况"))
            d = form.cleaned_data
            actions.submit_report(u, a, text=d["text"], files=d["files"], milestone=d["milestone"], final=d["final"])
        elif verb == "bounce":
            actions.bounce_assignment(u, a, reason=request.POST.get("text", ""))
        elif verb == "extend":
            form = ExtensionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写新时限、理由和进展"))
            actions.request_extension(u, a, **form.cleaned_data)
        elif verb == "review":
            form = ReviewForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择审核结论"))
            report = get_object_or_404(Report, pk=form.cleaned_data["report"], assignment=a)
            actions.review_report(u, report, accept=form.cleaned_data["accept"], note=form.cleaned_data["text"])
        elif verb == "extension_review":
            form = ExtensionReviewForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择审批结论"))
            ext = get_object_or_404(Extension, pk=form.cleaned_data["extension"], assignment=a)
            actions.review_extension(u, ext, approve=form.cleaned_data["approve"], note=form.cleaned_data["text"])
        elif verb == "reassign":
            form = ReassignForm(request.POST, user=u)
            if not form.is_valid():
                raise ValidationError(_("请选择您范围内的部门"))
            new = actions.reassign(u, a, form.cleaned_data["department"])
            messages.success(request, _("已改派。"))
            return redirect(new.get_absolute_url())
        elif verb == "sign_off":
            actions.sign_off(u, a)
        else:
            raise Http404
        messages.success(request, _("已提交。"))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
    return redirect(a.get_absolute_url())


@require_GET
@role_required(*STAFF)
def department_page(request, code):
    dept = get_object_or_404(Department, code=code)
    if not can_see_department(request.user, dept.pk):
        raise Http404
    assignments = policies.visible_assignments(request.user).filter(department=dept).select_related("task", "department")
    rows = _rows(assignments, signals._params())
    totals = {k: sum(1 for r in rows if k in dict(r["signals"])) for k in signals.LABELS}
    return render(request, "oversight/department.html", {"dept": dept, "rows": rows,
                                                         "totals": [(signals.LABELS[k], totals[k]) for k in signals.LABELS]})
