"""Alert endpoints. Every query starts from ``visible_alerts(request.auth)``: an alert outside the user's
scope answers 404, exactly like one that does not exist."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from qingfeng.alerts import actions, policies, rulebook, stats
from qingfeng.alerts.models import Alert, Response
from qingfeng.alerts.parameters import EVIDENCE_ROWS_SHOWN
from qingfeng.core.models import LedgerEvent
from qingfeng.core.policies import has_role

router = Router(tags=["alerts"])


class DepartmentRef(Schema):
    id: int
    code: str
    name: str


class AlertOut(Schema):
    id: int
    rule_id: str
    rule_version: str
    domain: str
    subject_key: str
    title: str
    severity: str
    severity_label: str
    status: str
    status_label: str
    department: DepartmentRef
    assignee: str | None
    dispatched_at: datetime | None
    due_at: datetime | None
    due_provisional: bool
    overdue: bool
    escalation_level: int
    answer_kind: str
    verdict: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_severity_label(obj: Alert) -> str:
        return str(obj.get_severity_display())

    @staticmethod
    def resolve_status_label(obj: Alert) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_assignee(obj: Alert) -> str | None:
        return obj.assignee.name if obj.assignee_id else None

    @staticmethod
    def resolve_overdue(obj: Alert) -> bool:
        return obj.is_overdue()


class ResponseOut(Schema):
    id: int
    kind: str
    answer_kind: str
    verdict: str
    text: str
    attachment: str | None
    by: str
    at: datetime

    @staticmethod
    def resolve_attachment(obj: Response) -> str | None:
        return obj.attachment.name.rsplit("/", 1)[-1] if obj.attachment else None


class EventOut(Schema):
    seq: int
    at: datetime
    actor: str
    action: str
    data: dict


class RuleOut(Schema):
    id: str
    title: str
    title_en: str
    version: str
    subject: str
    basis: object
    params: dict
    deadline_amount: int
    deadline_unit: str
    known: bool


class EvidenceOut(Schema):
    row: dict
    rows: list[dict]
    rows_total: int
    truncated: bool


class DeadlineOut(Schema):
    due_at: datetime | None
    provisional: bool
    overdue: bool
    remaining_seconds: int | None


class AlertDetail(AlertOut):
    params: dict
    evidence_hash: str
    rule: RuleOut
    evidence: EvidenceOut
    deadline: DeadlineOut
    responses: list[ResponseOut]
    history: list[EventOut]
    can_answer: bool
    can_verify: bool

    @staticmethod
    def resolve_rule(obj: Alert) -> dict:
        rule = rulebook.get(obj.rule_id)
        return {"id": rule.id, "title": rule.title_zh, "title_en": rule.title_en, "version": obj.rule_version or rule.version,
                "subject": rule.subject, "basis": rule.basis, "params": rule.params, "deadline_amount": rule.deadline_amount,
                "deadline_unit": rule.deadline_unit, "known": rule.known}

    @staticmethod
    def resolve_evidence(obj: Alert) -> dict:
        finding = obj.finding
        rows = list(finding.evidence_rows or []) if finding else []
        shown = int(EVIDENCE_ROWS_SHOWN.value())
        return {"row": finding.evidence if finding else {}, "rows": rows[:shown], "rows_total": len(rows), "truncated": len(rows) > shown}

    @staticmethod
    def resolve_deadline(obj: Alert) -> dict:
        now = timezone.now()
        return {"due_at": obj.due_at, "provisional": obj.due_provisional, "overdue": obj.is_overdue(now),
                "remaining_seconds": int((obj.due_at - now).total_seconds()) if obj.due_at else None}

    @staticmethod
    def resolve_responses(obj: Alert) -> list:
        return list(obj.responses.all())

    @staticmethod
    def resolve_history(obj: Alert) -> list:
        return list(LedgerEvent.objects.filter(object_type="alerts.alert", object_id=str(obj.pk)).order_by("seq"))

    @staticmethod
    def resolve_can_answer(obj: Alert, context) -> bool:
        return policies.can_answer(context["request"].auth, obj)

    @staticmethod
    def resolve_can_verify(obj: Alert, context) -> bool:
        return policies.can_verify(context["request"].auth, obj)


class Filters(Schema):
    status: str | None = None
    rule: str | None = None
    department: str | None = Field(None, description="部门编码")
    severity: str | None = None
    overdue: bool | None = None


class Problem(Schema):
    detail: str


def _filtered(user, filters: Filters):
    qs = policies.visible_alerts(user).select_related("department", "assignee")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.rule:
        qs = qs.filter(rule_id=filters.rule)
    if filters.department:
        qs = qs.filter(department__code=filters.department)
    if filters.severity:
        qs = qs.filter(severity=filters.severity)
    if filters.overdue is not None:
        late = stats.overdue(qs).values("pk")
        qs = qs.filter(pk__in=late) if filters.overdue else qs.exclude(pk__in=late)
    return qs


def _visible(request, alert_id: int) -> Alert:
    return get_object_or_404(policies.visible_alerts(request.auth).select_related("department", "assignee", "finding"), pk=alert_id)


@router.get("/alerts", response=list[AlertOut], summary="预警列表（按数据权限）")
@paginate(PageNumberPagination, page_size=50)
def list_alerts(request, filters: Query[Filters]):
    return _filtered(request.auth, filters)


@router.get("/alerts/export.xlsx", summary="导出预警清单（Excel，按数据权限）")
def export_alerts(request, filters: Query[Filters]):
    if not has_role(request.auth, *policies.ALERT_ROLES):
        raise PermissionDenied("只有处置预警的角色可以导出预警清单")  # the 三员 export nothing, not even an empty file
    qs = _filtered(request.auth, filters)
    content = actions.export_alerts(request.auth, qs, filters=filters.model_dump(exclude_none=True))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="alerts-{stamp}.xlsx"'
    return response


@router.get("/alerts/{int:alert_id}", response=AlertDetail, summary="预警详情：证据、规则依据、参数、期限、历史")
def get_alert(request, alert_id: int):
    alert = _visible(request, alert_id)
    return alert


@router.post("/alerts/{int:alert_id}/answer", response={200: AlertDetail, 400: Problem, 403: Problem},
             summary="答复预警（情况说明 / 整改 / 误报）")
def answer_alert(request, alert_id: int, kind: Form[str], text: Form[str] = "", attachment: UploadedFile | None = File(None)):
    alert = _visible(request, alert_id)
    actions.answer_alert(request.auth, alert, kind=kind, text=text, attachment=attachment)
    return alert


@router.post("/alerts/{int:alert_id}/verify", response={200: AlertDetail, 400: Problem, 403: Problem},
             summary="核查答复：通过则销号，退回则重新计时")
def verify_alert(request, alert_id: int, accept: Form[bool], verdict: Form[str] = "", text: Form[str] = ""):
    alert = _visible(request, alert_id)
    actions.verify_alert(request.auth, alert, accept=accept, verdict=verdict, text=text)
    return alert


@router.get("/alerts/{int:alert_id}/responses/{int:response_id}/attachment", summary="下载答复附件")
def download_attachment(request, alert_id: int, response_id: int):
    alert = _visible(request, alert_id)
    response = get_object_or_404(alert.responses.exclude(attachment=""), pk=response_id)
    name = response.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(response.attachment.open("rb"), as_attachment=True, filename=name)


class RulePrecisionOut(Schema):
    rule_id: str
    title: str
    alerts: int
    answered: int
    verified: int
    confirmed: int
    false_positive: int
    precision: float | None


@router.get("/stats/rules", response=list[RulePrecisionOut], summary="各规则命中与准确率（确认 ÷ 已核查）")
def rule_stats(request):
    return stats.precision_by_rule(policies.visible_alerts(request.auth))


@router.get("/public/stats", auth=None, summary="公开统计（汇总数据，不含个人信息）")
def public_stats(request):
    return stats.public_summary()
