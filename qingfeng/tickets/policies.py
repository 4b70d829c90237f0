"""Who may see and act on which tickets and tip-offs. Pages, API, exports and actions all ask here.

Tickets follow the data scope of ``core.policies``: departments see the tickets dispatched to them;
supervisors (who dispatch, arbitrate, follow up and review) see their scope, and with scope "all" also the
dispatcher's queue. Tip-offs follow a separate need-to-know rule: only supervisors whom the security
administrator designated, and never anyone in (or above) the department a tip-off names, or the person it
names.
"""

from django.db.models import Q, QuerySet

from qingfeng.core.models import Department, Role
from qingfeng.core.policies import ALL, grants, has_role, person_of, scope_queryset, visible_department_ids

from .models import Ticket, TipOff, TipOffReader

TICKET_ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def visible_tickets(user) -> QuerySet:
    qs = Ticket.objects.all()
    if is_system(user) or not {g.role for g in grants(user)} & TICKET_ROLES:
        return qs.none()
    return scope_queryset(user, qs, department_field="department", person_field="assignee")


def _covers(user, ticket, roles) -> bool:
    if not any(g.role in roles for g in grants(user)):
        return False
    ids = visible_department_ids(user, roles_considered=set(roles))
    return ids == ALL or (ticket.department_id is not None and ticket.department_id in ids)


def handles(user, ticket) -> bool:
    """The user works for the department the ticket is with (sign, bounce, reply, requests)."""
    return is_system(user) or _covers(user, ticket, DEPARTMENT_ROLES)


def dispatches(user, ticket=None) -> bool:
    """Dispatch, arbitrate, follow up, close and review requests: supervisors (the dispatch centre)."""
    if is_system(user):
        return True
    if not has_role(user, Role.SUPERVISOR):
        return False
    if ticket is None or ticket.department_id is None:
        return visible_department_ids(user, roles_considered={Role.SUPERVISOR}) == ALL
    return _covers(user, ticket, {Role.SUPERVISOR})


def sees_queue(user) -> bool:
    return not is_system(user) and has_role(user, Role.SUPERVISOR) and visible_department_ids(
        user, roles_considered={Role.SUPERVISOR}) == ALL


# ------------------------------------------------------------------------------------------- tip-offs


def is_tipoff_reader(user) -> bool:
    if is_system(user) or not user.is_authenticated:
        return False
    return has_role(user, Role.SUPERVISOR) and TipOffReader.objects.filter(user=user).exists()


def _conflicted_departments(user) -> list[str]:
    """Paths of the reader's own department and every department above it: a tip-off naming any of them
    names the reader's own line of command."""
    person = person_of(user)
    if person is None:
        return []
    return [d.path for d in Department.objects.filter(pk=person.department_id)] + [
        d.path for d in person.department.ancestors()]


def visible_tipoffs(user) -> QuerySet:
    qs = TipOff.objects.all()
    if not is_tipoff_reader(user):
        return qs.none()
    person = person_of(user)
    if person is None:
        return qs.none()
    excluded = Q(named_department__path__in=_conflicted_departments(user))
    if person.name:
        excluded |= Q(named_person__contains=person.name)
    return qs.exclude(excluded)


def can_read_tipoff(user, tipoff) -> bool:
    return visible_tipoffs(user).filter(pk=tipoff.pk).exists()


def manages_readers(user) -> bool:
    """The security administrator designates who may read sealed tip-offs (access control is theirs)."""
    return is_system(user) or has_role(user, Role.SECURITY_ADMIN)


def manages_api_keys(user) -> bool:
    """Open311 clients are system configuration: the system administrator issues and revokes keys."""
    return is_system(user) or has_role(user, Role.SYSTEM_ADMIN)
