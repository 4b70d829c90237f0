"""Who may see and act on conduct inspections. Plans and visits are the inspectors' (supervisors') alone —
an unannounced visit must not be seen in advance by the unit it visits. A unit sees the findings against it
(and their decisions), reports its rectification with evidence; supervisors record findings, re-check, decide
and publish, within their data scope."""

from django.db.models import QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, has_role, scope_queryset, visible_department_ids

from .models import Finding, Plan, SpotCheck, Visit

STAFF = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def _covers(user, department_id, roles) -> bool:
    if not any(g.role in roles for g in grants(user)):
        return False
    ids = visible_department_ids(user, roles_considered=set(roles))
    return ids == ALL or department_id in ids


def inspects(user, department_id=None) -> bool:
    if is_system(user):
        return True
    if department_id is None:
        return has_role(user, Role.SUPERVISOR)
    return _covers(user, department_id, {Role.SUPERVISOR})


def rectifies(user, finding: Finding) -> bool:
    return is_system(user) or _covers(user, finding.department_id, DEPARTMENT_ROLES)


def visible_plans(user) -> QuerySet:
    if is_system(user) or not has_role(user, Role.SUPERVISOR):
        return Plan.objects.none()
    ids = visible_department_ids(user, roles_considered={Role.SUPERVISOR})
    return Plan.objects.all() if ids == ALL else Plan.objects.filter(home__in=ids)


def visible_visits(user) -> QuerySet:
    if is_system(user) or not has_role(user, Role.SUPERVISOR):
        return Visit.objects.none()
    ids = visible_department_ids(user, roles_considered={Role.SUPERVISOR})
    return Visit.objects.all() if ids == ALL else Visit.objects.filter(department__in=ids)


def visible_findings(user) -> QuerySet:
    if is_system(user) or not {g.role for g in grants(user)} & STAFF:
        return Finding.objects.none()
    return scope_queryset(user, Finding.objects.all(), department_field="department")


def visible_spot_checks(user) -> QuerySet:
    if is_system(user) or not has_role(user, Role.SUPERVISOR):
        return SpotCheck.objects.none()
    ids = visible_department_ids(user, roles_considered={Role.SUPERVISOR})
    return SpotCheck.objects.all() if ids == ALL else SpotCheck.objects.filter(department__in=ids)
