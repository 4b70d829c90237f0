"""政务公开 staff pages: the request register with its clocks and answer letters, budget approvals and their
publication, exemptions from publication, and the annual report of the user's scope."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.models import Role
from qingfeng.core.policies import departments_for_picker
from qingfeng.web.access import role_required

from . import actions, catalogue, policies
from . import annual_report as report
from .forms import AnswerForm, ApprovalForm, ExemptionForm, RequestForm, ThirdPartyReplyForm
from .models import Status
from .open_views import report_xlsx_response
from .regulation import ApplicantKind

STAFF = policies.STAFF


def _fail(request, exc):
    messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))


@require_GET
@role_required(*STAFF)
def home(request):
    now = timezone.now()
    reqs = policies.visible_requests(request.user).select_related("department")[:300]
    rows = [{"r": r, "overdue": r.is_overdue(now) and r.status != Status.ANSWERED,
             "late": r.status == Status.ANSWERED and r.is_overdue(now)} for r in reqs]
    return render(request, "disclosure/office/home.html", {
        "rows": rows, "open": sum(1 for r in rows if r["r"].status != Status.ANSWERED),
        "overdue": sum(1 for r in rows if r["overdue"]),
        "can_register": policies.has_worker_role(request.user)})


@require_http_methods(["GET", "POST"])
@role_required(Role.DEPARTMENT_HEAD, Role.HANDLER)
def request_new(request):
    form = RequestForm(request.POST or None, departments=departments_for_picker(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        received = timezone.make_aware(datetime.combine(d["received_on"], time(9, 0)))
        try:
            req = actions.register_request(request.user, department=d["department"], channel=d["channel"],
                                           received_at=min(received, timezone.now()), applicant_kind=d["applicant_kind"],
                                           applicant_name=d["applicant_name"], contact=d["contact"],
                                           description=d["description"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "；".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            messages.success(request, _("已登记申请 %(number)s。") % {"number": req.number})
            return redirect("disclosure_office:request", pk=req.pk)
    return render(request, "disclosure/office/request_new.html", {"form": form})


def _visible(request, pk):
    return get_object_or_404(policies.visible_requests(request.user).select_related("department"), pk=pk)


@require_GET
@role_required(*STAFF)
def request_detail(request, pk):
    req = _visible(request, pk)
    may = policies.works_for(request.user, req.department_id) and req.status != Status.ANSWERED
    return render(request, "disclosure/office/request_detail.html", {
        "req": req, "may": may, "overdue": req.is_overdue(), "reply_form": ThirdPartyReplyForm(),
        "answer_form": AnswerForm(), "month_rank": actions.requests_this_month(req)})


VERBS = {
    "correction": lambda u, r, p: actions.ask_correction(u, r, note=p.get("note", "")),
    "correction_received": lambda u, r, p: actions.receive_correction(u, r),
    "third_party": lambda u, r, p: actions.consult_third_party(u, r),
    "third_party_reply": lambda u, r, p: actions.record_third_party_reply(u, r, objects=bool(p.get("objects"))),
    "extend": lambda u, r, p: actions.extend_request(u, r, reason=p.get("note", "")),
}


@require_POST
@role_required(Role.DEPARTMENT_HEAD, Role.HANDLER)
def request_act(request, pk, verb):
    req = _visible(request, pk)
    try:
        if verb == "answer":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("答复信息不完整"))
            d = form.cleaned_data
            actions.answer_request(request.user, req, decision=d["decision"], article=d["article"] or "",
                                   other_agency=d["other_agency"], pages=d["pages"] or 0, fee_method=d["fee_method"])
        elif verb in VERBS:
            VERBS[verb](request.user, req, request.POST)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("disclosure_office:request", pk=req.pk)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def budgets(request):
    form = ApprovalForm(request.POST or None, departments=departments_for_picker(request.user))
    if request.method == "POST":
        if not policies.may_record_approval(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.record_approval(request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, _("已登记批复，公开期限已起算。"))
                return redirect("disclosure_office:budgets")
    now = timezone.now()
    rows = [{"b": b, "overdue": b.is_overdue(now), "may_publish": not b.published_at and policies.works_for(request.user, b.department_id)}
            for b in policies.visible_budgets(request.user).select_related("department")[:500]]
    return render(request, "disclosure/office/budgets.html", {
        "rows": rows, "form": form, "may_record": policies.may_record_approval(request.user)})


@require_POST
@role_required(Role.DEPARTMENT_HEAD, Role.HANDLER)
def budget_publish(request, pk):
    bd = get_object_or_404(policies.visible_budgets(request.user), pk=pk)
    try:
        actions.publish_budget(request.user, bd)
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("已公开。"))
    return redirect("disclosure_office:budgets")


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def exemptions(request):
    form = ExemptionForm(request.POST or None, user=request.user)
    may = policies.may_exempt(request.user)
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.exempt_item(request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, _("已记录不予公开的条目及其依据。"))
                return redirect("disclosure_office:exemptions")
    return render(request, "disclosure/office/exemptions.html", {
        "form": form, "may": may, "items": policies.visible_exemptions(request.user).select_related("department")[:500],
        "titles": {p.slug: p.title for p in catalogue.publications()}})


@require_POST
@role_required(Role.SUPERVISOR, Role.DEPARTMENT_HEAD)
def exemption_revoke(request, pk):
    try:
        actions.revoke_exemption(request.user, get_object_or_404(policies.visible_exemptions(request.user), pk=pk))
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("disclosure_office:exemptions")


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return year


@require_GET
@role_required(*STAFF)
def annual_report(request):
    year = _year(request)
    return render(request, "disclosure/office/annual_report.html", {
        "year": year, "table": report.table(year, policies.visible_requests(request.user)),
        "active": report.active(year), "columns": ApplicantKind.choices,
        "xlsx_url": reverse("disclosure_office:annual_report_xlsx") + f"?year={year}"})


@require_GET
@role_required(*STAFF)
def annual_report_xlsx(request):
    year = _year(request)
    return report_xlsx_response(year, report.table(year, policies.visible_requests(request.user)), _("本部门"))
