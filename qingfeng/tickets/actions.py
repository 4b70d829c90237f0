"""Every change to a ticket, a tip-off, the responsibility list and the Open311 keys. Each action checks
permission (tickets.policies) and the transition (tickets.lifecycle), runs in one transaction and appends
one ledger event. A string actor is trusted code (the router, the CLI, the demo, the public portal acting
for an anonymous citizen), and only trusted code may pass ``at`` (a backdated time, for imports and the
demo); the web and the API always pass the user.

Ledger events never carry a citizen's or reporter's text or identity: only hashes and codes.
"""

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import crypto, deadlines, ledger
from qingfeng.core.models import Department, Role

from . import lifecycle, policies, repeats
from .models import (
    ApiKey,
    Attachment,
    BadRatingCase,
    Kind,
    Request,
    Resolution,
    Responsibility,
    Satisfaction,
    Service,
    Status,
    Step,
    Ticket,
    Tier,
    TipOff,
    TipOffNote,
    TipOffReader,
)
from .parameters import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    BAD_FOLLOW_UP_DAYS,
    BAD_RECTIFY_DAYS,
    BOUNCE_WINDOW_DAYS,
    BOUNCES_BEFORE_ARBITRATION,
    SIGN_FOR_HOURS,
    TIME_LADDER,
    TIPOFF_DEADLINE_DAYS,
)

ROUTER = "router"


def _name(actor) -> str:
    if actor is None:
        return "system"
    return actor if isinstance(actor, str) else actor.get_username()


def _now(actor, at: datetime | None) -> datetime:
    if at is not None and not policies.is_system(actor):
        raise PermissionDenied("只有系统程序可以指定操作时间")
    return at or timezone.now()


def _sha(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def _iso(dt):
    return dt.isoformat() if dt else None


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update(of=("self",)).select_related("department", "service").get(pk=ticket.pk)


def _step(ticket, kind, by, text="", at=None, department=None):
    return Step.objects.create(ticket=ticket, kind=kind, by=by, text=text, at=at or timezone.now(), department=department)


def _event(actor, action, ticket, old_status, **data):
    ledger.append(actor, action, ticket, data={"number": ticket.number, "old_status": old_status,
                                               "new_status": ticket.status, **data})


def clean_text(text: str, limit: int, label: str) -> str:
    text = strip_tags(text or "").strip()
    if not text:
        raise ValidationError(f"{label}不能为空")
    if len(text) > limit:
        raise ValidationError(f"{label}不能超过 {limit} 字")
    return text


def check_attachment(upload) -> str:
    ext = Path(upload.name or "").suffix.lower()
    allowed = tuple(ATTACHMENT_EXTENSIONS.value())
    if ext not in allowed:
        raise ValidationError(f"附件类型 {ext or '（无扩展名）'} 不被接受；可上传：{' '.join(allowed)}")
    if upload.size is not None and upload.size > int(ATTACHMENT_MAX_BYTES.value()):
        raise ValidationError(f"附件超过 {int(ATTACHMENT_MAX_BYTES.value()) // (1024 * 1024)} MB 上限")
    h = hashlib.sha256()
    for chunk in upload.chunks():
        h.update(chunk)
    upload.seek(0)
    return h.hexdigest()


def rung(tier: str) -> dict:
    ladder = TIME_LADDER.value()
    if tier not in ladder:
        raise ValidationError(f"时限阶梯中没有“{tier}”档")
    return ladder[tier]


def tier_for(service: Service, kind: str) -> str:
    if service.tier in (Tier.URGENT, Tier.UTILITIES):
        return service.tier
    return Tier.CONSULTATION if kind == Kind.CONSULTATION else service.tier


# --------------------------------------------------------------------------------------------- intake


def submit_ticket(actor, *, title: str, description: str, route: bool = True, **fields) -> Ticket:
    """A citizen's or enterprise's ticket: stored with its contact sealed, linked to an earlier ticket about
    the same matter at the same place, and routed (dispatched at once when the router is confident or the
    matter is a duplicate of a ticket already with a department; otherwise left for the dispatcher).

    The router reads the text before the transaction opens, so the classifier's work never holds the
    database's write lock."""
    from . import router

    proposal = router.propose(title or "", strip_tags(description or "")) if route else None
    return _submit(actor, title=title, description=description, proposal=proposal, **fields)


@transaction.atomic
def _submit(actor, *, service: Service, kind: str, title: str, description: str, address: str = "",
            lat: float | None = None, long: float | None = None, address_id: str = "", name: str = "",
            phone: str = "", email: str = "", submitter: str = "citizen", channel: str = "portal",
            attachments=(), account_id: str = "", media_url: str = "", at: datetime | None = None,
            proposal=None) -> Ticket:
    now = _now(actor, at)
    if kind not in Kind.values:
        raise ValidationError(f"未知的诉求类型 {kind!r}")
    if not service.active:
        raise ValidationError(f"类别“{service.name}”已停用")
    description = clean_text(description, 4000, "诉求内容")
    title = clean_text(title or description[:40], 200, "标题")
    if (lat is None) != (long is None):
        raise ValidationError("经纬度须同时提供")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= long <= 180):
        raise ValidationError("经纬度超出范围")
    digests = [check_attachment(f) for f in attachments]
    ticket = Ticket(service=service, kind=kind, tier=tier_for(service, kind), title=title, description=description,
                    address=strip_tags(address or "").strip()[:255], address_id=address_id[:64], lat=lat, long=long,
                    channel=channel[:16], submitter=submitter if submitter in ("citizen", "enterprise") else "citizen",
                    account_id=account_id[:64], media_url=media_url[:200], received_at=now, updated_at=now)
    ticket.number = "T" + secrets.token_hex(8)  # replaced below once the primary key exists
    ticket.place_key = repeats.place_key(ticket.address)
    contact = {k: v.strip() for k, v in (("name", name), ("phone", phone), ("email", email)) if v and v.strip()}
    if contact:
        ticket.contact_sealed = crypto.seal(json.dumps(contact, ensure_ascii=False), context=f"ticket:{ticket.seal_id}")
    ticket.save()
    ticket.number = f"{timezone.localtime(now):%Y}{ticket.pk:07d}"
    earlier = repeats.find_earlier(ticket)
    link = ""
    if earlier is not None:
        ticket.cluster = earlier.cluster or earlier
        if earlier.is_open or earlier.status == Status.RECEIVED:
            ticket.duplicate_of, link = earlier, "duplicate"
        else:
            ticket.repeat_of, link = earlier, "repeat"
    ticket.save(update_fields=["number", "cluster", "duplicate_of", "repeat_of"])
    for upload, digest in zip(attachments, digests, strict=True):
        Attachment.objects.create(ticket=ticket, file=upload, name=Path(upload.name).name[:255], sha256=digest)
    _step(ticket, Step.Kind.RECEIVED, "citizen" if channel == "portal" else channel, at=now)
    ledger.append(actor, "ticket.received", ticket, data={
        "number": ticket.number, "service": service.code, "kind": kind, "tier": ticket.tier, "channel": ticket.channel,
        "new_status": ticket.status, "text_sha256": _sha(description), "attachments": digests,
        "link": link, "linked_to": earlier.number if earlier else None})
    if link:
        _step(ticket, Step.Kind.LINK, ROUTER, text=f"{'重复件' if link == 'repeat' else '同一事项'}：{earlier.number}", at=now)
    if proposal is not None:
        route_ticket(ROUTER, ticket, at=now, proposal=proposal)
    return ticket


@transaction.atomic
def route_ticket(actor, ticket: Ticket, *, at: datetime | None = None, proposal=None) -> Ticket:
    """Ask the router (unless its proposal is given); dispatch when it is confident (or follow the earlier
    ticket of a duplicate)."""
    from . import router

    now = _now(actor, at)
    locked = _locked(ticket)
    proposal = proposal or router.propose(locked.title, locked.description)
    locked.proposed_category = proposal.category[:64]
    locked.proposed_department_id = proposal.department_id
    locked.route_confidence = proposal.confidence
    locked.save(update_fields=["proposed_category", "proposed_department", "route_confidence"])
    ledger.append(actor, "ticket.routed", locked, data={
        "number": locked.number, "category": proposal.category, "category_confidence": proposal.category_confidence,
        "department": proposal.department_code or None, "confidence": proposal.confidence, "source": proposal.source,
        "keywords": list(proposal.keywords), "confident": proposal.confident})
    target = None
    original = locked.duplicate_of
    if original is not None and original.department_id and original.status in lifecycle.WITH_DEPARTMENT:
        target = original.department
    elif proposal.confident:
        target = Department.objects.get(pk=proposal.department_id)
    if target is not None:
        dispatch_ticket(actor, locked, target, at=now, note="系统按职责清单自动派单" if original is None else "同一事项，随原件派单")
    ticket.refresh_from_db()
    return ticket


# ------------------------------------------------------------------------------------------ handling


def _deadline(ticket: Ticket, start: datetime, extensions=()) -> deadlines.Deadline:
    r = rung(ticket.tier)
    return deadlines.compute(start, int(r["amount"]), r["unit"], deadlines.StartRule.NEXT_DAY
                             if r["unit"] != deadlines.Unit.NATURAL_HOUR else deadlines.StartRule.SAME_DAY,
                             extensions=list(extensions), extension_ceiling=int(r.get("extension_ceiling", 0)))


@transaction.atomic
def dispatch_ticket(actor, ticket: Ticket, department: Department, *, tier: str | None = None, note: str = "",
                    at: datetime | None = None) -> Ticket:
    """Send the ticket to a department. The clock starts now (from dispatch, not from sign-for)."""
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.dispatches(actor, locked):
        raise PermissionDenied("无权派单：只有派单机构（纪检监察/督查人员）可以派单")
    new_status = lifecycle.check("dispatch", locked)
    if tier:
        if tier not in Tier.values:
            raise ValidationError(f"未知的时限档次 {tier!r}")
        locked.tier = tier
    old_status, arbitration = locked.status, locked.status == Status.ARBITRATION
    d = _deadline(locked, now)
    locked.status, locked.department, locked.assignee = new_status, department, None
    locked.dispatched_at, locked.due_at, locked.due_provisional, locked.extended_days = now, d.due, d.provisional, 0
    locked.sign_due_at = now + timedelta(hours=int(SIGN_FOR_HOURS.value()))
    locked.signed_at, locked.updated_at = None, now
    locked.save()
    _step(locked, Step.Kind.ARBITRATE if arbitration else Step.Kind.DISPATCH, _name(actor), text=note, at=now,
          department=department)
    _event(actor, "ticket.arbitrated" if arbitration else "ticket.dispatched", locked, old_status,
           department=department.code, tier=locked.tier, due_at=_iso(d.due), sign_due_at=_iso(locked.sign_due_at),
           due_provisional=d.provisional, note_sha256=_sha(note))
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def sign_ticket(actor, ticket: Ticket, *, at: datetime | None = None) -> Ticket:
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.handles(actor, locked):
        raise PermissionDenied("无权签收：工单不在您的部门")
    old = locked.status
    locked.status = lifecycle.check("sign", locked)
    locked.signed_at = locked.updated_at = now
    if not policies.is_system(actor):
        locked.assignee = policies.person_of(actor)
    locked.save()
    _step(locked, Step.Kind.SIGN, _name(actor), at=now, department=locked.department)
    _event(actor, "ticket.signed", locked, old, department=locked.department.code,
           late=bool(locked.sign_due_at and now > locked.sign_due_at))
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def bounce_ticket(actor, ticket: Ticket, *, reason: str, at: datetime | None = None) -> Ticket:
    """A department returns a wrongly routed ticket, with its reason, within the bounce window. The first
    bounce goes back to the dispatcher; the next goes to arbitration; after arbitration there is no bounce."""
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.handles(actor, locked):
        raise PermissionDenied("无权退单：工单不在您的部门")
    lifecycle.check("bounce", locked)
    reason = clean_text(reason, 1000, "退单理由")
    limit = int(BOUNCES_BEFORE_ARBITRATION.value())
    if locked.bounce_count > limit:
        raise ValidationError("该工单已经裁定承办部门，不能再退单")
    window = int(BOUNCE_WINDOW_DAYS.value())
    last_day = deadlines.compute(locked.dispatched_at, window, deadlines.Unit.WORKING_DAY).due
    if last_day and now > last_day:
        raise ValidationError(f"已超过退单时限（派单后 {window} 个工作日内），请按职责办理或申请延期")
    old, dept = locked.status, locked.department
    locked.bounce_count += 1
    locked.status = Status.ARBITRATION if locked.bounce_count > limit else Status.RECEIVED
    locked.department = locked.assignee = None
    locked.due_at = locked.sign_due_at = locked.signed_at = None
    locked.updated_at = now
    locked.save()
    _step(locked, Step.Kind.BOUNCE, _name(actor), text=reason, at=now, department=dept)
    _event(actor, "ticket.bounced", locked, old, department=dept.code, bounce_count=locked.bounce_count,
           reason_sha256=_sha(reason))
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def request_extension(actor, ticket: Ticket, *, days: int, reason: str, at: datetime | None = None) -> Request:
    """Asked by the department before the deadline; an extension asked after it has passed is refused (the
    ticket is overdue)."""
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.handles(actor, locked):
        raise PermissionDenied("无权申请延期：工单不在您的部门")
    if locked.status not in lifecycle.WITH_DEPARTMENT:
        raise ValidationError("只有办理中的工单可以申请延期")
    if locked.due_at and now > locked.due_at:
        raise ValidationError("已超过办理期限，不能再申请延期（逾期后申请按超时处理）")
    if days <= 0:
        raise ValidationError("延期天数必须为正数")
    ceiling = int(rung(locked.tier).get("extension_ceiling", 0))
    if locked.extended_days + days > ceiling:
        raise ValidationError(f"延期合计不能超过 {ceiling}（本档次上限）")
    reason = clean_text(reason, 1000, "延期理由")
    req = Request.objects.create(ticket=locked, kind=Request.Kind.EXTENSION, days=days, reason=reason,
                                 requested_by=_name(actor), requested_at=now)
    _step(locked, Step.Kind.EXTEND, _name(actor), text=f"申请延期 {days}：{reason}", at=now, department=locked.department)
    ledger.append(actor, "ticket.extension_requested", locked, data={"number": locked.number, "request": req.pk,
                                                                     "days": days, "reason_sha256": _sha(reason)})
    return req


@transaction.atomic
def request_exemption(actor, ticket: Ticket, *, reason: str, at: datetime | None = None) -> Request:
    """An unreasonable demand (outside the law or the government's remit) may be exempted from satisfaction
    scoring — never from handling — after review."""
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.handles(actor, locked):
        raise PermissionDenied("无权申请：工单不在您的部门")
    if locked.requests.filter(kind=Request.Kind.EXEMPTION, state=Request.State.PENDING).exists():
        raise ValidationError("已有待审核的不计满意度申请")
    reason = clean_text(reason, 2000, "申请理由")
    req = Request.objects.create(ticket=locked, kind=Request.Kind.EXEMPTION, reason=reason, requested_by=_name(actor),
                                 requested_at=now)
    _step(locked, Step.Kind.EXEMPT, _name(actor), text=reason, at=now, department=locked.department)
    ledger.append(actor, "ticket.exemption_requested", locked, data={"number": locked.number, "request": req.pk,
                                                                     "reason_sha256": _sha(reason)})
    return req


@transaction.atomic
def review_request(actor, request: Request, *, approve: bool, note: str = "", at: datetime | None = None) -> Request:
    now = _now(actor, at)
    req = Request.objects.select_for_update().get(pk=request.pk)
    locked = _locked(req.ticket)
    if not policies.dispatches(actor, locked):
        raise PermissionDenied("无权审核：只有派单机构可以审核")
    if req.state != Request.State.PENDING:
        raise ValidationError("该申请已审核")
    if not isinstance(actor, str) and req.requested_by == _name(actor):
        raise PermissionDenied("申请人不能审核自己的申请")
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError("不同意须说明理由")
    data = {"number": locked.number, "request": req.pk, "kind": req.kind, "approved": approve}
    if approve and req.kind == Request.Kind.EXTENSION:
        granted = [deadlines.Extension(r.days, r.requested_at) for r in
                   locked.requests.filter(kind=Request.Kind.EXTENSION, state=Request.State.APPROVED)]
        d = _deadline(locked, locked.dispatched_at, granted + [deadlines.Extension(req.days, req.requested_at)])
        if d.refused_extensions:
            raise ValidationError("延期申请提出时已超过办理期限，不能批准")
        old_due = locked.due_at
        locked.due_at, locked.due_provisional, locked.extended_days = d.due, d.provisional, d.granted_extension
        data.update(old_due_at=_iso(old_due), due_at=_iso(d.due))
    if approve and req.kind == Request.Kind.EXEMPTION:
        locked.exempt = True
    locked.updated_at = now
    locked.save()
    req.state = Request.State.APPROVED if approve else Request.State.REJECTED
    req.reviewed_by, req.reviewed_at, req.review_note = _name(actor), now, note
    req.save()
    _step(locked, Step.Kind.EXEMPT_REVIEW if req.kind == Request.Kind.EXEMPTION else Step.Kind.EXTEND, _name(actor),
          text=("同意" if approve else "不同意") + (f"：{note}" if note else ""), at=now)
    ledger.append(actor, "ticket.request_reviewed", locked, data=data)
    return req


@transaction.atomic
def reply_ticket(actor, ticket: Ticket, *, text: str, attachment=None, at: datetime | None = None) -> Ticket:
    """The department's answer to the citizen; the clock stops here."""
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.handles(actor, locked):
        raise PermissionDenied("无权答复：工单不在您的部门")
    old = locked.status
    locked.status = lifecycle.check("reply", locked)
    text = clean_text(text, 4000, "答复内容")
    digest = None
    if attachment is not None:
        digest = check_attachment(attachment)
        Attachment.objects.create(ticket=locked, file=attachment, name=Path(attachment.name).name[:255], sha256=digest,
                                  by_citizen=False)
    locked.reply_text, locked.replied_at, locked.updated_at = text, now, now
    locked.save()
    _step(locked, Step.Kind.REPLY, _name(actor), text=text, at=now, department=locked.department)
    _event(actor, "ticket.replied", locked, old, department=locked.department.code, text_sha256=_sha(text),
           attachment_sha256=digest, overdue=bool(locked.due_at and now > locked.due_at))
    ticket.refresh_from_db()
    return ticket


def _bad_rating_case(ticket: Ticket, now: datetime) -> BadRatingCase:
    follow = deadlines.compute(now, int(BAD_FOLLOW_UP_DAYS.value()), deadlines.Unit.WORKING_DAY).due
    rectify = deadlines.compute(now, int(BAD_RECTIFY_DAYS.value()), deadlines.Unit.WORKING_DAY).due
    return BadRatingCase.objects.create(ticket=ticket, rated_at=now, follow_up_due_at=follow, rectify_due_at=rectify)


def _record_rating(actor, locked: Ticket, satisfaction: int, resolution: str, comment: str, now, how: str) -> None:
    if satisfaction not in Satisfaction.values:
        raise ValidationError("满意度须为 1–5")
    if resolution not in Resolution.values:
        raise ValidationError("请说明问题是否解决")
    if locked.satisfaction is not None:
        raise ValidationError("该工单已评价")
    locked.satisfaction, locked.resolution, locked.rated_at = satisfaction, resolution, now
    locked.save(update_fields=["satisfaction", "resolution", "rated_at"])
    bad = locked.is_bad_rating
    case = _bad_rating_case(locked, now) if bad else None
    _step(locked, Step.Kind.RATE, how, text=f"{Satisfaction(satisfaction).label} · {Resolution(resolution).label}"
          + (f"：{comment}" if comment else ""), at=now)
    ledger.append(actor, "ticket.rated", locked, data={
        "number": locked.number, "satisfaction": satisfaction, "resolution": resolution, "bad": bad,
        "comment_sha256": _sha(comment), "follow_up_due_at": _iso(case.follow_up_due_at) if case else None,
        "rectify_due_at": _iso(case.rectify_due_at) if case else None})


@transaction.atomic
def rate_ticket(actor, ticket: Ticket, *, satisfaction: int, resolution: str, comment: str = "",
                at: datetime | None = None) -> Ticket:
    """The citizen's rating through the tracking code: satisfaction and resolution are separate answers."""
    now = _now(actor, at)
    if not policies.is_system(actor):
        raise PermissionDenied("评价由群众通过查询码提交")
    locked = _locked(ticket)
    lifecycle.check("rate", locked)
    _record_rating(actor, locked, int(satisfaction), resolution, strip_tags(comment or "").strip()[:1000], now, "citizen")
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def follow_up_ticket(actor, ticket: Ticket, *, note: str, satisfaction: int | None = None, resolution: str = "",
                     at: datetime | None = None) -> Ticket:
    """The dispatch centre's follow-up call (回访), recording the citizen's rating if they had not rated."""
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.dispatches(actor, locked):
        raise PermissionDenied("无权回访")
    old = locked.status
    locked.status = lifecycle.check("follow_up", locked)
    note = clean_text(note, 2000, "回访记录")
    locked.followed_up_at = locked.updated_at = now
    locked.save()
    if satisfaction and locked.satisfaction is None:
        _record_rating(actor, locked, int(satisfaction), resolution, "", now, _name(actor))
    _step(locked, Step.Kind.FOLLOW_UP, _name(actor), text=note, at=now)
    _event(actor, "ticket.followed_up", locked, old, note_sha256=_sha(note))
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def close_ticket(actor, ticket: Ticket, *, note: str = "", at: datetime | None = None) -> Ticket:
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.dispatches(actor, locked):
        raise PermissionDenied("无权办结")
    old = locked.status
    locked.status = lifecycle.check("close", locked)
    locked.closed_at = locked.updated_at = now
    locked.save()
    _step(locked, Step.Kind.CLOSE, _name(actor), text=note, at=now)
    _event(actor, "ticket.closed", locked, old, note_sha256=_sha(note))
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def record_bad_rating_step(actor, ticket: Ticket, *, step: str, text: str, at: datetime | None = None) -> BadRatingCase:
    """The department's call-back (step "follow_up") or rectification (step "rectify") after a bad rating."""
    now = _now(actor, at)
    locked = _locked(ticket)
    if not policies.handles(actor, locked):
        raise PermissionDenied("无权办理：工单不在您的部门")
    case = BadRatingCase.objects.select_for_update().filter(ticket=locked).first()
    if case is None:
        raise ValidationError("该工单没有差评")
    text = clean_text(text, 2000, "办理情况")
    if step == "follow_up":
        if case.followed_up_at:
            raise ValidationError("差评回访已记录")
        case.followed_up_at = now
        kind = Step.Kind.BAD_FOLLOW_UP
    elif step == "rectify":
        if case.rectified_at:
            raise ValidationError("整改已记录")
        case.rectified_at = now
        kind = Step.Kind.RECTIFY
    else:
        raise ValidationError(f"未知步骤 {step!r}")
    case.save()
    _step(locked, kind, _name(actor), text=text, at=now, department=locked.department)
    due = case.follow_up_due_at if step == "follow_up" else case.rectify_due_at
    ledger.append(actor, f"ticket.bad_rating_{step}", locked, data={"number": locked.number, "text_sha256": _sha(text),
                                                                    "late": now > due})
    return case


@transaction.atomic
def export_tickets(actor, queryset, *, filters: dict | None = None) -> bytes:
    """The Excel export of a (scoped) queryset: numbers, categories, departments, times and status — never
    a citizen's contact. Recorded in the ledger."""
    from .exports import tickets_xlsx

    content = tickets_xlsx(queryset)
    ledger.append(actor, "tickets.exported", object_type="tickets.ticket", object_id="*", data={
        "rows": queryset.count(), "filters": filters or {}, "sha256": hashlib.sha256(content).hexdigest()})
    return content


def read_contact(actor, ticket: Ticket) -> dict:
    """The citizen's sealed contact, for staff who may see the ticket; every read is ledgered."""
    if not (policies.handles(actor, ticket) or policies.dispatches(actor, ticket)):
        raise PermissionDenied("无权查看联系方式")
    if not ticket.contact_sealed:
        return {}
    ledger.append(actor, "ticket.contact_read", ticket, data={"number": ticket.number})
    return json.loads(crypto.unseal(ticket.contact_sealed, context=f"ticket:{ticket.seal_id}"))


# ------------------------------------------------------------------------------ responsibility list


@transaction.atomic
def set_responsibility(actor, *, department: Department, category: str = "", keywords: str = "") -> Responsibility:
    if not (policies.is_system(actor) or getattr(actor, "is_superuser", False)
            or policies.has_role(actor, Role.DATA_STEWARD)):
        raise PermissionDenied("职责清单由数据管理员维护")
    line, _created = Responsibility.objects.update_or_create(department=department, category=category,
                                                             defaults={"keywords": keywords})
    ledger.append(actor, "ticket.responsibility_set", line, data={"department": department.code, "category": category,
                                                                 "keywords": keywords})
    return line


# ------------------------------------------------------------------------------------ Open311 keys


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_api_key(actor, *, name: str) -> tuple[ApiKey, str]:
    if not policies.manages_api_keys(actor):
        raise PermissionDenied("Open311 客户端密钥由系统管理员管理")
    name = clean_text(name, 128, "客户端名称")
    key = "qf311_" + secrets.token_urlsafe(24)
    row = ApiKey.objects.create(name=name, prefix=key[6:12], key_hash=key_hash(key), created_by=_name(actor))
    ledger.append(actor, "open311.key_issued", row, data={"name": name, "prefix": row.prefix})
    return row, key


@transaction.atomic
def revoke_api_key(actor, row: ApiKey) -> ApiKey:
    if not policies.manages_api_keys(actor):
        raise PermissionDenied("Open311 客户端密钥由系统管理员管理")
    row.active, row.revoked_at = False, timezone.now()
    row.save()
    ledger.append(actor, "open311.key_revoked", row, data={"name": row.name, "prefix": row.prefix})
    return row


def api_key_valid(key: str) -> ApiKey | None:
    if not key:
        return None
    return ApiKey.objects.filter(key_hash=key_hash(key), active=True).first()


# ------------------------------------------------------------------------------------------ tip-offs


def claim_hash(code: str) -> str:
    return crypto.keyed_hash("tipoff-claim:" + (code or "").strip().upper())


@transaction.atomic
def submit_tipoff(actor, *, title: str, description: str, named_department: Department | None = None,
                  named_person: str = "", anonymous: bool = True, name: str = "", id_number: str = "",
                  phone: str = "", contact: str = "", at: datetime | None = None) -> tuple[TipOff, str]:
    """A tip-off through the sealed channel. Returns it and the claim code the reporter follows it with (shown
    once; only its keyed hash is stored). Identity and contact are sealed; an anonymous tip-off keeps none."""
    now = _now(actor, at)
    description = clean_text(description, 8000, "举报内容")
    title = clean_text(title or description[:40], 200, "标题")
    if not anonymous and not (name.strip() and (phone.strip() or contact.strip())):
        raise ValidationError("实名举报请填写姓名和联系方式；也可以选择匿名举报")
    code = "-".join(secrets.token_hex(2).upper() for _i in range(4))
    tip = TipOff(title=title, description=description, named_department=named_department,
                 named_person=strip_tags(named_person or "").strip()[:128], anonymous=anonymous, received_at=now,
                 claim_hash=claim_hash(code), number="J" + secrets.token_hex(8))
    if not anonymous:
        identity = {k: v.strip() for k, v in (("name", name), ("id_number", id_number), ("phone", phone),
                                              ("contact", contact)) if v and v.strip()}
        tip.identity_sealed = crypto.seal(json.dumps(identity, ensure_ascii=False), context=f"tipoff:{tip.seal_id}")
    tip.due_at = deadlines.compute(now, int(TIPOFF_DEADLINE_DAYS.value()), deadlines.Unit.CALENDAR_DAY).due
    tip.save()
    tip.number = f"J{timezone.localtime(now):%Y}{tip.pk:06d}"
    tip.save(update_fields=["number"])
    # No department, person or text in the ledger: only that a sealed tip-off arrived, and its hash.
    ledger.append(actor, "tipoff.received", tip, data={"number": tip.number, "anonymous": anonymous,
                                                       "text_sha256": _sha(description)})
    return tip, code


def tipoff_by_claim(number: str, code: str) -> TipOff | None:
    return TipOff.objects.filter(number=(number or "").strip().upper(), claim_hash=claim_hash(code)).first()


@transaction.atomic
def add_reporter_note(tipoff: TipOff, *, text: str) -> TipOffNote:
    text = clean_text(text, 4000, "补充内容")
    note = TipOffNote.objects.create(tipoff=tipoff, by_reporter=True, by="reporter", text=text)
    ledger.append("reporter", "tipoff.supplemented", tipoff, data={"number": tipoff.number, "text_sha256": _sha(text)})
    return note


@transaction.atomic
def designate_reader(actor, user) -> TipOffReader:
    if not policies.manages_readers(actor):
        raise PermissionDenied("举报查阅人员由安全管理员指定")
    if not policies.has_role(user, Role.SUPERVISOR):
        raise ValidationError("只能指定纪检监察人员查阅举报")
    row, _created = TipOffReader.objects.get_or_create(user=user, defaults={"designated_by": _name(actor)})
    ledger.append(actor, "tipoff.reader_designated", object_type="auth.user", object_id=str(user.pk),
                  data={"user": user.get_username()})
    return row


@transaction.atomic
def revoke_reader(actor, user) -> None:
    if not policies.manages_readers(actor):
        raise PermissionDenied("举报查阅人员由安全管理员指定")
    TipOffReader.objects.filter(user=user).delete()
    ledger.append(actor, "tipoff.reader_revoked", object_type="auth.user", object_id=str(user.pk),
                  data={"user": user.get_username()})


def view_tipoff(actor, tipoff: TipOff) -> TipOff:
    """Opening a tip-off is itself a read of sealed material: ledgered."""
    if not policies.can_read_tipoff(actor, tipoff):
        raise PermissionDenied("无权查看该举报")
    ledger.append(actor, "tipoff.viewed", tipoff, data={"number": tipoff.number})
    return tipoff


@transaction.atomic
def read_identity(actor, tipoff: TipOff) -> dict:
    """The reporter's identity and contact, for a designated reader only; every read is ledgered."""
    if not policies.can_read_tipoff(actor, tipoff):
        raise PermissionDenied("无权查看举报人信息")
    ledger.append(actor, "tipoff.identity_read", tipoff, data={"number": tipoff.number})
    if not tipoff.identity_sealed:
        return {}
    return json.loads(crypto.unseal(tipoff.identity_sealed, context=f"tipoff:{tipoff.seal_id}"))


@transaction.atomic
def handle_tipoff(actor, tipoff: TipOff, *, status: str, note: str, public_note: str = "",
                  at: datetime | None = None) -> TipOff:
    now = _now(actor, at)
    locked = TipOff.objects.select_for_update().get(pk=tipoff.pk)
    if not policies.is_system(actor) and not policies.can_read_tipoff(actor, locked):
        raise PermissionDenied("无权办理该举报")
    if status not in TipOff.Status.values:
        raise ValidationError(f"未知状态 {status!r}")
    note = clean_text(note, 4000, "办理记录")
    old = locked.status
    locked.status = status
    if locked.handler_id is None and not policies.is_system(actor):
        locked.handler = actor
    if public_note:
        locked.public_note = strip_tags(public_note).strip()[:2000]
    if status == TipOff.Status.CONCLUDED:
        locked.concluded_at = now
    locked.save()
    TipOffNote.objects.create(tipoff=locked, by=_name(actor), text=note, at=now)
    ledger.append(actor, "tipoff.handled", locked, data={"number": locked.number, "old_status": old, "new_status": status,
                                                         "note_sha256": _sha(note)})
    return locked
