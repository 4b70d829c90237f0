"""State changes of the core registries. Each action runs in one transaction and appends a ledger event."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from . import ledger
from .models import ADMIN_ROLES, CalendarDay, CalendarLayer, Department, Person, Role, RoleGrant, Scope


@transaction.atomic
def create_department(actor, *, code: str, name: str, parent: Department | None = None) -> Department:
    dept = Department(code=code, name=name, parent=parent)
    dept.save()
    ledger.append(actor, "department.created", dept, data={"code": code, "name": name, "parent": parent.code if parent else None})
    return dept


@transaction.atomic
def grant_role(actor, user, role: str, scope: str = Scope.OWN, departments=()) -> RoleGrant:
    """Give ``user`` a role. The three administrator roles (三员) are mutually exclusive, and an
    administrator holds no business role (he reads no business data)."""
    if role not in Role.values:
        raise ValidationError(f"未知角色 {role}")
    held = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    if role in ADMIN_ROLES and held - {role}:
        raise ValidationError(f"三员分立：{user.get_username()} 已持有 {', '.join(sorted(held))}，不能再授予 {role}")
    if role not in ADMIN_ROLES and held & ADMIN_ROLES:
        raise ValidationError(f"三员分立：管理员账号 {user.get_username()} 不能持有业务角色 {role}")
    if role in ADMIN_ROLES:
        scope = Scope.SELF  # administrators carry no business data scope
    grant, _ = RoleGrant.objects.update_or_create(user=user, role=role, defaults={"scope": scope})
    grant.departments.set(departments)
    if role in ADMIN_ROLES:
        _open_admin_console(user, role)
    ledger.append(actor, "role.granted", grant, data={"user": user.get_username(), "role": role, "scope": scope,
                                                      "departments": sorted(d.code for d in departments)})
    return grant


# What each administrator may do in the admin console; business data is not registered there at all.
ADMIN_CONSOLE_PERMISSIONS = {
    Role.SYSTEM_ADMIN: ["add_calendarday", "change_calendarday", "view_calendarday", "view_department", "view_person", "view_post"],
    Role.SECURITY_ADMIN: ["view_rolegrant", "view_department"],
    Role.AUDIT_ADMIN: ["view_ledgerevent"],
}


def _open_admin_console(user, role: str) -> None:
    from django.contrib.auth.models import Permission

    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="core", codename__in=ADMIN_CONSOLE_PERMISSIONS[role]))


@transaction.atomic
def revoke_role(actor, user, role: str) -> None:
    deleted, _ = RoleGrant.objects.filter(user=user, role=role).delete()
    if deleted:
        ledger.append(actor, "role.revoked", object_type="auth.user", object_id=str(user.pk), data={"user": user.get_username(), "role": role})


@transaction.atomic
def create_user(actor, *, username: str, password: str, person: Person | None = None, roles=()) -> object:
    """Create a login; ``roles`` is a list of (role, scope, departments) tuples."""
    User = get_user_model()
    user = User.objects.create_user(username=username, password=password)
    ledger.append(actor, "user.created", user, data={"username": username})
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
        ledger.append(actor, "person.linked", person, data={"username": username})
    for role, scope, depts in roles:
        grant_role(actor, user, role, scope, depts)
    return user


@transaction.atomic
def set_calendar_day(actor, *, day, is_workday: bool, kind: str, name: str = "", layer: str = CalendarLayer.LOCAL) -> CalendarDay:
    """An administrator's edit of one day (a local holiday, or a correction of the national notice)."""
    old = CalendarDay.objects.filter(date=day, layer=layer).values("is_workday", "kind", "name").first()
    row, _ = CalendarDay.objects.update_or_create(date=day, layer=layer, defaults={
        "is_workday": is_workday, "kind": kind, "name": name, "source": f"edited by {getattr(actor, 'username', actor)}"})
    ledger.append(actor, "calendar.day_set", row, data={"date": str(day), "layer": layer, "old": old,
                                                        "new": {"is_workday": is_workday, "kind": kind, "name": name}})
    return row


@transaction.atomic
def seed_calendar(actor, years=None) -> int:
    from .calendar import seed_from_chinesecalendar

    n = seed_from_chinesecalendar(years)
    ledger.append(actor, "calendar.seeded", object_type="core.calendarday", object_id="national", data={"rows": n})
    return n
