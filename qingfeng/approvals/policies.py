"""Who may see and act on approvals. Pages, API, pickers, exports and actions all ask here.

Data scope comes from ``qingfeng.core.policies``: handlers and department heads work the cases of the
departments their scope covers; a department head (本机关负责人) also decides and approves extensions, as
does the case's assigned approver (or that approver's B while A is away); supervisors read everything in
their scope and run the supervision. The legal office's staff review changes to the power list. The power
list itself is public. A string actor is trusted code (CLI, scheduler, demo) and passes every check.
"""

from django.db.models import QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, person_of, scope_queryset, visible_department_ids

from .models import ApprovalCase, BackupPair, LegalOffice, MonthlyScore

CASE_ROLES = frozenset({Role.HANDLER, Role.DEPARTMENT_HEAD, Role.SUPERVISOR})
WORK_ROLES = frozenset({Role.HANDLER, Role.DEPARTMENT_HEAD})
HEAD_ROLES = frozenset({Role.DEPARTMENT_HEAD})
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def _held(user, roles) -> bool:
    return any(g.role in roles for g in grants(user))


def _covers(user, department_id: int, roles: frozenset[str]) -> bool:
    if not _held(user, roles):
        return False
    ids = visible_department_ids(user, roles_considered=set(roles))
    return ids == ALL or department_id in ids


def visible_cases(user) -> QuerySet:
    qs = ApprovalCase.objects.all()
    if is_system(user) or not _held(user, CASE_ROLES):
        return qs.none()
    return scope_queryset(user, qs, department_field="department", person_field="handler")


def can_view_case(user, case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def handles(user, case) -> bool:
    """Accept, notify missing materials, suspend, complete steps, deliver."""
    return is_system(user) or _covers(user, case.department_id, WORK_ROLES)


def acting_approvers(case, day=None) -> set[int]:
    """Person ids who may decide as the case's approver today: the approver, or B while A is away."""
    from .backup import acting_person

    if case.approver_id is None:
        return set()
    acting = acting_person(case.approver, day)
    return {case.approver_id, acting.pk} if acting else {case.approver_id}


def decides(user, case, day=None) -> bool:
    """Decide and approve extensions: the department head, or the case's approver (or the approver's B)."""
    if is_system(user) or _covers(user, case.department_id, HEAD_ROLES):
        return True
    person = person_of(user)
    return person is not None and _held(user, WORK_ROLES) and person.pk in acting_approvers(case, day)


def is_legal_reviewer(user) -> bool:
    """Staff (handler or head) of the legal office, or of a unit below it."""
    if is_system(user):
        return True
    office = LegalOffice.objects.select_related("department").first()
    person = person_of(user)
    if office is None or person is None or not _held(user, WORK_ROLES):
        return False
    return person.department.path.startswith(office.department.path)


def proposes_for(user, department) -> bool:
    """A department's handlers and heads propose changes to its items."""
    return is_system(user) or _covers(user, department.pk, WORK_ROLES)


def manages_backup(user, department) -> bool:
    return is_system(user) or _covers(user, department.pk, HEAD_ROLES)


def records_absence_for(user, person) -> bool:
    """One's own leave, or a head's entry for staff of the department."""
    if is_system(user):
        return True
    me = person_of(user)
    return (me is not None and me.pk == person.pk) or _covers(user, person.department_id, HEAD_ROLES)


def visible_pairs(user) -> QuerySet:
    qs = BackupPair.objects.select_related("post__department", "primary", "backup")
    if is_system(user) or not _held(user, CASE_ROLES):
        return qs.none()
    return scope_queryset(user, qs, department_field="post__department")


def supervises(user) -> bool:
    return is_system(user) or _held(user, SUPERVISOR_ROLES)


def visible_scores(user) -> QuerySet:
    qs = MonthlyScore.objects.select_related("department", "template")
    if is_system(user) or not _held(user, SUPERVISOR_ROLES | HEAD_ROLES):
        return qs.none()
    return scope_queryset(user, qs, department_field="department")
