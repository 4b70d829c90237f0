"""Who may see and act on enterprise service. Supervisors (督查/营商环境监督) keep the registry and pair
leaders; a paired leader records visits and raises requests for the enterprise they serve; a project's
milestones are kept by the departments that hold them. Reads follow the data scope (core.policies): a user sees
projects led by or held in departments of their scope, and everything they are paired with."""

from django.db.models import Q, QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, has_role, person_of, visible_department_ids

from .models import Enterprise, EnterpriseRequest, Pairing, Project

STAFF = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def _staff(user) -> bool:
    return not is_system(user) and bool({g.role for g in grants(user)} & STAFF)


def visible_pairings(user) -> QuerySet:
    if not _staff(user):
        return Pairing.objects.none()
    ids = visible_department_ids(user)
    if ids == ALL:
        return Pairing.objects.all()
    return Pairing.objects.filter(Q(department__in=ids) | Q(leader=person_of(user)))


def visible_projects(user) -> QuerySet:
    if not _staff(user):
        return Project.objects.none()
    ids = visible_department_ids(user)
    if ids == ALL:
        return Project.objects.all()
    person = person_of(user)
    return Project.objects.filter(Q(department__in=ids) | Q(milestones__department__in=ids) | Q(pairings__leader=person)
                                  | Q(enterprise__pairings__leader=person)).distinct()


def visible_enterprises(user) -> QuerySet:
    if not _staff(user):
        return Enterprise.objects.none()
    ids = visible_department_ids(user)
    if ids == ALL:
        return Enterprise.objects.all()
    return Enterprise.objects.filter(Q(pk__in=visible_projects(user).values("enterprise"))
                                     | Q(pk__in=visible_pairings(user).values("enterprise"))).distinct()


def visible_requests(user) -> QuerySet:
    """The department the ticket is with, and the leader who raised it."""
    if not _staff(user):
        return EnterpriseRequest.objects.none()
    ids = visible_department_ids(user)
    if ids == ALL:
        return EnterpriseRequest.objects.all()
    return EnterpriseRequest.objects.filter(Q(ticket__department__in=ids) | Q(raised_by=user.get_username()))


def keeps_registry(user) -> bool:
    if is_system(user):
        return True
    return has_role(user, Role.SUPERVISOR)


def is_paired_leader(user, pairing: Pairing) -> bool:
    if is_system(user):
        return True
    person = person_of(user)
    return _staff(user) and person is not None and pairing.active and pairing.leader_id == person.pk


def serves_pairing(user, pairing: Pairing) -> bool:
    """Record a visit or raise a request: the paired leader, or a supervisor covering the paired department."""
    if is_paired_leader(user, pairing):
        return True
    if not has_role(user, Role.SUPERVISOR):
        return False
    ids = visible_department_ids(user, roles_considered={Role.SUPERVISOR})
    return ids == ALL or pairing.department_id in ids


def keeps_milestone(user, project: Project, department_id: int) -> bool:
    """Open or reach a milestone: supervisors, or the holding or leading department."""
    if is_system(user):
        return True
    for roles in ({Role.SUPERVISOR}, DEPARTMENT_ROLES):
        if not has_role(user, *roles):
            continue
        ids = visible_department_ids(user, roles_considered=set(roles))
        if ids == ALL or department_id in ids or project.department_id in ids:
            return True
    return False
