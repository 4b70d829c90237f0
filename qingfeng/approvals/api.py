"""The approvals API (django-ninja, OpenAPI at /approvals/api/docs): other approval systems push case events
into the warehouse (data stewards' session, CSRF on writes), staff read cases in their scope with their clocks,
and anyone reads the power list in force and the per-item statistics. A case outside the user's scope is a
404, exactly like one that does not exist."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from qingfeng.records.errors import ImportError_
from qingfeng.records.imports import import_rows

from . import policies, powerlist, queries, statistics
from .events import clock_for_case

api = NinjaAPI(title="清风 行政审批电子监察 API", version="1", auth=django_auth, urls_namespace="approvals-api",
               description="外部审批系统推送办件事件；工作人员按数据权限查询办件与时钟；公众查询权力清单与事项统计。")


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "无权执行该操作"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": "；".join(exc.messages)}, status=400)


@api.exception_handler(ImportError_)
def unusable(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


class EventsIn(Schema):
    source_name: str
    events: list[dict]


@api.post("/events", tags=["events"], summary="推送外部审批系统的办件事件（导入仓库，原子、幂等）")
def push_events(request, payload: EventsIn):
    """Each event is a mapping of the contract's columns (English names or their Chinese labels). The batch is
    loaded or rejected row by row with reasons; the same content twice is one batch."""
    if not payload.events:
        raise ValidationError("没有事件")
    headers = sorted({k for e in payload.events for k in e})
    rows = [{h: e.get(h) for h in headers} for e in payload.events]
    report = import_rows(rows, "approval_events_external", source_name=payload.source_name[:200], actor=request.auth)
    return report.as_dict()


class StepOut(Schema):
    code: str
    name: str
    days: int
    started_at: datetime
    finished_at: datetime | None
    due_at: datetime | None
    overrun: bool


class ClockOut(Schema):
    state: str
    start_at: datetime | None
    deemed_accepted: bool
    due_at: datetime | None
    statutory_due_at: datetime | None
    provisional: bool
    suspended: bool
    extension_days: int
    late_extensions: int
    prompt_at: datetime | None
    yellow_at: datetime | None
    delivery_due_at: datetime | None
    steps: list[StepOut]


class CaseOut(Schema):
    number: str
    item_code: str
    item_name: str
    department: str
    status: str
    status_label: str
    received_at: datetime
    due_at: datetime | None
    decision: str


def _case_out(case) -> dict:
    return {"number": case.number, "item_code": case.item.code, "item_name": case.version.name, "department": case.department.name,
            "status": case.status, "status_label": str(case.get_status_display()), "received_at": case.received_at,
            "due_at": case.due_at, "decision": case.decision}


@api.get("/cases", response=list[CaseOut], tags=["cases"], summary="办件列表（按数据权限）")
def cases(request, status: str = "", limit: int = 100):
    qs = policies.visible_cases(request.auth).select_related("item", "version", "department")
    if status:
        qs = qs.filter(status=status)
    return [_case_out(c) for c in qs[:max(1, min(limit, 1000))]]


class CaseDetailOut(CaseOut):
    clock: ClockOut
    events: list[dict]


@api.get("/cases/{number}", response=CaseDetailOut, tags=["cases"], summary="办件详情与时钟")
def case_detail(request, number: str):
    case = get_object_or_404(policies.visible_cases(request.auth).select_related("item", "version", "department"), number=number)
    clock = clock_for_case(case)
    steps = [{"code": s.code, "name": s.name, "days": s.days, "started_at": s.started_at, "finished_at": s.finished_at,
              "due_at": s.due_at, "overrun": s.overrun(clock.as_of)} for s in clock.steps]
    return {**_case_out(case), "clock": {**{k: getattr(clock, k) for k in (
        "state", "start_at", "deemed_accepted", "due_at", "statutory_due_at", "provisional", "suspended", "extension_days",
        "late_extensions", "prompt_at", "yellow_at", "delivery_due_at")}, "steps": steps},
        "events": [{"kind": e.kind, "step": e.step, "occurred_at": e.occurred_at, "staff_no": e.staff_no,
                    "acting_for": e.acting_for} for e in case.events.all()]}


class ItemOut(Schema):
    code: str
    name: str
    department: str
    power_type: str
    case_type: str
    statutory_days: int
    committed_days: int
    extension_days: int
    version: int
    effective_from: date
    flags: list[str]
    materials: list[dict]
    fees: list[dict]
    intermediaries: list[dict]
    bases: list[dict]


@api.get("/public/items", auth=None, response=list[ItemOut], tags=["public"], summary="现行权力清单")
def public_items(request):
    return [{"code": v.item.code, "name": v.name, "department": v.item.department.name, "power_type": v.power_type,
             "case_type": v.case_type, "statutory_days": v.statutory_days, "committed_days": v.committed_days,
             "extension_days": v.extension_days, "version": v.number, "effective_from": v.effective_from,
             "flags": powerlist.flag_labels(v.flags), "materials": v.materials, "fees": v.fees,
             "intermediaries": v.intermediaries, "bases": v.bases} for v in queries.current_list()]


@api.get("/public/stats", auth=None, tags=["public"], summary="各事项办件统计（汇总，不含个人信息）")
def public_stats(request):
    return [{"item_code": f.item_code, "name": f.name, "department": f.department, "statutory_days": f.statutory_days,
             "committed_days": f.committed_days, "received": f.received, "decided": f.decided, "open": f.open,
             "average_days": f.average_days, "overdue_share": f.overdue_share} for f in statistics.item_statistics()]
