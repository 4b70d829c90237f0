"""Who may see and record accountability matters. Supervisors (纪检监察) and department heads see the records
of the people in their data scope; heads and supervisors record letters, pledges, talks, appointments and
study within that scope; only supervisors record sanctions and decide 容错纠错 applications; an official may
apply for leniency on his own case."""

from django.db.models import QuerySet

from qingfeng.core.models import Person, Role
from qingfeng.core.policies import ALL, grants, has_role, person_of, visible_department_ids

from .models import Leniency, Sanction, Talk

READ_ROLES = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD)
# Officials who answer alerts and tickets may apply for 容错纠错 on their own case and follow the application.
APPLY_ROLES = (*READ_ROLES, Role.HANDLER)
WRITE_ROLES = frozenset(READ_ROLES)


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def _ids(user, roles=WRITE_ROLES):
    if not any(g.role in roles for g in grants(user)):
        return set()
    return visible_department_ids(user, roles_considered=set(roles))


def _in(ids, department_id) -> bool:
    return ids == ALL or department_id in ids


def visible_people(user) -> QuerySet:
    """People in scope, and always the user himself (he may apply for 容错纠错 on his own case)."""
    ids = _ids(user)
    qs = Person.objects.all()
    if is_system(user) or ids == ALL:
        return qs
    person = person_of(user)
    return qs.filter(department__in=ids) | (qs.filter(pk=person.pk) if person else qs.none())


def can_see_person(user, person) -> bool:
    return is_system(user) or _in(_ids(user), person.department_id) or person_of(user) == person


def records_for(user, department_id) -> bool:
    """Record a letter, pledge, talk, appointment or study session for people of this department."""
    return is_system(user) or _in(_ids(user), department_id)


def sanctions(user, department_id=None) -> bool:
    if is_system(user):
        return True
    if department_id is None:
        return has_role(user, Role.SUPERVISOR)
    return _in(_ids(user, frozenset({Role.SUPERVISOR})), department_id)


def visible_talks(user) -> QuerySet:
    ids = _ids(user)
    if is_system(user) or ids == ALL:
        return Talk.objects.all()
    return Talk.objects.filter(department__in=ids).distinct() | Talk.objects.filter(participants__department__in=ids).distinct()


def visible_sanctions(user) -> QuerySet:
    """Sanctions in scope, and always the user's own (so that he can read it and apply for 容错纠错)."""
    ids = _ids(user)
    if is_system(user) or ids == ALL:
        return Sanction.objects.all()
    person = person_of(user)
    own = Sanction.objects.filter(person=person) if person else Sanction.objects.none()
    return Sanction.objects.filter(department__in=ids) | own


def visible_leniency(user) -> QuerySet:
    ids = _ids(user)
    qs = Leniency.objects.all()
    if is_system(user) or ids == ALL:
        return qs
    person = person_of(user)
    own = qs.filter(applicant=person) if person else qs.none()
    return qs.filter(applicant__department__in=ids) | own


def may_apply(user, person) -> bool:
    """The official himself, or whoever records for his department, may file a 容错纠错 application."""
    return is_system(user) or person_of(user) == person or records_for(user, person.department_id)
