"""Who sees and acts on investment projects. The owner department (项目单位) registers the project, records
its documents, contracts and wage safeguards and passes its gates; every involved department may lodge an
objection; supervisors see every project in their scope and may also lodge one. An objection is resolved
by the owner department or a supervisor, never by the department that lodged it alone."""

from django.db.models import Q, QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, visible_department_ids

from .models import Project

ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def _ids(user, roles):
    if not any(g.role in roles for g in grants(user)):
        return set()
    return visible_department_ids(user, roles_considered=set(roles))


def visible_projects(user) -> QuerySet:
    if is_system(user):
        return Project.objects.none()
    ids = _ids(user, ROLES)
    if ids == ALL:
        return Project.objects.all()
    if not ids:
        return Project.objects.none()
    return Project.objects.filter(Q(owner__in=ids) | Q(departments__in=ids)).distinct()


def _covers(user, department_id, roles) -> bool:
    ids = _ids(user, roles)
    return ids == ALL or department_id in ids


def manages(user, project) -> bool:
    """Record documents, contracts and safeguards; pass gates: the owner department."""
    return is_system(user) or _covers(user, project.owner_id, DEPARTMENT_ROLES)


def objecting_departments(user, project) -> list:
    """The departments on whose behalf this user may lodge an objection to the project."""
    involved = [project.owner, *project.departments.all()]
    if is_system(user):
        return involved
    return [d for d in involved if _covers(user, d.pk, DEPARTMENT_ROLES | {Role.SUPERVISOR})]


def resolves(user, project) -> bool:
    return is_system(user) or manages(user, project) or _covers(user, project.owner_id, {Role.SUPERVISOR})


def registers(user, owner) -> bool:
    return is_system(user) or _covers(user, owner.pk, DEPARTMENT_ROLES)
