"""Data scope: the one place that answers "which departments may this user see?".

Every app's policies build on ``visible_department_ids`` / ``scope_queryset`` so that pages, API,
pickers and exports all apply the same scope. Roles combine by union: a user holding two business
roles sees what either role sees.
"""

from django.db.models import Q, QuerySet

from .models import ADMIN_ROLES, Department, Person, Role, RoleGrant, Scope

ALL = "ALL"


def grants(user) -> list[RoleGrant]:
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_qf_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).prefetch_related("departments"))
        user._qf_grants = cached
    return cached


def roles(user) -> set[str]:
    return {g.role for g in grants(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def person_of(user) -> Person | None:
    if not user or not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def visible_department_ids(user, *, roles_considered: set[str] | None = None):
    """``ALL`` or a set of department ids the user's business roles may see. Administrator roles
    (三员) carry no business data scope at all."""
    result: set[int] = set()
    person = person_of(user)
    for g in grants(user):
        if g.role in ADMIN_ROLES or (roles_considered and g.role not in roles_considered):
            continue
        if g.scope == Scope.ALL:
            return ALL
        if g.scope == Scope.CUSTOM:
            result |= {d.pk for d in g.departments.all()}
        elif person and g.scope == Scope.OWN:
            result.add(person.department_id)
        elif person and g.scope == Scope.OWN_AND_BELOW:
            result |= set(Department.objects.filter(path__startswith=person.department.path).values_list("pk", flat=True))
        elif person and g.scope == Scope.SELF:
            result.add(person.department_id)  # narrowed to the person by ``scope_queryset``
    return result


def self_only(user) -> bool:
    """True when every business grant is scope SELF (the user sees only items assigned to them)."""
    business = [g for g in grants(user) if g.role not in ADMIN_ROLES]
    return bool(business) and all(g.scope == Scope.SELF for g in business)


def scope_queryset(user, qs: QuerySet, *, department_field: str = "department", person_field: str | None = None) -> QuerySet:
    """Filter ``qs`` to what ``user`` may see. ``person_field`` narrows SELF scope to the user's items."""
    ids = visible_department_ids(user)
    if ids == ALL:
        return qs
    if not ids:
        return qs.none()
    if self_only(user):
        if not person_field:
            return qs.none()
        return qs.filter(**{person_field: person_of(user)})
    return qs.filter(Q(**{f"{department_field}__in": ids}))


def departments_for_picker(user) -> QuerySet:
    """The departments offered in a form or filter picker: the same scope as the data."""
    return scope_queryset(user, Department.objects.all(), department_field="pk")


def can_see_department(user, department_id: int) -> bool:
    ids = visible_department_ids(user)
    return ids == ALL or department_id in ids


def is_supervisor(user) -> bool:
    return has_role(user, Role.SUPERVISOR)
