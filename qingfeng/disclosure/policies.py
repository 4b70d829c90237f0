"""Who may see and act on disclosure cases. Requests and budget publications belong to a department:
its handlers and head work them within their data scope; supervisors see theirs. Finance data stewards
record approvals (批复). Exemptions are decided by a department head or a supervisor (政务公开 is
supervised), never by a handler alone, each within their data scope: a department's exemptions (what it
withholds, and why) are seen by its staff; city-wide ones by whole-city supervisors only."""

from django.db.models import QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, has_role, self_only, visible_department_ids

from .models import BudgetDisclosure, DisclosureRequest, Exemption

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD)
WORKERS = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


# Requests carry the applicant's name and contact: the people who handle or supervise them, not data stewards.
REQUEST_ROLES = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)


def _scoped(user, qs: QuerySet, roles=STAFF) -> QuerySet:
    if is_system(user) or not {g.role for g in grants(user)} & set(roles):
        return qs.none()
    if self_only(user):  # cases here are assigned to departments, not to persons
        return qs.none()
    ids = visible_department_ids(user, roles_considered=set(roles))
    if ids == ALL:
        return qs
    return qs.filter(department__in=ids) if ids else qs.none()


def visible_requests(user) -> QuerySet:
    return _scoped(user, DisclosureRequest.objects.all(), REQUEST_ROLES)


def visible_budgets(user) -> QuerySet:
    return _scoped(user, BudgetDisclosure.objects.all())


def works_for(user, department_id: int) -> bool:
    """Register, answer and publish for a department: its own handlers and head."""
    if is_system(user):
        return True
    if not {g.role for g in grants(user)} & WORKERS:
        return False
    ids = visible_department_ids(user, roles_considered=set(WORKERS))
    return ids == ALL or department_id in ids


def may_record_approval(user) -> bool:
    return is_system(user) or has_role(user, Role.DATA_STEWARD)


def may_exempt(user) -> bool:
    return is_system(user) or has_role(user, Role.SUPERVISOR, Role.DEPARTMENT_HEAD)


DECIDERS = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD})


def may_exempt_for(user, department_id: int | None) -> bool:
    """Decide or revoke an exemption of ``department_id`` (None: city-wide, whole-city supervisors only)."""
    if is_system(user):
        return True
    if not may_exempt(user):
        return False
    ids = visible_department_ids(user, roles_considered=set(DECIDERS))
    return ids == ALL if department_id is None else (ids == ALL or department_id in ids)


def own_department_id(user) -> int | None:
    """The department a deciding user acts for when the form leaves it out: their only one, if they have one."""
    if is_system(user):
        return None
    ids = visible_department_ids(user, roles_considered=set(DECIDERS))
    return next(iter(ids)) if ids != ALL and len(ids) == 1 else None


def visible_exemptions(user) -> QuerySet:
    if is_system(user):
        return Exemption.objects.all()
    return _scoped(user, Exemption.objects.all())


def has_worker_role(user) -> bool:
    return not is_system(user) and bool({g.role for g in grants(user)} & WORKERS)
