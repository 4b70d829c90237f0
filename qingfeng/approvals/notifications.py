"""Who is told about a card, and what they are told: the case's handler and approver (or the B who acts
for them), and the supervisors whose scope covers the department; a card about a department rather than a
case (intermediary concentration, month-end bursts) goes to the department's heads instead."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from qingfeng.core.models import Person, Role
from qingfeng.core.policies import ALL, visible_department_ids

from . import backup
from .models import ApprovalCase

SEVERITY_WORD = {"blue": "提示", "yellow": "黄牌", "red": "红牌"}


@dataclass(frozen=True)
class Recipient:
    role: str  # handler | approver | supervisor | head
    person: Person | None
    user: object | None


def _user_of(person: Person | None):
    return getattr(person, "user", None) if person is not None else None


def _covering(role: str, department) -> list:
    users = get_user_model().objects.filter(role_grants__role=role, is_active=True).distinct()
    out = []
    for user in users:
        ids = visible_department_ids(user, roles_considered={role})
        if ids == ALL or department.pk in ids:
            out.append(user)
    return out


def case_people(alert, day=None) -> tuple[Person | None, Person | None, str]:
    """(handler, approver, case id) behind a card on ``day``, for a case handled here or one from another system;
    while A is away, B stands in."""
    evidence = alert.finding.evidence if alert.finding_id else {}
    case_id = str(evidence.get("case_id") or "")
    case = ApprovalCase.objects.filter(number=case_id).select_related("handler", "approver").first() if case_id else None
    if case is not None:
        return (backup.acting_person(case.handler, day) or case.handler,
                backup.acting_person(case.approver, day) or case.approver, case_id)
    staff = {s for s in (evidence.get("handler_staff_no"), evidence.get("approver_staff_no")) if s}
    people = {p.staff_no: p for p in Person.objects.filter(staff_no__in=staff)}
    handler, approver = people.get(evidence.get("handler_staff_no")), people.get(evidence.get("approver_staff_no"))
    return (backup.acting_person(handler, day) or handler if handler else None,
            backup.acting_person(approver, day) or approver if approver else None, case_id)


def recipients(alert, day=None) -> list[Recipient]:
    handler, approver, case_id = case_people(alert, day)
    out: list[Recipient] = []
    if case_id:
        for role, person in (("handler", handler), ("approver", approver)):
            if person is not None and all(r.person != person for r in out):
                out.append(Recipient(role, person, _user_of(person)))
    else:
        for user in _covering(Role.DEPARTMENT_HEAD, alert.department):
            out.append(Recipient("head", getattr(user, "person", None), user))
    for user in _covering(Role.SUPERVISOR, alert.department):
        if all(r.user != user for r in out):
            out.append(Recipient("supervisor", getattr(user, "person", None), user))
    return out


def message(alert, case_id: str) -> str:
    word = SEVERITY_WORD.get(alert.severity, alert.severity)
    about = f"办件 {case_id}" if case_id else alert.subject_key
    return f"【清风·电子监察{word}】{alert.department.name} {about}：{alert.title.split('（')[0]}。请登录平台查看并按期答复。"


