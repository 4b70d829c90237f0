"""Staff pages of approvals: the queue and the scoped case list, a case with its clock, history, cards and the
forms of the next steps; the power list with proposals and the legal office's review; backup posts and the
leave calendar; monthly scores; in-app notifications; cases imported from other systems. Every query starts
from approvals.policies, so a case outside the user's scope is a 404 whichever way it is reached."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.alerts.policies import visible_alerts
from qingfeng.core.models import Department, LedgerEvent
from qingfeng.core.policies import can_see_department, person_of
from qingfeng.web.access import role_required

from .. import actions, backup, policies, powerlist, queries, scoring
from ..clocks import ClockMaker, LimitsIndex
from ..events import clock_for_case
from ..forms import (
    AbsenceForm,
    BackupPairForm,
    CaseFilterForm,
    DecideForm,
    DeliverForm,
    ExtendForm,
    FeeForm,
    ForwardForm,
    ImportListForm,
    IntermediaryForm,
    ProposeForm,
    RefuseAcceptanceForm,
    RequestMaterialsForm,
    ResumeForm,
    ReviewForm,
    ScoreForm,
    StepForm,
    SuspendForm,
)
from ..models import (
    Absence,
    ApprovalCase,
    CaseStatus,
    CaseType,
    EventType,
    Notification,
    PostGap,
    PowerItem,
    PowerItemVersion,
    VersionStatus,
)
from ..spreadsheets import power_list_xlsx

CASE_ROLES = tuple(policies.CASE_ROLES)
PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVENT_LABELS = dict(EventType.choices)


# -------------------------------------------------------------------------------------------- cases


@require_GET
@role_required(*CASE_ROLES)
def case_list(request):
    scoped = policies.visible_cases(request.user).select_related("item", "version", "department", "handler")
    form = CaseFilterForm(request.GET or None)
    qs = scoped
    if form.is_valid():
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"]
            qs = qs.filter(Q(number__icontains=q) | Q(version__name__icontains=q) | Q(applicant_name__icontains=q))
    person = person_of(request.user)
    today = timezone.localdate()
    queue = list(backup.queue_for(person, today).filter(pk__in=scoped.values("pk"))) if person else []
    covering = backup.covered_primaries(person, today) if person else []
    now = timezone.now()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = dict(scoped.values_list("status").annotate(n=Count("pk")))
    overdue = scoped.filter(status__in=[CaseStatus.ACCEPTED], due_at__lt=now).count()
    return render(request, "approvals/case_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "queue": queue, "covering": covering, "now": now,
        "counts": counts, "overdue": overdue, "total": scoped.count(), "supervises": policies.supervises(request.user),
        "unread": Notification.objects.filter(user=request.user, read_at__isnull=True, channel="in_app").count(),
    })


def _scoped_case(request, pk) -> ApprovalCase:
    qs = policies.visible_cases(request.user).select_related("item", "version", "department", "handler", "approver")
    return get_object_or_404(qs, pk=pk)


HISTORY_LABELS = {f"approval_case.{k}": v for k, v in EventType.choices}


def case_history(case) -> list[dict]:
    """The case's ledger events (who did what, when, with the hash-chain sequence number)."""
    events = LedgerEvent.objects.filter(object_type="approvals.approvalcase", object_id=str(case.pk)).order_by("seq")
    return [{"seq": e.seq, "at": e.at, "actor": e.actor, "label": HISTORY_LABELS.get(e.action, e.action), "data": e.data}
            for e in events]


def case_cards(user, case) -> list:
    subjects = {case.number, *(f"{case.number}|{s['code']}" for s in case.version.steps),
                *(f"QF-E{pk}" for pk in case.events.values_list("pk", flat=True))}
    return list(visible_alerts(user).filter(domain="approvals", subject_key__in=subjects).order_by("-created_at"))


def _forms(request, case, clock) -> dict:
    user, version = request.user, case.version
    handles = policies.handles(user, case)
    decides = policies.decides(user, case)
    has = set(case.events.values_list("kind", flat=True))
    status = case.status
    forms = {}
    if handles and status == CaseStatus.RECEIVED and EventType.MATERIALS_REQUEST not in has and (
            clock.notice_due_at is None or timezone.now() <= clock.notice_due_at) and version.materials:
        forms["request"] = RequestMaterialsForm(version=version, prefix="request")
    if handles and status in (CaseStatus.RECEIVED, CaseStatus.ACCEPTED) and EventType.ACCEPT not in has:
        forms["accept"] = True
        forms["refuse"] = RefuseAcceptanceForm(prefix="refuse")
    if handles and status == CaseStatus.ACCEPTED:
        forms["suspend"] = SuspendForm(prefix="suspend")
        codes = [s["code"] for s in version.steps]
        if case.current_step and codes and case.current_step != codes[-1]:
            step = next(s for s in version.steps if s["code"] == case.current_step)
            forms["step"] = StepForm(prefix="step", initial={"step": step["code"]})
            forms["step_name"] = step["name"]
        if version.case_type == CaseType.REPORTED and EventType.FORWARD not in has:
            forms["forward"] = ForwardForm(prefix="forward")
        if version.fees:
            forms["fee"] = FeeForm(version=version, prefix="fee")
        if version.intermediaries:
            forms["intermediary"] = IntermediaryForm(version=version, prefix="intermediary")
    if handles and status == CaseStatus.SUSPENDED:
        forms["resume"] = ResumeForm(prefix="resume")
    if decides and status in (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED) and version.extension_days:
        forms["extend"] = ExtendForm(prefix="extend")
    if decides and status == CaseStatus.ACCEPTED:
        forms["decide"] = DecideForm(prefix="decide")
    if handles and status in (CaseStatus.APPROVED, CaseStatus.REFUSED):
        forms["deliver"] = DeliverForm(prefix="deliver")
    return forms


@require_GET
@role_required(*CASE_ROLES)
def case_detail(request, pk):
    case = _scoped_case(request, pk)
    clock = clock_for_case(case)
    return render(request, "approvals/case_detail.html", {
        "case": case, "clock": clock, "events": case.events.all(), "history": case_history(case),
        "materials": case.materials.all(), "cards": case_cards(request.user, case), "forms": _forms(request, case, clock),
        "event_labels": EVENT_LABELS, "acting": backup.acting_person(case.handler) if case.handler else None,
    })


def _bound(form_class, request, prefix, **kwargs):
    form = form_class(request.POST, prefix=prefix, **kwargs)
    if not form.is_valid():
        raise ValidationError([f"{form.fields[k].label if k in form.fields else ''}：{'；'.join(v)}" for k, v in form.errors.items()])
    return form.cleaned_data


@require_POST
@role_required(*CASE_ROLES)
def case_act(request, pk, verb):
    case = _scoped_case(request, pk)
    user = request.user
    done = {
        "accept": _("已受理。"), "request": _("已一次性告知补正材料。"), "refuse": _("已作出不予受理决定。"),
        "suspend": _("已启动特别程序，计时暂停。"), "resume": _("特别程序已结束，恢复计时。"), "extend": _("已延长办理期限。"),
        "step": _("环节已办结。"), "forward": _("已报送上级机关。"), "decide": _("已作出决定。"), "deliver": _("已送达。"),
        "fee": _("已登记收费。"), "intermediary": _("已登记中介服务。"),
    }
    if verb not in done:
        raise Http404
    try:
        if verb == "accept":
            actions.accept_case(user, case)
        elif verb == "request":
            d = _bound(RequestMaterialsForm, request, "request", version=case.version)
            actions.request_materials(user, case, codes=d["codes"], notice=d["notice"])
        elif verb == "refuse":
            d = _bound(RefuseAcceptanceForm, request, "refuse")
            actions.refuse_acceptance(user, case, reasons=d["reasons"], remedies=d["remedies"])
        elif verb == "suspend":
            d = _bound(SuspendForm, request, "suspend")
            actions.suspend_case(user, case, reason_code=d["reason_code"], notice=d["notice"])
        elif verb == "resume":
            actions.resume_case(user, case, note=_bound(ResumeForm, request, "resume")["note"])
        elif verb == "extend":
            d = _bound(ExtendForm, request, "extend")
            _event, counted = actions.extend_case(user, case, days=d["days"], reason=d["reason"])
            if not counted:
                messages.warning(request, _("延期申请晚于办理期限，依规定不予计算，本办件按超时处理。"))
                return redirect(case.get_absolute_url())
        elif verb == "step":
            d = _bound(StepForm, request, "step")
            actions.complete_step(user, case, step=d["step"], note=d["note"])
        elif verb == "forward":
            actions.forward_case(user, case, note=_bound(ForwardForm, request, "forward")["note"])
        elif verb == "decide":
            d = _bound(DecideForm, request, "decide")
            actions.decide_case(user, case, decision=d["decision"], reasons=d["reasons"], remedies=d["remedies"])
        elif verb == "deliver":
            actions.deliver_case(user, case, method=_bound(DeliverForm, request, "deliver")["method"])
        elif verb == "fee":
            d = _bound(FeeForm, request, "fee", version=case.version)
            actions.record_fee(user, case, fee_code=d["fee_code"], amount=d["amount"])
        elif verb == "intermediary":
            d = _bound(IntermediaryForm, request, "intermediary", version=case.version)
            actions.require_intermediary(user, case, service_code=d["service_code"], org=d["org"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(case.get_absolute_url())
    messages.success(request, done[verb])
    return redirect(case.get_absolute_url())


@require_GET
@role_required(*CASE_ROLES)
def case_material(request, pk, material_id):
    case = _scoped_case(request, pk)
    material = get_object_or_404(case.materials, pk=material_id)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.file.name.rsplit("/", 1)[-1])


@require_POST
@role_required(*CASE_ROLES)
def supervise_now(request):
    if not policies.supervises(request.user):
        raise PermissionDenied(_("只有纪检监察人员可以运行电子监察。"))
    summary = actions.supervise(request.user)
    counts = summary["alerts"]
    messages.success(request, _("电子监察完成：新预警 %(new)s 条，证据更新 %(updated)s 条，通知 %(told)s 人次。") % {
        "new": counts.get("new", 0), "updated": counts.get("updated", 0), "told": summary["notified"].get("in_app", 0)})
    return redirect("approvals:cases")


# ------------------------------------------------------------------------------- imported cases


@require_GET
@role_required(*CASE_ROLES)
def external_case(request, case_id):
    """A case processed in another system: its imported events and its clock, rebuilt as the rules see it."""
    import pyarrow.dataset as pads

    from qingfeng.records import warehouse

    files = [str(f) for f in warehouse.committed_files("approval_events_external")]
    # Parquet row-group statistics skip most of a large warehouse: only this case's rows are read.
    rows = pads.dataset(files, format="parquet").to_table(filter=pads.field("case_id") == case_id).to_pylist() if files else []
    if not rows:
        raise Http404
    dept = Department.objects.filter(code=rows[0]["department_code"]).first()
    if dept is None or not can_see_department(request.user, dept.pk) or not policies._held(request.user, policies.CASE_ROLES):
        raise Http404
    now = timezone.now()
    first = min(r["occurred_at"] for r in rows).date()
    maker = ClockMaker.for_span(first, timezone.localdate(), now)
    applied = next((r["occurred_at"] for r in rows if r["event_type"] == EventType.APPLY), rows[0]["occurred_at"])
    from ..clocks import aware

    clock = maker.reconstruct(rows, LimitsIndex.load().at(rows[0]["item_code"], aware(applied)), case_id=case_id)
    rows.sort(key=lambda r: (r["occurred_at"], r["event_id"]))
    cards = visible_alerts(request.user).filter(domain="approvals").filter(
        Q(subject_key=case_id) | Q(subject_key__startswith=f"{case_id}|") | Q(subject_key__in=[r["event_id"] for r in rows]))
    return render(request, "approvals/external_case.html", {
        "case_id": case_id, "rows": rows, "clock": clock, "department": dept, "cards": cards, "event_labels": EVENT_LABELS})


# ------------------------------------------------------------------------------------- power list


@require_GET
@role_required(*CASE_ROLES)
def item_list(request):
    today = timezone.localdate()
    current = queries.current_list(today)
    pending = PowerItemVersion.objects.filter(status=VersionStatus.PROPOSED).select_related("item__department")
    return render(request, "approvals/item_list.html", {
        "current": current, "pending": pending, "upcoming": queries.upcoming(today), "flag_labels": powerlist.FLAGS,
        "reviewer": policies.is_legal_reviewer(request.user),
        "import_form": ImportListForm() if _may_import_list(request.user) else None,
        "may_propose": any(policies.proposes_for(request.user, d) for d in _work_departments(request.user)),
    })


def _work_departments(user):
    from qingfeng.core.policies import departments_for_picker

    return list(departments_for_picker(user)[:50])


def _may_import_list(user) -> bool:
    from qingfeng.core.models import Role
    from qingfeng.core.policies import has_role

    return has_role(user, Role.DATA_STEWARD, Role.DEPARTMENT_HEAD, Role.HANDLER)


@require_GET
@role_required(*CASE_ROLES)
def item_detail(request, code):
    item = get_object_or_404(PowerItem.objects.select_related("department", "handling_post", "approving_post"), code=code)
    current = queries.current_version(item)
    pending = queries.pending(item)
    propose = None
    if pending is None and policies.proposes_for(request.user, item.department):
        base = current or item.versions.order_by("-number").first()
        propose = ProposeForm(user=request.user, item=item, initial=ProposeForm.initial_from(base) if base else None)
    review = ReviewForm(initial={"effective_from": timezone.localdate()}) if (
        pending and policies.is_legal_reviewer(request.user) and pending.proposed_by != request.user.get_username()) else None
    return render(request, "approvals/item_detail.html", {
        "item": item, "current": current, "pending": pending, "versions": item.versions.order_by("-number"),
        "propose_form": propose, "review_form": review, "flag_labels": powerlist.FLAGS,
        "content": powerlist.content_of(current) if current else None,
    })


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def item_new(request):
    form = ProposeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            version = actions.propose_item(request.user, code=d["code"], department=d["department"], content=form.content(),
                                           reason=d["reason"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已提出，待法制审核机构审核。"))
            return redirect("approvals:item", code=version.item.code)
    return render(request, "approvals/item_new.html", {"form": form})


@require_POST
@role_required(*CASE_ROLES)
def item_propose(request, code):
    item = get_object_or_404(PowerItem, code=code)
    form = ProposeForm(request.POST, user=request.user, item=item)
    if form.is_valid():
        try:
            actions.propose_item(request.user, code=item.code, content=form.content(), reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已提出调整，待法制审核机构审核。"))
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}：{'；'.join(errors)}")
    return redirect("approvals:item", code=item.code)


@require_POST
@role_required(*CASE_ROLES)
def version_review(request, pk):
    version = get_object_or_404(PowerItemVersion.objects.select_related("item"), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审核结论。"))
        return redirect("approvals:item", code=version.item.code)
    d = form.cleaned_data
    try:
        actions.review_item(request.user, version, approve=d["decision"] == "publish", opinion=d["opinion"],
                            effective_from=d["effective_from"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("审核完成。"))
    return redirect("approvals:item", code=version.item.code)


@require_GET
@role_required(*CASE_ROLES)
def list_export(request):
    content = power_list_xlsx(queries.current_list())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"权力清单-{timezone.localdate():%Y%m%d}.xlsx")
    return response


@require_POST
@role_required(*CASE_ROLES)
def list_import(request):
    if not _may_import_list(request.user):
        raise PermissionDenied
    form = ImportListForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择工作簿并填写调整理由。"))
        return redirect("approvals:items")
    try:
        result = actions.import_power_list(request.user, io.BytesIO(form.cleaned_data["file"].read()),
                                           reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    except Exception:  # a file that is not a workbook at all
        messages.error(request, _("文件无法读取：请上传由本系统导出或按模板填写的 .xlsx 工作簿。"))
    else:
        messages.success(request, _("导入完成：提出调整 %(p)s 项，未变化 %(u)s 项。") % {
            "p": len(result["proposed"]), "u": len(result["unchanged"])})
    return redirect("approvals:items")


# ------------------------------------------------------------------------------------- backup posts


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def backup_page(request):
    user = request.user
    absence_form = AbsenceForm(request.POST if request.POST.get("form") == "absence" else None, user=user, prefix="absence")
    pair_form = BackupPairForm(request.POST if request.POST.get("form") == "pair" else None, user=user, prefix="pair")
    if request.method == "POST":
        try:
            if request.POST.get("form") == "absence" and absence_form.is_valid():
                d = absence_form.cleaned_data
                actions.record_absence(user, person=d["person"], start=d["start"], end=d["end"], kind=d["kind"], note=d["note"],
                                       unplanned=d["unplanned"])
                messages.success(request, _("离岗已登记。"))
                return redirect("approvals:backup")
            if request.POST.get("form") == "pair" and pair_form.is_valid():
                d = pair_form.cleaned_data
                actions.set_backup_pair(user, post=d["post"], primary=d["primary"], backup_person=d["backup"])
                messages.success(request, _("AB岗已设置。"))
                return redirect("approvals:backup")
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
    pairs = policies.visible_pairs(user)
    today = timezone.localdate()
    people = [p.primary for p in pairs] + [p.backup for p in pairs]
    away = backup.absent_ids(today, people)
    absences = Absence.objects.filter(person__in=people, end__gte=today - timezone.timedelta(days=60)).select_related("person")
    gaps = PostGap.objects.filter(pair__in=pairs).select_related("pair__post", "absence")
    return render(request, "approvals/backup.html", {
        "pairs": pairs, "away": away, "absences": absences.order_by("-start")[:100], "gaps": gaps[:100], "gap_count": gaps.count(),
        "absence_form": absence_form, "pair_form": pair_form if pair_form.fields["post"].queryset.exists() else None,
        "today": today,
    })


# ------------------------------------------------------------------------------------------- scores


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def scores_page(request):
    user = request.user
    today = timezone.localdate()
    form = ScoreForm(request.POST or None, initial={"year": today.year, "month": today.month})
    if request.method == "POST":
        if not policies.supervises(user):
            raise PermissionDenied
        if form.is_valid():
            rows = actions.score_month(user, year=form.cleaned_data["year"], month=form.cleaned_data["month"])
            messages.success(request, _("已计算 %(n)s 个部门的月度测评分。") % {"n": len(rows)})
            return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    year = int(request.GET.get("year") or today.year)
    scores = policies.visible_scores(user).filter(month__year=year)
    table: dict[int, dict] = {}
    for s in scores.order_by("department__path", "month"):
        row = table.setdefault(s.department_id, {"department": s.department, "months": {}, "totals": []})
        row["months"][s.month.month] = s
        row["totals"].append(s.total)
    for row in table.values():
        first = [s.total for m, s in row["months"].items() if m <= 6]
        second = [s.total for m, s in row["months"].items() if m > 6]
        row["h1"], row["h2"], row["year"] = scoring.average(first), scoring.average(second), scoring.average(row["totals"])
        row["cells"] = [row["months"].get(m) for m in range(1, 13)]
    return render(request, "approvals/scores.html", {
        "rows": list(table.values()), "year": year, "form": form if policies.supervises(user) else None,
        "months": range(1, 13), "template": scoring.shipped_template(),
    })


@require_GET
@role_required(*CASE_ROLES)
def score_detail(request, pk):
    score = get_object_or_404(policies.visible_scores(request.user), pk=pk)
    return render(request, "approvals/score_detail.html", {"score": score, "details": score.details})


# ------------------------------------------------------------------------------------ notifications


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def notifications_page(request):
    mine = Notification.objects.filter(user=request.user, channel="in_app").select_related("alert")
    if request.method == "POST":
        for n in mine.filter(read_at__isnull=True):
            actions.mark_notification_read(request.user, n)
        messages.success(request, _("已全部标为已读。"))
        return redirect("approvals:notifications")
    return render(request, "approvals/notifications.html", {"notifications": mine[:200]})

