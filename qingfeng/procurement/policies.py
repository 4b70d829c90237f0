"""Who sees which procurement processes: a process belongs to its buyer department (``department_code``);
a user sees the processes of the departments his business role covers (``core.policies``)."""

from qingfeng.core.models import Department, Role
from qingfeng.core.policies import ALL, has_role, visible_department_ids

ROLES = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD)


def may_use(user) -> bool:
    return bool(user and user.is_authenticated and has_role(user, *ROLES))


def visible_department_codes(user):
    """The department codes whose processes ``user`` may see: None means all, an empty set means none."""
    if not may_use(user):
        return set()
    ids = visible_department_ids(user, roles_considered=set(ROLES))
    if ids == ALL:
        return None
    return set(Department.objects.filter(pk__in=ids).values_list("code", flat=True))
