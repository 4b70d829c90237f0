"""Every change to conduct inspections. Each action checks permission (conduct.policies), runs in one
transaction and appends one ledger event (texts as hashes, never names). Only trusted code (a string actor)
may pass ``at``."""

import hashlib
import re
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import deadlines, ledger
from qingfeng.core.models import Department, Person

from . import policies
from .models import Category, Decision, Evidence, Finding, Measure, Mode, Plan, SpotCheck, Status, Visit
from .parameters import RECTIFY_DAYS

# Personal data a public summary must never carry (PIPL art. 28; 政府信息公开条例 第十五条).
PRIVATE_PATTERNS = {
    "身份证号": re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
    "手机号码": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    "固定电话": re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"),
}


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


def _store(finding, files, stage, actor, now) -> list[str]:
    digests = []
    for f in files:
        h = hashlib.sha256()
        for chunk in f.chunks():
            h.update(chunk)
        f.seek(0)
        Evidence.objects.create(finding=finding, stage=stage, file=f, name=Path(f.name).name[:255], sha256=h.hexdigest(),
                                by=_name(actor), at=now)
        digests.append(h.hexdigest())
    return digests


def _event(actor, action, f: Finding, old, **data):
    ledger.append(actor, action, f, data={"number": f.number, "department": f.department.code, "category": f.category,
                                          "old_status": old, "new_status": f.status, **data})


@transaction.atomic
def create_plan(actor, *, title: str, home: Department, starts_on: date, ends_on: date, focus: str = "",
                at: datetime | None = None) -> Plan:
    now = _now(actor, at)
    if not policies.inspects(actor):
        raise PermissionDenied("只有纪检监察（督查）人员可以制定检查计划")
    if ends_on < starts_on:
        raise ValidationError("结束日期不能早于开始日期")
    plan = Plan.objects.create(number=f"P{now:%Y%m%d%H%M%S%f}"[:20], title=_text(title, 200, "计划名称"), home=home,
                               starts_on=starts_on, ends_on=ends_on, focus=strip_tags(focus or ""),
                               created_by=_name(actor), created_at=now)
    plan.number = f"JC{starts_on:%Y}{plan.pk:04d}"
    plan.save(update_fields=["number"])
    ledger.append(actor, "conduct.plan_created", plan, data={"number": plan.number, "home": home.code,
                                                             "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
    return plan


@transaction.atomic
def record_visit(actor, plan: Plan, *, department: Department, mode: str, summary: str, place: str = "",
                 at: datetime | None = None) -> Visit:
    now = _now(actor, at)
    if not policies.inspects(actor, department.pk):
        raise PermissionDenied("无权检查该单位")
    if mode not in Mode.values:
        raise ValidationError(f"未知方式 {mode!r}")
    v = Visit.objects.create(plan=plan, department=department, mode=mode, visited_at=now, place=strip_tags(place)[:200],
                             summary=_text(summary, 4000, "检查情况"), by=_name(actor), recorded_at=now)
    ledger.append(actor, "conduct.visited", v, data={"plan": plan.number, "department": department.code, "mode": mode,
                                                     "text_sha256": _sha(v.summary)})
    return v


def _create_finding(actor, *, department, category, facts, official, now, visit=None, spot_check=None, files=()):
    if category not in Category.values:
        raise ValidationError(f"未知问题类别 {category!r}")
    if official is not None and official.department_id != department.pk and not official.department.path.startswith(
            department.path):
        raise ValidationError("涉及人员不在被检查单位")
    due = deadlines.compute(now, int(RECTIFY_DAYS.value()), RECTIFY_DAYS.unit).due
    f = Finding.objects.create(visit=visit, spot_check=spot_check, department=department, category=category,
                               facts=_text(facts, 4000, "问题事实"), official=official, found_at=now, rectify_due_at=due,
                               recorded_by=_name(actor))
    f.number = f"WT{timezone.localtime(now):%Y}{f.pk:05d}"
    f.save(update_fields=["number"])
    digests = _store(f, files, Evidence.Stage.FINDING, actor, now)
    _event(actor, "conduct.finding_recorded", f, "", rectify_due_at=due.isoformat(), evidence=digests,
           official=official.staff_no if official else None, visit=visit.pk if visit else None,
           spot_check=spot_check.pk if spot_check else None, text_sha256=_sha(f.facts))
    return f


@transaction.atomic
def record_finding(actor, visit: Visit, *, category: str, facts: str, official: Person | None = None, files=(),
                   at: datetime | None = None) -> Finding:
    """A problem found on a visit, with its evidence; the unit must rectify within RECTIFY_DAYS working days."""
    now = _now(actor, at)
    if not policies.inspects(actor, visit.department_id):
        raise PermissionDenied("无权记录该单位的问题")
    return _create_finding(actor, department=visit.department, category=category, facts=facts, official=official,
                           now=now, visit=visit, files=files)


def spot_check_tolerance() -> int:
    from qingfeng.screening.catalogue import load_catalogue
    from qingfeng.screening.parameters import params_in_force

    catalogue = load_catalogue()
    rule = catalogue.rules.get("CND-003")
    return int(params_in_force(rule)["tolerance_days"]) if rule else 0


@transaction.atomic
def record_spot_check(actor, case, *, actual_received_on: date, actual_decided_on: date | None = None, method: str,
                      official: Person | None = None, at: datetime | None = None) -> SpotCheck:
    """Compare a case's recorded dates with what the applicant lived (call-back, receipts, the counter's queue
    log). A gap beyond the tolerance is also a finding of 弄虚作假 against the department."""
    now = _now(actor, at)
    if not policies.inspects(actor, case.department_id):
        raise PermissionDenied("无权抽查该部门的办件")
    recorded_received = timezone.localtime(case.received_at).date()
    recorded_decided = timezone.localtime(case.decided_at).date() if case.decided_at else None
    sc = SpotCheck.objects.create(case=case, department=case.department, checked_at=now,
                                  recorded_received_on=recorded_received, actual_received_on=actual_received_on,
                                  recorded_decided_on=recorded_decided, actual_decided_on=actual_decided_on,
                                  method=_text(method, 200, "核实方式"), by=_name(actor))
    ledger.append(actor, "conduct.spot_checked", sc, data={
        "case": case.number, "department": case.department.code, "received_gap": sc.received_gap,
        "decided_gap": sc.decided_gap})
    tolerance = spot_check_tolerance()
    if abs(sc.received_gap) > tolerance or (sc.decided_gap is not None and abs(sc.decided_gap) > tolerance):
        facts = (f"办件 {case.number}：系统记录收件 {recorded_received}，实际递交 {actual_received_on}；"
                 f"系统记录办结 {recorded_decided or '—'}，实际取得结果 {actual_decided_on or '—'}（核实方式：{sc.method}）。")
        _create_finding(actor, department=case.department, category=Category.FALSIFIED, facts=facts, official=official,
                        now=now, spot_check=sc)
    return sc


def _locked(f: Finding) -> Finding:
    return Finding.objects.select_for_update(of=("self",)).select_related("department").get(pk=f.pk)


@transaction.atomic
def rectify(actor, finding: Finding, *, text: str, files=(), at: datetime | None = None) -> Finding:
    """The unit reports what it fixed, with evidence; the finding waits for the re-check."""
    now = _now(actor, at)
    f = _locked(finding)
    if not policies.rectifies(actor, f):
        raise PermissionDenied("只有责任单位可以报告整改")
    if f.status != Status.OPEN:
        raise ValidationError("只有待整改的问题可以报告整改")
    if not files:
        raise ValidationError("整改报告须附佐证材料")
    old = f.status
    f.rectification, f.rectified_at, f.status = _text(text, 4000, "整改情况"), now, Status.RECTIFIED
    f.save()
    digests = _store(f, files, Evidence.Stage.RECTIFICATION, actor, now)
    _event(actor, "conduct.rectified", f, old, evidence=digests, late=now > f.rectify_due_at, text_sha256=_sha(f.rectification))
    finding.refresh_from_db()
    return finding


@transaction.atomic
def recheck(actor, finding: Finding, *, passed: bool, note: str, files=(), at: datetime | None = None) -> Finding:
    """The inspectors go back: passed closes (销号) the finding; not passed sends it back to the unit."""
    now = _now(actor, at)
    f = _locked(finding)
    if not policies.inspects(actor, f.department_id):
        raise PermissionDenied("无权复查")
    if f.status != Status.RECTIFIED:
        raise ValidationError("只有已报告整改的问题可以复查")
    old = f.status
    f.rechecked_at, f.recheck_note, f.recheck_rounds = now, _text(note, 2000, "复查意见"), f.recheck_rounds + 1
    f.status = Status.CLOSED if passed else Status.OPEN
    f.closed_at = now if passed else None
    if not passed:
        f.rectified_at = None
    f.save()
    digests = _store(f, files, Evidence.Stage.RECHECK, actor, now)
    _event(actor, "conduct.rechecked", f, old, passed=passed, evidence=digests, text_sha256=_sha(f.recheck_note))
    finding.refresh_from_db()
    return finding


def private_data_in(text: str, *, official_name: str = "") -> list[str]:
    """What in ``text`` the naming page may not publish: identity and phone numbers always, and the official's
    name unless the decision names them."""
    found = [label for label, pattern in PRIVATE_PATTERNS.items() if pattern.search(text or "")]
    if official_name and official_name in (text or ""):
        found.append("涉及人员姓名")
    return found


@transaction.atomic
def decide(actor, finding: Finding, *, measure: str, summary: str, name_official: bool = False, publish: bool = True,
           at: datetime | None = None) -> Decision:
    """Record the decision and, when ``publish``, put it on the naming page. The summary may carry no identity
    or phone number, and the official's name only through ``name_official``."""
    now = _now(actor, at)
    f = _locked(finding)
    if not policies.inspects(actor, f.department_id):
        raise PermissionDenied("无权作出处理决定")
    if Decision.objects.filter(finding=f).exists():
        raise ValidationError("该问题已作出处理决定")
    if measure not in Measure.values:
        raise ValidationError(f"未知处理方式 {measure!r}")
    if name_official and f.official_id is None:
        raise ValidationError("该问题没有登记涉及人员，不能点名")
    summary = _text(summary, 2000, "通报内容")
    person = f.official
    bad = private_data_in(summary, official_name="" if name_official or person is None else person.name)
    if bad:
        raise ValidationError(f"通报内容不能包含：{'、'.join(bad)}")
    d = Decision.objects.create(finding=f, measure=measure, summary=summary, name_official=name_official,
                                official_name=person.name if name_official else "",
                                official_post=(person.post.title if person.post_id else "") if name_official else "",
                                decided_by=_name(actor), decided_at=now, published_at=now if publish else None)
    ledger.append(actor, "conduct.decided", d, data={"finding": f.number, "measure": measure, "named": name_official,
                                                     "published": publish, "text_sha256": _sha(summary)})
    return d
