"""Alert pages: the scoped list with filters and export, the detail with evidence, clock and history,
and the answer and verify forms. Everything starts from ``visible_alerts``, so an alert outside the
user's scope is a 404 whichever way it is reached."""

import mimetypes
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qingfeng.alerts import actions as alert_actions
from qingfeng.alerts import rulebook
from qingfeng.alerts.lifecycle import WAITING
from qingfeng.alerts.models import Alert, Response
from qingfeng.alerts.parameters import EVIDENCE_ROWS_SHOWN
from qingfeng.alerts.policies import can_answer, can_dispatch, can_escalate, can_verify, visible_alerts
from qingfeng.screening import catalogue

from ..access import ALERT_ROLES, role_required
from ..clock import clock_for
from ..evidence import basis_lines, display_value, evidence_table, param_rows
from ..forms import AlertFilterForm, AnswerForm, AssignForm, VerifyForm
from ..history import history_for

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    scoped = visible_alerts(request.user)
    form = AlertFilterForm(request.GET or None, user=request.user, alerts=scoped)
    qs = form.apply(scoped) if request.GET else scoped
    return form, qs.select_related("department")


@require_GET
@role_required(*ALERT_ROLES)
def alert_list(request):
    form, qs = _filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    titles = {r.id: r.title_zh for r in rulebook.load({a.rule_id for a in page.object_list}).values()}
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/alert_list.html", {
        "form": form, "page": page, "rule_titles": titles, "query": query.urlencode(), "now": timezone.now(),
        "total": page.paginator.count,
    })


@require_GET
@role_required(*ALERT_ROLES)
def alert_export(request):
    form, qs = _filtered(request)
    filters = {k: v for k, v in request.GET.items() if k in form.fields and v}
    filename = f"预警清单-{timezone.localdate():%Y%m%d}.xlsx"
    # The export carries evidence out of the system, so the action records it in the ledger.
    response = HttpResponse(alert_actions.export_alerts(request.user, qs, filters=filters), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _catalogue_rule(rule_id: str):
    """The rule as the catalogue describes it (description, basis, parameters), or None if it is gone."""
    try:
        return catalogue.get_rule(rule_id)
    except KeyError:
        return None


def _detail_context(request, alert, *, answer_form=None, verify_form=None) -> dict:
    rule = rulebook.get(alert.rule_id)
    described = _catalogue_rule(alert.rule_id)
    finding = alert.finding
    rows = evidence_table(finding.evidence_rows if finding else [], int(EVIDENCE_ROWS_SHOWN.value()),
                          extra_keys=finding.evidence.keys() if finding else (),
                          dataset=described.evidence_dataset if described else None)
    return {
        "alert": alert,
        "rule": rule,
        "described": described,
        "basis": basis_lines(described.basis if described else rule.basis),
        "params": param_rows(alert.params or (finding.params if finding else {}), described.params if described else rule.params),
        "evidence": [(k, display_value(k, v, rows.dataset)) for k, v in (finding.evidence.items() if finding else [])],
        "evidence_rows": rows,
        "finding": finding,
        "clock": clock_for(alert),
        "history": history_for(alert),
        "responses": alert.responses.all(),
        "answer_form": answer_form or (AnswerForm() if can_answer(request.user, alert) else None),
        "verify_form": verify_form or (VerifyForm() if can_verify(request.user, alert) else None),
        "assign_form": AssignForm(alert=alert, initial={"assignee": alert.assignee_id}) if can_dispatch(request.user, alert) else None,
        "waiting": alert.status in WAITING,
    }


def _scoped_alert(request, pk) -> Alert:
    return get_object_or_404(visible_alerts(request.user).select_related("department", "assignee", "finding"), pk=pk)


@require_GET
@role_required(*ALERT_ROLES)
def alert_detail(request, pk):
    alert = _scoped_alert(request, pk)
    return render(request, "web/alert_detail.html", _detail_context(request, alert))


@require_POST
@role_required(*ALERT_ROLES)
def alert_answer(request, pk):
    alert = _scoped_alert(request, pk)
    if not can_answer(request.user, alert):
        raise PermissionDenied(_("您不能答复此预警：只有责任部门的经办人或负责人可在待答复状态下答复。"))
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            alert_actions.answer_alert(request.user, alert, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
                                       attachment=form.cleaned_data["attachment"])
        except (ValidationError, PermissionDenied) as exc:
            return _refused(request, alert, form, exc, answer=True)
        messages.success(request, _("答复已提交，等待纪检监察核查。"))
        return redirect("web:alert_detail", pk=alert.pk)
    return _refused(request, alert, form, None, answer=True)


@require_POST
@role_required(*ALERT_ROLES)
def alert_verify(request, pk):
    alert = _scoped_alert(request, pk)
    if not can_verify(request.user, alert):
        raise PermissionDenied(_("您不能核查此预警：只有纪检监察人员可在已答复状态下核查。"))
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            alert_actions.verify_alert(request.user, alert, accept=form.accept, verdict=form.cleaned_data["verdict"],
                                       text=form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as exc:
            return _refused(request, alert, form, exc, answer=False)
        alert.refresh_from_db()
        if form.accept:
            messages.success(request, _("核查完成，预警状态：%(status)s。") % {"status": alert.get_status_display()})
        else:
            messages.success(request, _("已退回责任部门重新答复。"))
        return redirect("web:alert_detail", pk=alert.pk)
    return _refused(request, alert, form, None, answer=False)


def _refused(request, alert, form, exc, *, answer: bool):
    """Show the page again with the form, its errors and the action's reason (in Chinese)."""
    status = 403 if isinstance(exc, PermissionDenied) else 400
    if isinstance(exc, ValidationError):
        form.add_error(None, exc)
    elif exc is not None:
        form.add_error(None, str(exc))
    alert.refresh_from_db()
    forms = {"answer_form": form} if answer else {"verify_form": form}
    return render(request, "web/alert_detail.html", _detail_context(request, alert, **forms), status=status)


@require_POST
@role_required(*ALERT_ROLES)
def alert_assign(request, pk):
    alert = _scoped_alert(request, pk)
    if not can_dispatch(request.user, alert):
        raise PermissionDenied(_("您不能派发此预警：只有部门负责人或纪检监察人员可为待答复的预警指定承办人。"))
    form = AssignForm(request.POST, alert=alert)
    if form.is_valid():
        try:
            alert_actions.dispatch_alert(request.user, alert, assignee=form.cleaned_data["assignee"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("已派发。") if not alert.assignee_id else
                             _("已指定承办人：%(name)s。") % {"name": alert.assignee.name})
    else:
        messages.error(request, _("请选择本部门的承办人。"))
    return redirect("web:alert_detail", pk=alert.pk)


@require_POST
@role_required(*ALERT_ROLES)
def alert_escalate(request):
    """Escalate every overdue alert in the supervisor's scope (the scheduled task does the same city-wide)."""
    if not can_escalate(request.user):
        raise PermissionDenied(_("只有纪检监察人员可以升级督办。"))
    n = alert_actions.escalate_overdue(request.user)
    messages.success(request, _("已升级督办 %(n)s 条逾期预警。") % {"n": n})
    return redirect("web:alert_list")


@require_GET
@role_required(*ALERT_ROLES)
def response_attachment(request, pk, response_id):
    alert = _scoped_alert(request, pk)
    response = get_object_or_404(Response, alert=alert, pk=response_id)
    if not response.attachment:
        raise Http404
    name = Path(response.attachment.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(response.attachment.open("rb"), as_attachment=True, filename=name, content_type=content_type)

