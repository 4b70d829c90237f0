"""Every change to disclosure cases. Each action checks permission (disclosure.policies), runs in one
transaction and appends one ledger event. Applicant names and contacts never enter the ledger. Only trusted
code (a string actor) may pass ``at``."""

import hashlib
import secrets
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import crypto, ledger
from qingfeng.core.models import Department

from . import answers, budgets, catalogue, clocks, fees, policies
from .models import BudgetDisclosure, BudgetKind, DisclosureRequest, Exemption, Status
from .regulation import ApplicantKind, Article, Channel, Decision

# Answers that rest on an article of 第十四—十六条 and must name it.
NEEDS_ARTICLE = (Decision.REFUSE, Decision.PARTIAL)
# Answers that hand information over and may carry a fee.
PROVIDES = (Decision.DISCLOSE, Decision.PARTIAL)


def _name(actor) -> str:
    return "system" if actor is None else actor if isinstance(actor, str) else actor.get_username()


def _now(actor, at):
    if at is not None and not policies.is_system(actor):
        raise PermissionDenied("只有系统程序可以指定操作时间")
    return at or timezone.now()


def _text(text, limit, label) -> str:
    text = strip_tags(text or "").strip()
    if not text:
        raise ValidationError(f"{label}不能为空")
    return text[:limit]


def _iso(dt):
    return dt.isoformat() if dt else None


# ------------------------------------------------------------------------------------------ exemptions


@transaction.atomic
def exempt_item(actor, *, dataset: str, item_key: str, article: str, reason: str, department=None,
                at: datetime | None = None) -> Exemption:
    """Withhold one item of a published dataset on an article of the regulation, as ``department``'s decision
    (default: the decider's only department; None for a whole-city supervisor: city-wide)."""
    now = _now(actor, at)
    if not policies.may_exempt(actor):
        raise PermissionDenied("只有部门负责人或纪检监察人员可以决定不予公开")
    department_id = department.pk if department is not None else policies.own_department_id(actor)
    if not policies.may_exempt_for(actor, department_id):
        raise PermissionDenied("只能为本部门的数据决定不予公开；全市范围的由全市纪检监察人员决定")
    if catalogue.get(dataset) is None:
        raise ValidationError(f"未登记的公开数据集 {dataset!r}")
    if article not in Article.values:
        raise ValidationError("不予公开须选择条例的具体条款")
    item_key = _text(item_key, 200, "条目")
    if Exemption.objects.filter(dataset=dataset, item_key=item_key, revoked_at__isnull=True).exists():
        raise ValidationError("该条目已不予公开")
    ex = Exemption.objects.create(dataset=dataset, item_key=item_key, article=article, reason=_text(reason, 2000, "理由"),
                                  department_id=department_id, decided_by=_name(actor), decided_at=now)
    ledger.append(actor, "disclosure.exempted", ex, data={"dataset": dataset, "item": item_key, "article": article,
                                                          "department": department_id})
    return ex


@transaction.atomic
def revoke_exemption(actor, ex: Exemption, *, at: datetime | None = None) -> Exemption:
    now = _now(actor, at)
    ex = Exemption.objects.select_for_update().get(pk=ex.pk)
    if not policies.may_exempt_for(actor, ex.department_id):
        raise PermissionDenied("无权撤销：只能撤销本部门的决定；全市范围的由全市纪检监察人员撤销")
    if ex.revoked_at:
        raise ValidationError("已撤销")
    ex.revoked_by, ex.revoked_at = _name(actor), now
    ex.save(update_fields=["revoked_by", "revoked_at"])
    ledger.append(actor, "disclosure.exemption_revoked", ex, data={"dataset": ex.dataset, "item": ex.item_key})
    return ex


# ------------------------------------------------------------------------------- budgets and accounts


@transaction.atomic
def record_approval(actor, *, department: Department, year: int, kind: str, approved_on: date, document_no: str = "",
                    at: datetime | None = None) -> BudgetDisclosure:
    """The finance bureau approved (批复) a department's budget or final accounts: the 20-day clock starts."""
    now = _now(actor, at)
    if not policies.may_record_approval(actor):
        raise PermissionDenied("只有数据管理员可以登记预决算批复")
    if kind not in BudgetKind.values:
        raise ValidationError(f"未知类别 {kind!r}")
    if approved_on > timezone.localdate(now):
        raise ValidationError("批复日期不能晚于今天")
    if BudgetDisclosure.objects.filter(department=department, year=year, kind=kind).exists():
        raise ValidationError("该部门该年度的批复已登记")
    bd = BudgetDisclosure.objects.create(department=department, year=year, kind=kind, approved_on=approved_on,
                                         document_no=(document_no or "")[:64], recorded_by=_name(actor), recorded_at=now,
                                         publish_due_at=clocks.budget_publish_due(approved_on))
    ledger.append(actor, "disclosure.budget_approved", bd, data={"department": department.code, "year": year, "kind": kind,
                                                                 "approved_on": approved_on.isoformat(),
                                                                 "publish_due_at": _iso(bd.publish_due_at)})
    return bd


@transaction.atomic
def publish_budget(actor, bd: BudgetDisclosure, *, at: datetime | None = None) -> BudgetDisclosure:
    """Publish with the figures read from the finance records now (frozen from then on)."""
    now = _now(actor, at)
    bd = BudgetDisclosure.objects.select_for_update().select_related("department").get(pk=bd.pk)
    if not policies.works_for(actor, bd.department_id):
        raise PermissionDenied("只有本部门可以公开本部门预决算")
    if bd.published_at:
        raise ValidationError("已公开")
    bd.figures = budgets.figures(bd.department.code, bd.year, bd.kind)
    bd.published_at, bd.published_by = now, _name(actor)
    bd.save(update_fields=["figures", "published_at", "published_by"])
    ledger.append(actor, "disclosure.budget_published", bd, data={
        "department": bd.department.code, "year": bd.year, "kind": bd.kind, "late": now > bd.publish_due_at,
        "figures_sha256": hashlib.sha256(repr(sorted(bd.figures.items())).encode()).hexdigest()})
    return bd


# ---------------------------------------------------------------------------------------- requests


TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def request_by_tracking_code(code: str) -> DisclosureRequest | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return DisclosureRequest.objects.filter(tracking_hash=crypto.keyed_hash(code)).select_related("department").first()


def _locked(req: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.select_for_update(of=("self",)).select_related("department").get(pk=req.pk)


def _event(actor, action, req, old, **data):
    ledger.append(actor, action, req, data={"number": req.number, "department": req.department.code, "old_status": old,
                                            "new_status": req.status, "due_at": _iso(req.due_at), **data})


def _worker(actor, req):
    if not policies.works_for(actor, req.department_id):
        raise PermissionDenied("只有受理机关可以办理该申请")


@transaction.atomic
def register_request(actor, *, department: Department, channel: str, received_at: datetime, applicant_kind: str,
                     applicant_name: str, description: str, contact: str = "", applicant_id: str = "",
                     tracking: bool = False, at: datetime | None = None) -> DisclosureRequest:
    """Register a written request (第二十九条). ``received_at`` is the receipt day of 第三十一条 for its channel.
    With ``tracking`` the applicant gets a code (``req.tracking_code``, shown once; only its hash is kept)."""
    now = _now(actor, at)
    if not policies.works_for(actor, department.pk):
        raise PermissionDenied("只有受理机关可以登记申请")
    if channel not in Channel.values or applicant_kind not in ApplicantKind.values:
        raise ValidationError("提交方式或申请人类型无效")
    if received_at > now:
        raise ValidationError("收到申请时间不能晚于登记时间")
    name = _text(applicant_name, 200, "申请人")
    contact = "".join(ch for ch in (contact or "") if ch.isdigit())
    masked = f"{contact[:3]}****{contact[-4:]}" if len(contact) >= 7 else ""
    req = DisclosureRequest.objects.create(
        number=f"YSQ{timezone.localtime(now):%Y%m%d%H%M%S%f}"[:24], department=department, channel=channel,
        received_at=received_at, applicant_kind=applicant_kind, applicant_name=name, applicant_contact_masked=masked,
        applicant_key=crypto.keyed_hash(f"{applicant_id or name}"), description=_text(description, 4000, "申请内容"),
        correction_due_at=clocks.correction_due(received_at), recorded_by=_name(actor))
    req.number = f"YSQ{timezone.localtime(received_at):%Y}{req.pk:06d}"
    req.due_at = clocks.answer_due(req)
    code = new_tracking_code() if tracking else ""
    req.tracking_hash = crypto.keyed_hash(code) if code else ""
    req.save(update_fields=["number", "due_at", "tracking_hash"])
    req.tracking_code = code
    _event(actor, "disclosure.request_registered", req, "", channel=channel, applicant_kind=applicant_kind,
           received_at=_iso(received_at))
    return req


@transaction.atomic
def ask_correction(actor, req: DisclosureRequest, *, note: str, at: datetime | None = None) -> DisclosureRequest:
    """一次性告知补正 (第三十条): once, and the answer clock waits for the correction."""
    now = _now(actor, at)
    req = _locked(req)
    _worker(actor, req)
    if req.status != Status.RECEIVED or req.correction_asked_at or req.third_party_sent_at:
        raise ValidationError("补正只能在受理后、征求意见前一次性告知")
    old = req.status
    req.correction_asked_at, req.correction_note, req.status = now, _text(note, 2000, "补正事项"), Status.CORRECTION
    req.due_at = clocks.answer_due(req)
    req.save()
    _event(actor, "disclosure.correction_asked", req, old, late=now > req.correction_due_at)
    return req


@transaction.atomic
def receive_correction(actor, req: DisclosureRequest, *, at: datetime | None = None) -> DisclosureRequest:
    now = _now(actor, at)
    req = _locked(req)
    _worker(actor, req)
    if req.status != Status.CORRECTION:
        raise ValidationError("该申请不在待补正状态")
    old = req.status
    req.correction_received_at, req.status = now, Status.RECEIVED
    req.due_at = clocks.answer_due(req)
    req.save()
    _event(actor, "disclosure.correction_received", req, old)
    return req


@transaction.atomic
def consult_third_party(actor, req: DisclosureRequest, *, at: datetime | None = None) -> DisclosureRequest:
    """第三十二条: the third party has 15 working days; that time does not count against the answer."""
    now = _now(actor, at)
    req = _locked(req)
    _worker(actor, req)
    if req.status != Status.RECEIVED or req.third_party_sent_at:
        raise ValidationError("只有办理中的申请可以征求第三方意见，且只征求一次")
    if req.due_at and now > req.due_at:
        raise ValidationError("答复期限已过，不能再以征求意见中止计时")
    old = req.status
    req.third_party_sent_at, req.status = now, Status.THIRD_PARTY
    req.third_party_due_at = clocks.third_party_due(now)
    req.due_at = clocks.answer_due(req)
    req.save()
    _event(actor, "disclosure.third_party_consulted", req, old, third_party_due_at=_iso(req.third_party_due_at))
    return req


@transaction.atomic
def record_third_party_reply(actor, req: DisclosureRequest, *, objects: bool, at: datetime | None = None) -> DisclosureRequest:
    """The third party's opinion (or its silence, recorded when the 15 days have run out)."""
    now = _now(actor, at)
    req = _locked(req)
    _worker(actor, req)
    if req.status != Status.THIRD_PARTY:
        raise ValidationError("该申请未在征求第三方意见")
    old = req.status
    req.third_party_replied_at = min(now, req.third_party_due_at)
    req.third_party_objects, req.status = bool(objects), Status.RECEIVED
    req.due_at = clocks.answer_due(req)
    req.save()
    _event(actor, "disclosure.third_party_replied", req, old, objects=bool(objects))
    return req


@transaction.atomic
def extend_request(actor, req: DisclosureRequest, *, reason: str, at: datetime | None = None) -> DisclosureRequest:
    """One extension of up to 20 working days, approved and notified before the deadline (第三十三条)."""
    now = _now(actor, at)
    req = _locked(req)
    _worker(actor, req)
    if req.status == Status.ANSWERED or req.extended_at:
        raise ValidationError("已答复或已延期的申请不能再延期")
    if req.due_at is None or now > req.due_at:
        raise ValidationError("只能在答复期限届满前延期（逾期后申请延期按逾期处理）")
    old = req.status
    req.extended_at, req.extension_reason = now, _text(reason, 2000, "延期理由")
    req.due_at = clocks.answer_due(req)
    req.save()
    _event(actor, "disclosure.extended", req, old)
    return req


def requests_this_month(req: DisclosureRequest) -> int:
    """The rank of ``req`` among its applicant's requests received in the same natural month (按件计收)."""
    local = timezone.localtime(req.received_at)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return DisclosureRequest.objects.filter(applicant_key=req.applicant_key, received_at__gte=first,
                                            received_at__lte=req.received_at).count()


@transaction.atomic
def answer_request(actor, req: DisclosureRequest, *, decision: str, article: str = "", other_agency: str = "",
                   pages: int = 0, fee_method: str = "none", at: datetime | None = None) -> DisclosureRequest:
    now = _now(actor, at)
    req = _locked(req)
    _worker(actor, req)
    if req.status == Status.ANSWERED:
        raise ValidationError("该申请已答复")
    if decision not in Decision.values:
        raise ValidationError(f"未知答复类型 {decision!r}")
    if decision in NEEDS_ARTICLE and article not in Article.values:
        raise ValidationError("不予公开或部分公开须引用条例的具体条款")
    if decision == Decision.CORRECTION_LAPSED and req.status != Status.CORRECTION:
        raise ValidationError("未告知补正的申请不能按逾期不补正处理")
    if req.status == Status.CORRECTION and decision not in (Decision.CORRECTION_LAPSED, Decision.WITHDRAWN):
        raise ValidationError("申请人补正前只能按逾期不补正或撤回处理")
    fee = Decimal(0)
    if decision in PROVIDES and fee_method == "per_request":
        fee = fees.per_request(requests_this_month(req)).amount
    elif decision in PROVIDES and fee_method == "per_page":
        fee = fees.per_page(int(pages)).amount
    else:
        fee_method = "none"
    old = req.status
    req.decision, req.article = decision, article if decision in NEEDS_ARTICLE else ""
    req.pages, req.fee_method, req.fee = int(pages or 0), fee_method, fee
    req.answer_text = answers.render(req, decision, article=req.article, other_agency=other_agency, fee=fee or None, at=now)
    req.answered_at, req.status = now, Status.ANSWERED
    req.save()
    _event(actor, "disclosure.answered", req, old, decision=decision, article=req.article, fee=str(fee),
           late=req.due_at is not None and now > req.due_at,
           letter_sha256=hashlib.sha256(req.answer_text.encode()).hexdigest())
    return req


