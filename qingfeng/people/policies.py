"""Who may see which people, companies and links, and who may read declarations.

People are scoped like everything else (``qingfeng.core.policies``): a member of staff is visible to a
user whose business role covers the person's department. The business registry is public information
(企业信用信息公示), so companies and their registered role holders are visible to every people role; what
is not public is *which* holder is an official's declared relative. That, and the declarations
themselves, only the roles of ``DECLARATION_READ_ROLES`` may read, within their scope, and each read is
written to the ledger (``actions.record_declaration_read``).
"""

from django.db.models import QuerySet

from qingfeng.core.models import ADMIN_ROLES, Department, Person, Role
from qingfeng.core.policies import ALL, grants, person_of, self_only, visible_department_ids

from .models import Company, DeclaredRelative, PersonLink
from .parameters import DECLARATION_READ_ROLES

PEOPLE_ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER})
REVIEW_ROLES = frozenset({Role.SUPERVISOR})


def _roles(user) -> set[str]:
    return {g.role for g in grants(user)}


def may_use(user) -> bool:
    return bool(user and user.is_authenticated and _roles(user) & PEOPLE_ROLES)


def visible_people(user) -> QuerySet:
    qs = Person.objects.all()
    if not may_use(user):
        return qs.none()
    if self_only(user):
        me = person_of(user)
        return qs.filter(pk=me.pk) if me else qs.none()
    ids = visible_department_ids(user, roles_considered=set(PEOPLE_ROLES))
    return qs if ids == ALL else qs.filter(department_id__in=ids)


def visible_department_codes(user):
    """``ALL`` or the set of department codes whose records (payments, payroll) the user may see."""
    if not may_use(user) or self_only(user):
        return set()
    ids = visible_department_ids(user, roles_considered=set(PEOPLE_ROLES))
    if ids == ALL:
        return ALL
    return set(Department.objects.filter(pk__in=ids).values_list("code", flat=True))


def visible_companies(user) -> QuerySet:
    return Company.objects.all() if may_use(user) else Company.objects.none()


def _reader_department_ids(user):
    roles = set(DECLARATION_READ_ROLES.value()) - set(ADMIN_ROLES)
    if not user or not user.is_authenticated or not (_roles(user) & roles):
        return set()
    return visible_department_ids(user, roles_considered=roles)


def reads_declarations(user) -> bool:
    """The user holds a role that may read declarations (somewhere in its scope)."""
    ids = _reader_department_ids(user)
    return ids == ALL or bool(ids)


def can_read_declarations(user, official: Person) -> bool:
    ids = _reader_department_ids(user)
    return ids == ALL or official.department_id in ids


def readable_relatives(user) -> QuerySet:
    """Declared relatives the user may read (none for anyone without a reading role)."""
    ids = _reader_department_ids(user)
    qs = DeclaredRelative.objects.all()
    if ids == ALL:
        return qs
    return qs.filter(official__department_id__in=ids) if ids else qs.none()


def visible_links(user) -> QuerySet:
    """Links of role holders to officials in scope; links to relatives only for declaration readers."""
    qs = PersonLink.objects.filter(person__in=visible_people(user))
    readable = _reader_department_ids(user)
    if readable == ALL:
        return qs
    if not readable:
        return qs.filter(relative__isnull=True)
    return qs.filter(relative__isnull=True) | qs.filter(relative__isnull=False, person__department_id__in=readable)


def may_review(user) -> bool:
    """Reviewing candidate links shows declared relatives, so it needs a declaration-reading role too."""
    return bool(_roles(user) & REVIEW_ROLES) and reads_declarations(user)
