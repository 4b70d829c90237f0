"""Who may see and run draws and results: the organising department's staff (data scope); supervisors read
in scope; an inspector enters the results of the targets he was drawn for."""

from django.db.models import QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, person_of, scope_queryset, visible_department_ids

from .models import Draw, Result

ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER})
ORGANISING_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def _staff(user) -> bool:
    return not is_system(user) and bool({g.role for g in grants(user)} & ROLES)


def visible_draws(user) -> QuerySet:
    return scope_queryset(user, Draw.objects.all()) if _staff(user) else Draw.objects.none()


def visible_results(user) -> QuerySet:
    return scope_queryset(user, Result.objects.all(), department_field="drawn__draw__department") if _staff(user) \
        else Result.objects.none()


def organises(user, department_id: int) -> bool:
    if is_system(user):
        return True
    if not {g.role for g in grants(user)} & ORGANISING_ROLES:
        return False
    ids = visible_department_ids(user, roles_considered=set(ORGANISING_ROLES))
    return ids == ALL or department_id in ids


def inspects(user, drawn) -> bool:
    """Enter a result: one of the inspectors drawn for the target (谁检查、谁录入)."""
    if is_system(user):
        return True
    person = person_of(user)
    return person is not None and drawn.inspectors.filter(person=person).exists()
