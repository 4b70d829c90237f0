"""Every change of approvals: the power list, cases from application to delivery, backup posts and the
leave calendar, supervision runs and their notifications, monthly scores.

Each action checks permission (approvals.policies) and the case's state, runs in one transaction and
appends one ledger event. Case actions take ``now`` (default: the current time) so tests and the demo can
move the clock; the ledger keeps its own server time regardless. A string actor is trusted code (CLI,
scheduler, demo); the portal's applicant actions have no login and act as ``APPLICANT``.
"""

import hashlib
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qingfeng.core import ledger
from qingfeng.core.crypto import keyed_hash, mask_id_number
from qingfeng.core.deadlines import SuspensionReason
from qingfeng.core.models import Department, Person, Post
from qingfeng.core.policies import person_of

from . import backup, policies, powerlist, queries
from .events import clock_for_case
from .models import (
    Absence,
    ApplicantKind,
    ApprovalCase,
    BackupPair,
    CaseEvent,
    CaseMaterial,
    CaseStatus,
    CaseType,
    Decision,
    EventType,
    LegalOffice,
    PostGap,
    PowerItem,
    PowerItemVersion,
    VersionStatus,
)
from .parameters import MATERIAL_EXTENSIONS, MATERIAL_MAX_BYTES

APPLICANT = "applicant"  # the ledger actor of the portal's applicant actions
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed back


def _name(actor) -> str:
    if actor is None:
        return "system"
    return actor if isinstance(actor, str) else actor.get_username()


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _iso(value) -> str | None:
    return value.isoformat() if value else None


# ------------------------------------------------------------------------------------- power list


@transaction.atomic
def designate_legal_office(actor, department: Department) -> LegalOffice:
    """Name the department (法制机构) whose staff review changes to the power list. Trusted code only."""
    if not policies.is_system(actor):
        raise PermissionDenied("只有系统配置可以指定法制审核机构")
    old = LegalOffice.objects.select_related("department").first()
    LegalOffice.objects.all().delete()
    office = LegalOffice.objects.create(department=department)
    ledger.append(actor, "power_list.legal_office_designated", office, data={
        "department": department.code, "old": old.department.code if old else None})
    return office


def _check(content: dict) -> None:
    found = powerlist.problems(content)
    if found:
        raise ValidationError([p.message for p in found])


def _content_hash(content: dict) -> str:
    import json

    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def propose_item(actor, *, code: str, content: dict, department: Department | None = None, reason: str = "",
                 handling_post: Post | None = None, approving_post: Post | None = None,
                 now: datetime | None = None) -> PowerItemVersion:
    """Propose a new item or a change to one: a new version that waits for the legal office's review."""
    now = _now(now)
    code = (code or "").strip()
    if not code:
        raise ValidationError("事项编码不能为空")
    item = PowerItem.objects.select_for_update().filter(code=code).select_related("department").first()
    if item is None:
        if department is None:
            raise ValidationError(f"新事项 {code} 须指定实施部门")
        if not policies.proposes_for(actor, department):
            raise PermissionDenied(f"无权为{department.name}新增权力事项")
    elif not policies.proposes_for(actor, item.department):
        raise PermissionDenied(f"无权调整{item.department.name}的权力事项")
    elif department is not None and department.pk != item.department_id:
        raise ValidationError(f"事项 {code} 属于{item.department.name}，不能改由{department.name}提出")
    content = powerlist.normalise(content)
    _check(content)
    for post in (handling_post, approving_post):
        owner = department or (item.department if item else None)
        if post is not None and not post.department.path.startswith(owner.path):
            raise ValidationError(f"岗位“{post}”不属于{owner.name}")
    if item is None:
        item = PowerItem.objects.create(code=code, department=department, handling_post=handling_post,
                                        approving_post=approving_post, created_at=now)
    else:
        if queries.pending(item) is not None:
            raise ValidationError(f"事项 {code} 已有待审核的调整，请等待法制审核后再提出")
        if handling_post or approving_post:
            item.handling_post = handling_post or item.handling_post
            item.approving_post = approving_post or item.approving_post
            item.save(update_fields=["handling_post", "approving_post"])
    number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PowerItemVersion.objects.create(
        item=item, number=number, status=VersionStatus.PROPOSED, flags=powerlist.flags(content), reason=reason.strip(),
        proposed_by=_name(actor), proposed_at=now, **content)
    current = queries.current_version(item)
    changed = sorted(k for k, v in content.items() if current is None or powerlist.content_of(current)[k] != v)
    ledger.append(actor, "power_item.proposed", version, data={
        "item": code, "number": number, "department": item.department.code, "content_sha256": _content_hash(content),
        "changed": changed, "flags": version.flags, "reason": reason.strip()})
    return version


@transaction.atomic
def review_item(actor, version: PowerItemVersion, *, approve: bool, opinion: str = "", effective_from: date | None = None,
                now: datetime | None = None) -> PowerItemVersion:
    """The legal office's review: publish with an effective date, or return with an opinion."""
    now = _now(now)
    version = PowerItemVersion.objects.select_for_update().select_related("item").get(pk=version.pk)
    if not policies.is_legal_reviewer(actor):
        raise PermissionDenied("只有法制审核机构的工作人员可以审核权力清单的调整")
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError(f"{version.item.code} 第 {version.number} 版状态为“{version.get_status_display()}”，不能审核")
    if not policies.is_system(actor) and version.proposed_by == _name(actor):
        raise PermissionDenied("提出调整的人不能审核自己的调整")
    opinion = (opinion or "").strip()
    if approve:
        if effective_from is None:
            raise ValidationError("公布须写明生效日期")
        if effective_from < timezone.localtime(version.proposed_at).date():
            raise ValidationError("生效日期不能早于提出调整的日期（清单不得溯及既往）")
        version.status, version.effective_from = VersionStatus.PUBLISHED, effective_from
    else:
        if not opinion:
            raise ValidationError("退回须写明审核意见")
        version.status = VersionStatus.RETURNED
    version.reviewed_by, version.reviewed_at, version.review_opinion = _name(actor), now, opinion
    version.save()
    ledger.append(actor, "power_item.published" if approve else "power_item.returned", version, data={
        "item": version.item.code, "number": version.number, "effective_from": _iso(version.effective_from),
        "opinion_sha256": hashlib.sha256(opinion.encode()).hexdigest(), "flags": version.flags})
    return version


@transaction.atomic
def import_power_list(actor, workbook, *, reason: str = "", now: datetime | None = None) -> dict:
    """Propose every item of a power-list workbook whose content differs from the list in force. All or
    nothing: any problem in any item refuses the whole file, with every problem listed."""
    from .spreadsheets import read_power_list

    rows, problems = read_power_list(workbook)
    departments = {d.code: d for d in Department.objects.filter(code__in={r["department_code"] for r in rows})}
    results = {"proposed": [], "unchanged": [], "problems": list(problems)}
    plans = []
    for row in rows:
        code = row["code"]
        content = powerlist.normalise(row["content"])
        found = [f"{code}：{p.message}" for p in powerlist.problems(content)]
        dept = departments.get(row["department_code"])
        if dept is None:
            found.append(f"{code}：部门编码 {row['department_code']} 不存在")
        results["problems"].extend(found)
        plans.append((code, dept, content))
    if results["problems"]:
        raise ValidationError(results["problems"])
    for code, dept, content in plans:
        item = PowerItem.objects.filter(code=code).first()
        current = queries.pending(item) or queries.current_version(item) if item else None
        if current is not None and powerlist.content_of(current) == content:
            results["unchanged"].append(code)
            continue
        propose_item(actor, code=code, content=content, department=dept, reason=reason or "Excel 导入", now=now)
        results["proposed"].append(code)
    ledger.append(actor, "power_list.imported", object_type="approvals.poweritem", object_id="*", data={
        "proposed": results["proposed"], "unchanged": len(results["unchanged"])})
    return results


# ------------------------------------------------------------------------------------------ cases


def _case(case: ApprovalCase) -> ApprovalCase:
    return ApprovalCase.objects.select_for_update(of=("self",)).select_related("item", "version", "department").get(pk=case.pk)


def _staff(actor, case: ApprovalCase, day: date) -> tuple[str, str]:
    """(staff number of the actor, staff number of the A they stand in for as B, or "")."""
    person = None if policies.is_system(actor) else person_of(actor)
    if person is None:
        return "", ""
    for owner in (case.handler, case.approver):
        if owner is not None and owner.pk != person.pk and backup.acting_person(owner, day) == person:
            return person.staff_no, owner.staff_no
    return person.staff_no, ""


def _record(actor, case: ApprovalCase, kind: str, now: datetime, *, step: str = "", data: dict | None = None) -> CaseEvent:
    """Append the case event, refresh the case's copy of its clock, and write the ledger event."""
    staff_no, acting_for = _staff(actor, case, timezone.localtime(now).date())
    event = CaseEvent.objects.create(case=case, kind=kind, step=step, occurred_at=now, recorded_at=now, actor=_name(actor),
                                     staff_no=staff_no, acting_for=acting_for, data=data or {})
    old_status = case.status
    clock = _refresh(case, now)
    data = data or {}
    texts = "\n".join(str(data[k]) for k in ("notice", "reason", "remedy") if data.get(k))
    ledger.append(actor, f"approval_case.{kind}", case, data={
        "case": case.number, "event": event.event_id, "step": step, "old_status": old_status, "new_status": case.status,
        "acting_for": acting_for or None, "due_at": _iso(case.due_at), "deemed_accepted": case.deemed_accepted,
        "late_extensions": clock.late_extensions, "text_sha256": hashlib.sha256(texts.encode()).hexdigest() if texts else None,
        **{k: v for k, v in data.items() if k not in ("notice", "reason", "remedy")},
    })
    return event


def _refresh(case: ApprovalCase, now: datetime):
    clock = clock_for_case(case, as_of=now)
    case.status = clock.status
    case.accepted_at, case.deemed_accepted = clock.start_at, clock.deemed_accepted
    case.due_at, case.statutory_due_at, case.due_provisional = clock.due_at, clock.statutory_due_at, clock.provisional
    case.current_step = clock.current_step.code if clock.current_step else ""
    case.decided_at, case.delivered_at = clock.decided_at, clock.delivered_at
    case.decision = clock.decision or ""
    case.updated_at = now
    case.save()
    return clock


def _check_file(upload) -> None:
    ext = Path(upload.name or "").suffix.lower()
    allowed = tuple(MATERIAL_EXTENSIONS.value())
    if ext not in allowed:
        raise ValidationError(f"材料文件类型 {ext or '（无扩展名）'} 不被接受；可上传：{' '.join(allowed)}")
    if upload.size is not None and upload.size > int(MATERIAL_MAX_BYTES.value()):
        raise ValidationError(f"材料文件超过 {int(MATERIAL_MAX_BYTES.value()) // (1024 * 1024)} MB 上限")


def _store_files(case: ApprovalCase, files: dict, names: dict[str, str], round_: int, now: datetime) -> list[str]:
    stored = []
    for code, upload in files.items():
        if upload is None:
            continue
        _check_file(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        material = CaseMaterial(case=case, code=code, name=names.get(code, code), sha256=digest.hexdigest(),
                                size=upload.size or 0, round=round_, uploaded_at=now)
        material.file.save(Path(upload.name).name, upload, save=False)
        material.save()
        stored.append(code)
    return stored


def _post_person(post: Post | None) -> Person | None:
    """A of the post's AB pair, else its first holder."""
    if post is None:
        return None
    pair = BackupPair.objects.filter(post=post).select_related("primary").first()
    if pair is not None:
        return pair.primary
    return Person.objects.filter(post=post).order_by("staff_no").first()


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def tracking_hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").strip().upper().encode()).hexdigest()


def case_by_tracking_code(code: str) -> ApprovalCase | None:
    return ApprovalCase.objects.select_related("item", "version", "department").filter(tracking_hash=tracking_hash(code)).first()


@transaction.atomic
def submit_application(*, item: PowerItem, applicant_kind: str, applicant_name: str, applicant_id: str = "", phone: str = "",
                       files: dict | None = None, now: datetime | None = None) -> tuple[ApprovalCase, str]:
    """An applicant's application on the portal. Returns the case and its tracking code (shown once)."""
    now = _now(now)
    version = queries.current_version(item, timezone.localtime(now).date())
    if version is None:
        raise ValidationError("该事项不在现行权力清单中，不能申请")
    if version.power_type not in queries.APPLICABLE_TYPES:
        raise ValidationError(f"“{version.name}”属于{version.get_power_type_display()}，不受理申请")
    if applicant_kind not in ApplicantKind.values:
        raise ValidationError("请选择申请人类型：企业或个人")
    applicant_name = (applicant_name or "").strip()
    if not applicant_name:
        raise ValidationError("申请人名称不能为空")
    names = {m["code"]: m["name"] for m in version.materials}
    files = {code: f for code, f in (files or {}).items() if f is not None}
    unknown = sorted(set(files) - set(names))
    if unknown:
        raise ValidationError(f"材料 {', '.join(unknown)} 不在该事项的申请材料清单中")
    code = new_tracking_code()
    applicant_id = (applicant_id or "").strip()
    phone = (phone or "").strip()
    case = ApprovalCase.objects.create(
        number=f"tmp-{secrets.token_hex(8)}", item=item, version=version, department=item.department,
        applicant_kind=applicant_kind, applicant_name=applicant_name[:200],
        applicant_id_masked=mask_id_number(applicant_id) if applicant_id else "",
        applicant_id_hash=keyed_hash(applicant_id) if applicant_id else "",
        applicant_phone_masked=(phone[:3] + "****" + phone[-4:]) if len(phone) >= 7 else "",
        tracking_hash=tracking_hash(code), tracking_hint=code[-4:], received_at=now,
        handler=_post_person(item.handling_post), approver=_post_person(item.approving_post), updated_at=now)
    case.number = f"QF{timezone.localtime(now):%Y}{case.pk:07d}"
    case.save(update_fields=["number"])
    stored = _store_files(case, files, names, 1, now)
    _record(APPLICANT, case, EventType.APPLY, now, data={"materials": sorted(stored)})
    return case, code


def _open_check(case: ApprovalCase, allowed: set[str], verb: str) -> None:
    if case.status not in allowed:
        raise ValidationError(f"办件 {case.number} 当前状态为“{case.get_status_display()}”，不能{verb}")


@transaction.atomic
def request_materials(actor, case: ApprovalCase, *, codes, notice: str = "", now: datetime | None = None) -> CaseEvent:
    """The one-time notice (一次性告知): every missing material at once, within the notice period."""
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    if case.events.filter(kind=EventType.MATERIALS_REQUEST).exists():
        raise ValidationError("已经一次性告知过补正材料，不能再次要求补正（一次性告知制度）")
    _open_check(case, {CaseStatus.RECEIVED}, "告知补正")
    codes = sorted({c for c in codes if c})
    if not codes:
        raise ValidationError("请勾选需要补正的全部材料")
    listed = {m["code"] for m in case.version.materials}
    unlisted = sorted(set(codes) - listed)
    if unlisted:
        raise ValidationError(f"材料 {', '.join(unlisted)} 不在该事项的申请材料清单中，不得要求申请人提供")
    clock = clock_for_case(case, as_of=now)
    if clock.notice_due_at is not None and now > clock.notice_due_at:
        raise ValidationError("已超过一次性告知期限，依法自收到申请材料之日起视为受理，请直接受理办理")
    return _record(actor, case, EventType.MATERIALS_REQUEST, now, data={"materials": codes, "notice": notice.strip(),
                                                                          "reason": notice.strip()})


@transaction.atomic
def supply_materials(case: ApprovalCase, *, files: dict, now: datetime | None = None) -> CaseEvent:
    """The applicant supplies everything the notice listed."""
    now = _now(now)
    case = _case(case)
    _open_check(case, {CaseStatus.MATERIALS_REQUESTED}, "补正材料")
    notice = case.events.filter(kind=EventType.MATERIALS_REQUEST).order_by("occurred_at", "pk").first()
    wanted = set(notice.data.get("materials") or [])
    files = {code: f for code, f in files.items() if f is not None}
    missing = sorted(wanted - set(files))
    if missing:
        names = {m["code"]: m["name"] for m in case.version.materials}
        raise ValidationError("请补齐告知书所列的全部材料：" + "、".join(names.get(c, c) for c in missing))
    extra = sorted(set(files) - wanted)
    if extra:
        raise ValidationError(f"材料 {', '.join(extra)} 不在补正告知书中")
    names = {m["code"]: m["name"] for m in case.version.materials}
    stored = _store_files(case, files, names, 2, now)
    return _record(APPLICANT, case, EventType.MATERIALS_SUPPLIED, now, data={"materials": sorted(stored)})


@transaction.atomic
def accept_case(actor, case: ApprovalCase, *, now: datetime | None = None) -> CaseEvent:
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    if case.status == CaseStatus.MATERIALS_REQUESTED:
        raise ValidationError("已告知补正，申请人补齐材料后才能受理")
    if case.events.filter(kind=EventType.ACCEPT).exists():
        raise ValidationError(f"办件 {case.number} 已受理")
    _open_check(case, {CaseStatus.RECEIVED, CaseStatus.ACCEPTED}, "受理")
    return _record(actor, case, EventType.ACCEPT, now)


def _reasons(reasons: str, remedies: str, what: str) -> tuple[str, str]:
    reasons, remedies = (reasons or "").strip(), (remedies or "").strip()
    if not reasons:
        raise ValidationError(f"{what}须依法说明理由")
    if not remedies:
        raise ValidationError(f"{what}须告知申请人享有依法申请行政复议或者提起行政诉讼的权利")
    return reasons, remedies


@transaction.atomic
def refuse_acceptance(actor, case: ApprovalCase, *, reasons: str, remedies: str, now: datetime | None = None) -> CaseEvent:
    """不予受理, with the reasons and the remedies in writing."""
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    if case.events.filter(kind=EventType.ACCEPT).exists():
        raise ValidationError("办件已受理，不能再作不予受理；请依法作出不予准予的决定")
    _open_check(case, {CaseStatus.RECEIVED, CaseStatus.ACCEPTED}, "不予受理")
    reasons, remedies = _reasons(reasons, remedies, "不予受理")
    return _record(actor, case, EventType.NOT_ACCEPT, now, data={"reason": reasons, "remedy": remedies})


@transaction.atomic
def suspend_case(actor, case: ApprovalCase, *, reason_code: str, notice: str, now: datetime | None = None) -> CaseEvent:
    """Start a special procedure (听证, 检验检测, 专家评审…) that stops the clock, with the written notice."""
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    _open_check(case, {CaseStatus.ACCEPTED}, "启动特别程序")
    if reason_code not in SuspensionReason.values or reason_code == SuspensionReason.MISSING_MATERIALS:
        raise ValidationError("请选择特别程序类型（听证、检验检测检疫、鉴定、专家评审、招标拍卖、征求第三方意见或其他）")
    notice = (notice or "").strip()
    if not notice:
        raise ValidationError("特别程序所需时间不计入期限，须书面告知申请人（请填写告知书内容）")
    return _record(actor, case, EventType.SUSPEND, now, data={"reason_code": reason_code, "notice": notice, "reason": notice})


@transaction.atomic
def resume_case(actor, case: ApprovalCase, *, note: str = "", now: datetime | None = None) -> CaseEvent:
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    _open_check(case, {CaseStatus.SUSPENDED}, "结束特别程序")
    return _record(actor, case, EventType.RESUME, now, data={"reason": note.strip()} if note.strip() else {})


@transaction.atomic
def extend_case(actor, case: ApprovalCase, *, days: int, reason: str, now: datetime | None = None) -> tuple[CaseEvent, bool]:
    """An extension approved by the head, within the item's ceiling. Asked after the deadline, it is recorded
    but does not count (the case is overdue). Returns the event and whether it counts."""
    now = _now(now)
    case = _case(case)
    if not policies.decides(actor, case, timezone.localtime(now).date()):
        raise PermissionDenied("延长期限须经本机关负责人批准")
    _open_check(case, {CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}, "延长期限")
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationError("延长天数应为正整数") from None
    reason = (reason or "").strip()
    if days <= 0:
        raise ValidationError("延长天数应为正整数")
    if not reason:
        raise ValidationError("延长期限须说明理由，并告知申请人")
    granted = sum(int(e.data.get("days") or 0) for e in case.events.filter(kind=EventType.EXTEND))
    ceiling = case.version.extension_days
    if granted + days > ceiling:
        raise ValidationError(f"延长合计 {granted + days} 个工作日，超过该事项可延长的 {ceiling} 个工作日")
    event = _record(actor, case, EventType.EXTEND, now, data={"days": days, "reason": reason})
    counted = not clock_for_case(case, as_of=now).extensions[-1].why
    return event, counted


@transaction.atomic
def complete_step(actor, case: ApprovalCase, *, step: str, note: str = "", now: datetime | None = None) -> CaseEvent:
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    _open_check(case, {CaseStatus.ACCEPTED}, "办结环节")
    if step != case.current_step:
        raise ValidationError(f"当前环节是“{case.current_step or '无'}”，不能办结“{step}”")
    codes = [s["code"] for s in case.version.steps]
    if codes and step == codes[-1]:
        raise ValidationError("最后一个环节以作出决定办结")
    return _record(actor, case, EventType.STEP_DONE, now, step=step, data={"reason": note.strip()} if note.strip() else {})


@transaction.atomic
def forward_case(actor, case: ApprovalCase, *, note: str = "", now: datetime | None = None) -> CaseEvent:
    """上报件: the preliminary review is done and the file goes to the higher authority."""
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    if case.version.case_type != CaseType.REPORTED:
        raise ValidationError("只有上报件需要报送上级")
    _open_check(case, {CaseStatus.ACCEPTED}, "报送上级")
    if case.events.filter(kind=EventType.FORWARD).exists():
        raise ValidationError("已报送上级")
    return _record(actor, case, EventType.FORWARD, now, data={"reason": note.strip()} if note.strip() else {})


@transaction.atomic
def decide_case(actor, case: ApprovalCase, *, decision: str, reasons: str = "", remedies: str = "",
                now: datetime | None = None) -> CaseEvent:
    """Approve, or refuse with the reasons and the remedies (复议、诉讼)."""
    now = _now(now)
    case = _case(case)
    if not policies.decides(actor, case, timezone.localtime(now).date()):
        raise PermissionDenied("只有审批人或本机关负责人可以作出决定")
    if case.status == CaseStatus.SUSPENDED:
        raise ValidationError("特别程序尚未结束，请先结束特别程序")
    _open_check(case, {CaseStatus.ACCEPTED}, "作出决定")
    if decision not in Decision.values:
        raise ValidationError("请选择决定：准予或不予准予")
    data = {"decision": decision}
    if decision == Decision.REFUSE:
        data["reason"], data["remedy"] = _reasons(reasons, remedies, "不予准予")
    elif reasons.strip():
        data["reason"] = reasons.strip()
    event = _record(actor, case, EventType.DECIDE, now, step=case.current_step, data=data)
    case.decision_reasons, case.remedies = data.get("reason", ""), data.get("remedy", "")
    case.save(update_fields=["decision_reasons", "remedies"])
    return event


@transaction.atomic
def deliver_case(actor, case: ApprovalCase, *, method: str, now: datetime | None = None) -> CaseEvent:
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    _open_check(case, {CaseStatus.APPROVED, CaseStatus.REFUSED}, "送达")
    method = (method or "").strip()
    if not method:
        raise ValidationError("请写明送达方式（窗口领取、邮寄、电子证照）")
    return _record(actor, case, EventType.DELIVER, now, data={"reason": method})


@transaction.atomic
def record_fee(actor, case: ApprovalCase, *, fee_code: str, amount, now: datetime | None = None) -> CaseEvent:
    """A fee, only as listed for the item and never above its standard."""
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    fees = {f["code"]: f for f in case.version.fees}
    if fee_code not in fees:
        raise ValidationError(f"收费项目 {fee_code} 不在该事项的收费清单中，不得收取")
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError("收费金额应为数字") from None
    if amount <= 0 or amount > Decimal(fees[fee_code]["amount"]):
        raise ValidationError(f"收费金额 {amount} 元超出收费标准 {fees[fee_code]['amount']} 元")
    return _record(actor, case, EventType.FEE, now, data={"fee_code": fee_code, "amount": str(amount)})


@transaction.atomic
def require_intermediary(actor, case: ApprovalCase, *, service_code: str, org: str, now: datetime | None = None) -> CaseEvent:
    """An intermediary service the applicant must obtain: only a listed one; the applicant chooses the firm."""
    now = _now(now)
    case = _case(case)
    if not policies.handles(actor, case):
        raise PermissionDenied("无权办理该办件")
    services = {s["code"] for s in case.version.intermediaries}
    if service_code not in services:
        raise ValidationError(f"中介服务 {service_code} 不在该事项的中介服务清单中，不得要求申请人办理")
    return _record(actor, case, EventType.INTERMEDIARY, now,
                   data={"intermediary_code": service_code, "intermediary_org": (org or "").strip()})


@transaction.atomic
def withdraw_case(case: ApprovalCase, *, now: datetime | None = None) -> CaseEvent:
    now = _now(now)
    case = _case(case)
    _open_check(case, {CaseStatus.RECEIVED, CaseStatus.MATERIALS_REQUESTED, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}, "撤回")
    return _record(APPLICANT, case, EventType.WITHDRAW, now)


# --------------------------------------------------------------------------------------- backup posts


@transaction.atomic
def set_backup_pair(actor, *, post: Post, primary: Person, backup_person: Person) -> BackupPair:
    """Name A and B of a post."""
    if not policies.manages_backup(actor, post.department):
        raise PermissionDenied(f"无权设置{post.department.name}的AB岗")
    if primary.pk == backup_person.pk:
        raise ValidationError("A岗与B岗不能是同一人")
    for person in (primary, backup_person):
        if not person.department.path.startswith(post.department.path):
            raise ValidationError(f"{person.name} 不属于{post.department.name}")
    old = BackupPair.objects.filter(post=post).values("primary__staff_no", "backup__staff_no").first()
    pair, _ = BackupPair.objects.update_or_create(post=post, defaults={
        "primary": primary, "backup": backup_person, "set_by": _name(actor), "set_at": timezone.now()})
    ledger.append(actor, "backup_pair.set", pair, data={"post": str(post), "primary": primary.staff_no,
                                                        "backup": backup_person.staff_no, "old": old})
    return pair


def _overlap_days(a_start: date, a_end: date, b_start: date, b_end: date) -> list[date]:
    start, end = max(a_start, b_start), min(a_end, b_end)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)] if start <= end else []


@transaction.atomic
def record_absence(actor, *, person: Person, start: date, end: date, kind: str = "leave", note: str = "",
                   unplanned: bool = False) -> Absence:
    """Enter leave, travel or training in the calendar. A planned absence that would leave a pair's A and B
    away at once is refused; an unplanned one (sickness, emergency, entered afterwards) is recorded and
    every working day it leaves the post empty is counted as a 空岗 day."""
    from qingfeng.core.calendar import WorkCalendar

    if not policies.records_absence_for(actor, person):
        raise PermissionDenied(f"无权登记{person.name}的离岗")
    if end < start:
        raise ValidationError("结束日期不能早于开始日期")
    pairs = list(BackupPair.objects.filter(primary=person).select_related("backup", "post")) + list(
        BackupPair.objects.filter(backup=person).select_related("primary", "post"))
    clashes = []
    for pair in pairs:
        partner = pair.backup if pair.primary_id == person.pk else pair.primary
        for other in Absence.objects.filter(person=partner, start__lte=end, end__gte=start):
            clashes.append((pair, partner, other, _overlap_days(start, end, other.start, other.end)))
    if clashes and not unplanned:
        pair, partner, other, _days = clashes[0]
        raise ValidationError(f"AB岗不能同时离岗：{pair.post} 的{'B' if pair.primary_id == person.pk else 'A'}岗 "
                              f"{partner.name} 已登记 {other.start:%Y-%m-%d} 至 {other.end:%Y-%m-%d} 离岗。"
                              f"请调整日期，或先由部门负责人另行指定顶岗人员")
    absence = Absence.objects.create(person=person, start=start, end=end, kind=kind, note=note.strip()[:200],
                                     unplanned=unplanned, recorded_by=_name(actor))
    ledger.append(actor, "absence.recorded", absence, data={"person": person.staff_no, "start": _iso(start), "end": _iso(end),
                                                            "kind": kind, "unplanned": unplanned})
    if clashes:
        calendar = WorkCalendar.load(start, end)
        for pair, partner, _other, days in clashes:
            gap_days = [d for d in days if calendar.is_workday(d)]
            created = [PostGap.objects.get_or_create(pair=pair, day=d, defaults={"absence": absence})[1] for d in gap_days]
            if any(created):
                ledger.append(actor, "backup_pair.gap_counted", pair, data={
                    "post": str(pair.post), "days": [_iso(d) for d, new in zip(gap_days, created, strict=True) if new],
                    "absent": [person.staff_no, partner.staff_no]})
    return absence


# ------------------------------------------------------------------------------------- supervision


def approval_rule_ids() -> list[str]:
    from qingfeng.screening.catalogue import load_catalogue

    return [r.id for r in load_catalogue() if r.domain == "approvals" and r.status != "deprecated"]


def registry_snapshot(now: datetime) -> dict:
    """Every registry a run reads, the approval ones taken as of ``now`` (the run's clock)."""
    from django.utils.module_loading import import_string

    from qingfeng.records import contract
    from qingfeng.screening import snapshots as screening_snapshots

    from . import snapshots

    tables = snapshots.build(now)
    import pyarrow.compute as pc

    earliest = pc.min(tables["approval_events"].column("occurred_at")).as_py()
    today = timezone.localtime(now).date()
    first = earliest.date() if earliest else today
    first, last = min(first, today), today
    tables.update({
        "departments": screening_snapshots.departments(),
        "calendar": screening_snapshots.calendar(date(first.year, 1, 1), date(last.year + 1, 12, 31)),
        "sensitive_words": screening_snapshots.sensitive_words(),
    })
    for name, ds in contract.DATASETS.items():
        if ds.kind == "registry" and ds.builder and name not in tables:
            tables[name] = import_string(ds.builder)((first, last))
    return tables


def supervise(actor, *, now: datetime | None = None, progress: bool = False) -> dict:
    """One round of electronic supervision: the approval rules over every case (handled here or imported)
    as of ``now``, their findings raised as alerts (cards), the people behind each new card notified, and
    the clock copies of open cases refreshed. Run it daily (``qingfeng approvals supervise``)."""
    from qingfeng.alerts.actions import raise_alerts
    from qingfeng.screening.actions import run_screening

    if not policies.supervises(actor):
        raise PermissionDenied("只有纪检监察人员可以运行电子监察")
    now = _now(now)
    run = run_screening(actor, rule_ids=approval_rule_ids(), registries=registry_snapshot(now),
                        on=timezone.localtime(now).date(), progress=progress)
    counts = raise_alerts(run, actor, now=now)
    notified = notify_cards(actor, run=run, now=now)
    refreshed = refresh_open_cases(actor, now=now)
    return {"run": run.pk, "status": run.status, "hits": {k: v.get("hits", 0) for k, v in run.rules.items()},
            "errors": {k: v["error"] for k, v in run.rules.items() if v.get("error")}, "alerts": counts,
            "notified": notified, "refreshed": refreshed}


@transaction.atomic
def notify_cards(actor, *, run=None, now: datetime | None = None) -> dict:
    """Tell the handler, the approver and the supervisors about every approval card not yet told (in the app,
    and by SMS through the configured backend once the transaction commits)."""
    from qingfeng.alerts.lifecycle import WAITING
    from qingfeng.alerts.models import Alert

    from . import notifications, sms
    from .models import Channel, Notification

    now = _now(now)
    alerts = Alert.objects.filter(domain="approvals", status__in=WAITING, dispatched_at__isnull=False).select_related(
        "department", "finding")
    if run is not None:
        alerts = alerts.filter(finding__run=run)
    told = set(Notification.objects.filter(alert__in=alerts).values_list("alert_id", "dispatch_key").distinct())
    rows, messages = [], []
    for alert in alerts.order_by("pk"):
        key = alert.dispatched_at.isoformat()
        if (alert.pk, key) in told:
            continue
        day = timezone.localtime(now).date()
        _h, _a, case_id = notifications.case_people(alert, day)
        text = notifications.message(alert, case_id)
        for r in notifications.recipients(alert, day):
            if r.user is not None:
                rows.append(Notification(person=r.person, user=r.user, channel=Channel.IN_APP, role=r.role, alert=alert,
                                         dispatch_key=key, case_id=case_id, text=text, created_at=now))
            if r.person is not None:
                rows.append(Notification(person=r.person, user=r.user, channel=Channel.SMS, role=r.role, alert=alert,
                                         dispatch_key=key, case_id=case_id, text=text, created_at=now))
                messages.append(sms.SmsMessage(r.person.staff_no, r.person.name, text))
    Notification.objects.bulk_create(rows, batch_size=500)
    counts = {"in_app": sum(1 for n in rows if n.channel == Channel.IN_APP), "sms": len(messages),
              "alerts": len({n.alert_id for n in rows})}
    if rows:
        ledger.append(actor, "approvals.cards_notified", object_type="alerts.alert", object_id="*", data={
            **counts, "run": run.pk if run is not None else None})
        transaction.on_commit(lambda: sms.backend().send(messages))
    return counts


@transaction.atomic
def mark_notification_read(user, notification) -> None:
    if notification.user_id != getattr(user, "pk", None):
        raise PermissionDenied("只能标记自己的提醒")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def refresh_open_cases(actor, *, now: datetime | None = None) -> int:
    """Refresh the clock copies of open cases (a case nobody touched may have come to count as accepted)."""
    from .models import OPEN_STATUSES

    now = _now(now)
    changed = 0
    for case in ApprovalCase.objects.filter(status__in=OPEN_STATUSES).select_related("item", "version", "department"):
        before = (case.status, case.due_at, case.accepted_at, case.current_step)
        _refresh(case, now)
        changed += before != (case.status, case.due_at, case.accepted_at, case.current_step)
    if changed:
        ledger.append(actor, "approval_cases.clocks_refreshed", object_type="approvals.approvalcase", object_id="*",
                      data={"changed": changed, "as_of": _iso(now)})
    return changed


# ----------------------------------------------------------------------------------------- scores


@transaction.atomic
def ensure_default_template(actor):
    """The municipal template of §1.4, stored once so that scores can name the template they used."""
    from .models import ScoreTemplate
    from .scoring import check_template, shipped_template

    template = ScoreTemplate.objects.filter(is_default=True).first()
    if template is not None:
        return template
    config = shipped_template("municipal")
    problems = check_template(config)
    if problems:
        raise ValidationError(problems)
    template = ScoreTemplate.objects.create(code=config["code"], name=config["name"], config=config, is_default=True)
    ledger.append(actor, "score_template.created", template, data={"code": template.code, "default": True})
    return template


@transaction.atomic
def score_month(actor, *, year: int, month: int, template=None, now: datetime | None = None) -> list:
    """Score every department that holds approval items for one month, from its cards and its completed cases."""
    from collections import defaultdict

    from qingfeng.alerts.models import Alert

    from . import scoring, snapshots
    from .models import MonthlyScore

    if not policies.supervises(actor):
        raise PermissionDenied("只有纪检监察人员可以计算测评分")
    template = template or ensure_default_template(actor)
    config = template.config
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    start, end = datetime.combine(first, datetime.min.time(), tz), datetime.combine(nxt, datetime.min.time(), tz)
    departments = Department.objects.filter(pk__in=PowerItem.objects.values("department")).order_by("path")
    counts: dict[int, scoring.Counts] = defaultdict(scoring.Counts)
    cards = (Alert.objects.filter(domain="approvals", created_at__gte=start, created_at__lt=end, department__in=departments)
             .exclude(verdict__in=config.get("exclude_verdicts") or []).values_list("department_id", "rule_id", "severity"))
    for dept_id, rule_id, severity in cards:
        c = counts[dept_id].cards
        c[(rule_id, severity)] = c.get((rule_id, severity), 0) + 1
    code_to_id = {d.code: d.pk for d in departments}
    clocks = snapshots.build(_now(now))["approval_clocks"].to_pylist()
    for row in clocks:
        decided = row["decided_at"]
        if decided is None or not (first <= decided.date() < nxt) or row["department_code"] not in code_to_id:
            continue
        c = counts[code_to_id[row["department_code"]]]
        c.completed += 1
        if row["used_workdays"] is not None and row["committed_days"] is not None and row["used_workdays"] < row["committed_days"]:
            c.early += 1
    stored = []
    for dept in departments:
        details = scoring.score(config, counts[dept.pk])
        row, _ = MonthlyScore.objects.update_or_create(department=dept, month=first, template=template, defaults={
            "total": Decimal(details["total"]), "details": details, "computed_at": timezone.now()})
        stored.append(row)
    ledger.append(actor, "approvals.month_scored", template, data={
        "month": f"{year}-{month:02d}", "departments": len(stored),
        "totals": {d.department.code: str(d.total) for d in stored}})
    return stored
