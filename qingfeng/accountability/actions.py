"""Every change to accountability records. Each action checks permission (accountability.policies), runs in
one transaction and appends one ledger event; texts enter the ledger as hashes, never as prose."""

import hashlib
import uuid
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import ledger
from qingfeng.core.models import Person
from qingfeng.security.uploads import check_content, check_size

from . import policies
from .models import (
    Appointment,
    Campaign,
    Distinction,
    Leniency,
    LeniencyRequest,
    LeniencyStatus,
    Pledge,
    PledgeKind,
    Sanction,
    SanctionKind,
    StudyAttendance,
    StudyKind,
    StudySession,
    Talk,
    TalkKind,
)
from .parameters import SIGNED_COPY_EXTENSIONS, SIGNED_COPY_MAX_BYTES


def _name(actor) -> str:
    return "system" if actor is None else actor if isinstance(actor, str) else actor.get_username()


def _text(text, label, *, required=True, limit=8000) -> str:
    text = strip_tags(text or "").strip()
    if required and not text:
        raise ValidationError(f"{label}不能为空")
    return text[:limit]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _placeholder() -> str:
    return f"tmp-{uuid.uuid4().hex[:20]}"  # replaced by the numbered form once the row has its id


def _number(prefix: str, obj, day: date) -> str:
    obj.number = f"{prefix}{day:%Y}{obj.pk:05d}"
    obj.save(update_fields=["number"])
    return obj.number


@transaction.atomic
def open_campaign(actor, *, year: int, sign_due_on: date, closes_on: date) -> Campaign:
    if not policies.sanctions(actor):
        raise PermissionDenied("只有纪检监察人员可以安排年度签订与谈话")
    if not (sign_due_on.year == year and closes_on.year in (year, year + 1) and closes_on >= sign_due_on):
        raise ValidationError("签订期限须在当年内，年度截止日不早于签订期限")
    campaign, created = Campaign.objects.update_or_create(year=year, defaults={
        "sign_due_on": sign_due_on, "closes_on": closes_on, "opened_by": _name(actor)})
    ledger.append(actor, "accountability.campaign_opened" if created else "accountability.campaign_changed", campaign,
                  data={"year": year, "sign_due_on": sign_due_on.isoformat(), "closes_on": closes_on.isoformat()})
    return campaign


def _signed_copy(upload) -> str:
    extension = Path(upload.name).suffix.lower()
    if extension not in SIGNED_COPY_EXTENSIONS.value():
        raise ValidationError(f"签字件只接受 {'、'.join(SIGNED_COPY_EXTENSIONS.value())}")
    check_size(upload, int(SIGNED_COPY_MAX_BYTES.value()))
    check_content(upload, extension)
    h = hashlib.sha256()
    for chunk in upload.chunks():
        h.update(chunk)
    upload.seek(0)
    return h.hexdigest()


@transaction.atomic
def record_pledge(actor, *, person: Person, kind: str, year: int, signed_on: date, signed_copy,
                  counterpart: Person | None = None) -> Pledge:
    """A signed responsibility letter or integrity pledge, with its scanned copy (checked by content)."""
    if not policies.records_for(actor, person.department_id):
        raise PermissionDenied("无权为该单位人员登记责任书或承诺书")
    if kind not in PledgeKind.values:
        raise ValidationError(f"未知类型 {kind!r}")
    if signed_copy is None:
        raise ValidationError("须上传签字件")
    if signed_on > timezone.localdate():
        raise ValidationError("签订日期不能晚于今天")
    if Pledge.objects.filter(person=person, kind=kind, year=year).exists():
        raise ValidationError("该人员本年度的此类文书已登记")
    digest = _signed_copy(signed_copy)
    pledge = Pledge.objects.create(person=person, department=person.department, kind=kind, year=year, signed_on=signed_on,
                                   counterpart=counterpart, file=signed_copy, file_name=Path(signed_copy.name).name[:255],
                                   sha256=digest, recorded_by=_name(actor))
    ledger.append(actor, "accountability.pledge_recorded", pledge, data={
        "staff_no": person.staff_no, "kind": kind, "year": year, "signed_on": signed_on.isoformat(), "sha256": digest})
    return pledge


@transaction.atomic
def record_talk(actor, *, kind: str, leader: Person, participants, held_on: date, issues: str, commitments: str = "",
                follow_up_due: date | None = None) -> Talk:
    """An integrity talk. Reminder and admonishment talks must set a follow-up date (the commitments are checked)."""
    if not policies.records_for(actor, leader.department_id):
        raise PermissionDenied("无权登记该单位的谈话")
    if kind not in TalkKind.values:
        raise ValidationError(f"未知谈话类型 {kind!r}")
    participants = list(participants)
    if not participants:
        raise ValidationError("至少一名谈话对象")
    if leader in participants:
        raise ValidationError("谈话人不能同时是谈话对象")
    if held_on > timezone.localdate():
        raise ValidationError("谈话日期不能晚于今天")
    if kind in (TalkKind.REMINDER, TalkKind.ADMONISHMENT) and follow_up_due is None:
        raise ValidationError("提醒谈话和诫勉谈话须确定回访期限")
    if follow_up_due is not None and follow_up_due <= held_on:
        raise ValidationError("回访期限须晚于谈话日期")
    issues = _text(issues, "谈话内容（指出的问题）")
    commitments = _text(commitments, "承诺", required=False)
    talk = Talk.objects.create(number=_placeholder(), kind=kind, held_on=held_on, leader=leader,
                               department=leader.department, issues=issues, commitments=commitments,
                               follow_up_due=follow_up_due, recorded_by=_name(actor))
    talk.participants.set(participants)
    _number("TH", talk, held_on)
    ledger.append(actor, "accountability.talk_recorded", talk, data={
        "number": talk.number, "kind": kind, "leader": leader.staff_no, "participants": sorted(p.staff_no for p in participants),
        "held_on": held_on.isoformat(), "follow_up_due": follow_up_due.isoformat() if follow_up_due else None,
        "issues_sha256": _digest(issues), "commitments_sha256": _digest(commitments)})
    return talk


@transaction.atomic
def record_follow_up(actor, talk: Talk, *, on: date, note: str) -> Talk:
    talk = Talk.objects.select_for_update().get(pk=talk.pk)
    if not policies.records_for(actor, talk.department_id):
        raise PermissionDenied("无权登记该谈话的回访")
    if talk.followed_up_on:
        raise ValidationError("该谈话已回访")
    if on < talk.held_on or on > timezone.localdate():
        raise ValidationError("回访日期须在谈话之后、今天之前")
    talk.followed_up_on, talk.follow_up_note = on, _text(note, "回访情况")
    talk.save(update_fields=["followed_up_on", "follow_up_note"])
    ledger.append(actor, "accountability.talk_followed_up", talk, data={
        "number": talk.number, "on": on.isoformat(), "late": bool(talk.follow_up_due and on > talk.follow_up_due),
        "note_sha256": _digest(talk.follow_up_note)})
    return talk


def pre_appointment_talk(person: Person, on: date) -> Talk | None:
    """The latest 任前谈话 with ``person`` held on or before ``on``."""
    return (Talk.objects.filter(kind=TalkKind.APPOINTMENT, participants=person, held_on__lte=on)
            .order_by("-held_on", "-pk").first())


@transaction.atomic
def issue_appointment(actor, *, person: Person, post: str, notice_no: str, issued_on: date, department=None) -> Appointment:
    """An appointment notice. Refused unless the pre-appointment talk (任前廉政谈话) was held first."""
    department = department or person.department
    if not policies.records_for(actor, department.pk):
        raise PermissionDenied("无权为该单位发出任职通知")
    talk = pre_appointment_talk(person, issued_on)
    if talk is None:
        raise ValidationError("尚未进行任前廉政谈话，不能发出任职通知（先谈话、后任职）")
    notice_no = _text(notice_no, "任职通知文号", limit=64)
    if Appointment.objects.filter(notice_no=notice_no).exists():
        raise ValidationError("文号已存在")
    appointment = Appointment.objects.create(person=person, department=department, post=_text(post, "职务", limit=128),
                                             notice_no=notice_no, issued_on=issued_on, talk=talk, recorded_by=_name(actor))
    ledger.append(actor, "accountability.appointment_issued", appointment, data={
        "staff_no": person.staff_no, "department": department.code, "notice_no": notice_no,
        "issued_on": issued_on.isoformat(), "talk": talk.number})
    return appointment


@transaction.atomic
def record_sanction(actor, *, person: Person, kind: str, decided_on: date, facts: str, basis: str, alerts=(),
                    tickets=()) -> Sanction:
    """A sanction, linked to the alerts and tickets it came from."""
    if not policies.sanctions(actor, person.department_id):
        raise PermissionDenied("只有纪检监察人员可以登记问责")
    if kind not in SanctionKind.values:
        raise ValidationError(f"未知问责方式 {kind!r}")
    if decided_on > timezone.localdate():
        raise ValidationError("决定日期不能晚于今天")
    facts, basis = _text(facts, "问题事实"), _text(basis, "依据", limit=2000)
    sanction = Sanction.objects.create(number=_placeholder(), person=person,
                                       department=person.department, kind=kind, decided_on=decided_on, facts=facts,
                                       basis=basis, decided_by=_name(actor))
    sanction.alerts.set(alerts)
    sanction.tickets.set(tickets)
    _number("WZ", sanction, decided_on)
    ledger.append(actor, "accountability.sanction_recorded", sanction, data={
        "number": sanction.number, "staff_no": person.staff_no, "kind": kind, "decided_on": decided_on.isoformat(),
        "alerts": sorted(a.pk for a in alerts), "tickets": sorted(t.number for t in tickets),
        "facts_sha256": _digest(facts)})
    return sanction


@transaction.atomic
def apply_leniency(actor, *, applicant: Person, request: str, distinctions, statement: str, corrected: str = "",
                   sanction: Sanction | None = None, alert=None, ticket=None) -> Leniency:
    """A 容错纠错 application: exemption or mitigation, on one or more of the three distinctions."""
    if not policies.may_apply(actor, applicant):
        raise PermissionDenied("只能为本人或本单位人员申请容错")
    if request not in LeniencyRequest.values:
        raise ValidationError(f"未知申请事项 {request!r}")
    distinctions = sorted(set(distinctions))
    if not distinctions or set(distinctions) - set(Distinction.values):
        raise ValidationError("须说明符合“三个区分开来”中的哪种情形")
    if (sanction, alert, ticket) == (None, None, None):
        raise ValidationError("须指明所涉问责记录、预警或工单")
    if sanction is not None and sanction.person_id != applicant.pk:
        raise ValidationError("只能就本人的问责记录申请")
    if Leniency.objects.filter(applicant=applicant, sanction=sanction, alert=alert, ticket=ticket,
                               status=LeniencyStatus.PENDING).exists():
        raise ValidationError("同一事项已有待认定的申请")
    statement = _text(statement, "申请理由")
    corrected = _text(corrected, "纠错措施", required=False)
    item = Leniency.objects.create(number=_placeholder(), applicant=applicant, sanction=sanction,
                                   alert=alert, ticket=ticket, request=request, distinctions=distinctions,
                                   statement=statement, corrected=corrected, filed_by=_name(actor))
    _number("RC", item, timezone.localdate())
    ledger.append(actor, "accountability.leniency_filed", item, data={
        "number": item.number, "staff_no": applicant.staff_no, "request": request, "distinctions": distinctions,
        "sanction": sanction.number if sanction else None, "alert": alert.pk if alert else None,
        "ticket": ticket.number if ticket else None, "statement_sha256": _digest(statement)})
    return item


@transaction.atomic
def decide_leniency(actor, item: Leniency, *, status: str, grounds: str) -> Leniency:
    """The supervisory body's decision, with its grounds; an exemption is only for what was asked."""
    item = Leniency.objects.select_for_update().select_related("applicant").get(pk=item.pk)
    if not policies.sanctions(actor, item.applicant.department_id):
        raise PermissionDenied("只有纪检监察人员可以认定容错")
    if item.status != LeniencyStatus.PENDING:
        raise ValidationError("该申请已认定")
    if status not in (LeniencyStatus.EXEMPTED, LeniencyStatus.MITIGATED, LeniencyStatus.REFUSED):
        raise ValidationError("请选择认定结果")
    if status == LeniencyStatus.EXEMPTED and item.request != LeniencyRequest.EXEMPT:
        raise ValidationError("申请的是从轻减轻，不能认定为免责")
    grounds = _text(grounds, "认定理由")
    item.status, item.decision_grounds, item.decided_by, item.decided_at = status, grounds, _name(actor), timezone.now()
    item.save(update_fields=["status", "decision_grounds", "decided_by", "decided_at"])
    ledger.append(actor, "accountability.leniency_decided", item, data={
        "number": item.number, "status": status, "grounds_sha256": _digest(grounds)})
    return item


@transaction.atomic
def record_study(actor, *, kind: str, title: str, held_on: date, department, attendees, scores=None) -> StudySession:
    """A 学法 session (lecture, pre-meeting study) or an exam; ``scores`` maps a person to an exam score."""
    if not policies.records_for(actor, department.pk):
        raise PermissionDenied("无权登记该单位的学法活动")
    if kind not in StudyKind.values:
        raise ValidationError(f"未知类型 {kind!r}")
    attendees = list(attendees)
    if not attendees:
        raise ValidationError("至少一名参加人员")
    scores = scores or {}
    if kind == StudyKind.EXAM and set(scores) != set(attendees):
        raise ValidationError("学法考试须登记每名参考人员的成绩")
    if any(not 0 <= float(s) <= 100 for s in scores.values()):
        raise ValidationError("成绩须在 0–100 之间")
    if held_on > timezone.localdate():
        raise ValidationError("日期不能晚于今天")
    session = StudySession.objects.create(number=_placeholder(), kind=kind,
                                          title=_text(title, "主题", limit=200), held_on=held_on, department=department,
                                          recorded_by=_name(actor))
    StudyAttendance.objects.bulk_create([StudyAttendance(session=session, person=p, score=scores.get(p)) for p in attendees])
    _number("XF", session, held_on)
    ledger.append(actor, "accountability.study_recorded", session, data={
        "number": session.number, "kind": kind, "held_on": held_on.isoformat(), "department": department.code,
        "attendees": len(attendees)})
    return session


@transaction.atomic
def record_pledges(actor, items) -> int:
    """A year's batch of signed copies (the office scans them after the signing meeting): ``items`` are dicts with
    the arguments of ``record_pledge``. Every copy is checked as one would be; one ledger event lists the digests."""
    items = list(items)
    rows, seen = [], set()
    for item in items:
        person, kind, year = item["person"], item["kind"], item["year"]
        if not policies.records_for(actor, person.department_id):
            raise PermissionDenied(f"无权为 {person.staff_no} 登记责任书或承诺书")
        if kind not in PledgeKind.values or (person.pk, kind, year) in seen:
            raise ValidationError(f"{person.staff_no}：类型不对或重复")
        seen.add((person.pk, kind, year))
        digest = _signed_copy(item["signed_copy"])
        rows.append(Pledge(person=person, department=person.department, kind=kind, year=year, signed_on=item["signed_on"],
                           counterpart=item.get("counterpart"), file=item["signed_copy"],
                           file_name=Path(item["signed_copy"].name).name[:255], sha256=digest, recorded_by=_name(actor)))
    if Pledge.objects.filter(person__in=[r.person for r in rows], year__in={r.year for r in rows}).filter(
            kind__in={r.kind for r in rows}).exists():
        existing = {(p, k, y) for p, k, y in Pledge.objects.filter(person__in=[r.person for r in rows]).values_list(
            "person_id", "kind", "year")}
        if any((r.person.pk, r.kind, r.year) in existing for r in rows):
            raise ValidationError("批次中有已登记的文书")
    for row, item in zip(rows, items, strict=True):
        row.file.save(row.file_name, item["signed_copy"], save=False)  # bulk_create does not store files itself
    Pledge.objects.bulk_create(rows, batch_size=500)
    listing = "\n".join(sorted(f"{r.person.staff_no},{r.kind},{r.year},{r.sha256}" for r in rows))
    ledger.append(actor, "accountability.pledges_recorded", object_type="accountability.pledge", object_id="batch",
                  data={"count": len(rows), "sha256": _digest(listing)})
    return len(rows)
