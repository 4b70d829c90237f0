"""Who may see and act on 督办 tasks. Departments see and work their own assignments (data scope);
supervisors (督查) register tasks, review reports, decide extensions, reassign bounced work and sign off,
within their scope."""

from django.db.models import Q, QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, has_role, scope_queryset, visible_department_ids

from .models import Assignment, Task

ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def visible_assignments(user) -> QuerySet:
    qs = Assignment.objects.all()
    if is_system(user) or not {g.role for g in grants(user)} & ROLES:
        return qs.none()
    return scope_queryset(user, qs, department_field="department")


def visible_tasks(user) -> QuerySet:
    ids = visible_department_ids(user)
    if is_system(user) or not {g.role for g in grants(user)} & ROLES:
        return Task.objects.none()
    if ids == ALL:
        return Task.objects.all()
    return Task.objects.filter(Q(assignments__department__in=ids) | Q(home__in=ids)).distinct()


def _covers(user, department_id, roles) -> bool:
    if not any(g.role in roles for g in grants(user)):
        return False
    ids = visible_department_ids(user, roles_considered=set(roles))
    return ids == ALL or department_id in ids


def works_for(user, assignment) -> bool:
    """Sign, report, bounce and ask for an extension: the assignment's own department."""
    return is_system(user) or _covers(user, assignment.department_id, DEPARTMENT_ROLES)


def supervises(user, assignment=None) -> bool:
    """Register, review, decide extensions, reassign and sign off: supervisors covering the work."""
    if is_system(user):
        return True
    if assignment is None:
        return has_role(user, Role.SUPERVISOR)
    return _covers(user, assignment.department_id, {Role.SUPERVISOR}) or _covers(user, assignment.task.home_id,
                                                                                   {Role.SUPERVISOR})
