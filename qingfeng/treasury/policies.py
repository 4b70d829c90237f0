"""Who sees the lease register and who records a recovery: the data scope of the leasing town."""

from django.db.models import QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, scope_queryset, visible_department_ids

from .models import TownLandLease

ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD})
RECOVERY_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def visible_leases(user) -> QuerySet:
    if is_system(user) or not {g.role for g in grants(user)} & ROLES:
        return TownLandLease.objects.none()
    return scope_queryset(user, TownLandLease.objects.all(), department_field="town")


def may_record_recovery(user, lease: TownLandLease) -> bool:
    """The town's own staff (or a data steward) covering the town; supervisors watch, they do not record."""
    if is_system(user):
        return True
    if not {g.role for g in grants(user)} & RECOVERY_ROLES:
        return False
    ids = visible_department_ids(user, roles_considered=set(RECOVERY_ROLES))
    return ids == ALL or lease.town_id in ids
