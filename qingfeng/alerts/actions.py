"""Every change to an alert. Each action checks permission (alerts.policies) and the transition
(alerts.lifecycle), runs in one transaction and appends one ledger event per alert change.

A string actor is trusted code (CLI, scheduled task); the web and the API always pass the user.
"""

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from qingfeng.core import deadlines, ledger
from qingfeng.core.calendar import WorkCalendar
from qingfeng.core.models import Department, Person

from . import lifecycle, policies, rulebook
from .models import Alert, AnswerKind, Response, Status, Verdict
from .parameters import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    ESCALATION_DEADLINE_DAYS,
    FALLBACK_DEPARTMENT,
)

BATCH = 500


def _actor_name(actor) -> str:
    if actor is None:
        return "system"
    return actor if isinstance(actor, str) else actor.get_username()


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def _status_change(old: str, new: str) -> dict:
    return {"old_status": old, "new_status": new}


def _calendar_for(start: datetime, longest_days: int) -> WorkCalendar:
    """One calendar load for a whole batch of deadlines (the deadline service would load one per call)."""
    day = timezone.localtime(start).date()
    return WorkCalendar.load(day - timedelta(days=1), day + timedelta(days=longest_days * 4 + 120))


def _rule_deadline(rule: rulebook.RuleInfo, start: datetime, calendar: WorkCalendar | None = None) -> deadlines.Deadline:
    return deadlines.compute(start, rule.deadline_amount, rule.deadline_unit, calendar=calendar)


def fallback_department() -> Department:
    """Where an alert goes when its department code is unknown: the supervisory body (configured), else
    the root of the department tree."""
    code = FALLBACK_DEPARTMENT.value()
    dept = Department.objects.filter(code=code).first() if code else None
    dept = dept or Department.objects.filter(parent__isnull=True).order_by("path").first()
    if dept is None:
        raise ValidationError("部门树为空：预警无法路由，请先导入部门")
    return dept


def _title(rule: rulebook.RuleInfo, subject_key: str) -> str:
    return f"{rule.title_zh}（{subject_key}）"[:255]


@transaction.atomic
def raise_alerts(run, actor, *, fallback: Department | None = None, now: datetime | None = None) -> dict:
    """Turn a screening run's findings into alerts: one alert per (rule, subject) across runs.

    A new alert is routed by the finding's department code and dispatched at once with a deadline. An
    alert seen before keeps its state when its evidence is unchanged; open alerts take changed evidence
    as an update; answered or closed alerts with changed evidence are reopened. ``now`` is the dispatch
    time (default: the current time).
    """
    now = now or timezone.now()
    findings: dict[tuple[str, str], dict] = {}
    fields = ("pk", "rule_id", "rule_version", "subject_key", "department_code", "params", "evidence_hash")
    for row in run.findings.order_by("pk").values(*fields).iterator(chunk_size=2000):
        findings[(row["rule_id"], row["subject_key"])] = row  # a later finding of the same key wins
    counts = {"new": 0, "updated": 0, "unchanged": 0, "reopened": 0, "unroutable": 0}
    if not findings:
        ledger.append(actor, "alerts.raised", run, data={"counts": counts})
        return counts

    rules = rulebook.load({rule_id for rule_id, _s in findings})
    codes = {f["department_code"] for f in findings.values()}
    dept_ids = dict(Department.objects.filter(code__in=codes).values_list("code", "pk"))
    dept_codes = {pk: code for code, pk in dept_ids.items()}
    unroutable = {key for key, f in findings.items() if f["department_code"] not in dept_ids}
    counts["unroutable"] = len(unroutable)
    if unroutable:
        fallback = fallback or fallback_department()
        dept_codes[fallback.pk] = fallback.code

    def route(finding) -> int:
        return dept_ids.get(finding["department_code"]) or fallback.pk

    calendar = _calendar_for(now, max(r.deadline_amount for r in rules.values()))
    due_cache: dict[tuple[int, str], deadlines.Deadline] = {}

    def due(rule) -> deadlines.Deadline:
        key = (rule.deadline_amount, rule.deadline_unit)
        if key not in due_cache:
            due_cache[key] = _rule_deadline(rule, now, calendar)
        return due_cache[key]

    existing: dict[tuple[str, str], Alert] = {}
    by_rule: dict[str, list[str]] = {}
    for rule_id, subject in findings:
        by_rule.setdefault(rule_id, []).append(subject)
    for rule_id, subjects in by_rule.items():
        for i in range(0, len(subjects), BATCH):
            for alert in Alert.objects.select_for_update().filter(rule_id=rule_id, subject_key__in=subjects[i:i + BATCH]):
                existing[(alert.rule_id, alert.subject_key)] = alert

    created: list[Alert] = []
    changed: list[tuple[Alert, str, dict]] = []  # (alert, ledger action, data)
    repointed: list[Alert] = []
    for key, f in findings.items():
        rule = rules[f["rule_id"]]
        alert = existing.get(key)
        if alert is None:
            d = due(rule)
            created.append(Alert(
                rule_id=f["rule_id"], rule_version=f["rule_version"] or rule.version, domain=rule.domain or "finance",
                subject_key=f["subject_key"], title=_title(rule, f["subject_key"]), severity=rule.severity,
                department_id=route(f), status=Status.DISPATCHED, finding_id=f["pk"], evidence_hash=f["evidence_hash"],
                params=f["params"] or {}, created_at=now, updated_at=now, dispatched_at=now, due_at=d.due,
                due_provisional=d.provisional,
            ))
        elif alert.evidence_hash == f["evidence_hash"]:
            counts["unchanged"] += 1
            if alert.finding_id != f["pk"]:
                alert.finding_id = f["pk"]
                repointed.append(alert)
        elif lifecycle.allows("reopen", alert.status):
            d = due(rule)
            old_status, old_hash, old_dept = alert.status, alert.evidence_hash, alert.department_id
            alert.status = lifecycle.target("reopen")
            alert.department_id = route(f)
            alert.dispatched_at, alert.due_at, alert.due_provisional = now, d.due, d.provisional
            alert.answer_kind = alert.verdict = ""
            alert.answered_at = alert.closed_at = None
            _take_finding(alert, f, rule, now)
            counts["reopened"] += 1
            changed.append((alert, "alert.reopened", {
                **_status_change(old_status, alert.status), "old_hash": old_hash, "new_hash": alert.evidence_hash,
                "finding": f["pk"], "run": run.pk, "due_at": _iso(d.due), "due_provisional": d.provisional,
                "old_department": dept_codes.get(old_dept) or old_dept, "department": dept_codes.get(alert.department_id),
            }))
        else:
            old_hash = alert.evidence_hash
            _take_finding(alert, f, rule, now)
            counts["updated"] += 1
            changed.append((alert, "alert.updated", {
                "status": alert.status, "old_hash": old_hash, "new_hash": alert.evidence_hash, "finding": f["pk"], "run": run.pk,
            }))

    Alert.objects.bulk_create(created, batch_size=BATCH)
    counts["new"] = len(created)
    _save_many(repointed, ["finding"])
    _save_many([a for a, _v, _d in changed], [
        "status", "department", "dispatched_at", "due_at", "due_provisional", "answer_kind", "verdict", "answered_at",
        "closed_at", "finding", "evidence_hash", "params", "rule_version", "severity", "title", "domain", "updated_at",
    ])

    for alert in created:
        routed = "fallback" if (alert.rule_id, alert.subject_key) in unroutable else "department"
        ledger.append(actor, "alert.created", alert, data={
            **_status_change(Status.NEW, alert.status), "rule": alert.rule_id, "rule_version": alert.rule_version,
            "subject": alert.subject_key, "department": dept_codes.get(alert.department_id), "routed": routed,
            "finding": alert.finding_id, "run": run.pk, "evidence_hash": alert.evidence_hash,
            "due_at": _iso(alert.due_at), "due_provisional": alert.due_provisional,
        })
    for alert, action, data in changed:
        ledger.append(actor, action, alert, data=data)
    ledger.append(actor, "alerts.raised", run, data={"counts": counts})
    return counts


def _save_many(alerts: list[Alert], field_names: list[str]) -> None:
    """UPDATE … WHERE id = ? once per alert through executemany: bulk_update's CASE expressions grow as
    rows × fields and took seconds for a thousand changed alerts."""
    if not alerts:
        return
    fields = [Alert._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(Alert._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "
           f"WHERE {quote(Alert._meta.pk.column)} = %s")
    rows = [[f.get_db_prep_save(getattr(a, f.attname), connection) for f in fields] + [a.pk] for a in alerts]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _take_finding(alert: Alert, f: dict, rule: rulebook.RuleInfo, now: datetime) -> None:
    alert.finding_id = f["pk"]
    alert.evidence_hash = f["evidence_hash"]
    alert.params = f["params"] or {}
    alert.rule_version = f["rule_version"] or rule.version
    alert.severity, alert.title, alert.domain = rule.severity, _title(rule, f["subject_key"]), rule.domain or alert.domain
    alert.updated_at = now


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update(of=("self",)).select_related("department").get(pk=alert.pk)


@transaction.atomic
def dispatch_alert(actor, alert: Alert, assignee: Person | None = None) -> Alert:
    """Dispatch a new alert to its department (with a deadline), or assign a waiting alert to a member of
    the department's staff."""
    locked = _locked(alert)
    if not policies.dispatches_for(actor, locked):
        raise PermissionDenied("无权派发该预警")
    if assignee is not None and not assignee.department.path.startswith(locked.department.path):
        raise ValidationError(f"{assignee.name} 不属于{locked.department.name}，不能承办该预警")
    now = timezone.now()
    old_status, old_assignee = locked.status, locked.assignee_id
    if locked.status == Status.NEW:
        locked.status = lifecycle.check("dispatch", locked)
        d = _rule_deadline(rulebook.get(locked.rule_id), now)
        locked.dispatched_at, locked.due_at, locked.due_provisional = now, d.due, d.provisional
        action = "alert.dispatched"
    elif assignee is None or locked.status not in lifecycle.WAITING:
        lifecycle.check("dispatch", locked)  # not new, so this raises and says which statuses may be dispatched
    else:
        action = "alert.assigned"
    if assignee is not None:
        locked.assignee = assignee
    locked.updated_at = now
    locked.save()
    ledger.append(actor, action, locked, data={
        **_status_change(old_status, locked.status), "old_assignee": old_assignee, "assignee": locked.assignee_id,
        "due_at": _iso(locked.due_at), "due_provisional": locked.due_provisional,
    })
    alert.refresh_from_db()  # the caller's instance shows the saved state
    return alert


def _check_attachment(attachment) -> None:
    ext = Path(attachment.name or "").suffix.lower()
    allowed = tuple(ATTACHMENT_EXTENSIONS.value())
    if ext not in allowed:
        raise ValidationError(f"附件类型 {ext or '（无扩展名）'} 不被接受；可上传：{' '.join(allowed)}")
    if attachment.size is not None and attachment.size > int(ATTACHMENT_MAX_BYTES.value()):
        raise ValidationError(f"附件超过 {int(ATTACHMENT_MAX_BYTES.value()) // (1024 * 1024)} MB 上限")
    from qingfeng.security.uploads import check_content

    check_content(attachment, ext)  # the bytes must be what the extension claims (an HTML page named .pdf is refused)


def _file_digest(attachment) -> str:
    h = hashlib.sha256()
    for chunk in attachment.chunks():
        h.update(chunk)
    attachment.seek(0)
    return h.hexdigest()


@transaction.atomic
def answer_alert(actor, alert: Alert, *, kind: str, text: str, attachment=None) -> Response:
    """The department's answer: an explanation, a rectification (with an attachment or written evidence),
    or a claim of false positive (with the reason)."""
    locked = _locked(alert)
    if not policies.answers_for(actor, locked):
        raise PermissionDenied("无权答复该预警：不在您的数据权限范围内")
    new_status = lifecycle.check("answer", locked)
    text = (text or "").strip()
    if kind not in AnswerKind.values:
        raise ValidationError(f"未知的答复方式 {kind!r}")
    if kind == AnswerKind.RECTIFICATION and not (text or attachment):
        raise ValidationError("整改答复须上传佐证材料或填写整改情况")
    if kind == AnswerKind.FALSE_POSITIVE and not text:
        raise ValidationError("认定为误报须说明理由")
    if kind == AnswerKind.EXPLANATION and not text:
        raise ValidationError("情况说明不能为空")
    digest = None
    if attachment is not None:
        _check_attachment(attachment)
        digest = _file_digest(attachment)
    now = timezone.now()
    response = Response(alert=locked, kind=Response.Kind.ANSWER, answer_kind=kind, text=text, by=_actor_name(actor), at=now)
    if attachment is not None:
        response.attachment.save(Path(attachment.name).name, attachment, save=False)
    response.save()
    old_status = locked.status
    locked.status, locked.answer_kind, locked.answered_at, locked.updated_at = new_status, kind, now, now
    locked.save()
    ledger.append(actor, "alert.answered", locked, data={
        **_status_change(old_status, new_status), "kind": kind, "response": response.pk,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "attachment": response.attachment.name or None,
        "attachment_sha256": digest, "overdue": bool(locked.due_at and now > locked.due_at),
    })
    alert.refresh_from_db()  # the caller's instance shows the saved state
    return response


@transaction.atomic
def verify_alert(actor, alert: Alert, *, accept: bool, verdict: str = "", text: str = "") -> Response:
    """A supervisor's check of the answer. Accepted: verified, then closed (销号) with the verdict
    (confirmed or false positive). Rejected: back to the department with a fresh deadline."""
    locked = _locked(alert)
    if not policies.verifies_for(actor, locked):
        raise PermissionDenied("无权核查该预警：不在您的数据权限范围内")
    lifecycle.check("verify" if accept else "reject", locked)
    last_answer = locked.responses.filter(kind=Response.Kind.ANSWER).order_by("-at", "-pk").first()
    if not isinstance(actor, str) and last_answer and last_answer.by == _actor_name(actor):
        raise PermissionDenied("答复人不能核查自己的答复")
    text = (text or "").strip()
    now = timezone.now()
    old_status = locked.status
    if accept:
        if verdict not in Verdict.values:
            raise ValidationError("核查通过须给出结论：属实（confirmed）或误报（false_positive）")
        response = Response.objects.create(alert=locked, kind=Response.Kind.VERIFICATION, verdict=verdict, text=text,
                                           by=_actor_name(actor), at=now)
        locked.status, locked.verdict, locked.updated_at = lifecycle.target("verify"), verdict, now
        locked.save()
        ledger.append(actor, "alert.verified", locked, data={
            **_status_change(old_status, locked.status), "verdict": verdict, "response": response.pk,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        })
        locked.status = lifecycle.check("close", locked)
        locked.closed_at = now
        locked.save()
        ledger.append(actor, "alert.closed", locked, data={**_status_change(Status.VERIFIED, locked.status), "verdict": verdict})
    else:
        if not text:
            raise ValidationError("退回重办须说明理由")
        response = Response.objects.create(alert=locked, kind=Response.Kind.VERIFICATION, verdict="", text=text,
                                           by=_actor_name(actor), at=now)
        d = _rule_deadline(rulebook.get(locked.rule_id), now)
        locked.status = lifecycle.target("reject")
        locked.answer_kind, locked.answered_at = "", None
        locked.dispatched_at, locked.due_at, locked.due_provisional, locked.updated_at = now, d.due, d.provisional, now
        locked.save()
        ledger.append(actor, "alert.rejected", locked, data={
            **_status_change(old_status, locked.status), "response": response.pk, "due_at": _iso(d.due),
            "due_provisional": d.provisional, "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        })
    alert.refresh_from_db()  # the caller's instance shows the saved state
    return response


@transaction.atomic
def escalate_overdue(actor, now: datetime | None = None) -> int:
    """Escalate every waiting alert past its deadline (within the actor's scope): escalation level + 1
    and a new, shorter deadline for the answer. Returns how many were escalated."""
    if not policies.can_escalate(actor):
        raise PermissionDenied("只有纪检监察人员可以升级督办")
    now = now or timezone.now()
    qs = Alert.objects.all() if policies.is_system(actor) else policies.visible_alerts(actor)
    sources = lifecycle.TRANSITIONS["escalate"][0]
    overdue = list(qs.select_for_update().filter(status__in=sources, due_at__lt=now).order_by("pk"))
    if not overdue:
        return 0
    amount, unit = int(ESCALATION_DEADLINE_DAYS.value()), ESCALATION_DEADLINE_DAYS.unit
    d = deadlines.compute(now, amount, unit, calendar=_calendar_for(now, amount))
    events = []
    for alert in overdue:
        old_status, old_due = alert.status, alert.due_at
        alert.status = lifecycle.check("escalate", alert)
        alert.escalation_level += 1
        alert.due_at, alert.due_provisional, alert.updated_at = d.due, d.provisional, now
        events.append((alert, {**_status_change(old_status, alert.status), "escalation_level": alert.escalation_level,
                               "old_due_at": _iso(old_due), "due_at": _iso(d.due), "due_provisional": d.provisional}))
    _save_many(overdue, ["status", "escalation_level", "due_at", "due_provisional", "updated_at"])
    for alert, data in events:
        ledger.append(actor, "alert.escalated", alert, data=data)
    return len(overdue)


@transaction.atomic
def export_alerts(actor, queryset, *, filters: dict | None = None) -> bytes:
    """The Excel export of a (scoped) queryset; the export itself is recorded, since it carries evidence
    out of the system."""
    from .exports import alerts_xlsx

    content = alerts_xlsx(queryset)
    ledger.append(actor, "alerts.exported", object_type="alerts.alert", object_id="*", data={
        "rows": queryset.count(), "filters": filters or {}, "sha256": hashlib.sha256(content).hexdigest()})
    return content
