"""Every change to enterprise service. Each action checks permission (enterprise.policies), runs in one
transaction and appends one ledger event. Enterprise requests are tickets: raising one submits and dispatches a
ticket through tickets.actions (the ticket's own ledger events follow), and the department answers it on the
ticket's page. Only trusted code (a string actor) may pass ``at``/backdated dates."""

import hashlib
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import ledger
from qingfeng.core.models import Department, Person

from . import policies
from .models import STAGE_ORDER, Category, Enterprise, EnterpriseRequest, Milestone, Pairing, Project, Stage, Visit
from .parameters import REQUEST_SERVICE, REQUEST_TIER

# The ticket actions run as this trusted actor; the enterprise event names the real user.
SERVICE_DESK = "enterprise-service"


def _name(actor) -> str:
    return "system" if actor is None else actor if isinstance(actor, str) else actor.get_username()


def _now(actor, at):
    if at is not None and not policies.is_system(actor):
        raise PermissionDenied("只有系统程序可以指定操作时间")
    return at or timezone.now()


def _text(text, limit, label):
    text = strip_tags(text or "").strip()
    if not text:
        raise ValidationError(f"{label}不能为空")
    return text[:limit]


def _sha(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def _registry(actor):
    if not policies.keeps_registry(actor):
        raise PermissionDenied("只有督查人员可以维护重点企业、项目和包联关系")


@transaction.atomic
def register_enterprise(actor, *, name: str, credit_code: str, industry: str = "", group: str = "",
                        is_key: bool = True) -> Enterprise:
    _registry(actor)
    code = (credit_code or "").strip().upper()
    if len(code) != 18 or not code.isalnum():
        raise ValidationError("统一社会信用代码应为 18 位字母或数字")
    if Enterprise.objects.filter(credit_code=code).exists():
        raise ValidationError("该企业已登记")
    e = Enterprise.objects.create(name=_text(name, 200, "企业名称"), credit_code=code, industry=strip_tags(industry)[:64],
                                  group=strip_tags(group)[:64], is_key=is_key, registered_by=_name(actor))
    ledger.append(actor, "enterprise.registered", e, data={"credit_code": code, "group": e.group, "is_key": is_key})
    return e


@transaction.atomic
def register_project(actor, *, enterprise: Enterprise, name: str, department: Department, signed_on: date,
                     investment=0, number: str = "") -> Project:
    """A project enters the timeline at signing (the first milestone, reached on the signing day)."""
    _registry(actor)
    if signed_on > timezone.localdate():
        raise ValidationError("签约日期不能晚于今天")
    p = Project.objects.create(number=number or f"XM{timezone.localtime():%Y%m%d%H%M%S%f}"[:32],
                               name=_text(name, 200, "项目名称"), enterprise=enterprise, investment=investment,
                               department=department, signed_on=signed_on, registered_by=_name(actor))
    if not number:
        p.number = f"XM{signed_on:%Y}{p.pk:05d}"
        p.save(update_fields=["number"])
    Milestone.objects.create(project=p, stage=Stage.SIGNING, title="签约", department=department, started_on=signed_on,
                             reached_on=signed_on, recorded_by=_name(actor))
    ledger.append(actor, "enterprise.project_registered", p, data={"number": p.number, "enterprise": enterprise.credit_code,
                                                                   "department": department.code,
                                                                   "signed_on": signed_on.isoformat()})
    return p


@transaction.atomic
def pair(actor, *, leader: Person, department: Department, enterprise: Enterprise, project: Project | None = None,
         since: date | None = None) -> Pairing:
    _registry(actor)
    if project is not None and project.enterprise_id != enterprise.pk:
        raise ValidationError("项目不属于该企业")
    if Pairing.objects.filter(leader=leader, enterprise=enterprise, project=project, active=True).exists():
        raise ValidationError("该领导已包联此企业（项目）")
    p = Pairing.objects.create(leader=leader, department=department, enterprise=enterprise, project=project,
                               since=since or timezone.localdate(), paired_by=_name(actor))
    ledger.append(actor, "enterprise.paired", p, data={"leader": leader.staff_no, "department": department.code,
                                                       "enterprise": enterprise.credit_code,
                                                       "project": project.number if project else None,
                                                       "since": p.since.isoformat()})
    return p


@transaction.atomic
def record_visit(actor, pairing: Pairing, *, visited_on: date, summary: str) -> Visit:
    if not policies.serves_pairing(actor, pairing):
        raise PermissionDenied("只有包联领导可以登记走访")
    if visited_on > timezone.localdate() or visited_on < pairing.since:
        raise ValidationError("走访日期应在包联起始日与今天之间")
    summary = _text(summary, 4000, "走访情况")
    v = Visit.objects.create(pairing=pairing, visited_on=visited_on, summary=summary, by=_name(actor))
    ledger.append(actor, "enterprise.visited", v, data={"pairing": pairing.pk, "enterprise": pairing.enterprise.credit_code,
                                                        "visited_on": visited_on.isoformat(), "text_sha256": _sha(summary)})
    return v


@transaction.atomic
def raise_request(actor, pairing: Pairing, *, title: str, description: str, department: Department,
                  category: str = Category.REQUEST, project: Project | None = None, visit: Visit | None = None,
                  at: datetime | None = None) -> EnterpriseRequest:
    """The paired leader raises the enterprise's request (or complaint) and sends it to the responsible
    department: a ticket flagged as an enterprise matter, dispatched at once with the ticket ladder's deadline."""
    from qingfeng.tickets import actions as tickets
    from qingfeng.tickets.models import Kind, Service

    now = _now(actor, at)
    if not policies.serves_pairing(actor, pairing):
        raise PermissionDenied("只有包联领导可以代企业提出诉求")
    if category not in Category.values:
        raise ValidationError(f"未知类别 {category!r}")
    if project is not None and project.enterprise_id != pairing.enterprise_id:
        raise ValidationError("项目不属于该企业")
    if visit is not None and visit.pairing_id != pairing.pk:
        raise ValidationError("走访记录不属于该包联关系")
    service = Service.objects.filter(code=REQUEST_SERVICE.value(), active=True).first()
    if service is None:
        raise ValidationError(f"工单类别 {REQUEST_SERVICE.value()} 不存在或已停用")
    kind = Kind.REQUEST if category == Category.REQUEST else Kind.COMPLAINT
    ticket = tickets.submit_ticket(SERVICE_DESK, title=title, description=description, route=False, service=service,
                                   kind=kind, name=pairing.enterprise.name, submitter="enterprise", channel="enterprise",
                                   at=now)
    tickets.dispatch_ticket(SERVICE_DESK, ticket, department, tier=REQUEST_TIER.value(), at=now,
                            note=f"包联领导 {_name(actor)} 代{pairing.enterprise.name}提出")
    req = EnterpriseRequest.objects.create(ticket=ticket, enterprise=pairing.enterprise, project=project or pairing.project,
                                           visit=visit, category=category, raised_by=_name(actor))
    ledger.append(actor, "enterprise.request_raised", req, data={
        "ticket": ticket.number, "enterprise": pairing.enterprise.credit_code, "category": category,
        "department": department.code, "pairing": pairing.pk})
    return req


@transaction.atomic
def open_milestone(actor, project: Project, *, stage: str, title: str, department: Department,
                   started_on: date | None = None, approval_case=None) -> Milestone:
    """The work of a stage is asked of the holding department (an application filed, a permit applied for)."""
    if stage not in STAGE_ORDER or stage == Stage.SIGNING:
        raise ValidationError(f"未知阶段 {stage!r}")
    if not policies.keeps_milestone(actor, project, department.pk):
        raise PermissionDenied("无权登记该项目的进度")
    if approval_case is not None:
        if stage != Stage.PERMIT and stage != Stage.APPROVAL:
            raise ValidationError("只有立项和办证可以关联审批办件")
        if Milestone.objects.filter(approval_case=approval_case).exists():
            raise ValidationError("该办件已关联到其他项目节点")
        department = approval_case.department
        started_on = timezone.localtime(approval_case.received_at).date()
    started_on = started_on or timezone.localdate()
    if started_on < project.signed_on:
        raise ValidationError("节点开始日期不能早于签约日期")
    m = Milestone.objects.create(project=project, stage=stage, title=_text(title, 200, "事项"), department=department,
                                 approval_case=approval_case, started_on=started_on, recorded_by=_name(actor))
    ledger.append(actor, "enterprise.milestone_opened", m, data={
        "project": project.number, "stage": stage, "department": department.code, "started_on": started_on.isoformat(),
        "approval_case": approval_case.number if approval_case else None})
    return m


@transaction.atomic
def reach_milestone(actor, milestone: Milestone, *, reached_on: date | None = None) -> Milestone:
    m = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    if not policies.keeps_milestone(actor, m.project, m.department_id):
        raise PermissionDenied("无权登记该项目的进度")
    if m.approval_case_id:
        raise ValidationError("关联审批办件的节点以办件的决定日期为准，不能手工登记")
    if m.reached_on is not None:
        raise ValidationError("该节点已完成")
    reached_on = reached_on or timezone.localdate()
    if reached_on < m.started_on or reached_on > timezone.localdate():
        raise ValidationError("完成日期应在开始日期与今天之间")
    m.reached_on = reached_on
    m.save(update_fields=["reached_on"])
    ledger.append(actor, "enterprise.milestone_reached", m, data={"project": m.project.number, "stage": m.stage,
                                                                  "reached_on": reached_on.isoformat()})
    return m
