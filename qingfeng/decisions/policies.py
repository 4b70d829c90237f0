"""Who may see and record 三重一大 topics, meetings and decisions. Staff see their data scope; the deciding
department's head and handlers (the meeting's secretariat) record; supervisors read everything in scope."""

from django.db.models import QuerySet

from qingfeng.core.models import Role
from qingfeng.core.policies import ALL, grants, scope_queryset, visible_department_ids

from .models import Decision, Meeting, Topic

ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER})
RECORDING_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.HANDLER})


def is_system(actor) -> bool:
    return actor is None or isinstance(actor, str)


def _staff(user) -> bool:
    return not is_system(user) and bool({g.role for g in grants(user)} & ROLES)


def visible_topics(user) -> QuerySet:
    return scope_queryset(user, Topic.objects.all()) if _staff(user) else Topic.objects.none()


def visible_meetings(user) -> QuerySet:
    return scope_queryset(user, Meeting.objects.all()) if _staff(user) else Meeting.objects.none()


def visible_decisions(user) -> QuerySet:
    return scope_queryset(user, Decision.objects.all()) if _staff(user) else Decision.objects.none()


def records_for(user, department_id: int) -> bool:
    """Create topics, run meetings and link execution: the department's own head and handlers."""
    if is_system(user):
        return True
    if not {g.role for g in grants(user)} & RECORDING_ROLES:
        return False
    ids = visible_department_ids(user, roles_considered=set(RECORDING_ROLES))
    return ids == ALL or department_id in ids


def reviews(user) -> bool:
    """Record a legality review: staff of the legal office (法制审核机构, the one designated for the power list
    by ``approvals.actions.designate_legal_office``, units below it included) — or, while none is designated,
    any staff member (the topic is reached through ``visible_topics``, so within their scope); never the
    topic's own drafter (the action)."""
    from qingfeng.approvals.models import LegalOffice
    from qingfeng.approvals.policies import is_legal_reviewer

    if is_system(user):
        return True
    if not _staff(user):
        return False
    return is_legal_reviewer(user) if LegalOffice.objects.exists() else True