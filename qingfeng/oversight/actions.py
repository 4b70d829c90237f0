"""Every change to a 督办 task. Each action checks permission (oversight.policies), runs in one transaction
and appends one ledger event. Only trusted code (a string actor) may pass ``at``."""

import hashlib
from datetime import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import deadlines, ledger
from qingfeng.core.models import Department

from . import policies
from .models import Assignment, Evidence, Extension, Milestone, Report, Source, Status, Task
from .parameters import FINAL_REPORT_NEEDS_EVIDENCE, SIGN_FOR_DAYS

OPEN = (Status.ASSIGNED, Status.SIGNED, Status.REPORTED, Status.RETURNED, Status.ACCEPTED)


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


def normalised_hash(text: str) -> str:
    """Hash of the text without spaces and punctuation, so a report pasted again with new spacing still matches."""
    import re

    return hashlib.sha256(re.sub(r"[\s\W_]+", "", text or "").encode()).hexdigest()


def _iso(dt):
    return dt.isoformat() if dt else None


def _locked(a: Assignment) -> Assignment:
    return Assignment.objects.select_for_update(of=("self",)).select_related("task", "department").get(pk=a.pk)


def _event(actor, action, a, old, **data):
    ledger.append(actor, action, a, data={"task": a.task.number, "department": a.department.code, "old_status": old,
                                          "new_status": a.status, **data})


def _assign(task, department, *, lead, due_at, milestones, now, actor) -> Assignment:
    sign_due = deadlines.compute(now, int(SIGN_FOR_DAYS.value()), SIGN_FOR_DAYS.unit).due
    a = Assignment.objects.create(task=task, department=department, lead=lead, assigned_at=now, sign_due_at=sign_due,
                                  due_at=due_at, last_update_at=now, step_since=now, step_holder=department.code)
    for title, due in milestones:
        if due > due_at:
            raise ValidationError(f"节点“{title}”的时限晚于任务时限")
        Milestone.objects.create(assignment=a, title=_text(title, 200, "节点名称"), due_at=due)
    _event(actor, "oversight.assigned", a, "", due_at=_iso(due_at), sign_due_at=_iso(sign_due), lead=lead,
           milestones=len(milestones))
    return a


@transaction.atomic
def register_task(actor, *, title: str, source: str, due_at: datetime, home: Department, shares, source_ref: str = "",
                  description: str = "", number: str = "", at: datetime | None = None) -> Task:
    """Register a task and split it among departments. ``shares`` is a list of (department, lead, [(milestone
    title, due)]); the first lead department answers for the whole."""
    now = _now(actor, at)
    if not policies.supervises(actor):
        raise PermissionDenied("只有督查人员可以立项交办")
    if source not in Source.values:
        raise ValidationError(f"未知来源 {source!r}")
    if due_at <= now:
        raise ValidationError("完成时限须晚于交办时间")
    if not shares:
        raise ValidationError("至少交办一个部门")
    task = Task.objects.create(number=number or f"DB{timezone.localtime(now):%Y%m%d%H%M%S%f}"[:20], title=_text(title, 200, "事项"),
                               source=source, source_ref=source_ref[:128], description=strip_tags(description or ""),
                               due_at=due_at, registered_by=_name(actor), registered_at=now, home=home)
    if not number:
        task.number = f"DB{timezone.localtime(now):%Y}{task.pk:05d}"
        task.save(update_fields=["number"])
    ledger.append(actor, "oversight.registered", task, data={"number": task.number, "source": source, "due_at": _iso(due_at),
                                                            "departments": [d.code for d, _l, _m in shares]})
    for department, lead, milestones in shares:
        _assign(task, department, lead=lead, due_at=due_at, milestones=milestones, now=now, actor=actor)
    return task


@transaction.atomic
def open_assignment(actor, a: Assignment, *, at: datetime | None = None) -> Assignment:
    """The department opened its assignment for the first time (the 懒 signal watches for this)."""
    now = _now(actor, at)
    locked = _locked(a)
    if locked.first_opened_at is None and policies.works_for(actor, locked):
        locked.first_opened_at = now
        locked.save(update_fields=["first_opened_at"])
        _event(actor, "oversight.opened", locked, locked.status)
    a.refresh_from_db()
    return a


def _move(locked: Assignment, status: str, now, holder: str):
    locked.status, locked.step_since, locked.step_holder, locked.last_update_at = status, now, holder, now


@transaction.atomic
def sign_assignment(actor, a: Assignment, *, at: datetime | None = None) -> Assignment:
    now = _now(actor, at)
    locked = _locked(a)
    if not policies.works_for(actor, locked):
        raise PermissionDenied("无权签收：不是本部门的任务")
    if locked.status != Status.ASSIGNED:
        raise ValidationError("只有待签收的任务可以签收")
    old = locked.status
    locked.signed_at = now
    locked.first_opened_at = locked.first_opened_at or now
    _move(locked, Status.SIGNED, now, locked.department.code)
    locked.save()
    _event(actor, "oversight.signed", locked, old, late=now > locked.sign_due_at)
    a.refresh_from_db()
    return a


@transaction.atomic
def bounce_assignment(actor, a: Assignment, *, reason: str, at: datetime | None = None) -> Assignment:
    """The department says the work is not theirs (推). The supervisor reassigns it."""
    now = _now(actor, at)
    locked = _locked(a)
    if not policies.works_for(actor, locked):
        raise PermissionDenied("无权退办：不是本部门的任务")
    if locked.status not in (Status.ASSIGNED, Status.SIGNED):
        raise ValidationError("只有待签收或办理中的任务可以退回")
    reason = _text(reason, 1000, "退回理由")
    old = locked.status
    locked.first_opened_at = locked.first_opened_at or now
    _move(locked, Status.BOUNCED, now, locked.task.home.code)
    locked.save()
    _event(actor, "oversight.bounced", locked, old, reason_sha256=hashlib.sha256(reason.encode()).hexdigest())
    a.refresh_from_db()
    return a


@transaction.atomic
def reassign(actor, a: Assignment, department: Department, *, at: datetime | None = None) -> Assignment:
    now = _now(actor, at)
    locked = _locked(a)
    if not policies.supervises(actor, locked):
        raise PermissionDenied("无权改派")
    if locked.status != Status.BOUNCED:
        raise ValidationError("只有被退回的任务可以改派")
    if Assignment.objects.filter(task=locked.task, department=department).exclude(status=Status.BOUNCED).exists():
        raise ValidationError(f"{department.name} 已承办该事项")
    milestones = [(m.title, m.due_at) for m in locked.milestones.all()]
    new = _assign(locked.task, department, lead=locked.lead, due_at=locked.due_at, milestones=milestones, now=now, actor=actor)
    new.bounced_from = locked
    new.save(update_fields=["bounced_from"])
    ledger.append(actor, "oversight.reassigned", new, data={"task": locked.task.number, "from": locked.department.code,
                                                           "to": department.code})
    return new


@transaction.atomic
def submit_report(actor, a: Assignment, *, text: str, files=(), milestone: Milestone | None = None, final: bool = False,
                  at: datetime | None = None) -> Report:
    now = _now(actor, at)
    locked = _locked(a)
    if not policies.works_for(actor, locked):
        raise PermissionDenied("无权报送：不是本部门的任务")
    if locked.status not in (Status.SIGNED, Status.RETURNED):
        raise ValidationError("请先签收；待审核或已销号的任务不能再报送")
    text = _text(text, 8000, "进展情况")
    if final and FINAL_REPORT_NEEDS_EVIDENCE.value() and not files:
        raise ValidationError("办结报告须附佐证材料")
    if milestone is not None and milestone.assignment_id != locked.pk:
        raise ValidationError("节点不属于该任务")
    report = Report.objects.create(assignment=locked, milestone=milestone, final=final, text=text,
                                   text_hash=normalised_hash(text), by=_name(actor), at=now)
    digests = []
    for f in files:
        h = hashlib.sha256()
        for chunk in f.chunks():
            h.update(chunk)
        f.seek(0)
        Evidence.objects.create(report=report, file=f, name=Path(f.name).name[:255], sha256=h.hexdigest())
        digests.append(h.hexdigest())
    old = locked.status
    if final:
        _move(locked, Status.REPORTED, now, locked.task.home.code)
    else:
        locked.status, locked.last_update_at = Status.SIGNED, now
    locked.save()
    _event(actor, "oversight.reported", locked, old, report=report.pk, final=final, text_sha256=report.text_hash,
           evidence=digests, milestone=milestone.pk if milestone else None)
    return report


@transaction.atomic
def review_report(actor, report: Report, *, accept: bool, note: str = "", at: datetime | None = None) -> Report:
    """The reviewer accepts a report (a milestone is met; a final report waits for sign-off) or sends it back."""
    now = _now(actor, at)
    report = Report.objects.select_for_update().get(pk=report.pk)
    locked = _locked(report.assignment)
    if not policies.supervises(actor, locked):
        raise PermissionDenied("无权审核")
    if report.review != Report.Review.PENDING:
        raise ValidationError("该报告已审核")
    if not isinstance(actor, str) and report.by == _name(actor):
        raise PermissionDenied("报送人不能审核自己的报告")
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError("退回须说明理由")
    report.review = Report.Review.ACCEPTED if accept else Report.Review.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_note = _name(actor), now, note
    report.save()
    old = locked.status
    if accept and report.milestone_id:
        Milestone.objects.filter(pk=report.milestone_id).update(done_at=now)
    if report.final:
        _move(locked, Status.ACCEPTED if accept else Status.RETURNED, now,
              locked.task.home.code if accept else locked.department.code)
    else:
        locked.last_update_at = now
    locked.save()
    _event(actor, "oversight.reviewed", locked, old, report=report.pk, accepted=accept)
    return report


@transaction.atomic
def sign_off(actor, a: Assignment, *, note: str = "", at: datetime | None = None) -> Assignment:
    now = _now(actor, at)
    locked = _locked(a)
    if not policies.supervises(actor, locked):
        raise PermissionDenied("无权销号")
    if locked.status != Status.ACCEPTED:
        raise ValidationError("办结报告审核通过后才能销号")
    old = locked.status
    locked.done_at = now
    _move(locked, Status.DONE, now, "")
    locked.save()
    _event(actor, "oversight.signed_off", locked, old, late=now > locked.due_at)
    a.refresh_from_db()
    return a


@transaction.atomic
def request_extension(actor, a: Assignment, *, new_due_at: datetime, reason: str, progress: str,
                      at: datetime | None = None) -> Extension:
    """Only before the due date, with reasons and the progress so far."""
    now = _now(actor, at)
    locked = _locked(a)
    if not policies.works_for(actor, locked):
        raise PermissionDenied("无权申请延期")
    if locked.status not in (Status.SIGNED, Status.RETURNED, Status.ASSIGNED):
        raise ValidationError("该任务当前不能申请延期")
    if now > locked.due_at:
        raise ValidationError("已过完成时限，不能再申请延期（逾期后申请按逾期处理）")
    if new_due_at <= locked.due_at:
        raise ValidationError("申请的新时限须晚于原时限")
    ext = Extension.objects.create(assignment=locked, new_due_at=new_due_at, reason=_text(reason, 2000, "理由"),
                                   progress=_text(progress, 2000, "目前进展"), requested_by=_name(actor), requested_at=now)
    locked.last_update_at = now
    locked.save(update_fields=["last_update_at"])
    _event(actor, "oversight.extension_requested", locked, locked.status, extension=ext.pk, new_due_at=_iso(new_due_at))
    return ext


@transaction.atomic
def review_extension(actor, ext: Extension, *, approve: bool, note: str = "", at: datetime | None = None) -> Extension:
    now = _now(actor, at)
    ext = Extension.objects.select_for_update().get(pk=ext.pk)
    locked = _locked(ext.assignment)
    if not policies.supervises(actor, locked):
        raise PermissionDenied("无权审批延期")
    if ext.state != Extension.State.PENDING:
        raise ValidationError("该申请已审批")
    if not approve and not (note or "").strip():
        raise ValidationError("不同意须说明理由")
    ext.state = Extension.State.APPROVED if approve else Extension.State.REJECTED
    ext.reviewed_by, ext.reviewed_at, ext.review_note = _name(actor), now, (note or "").strip()
    ext.save()
    old_due = locked.due_at
    if approve:
        locked.due_at = ext.new_due_at
        locked.save(update_fields=["due_at"])
    _event(actor, "oversight.extension_reviewed", locked, locked.status, extension=ext.pk, approved=approve,
           old_due_at=_iso(old_due), due_at=_iso(locked.due_at))
    return ext
