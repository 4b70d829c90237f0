"""Who may see and act on which alerts. Pages, API, pickers, exports and actions all ask here.

Data scope comes from ``qingfeng.core.policies``. Handlers and department heads answer for the
departments their scope covers; supervisors (纪检监察) verify, dispatch and escalate within theirs. The
three administrators (三员) hold no business role and see no alerts.
"""

from django.db.models import QuerySet

from qingfeng.core.models import Role, Scope
from qingfeng.core.policies import ALL, grants, person_of, scope_queryset, visible_department_ids

from . import lifecycle
from .models import Alert

ALERT_ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER})
ANSWER_ROLES = frozenset({Role.HANDLER, Role.DEPARTMENT_HEAD})
VERIFY_ROLES = frozenset({Role.SUPERVISOR})
DISPATCH_ROLES = frozenset({Role.SUPERVISOR, Role.DEPARTMENT_HEAD})


def is_system(actor) -> bool:
    """A string actor is trusted code (the CLI, a scheduled task); web and API always pass a user."""
    return actor is None or isinstance(actor, str)


def visible_alerts(user) -> QuerySet:
    qs = Alert.objects.all()
    if is_system(user) or not {g.role for g in grants(user)} & ALERT_ROLES:
        return qs.none()
    return scope_queryset(user, qs, department_field="department", person_field="assignee")


def _covers(user, alert, roles: frozenset[str]) -> bool:
    """True when one of ``user``'s grants among ``roles`` covers the alert's department (or, for a
    self-only grant, the alert is assigned to the user)."""
    held = [g for g in grants(user) if g.role in roles]
    if not held:
        return False
    ids = visible_department_ids(user, roles_considered=set(roles))
    if ids == ALL:
        return True
    if all(g.scope == Scope.SELF for g in held):
        person = person_of(user)
        return person is not None and alert.assignee_id == person.pk
    return alert.department_id in ids


def can_view(user, alert) -> bool:
    return visible_alerts(user).filter(pk=alert.pk).exists()


def answers_for(user, alert) -> bool:
    """The user may answer for this alert's department (whatever its status)."""
    return is_system(user) or _covers(user, alert, ANSWER_ROLES)


def verifies_for(user, alert) -> bool:
    return is_system(user) or _covers(user, alert, VERIFY_ROLES)


def dispatches_for(user, alert) -> bool:
    return is_system(user) or _covers(user, alert, DISPATCH_ROLES)


def can_answer(user, alert) -> bool:
    return not is_system(user) and answers_for(user, alert) and lifecycle.allows("answer", alert.status)


def can_verify(user, alert) -> bool:
    return not is_system(user) and verifies_for(user, alert) and lifecycle.allows("verify", alert.status)


def can_dispatch(user, alert) -> bool:
    """Dispatch a new alert, or (re)assign a waiting one to a member of staff."""
    return not is_system(user) and dispatches_for(user, alert) and alert.status in lifecycle.WAITING


def can_escalate(user) -> bool:
    return is_system(user) or any(g.role in VERIFY_ROLES for g in grants(user))
