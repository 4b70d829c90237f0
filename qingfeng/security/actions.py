"""State changes of login security. Administrator actions run in one transaction with a ledger event;
automatic events of the login itself (failures, locks) go to the login records only, so that an anonymous
attacker cannot flood the business ledger."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from qingfeng.core import actions as core_actions
from qingfeng.core import ledger
from qingfeng.core.models import ADMIN_ROLES, Person

from . import parameters as p
from . import passwords, policies, records, secretbox, totp
from .models import AccountSecurity, LoginEvent, LoginRecord, PolicySetting

FOREVER = timedelta(days=36500)


def _name(actor) -> str:
    return actor if isinstance(actor, str) else ("system" if actor is None else actor.get_username())


def state_for(user) -> AccountSecurity:
    state, _ = AccountSecurity.objects.get_or_create(user=user, defaults={"password_changed_at": user.date_joined})
    return state


# ------------------------------------------------------------------------------------------ lockout


def failures_in_window(user, now=None) -> int:
    now = now or timezone.now()
    since = now - timedelta(minutes=int(p.LOCKOUT_WINDOW_MINUTES.value()))
    state = state_for(user)
    if state.failures_counted_from and state.failures_counted_from > since:
        since = state.failures_counted_from
    last_login = LoginRecord.objects.filter(user_id_at_time=user.pk, event=LoginEvent.LOGIN).values_list("at", flat=True).order_by("-seq").first()
    if last_login and last_login > since:
        since = last_login
    return LoginRecord.objects.filter(user_id_at_time=user.pk, at__gte=since, success=False,
                                      event__in=(LoginEvent.PASSWORD_FAILED, LoginEvent.TOTP_FAILED)).count()


def lock_if_due(user, request=None, now=None) -> bool:
    """After a failure has been recorded: lock the account when the window holds enough failures."""
    now = now or timezone.now()
    if failures_in_window(user, now) < int(p.LOCKOUT_FAILURES.value()):
        return False
    minutes = int(p.LOCKOUT_MINUTES.value())
    with transaction.atomic():
        state = AccountSecurity.objects.select_for_update().get(pk=state_for(user).pk)
        state.locked_until = now + (timedelta(minutes=minutes) if minutes else FOREVER)
        state.failures_counted_from = now
        state.save(update_fields=["locked_until", "failures_counted_from"])
    records.write(LoginEvent.LOCKED, username=user.get_username(), success=False, request=request, user=user,
                  detail=f"{int(p.LOCKOUT_FAILURES.value())} 次失败，锁定 {minutes or '∞'} 分钟")
    return True


def is_locked(user, now=None) -> bool:
    state = AccountSecurity.objects.filter(user=user).first()
    return state is not None and state.is_locked(now)


@transaction.atomic
def unlock(actor, user, request=None) -> None:
    if not policies.sets_security(actor):
        raise PermissionDenied("只有安全管理员可以解锁账号")
    state = AccountSecurity.objects.select_for_update().get(pk=state_for(user).pk)
    state.locked_until, state.failures_counted_from = None, timezone.now()
    state.save(update_fields=["locked_until", "failures_counted_from"])
    records.write(LoginEvent.UNLOCKED, username=user.get_username(), success=True, request=request, user=user, by=_name(actor))
    ledger.append(actor, "security.account_unlocked", user, data={"user": user.get_username()})


# ------------------------------------------------------------------------------------ second factor


def totp_secret(user) -> str | None:
    state = AccountSecurity.objects.filter(user=user).first()
    return secretbox.unseal(state.totp_secret) if state and state.totp_enabled else None


@transaction.atomic
def enable_totp(actor, user, *, secret: str, code: str, request=None) -> None:
    """Enrol ``user``'s authenticator: the code typed proves the secret was copied correctly."""
    if not policies.is_system(actor) and actor.pk != user.pk:
        raise PermissionDenied("动态口令只能由本人开通")
    step = totp.matching_step(secret, code)
    if step is None:
        raise ValidationError("动态口令不正确，请核对手机时间后重试")
    state = AccountSecurity.objects.select_for_update().get(pk=state_for(user).pk)
    state.totp_secret, state.totp_enabled_at, state.totp_last_step = secretbox.seal(secret), timezone.now(), step
    state.save(update_fields=["totp_secret", "totp_enabled_at", "totp_last_step"])
    records.write(LoginEvent.TOTP_ENROLLED, username=user.get_username(), success=True, request=request, user=user)
    ledger.append(actor, "security.totp_enabled", user, data={"user": user.get_username()})


def check_totp(user, code: str, request=None) -> bool:
    """True once per valid code; a wrong code is a recorded failure that counts toward the lock."""
    with transaction.atomic():
        state = AccountSecurity.objects.select_for_update().get(pk=state_for(user).pk)
        step = totp.matching_step(secretbox.unseal(state.totp_secret), code, after_step=state.totp_last_step) if state.totp_enabled else None
        if step is not None:
            state.totp_last_step = step
            state.save(update_fields=["totp_last_step"])
            return True
    records.write(LoginEvent.TOTP_FAILED, username=user.get_username(), success=False, request=request, user=user)
    return False


@transaction.atomic
def reset_totp(actor, user, request=None) -> None:
    """A lost phone: the security administrator clears the enrolment; the user enrols again at next login."""
    if not policies.sets_security(actor):
        raise PermissionDenied("只有安全管理员可以重置动态口令")
    state = AccountSecurity.objects.select_for_update().get(pk=state_for(user).pk)
    state.totp_secret, state.totp_enabled_at, state.totp_last_step = "", None, 0
    state.save(update_fields=["totp_secret", "totp_enabled_at", "totp_last_step"])
    records.write(LoginEvent.TOTP_RESET, username=user.get_username(), success=True, request=request, user=user, by=_name(actor))
    ledger.append(actor, "security.totp_reset", user, data={"user": user.get_username()})


# -------------------------------------------------------------------------------------- passwords


@transaction.atomic
def change_password(actor, user, *, new: str, old: str | None = None, request=None) -> None:
    """The user's own change (``old`` required) under the policy: length, classes, no reuse, then the clock restarts."""
    if not policies.is_system(actor) and actor.pk != user.pk:
        raise PermissionDenied("只能修改本人口令")
    if not policies.is_system(actor) and not user.check_password(old or ""):
        raise ValidationError("原口令不正确")
    passwords.check(new, user)
    user.set_password(new)
    user.save()  # the signal stamps the change and keeps the history
    state = AccountSecurity.objects.select_for_update().get(pk=state_for(user).pk)
    state.must_change_password = False
    state.save(update_fields=["must_change_password"])
    records.write(LoginEvent.PASSWORD_CHANGED, username=user.get_username(), success=True, request=request, user=user)
    ledger.append(actor, "security.password_changed", user, data={"user": user.get_username()})


# --------------------------------------------------------------------------------------- accounts


@transaction.atomic
def create_account(actor, *, username: str, password: str, staff_no: str = ""):
    """The system administrator opens an account with an initial password the user must change at first
    login. Roles are the security administrator's business (三员分立)."""
    if not policies.manages_accounts(actor):
        raise PermissionDenied("只有系统管理员可以创建账号")
    User = get_user_model()
    username = (username or "").strip()
    if not username or User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名“{username}”为空或已存在")
    person = None
    if staff_no:
        person = Person.objects.filter(staff_no=staff_no, user__isnull=True).first()
        if person is None:
            raise ValidationError(f"没有未开通账号的工号 {staff_no}")
    passwords.check(password, None)
    user = core_actions.create_user(actor, username=username, password=password, person=person)
    state = state_for(user)
    state.must_change_password = True
    state.save(update_fields=["must_change_password"])
    return user


@transaction.atomic
def set_account_active(actor, user, active: bool) -> None:
    if not policies.manages_accounts(actor):
        raise PermissionDenied("只有系统管理员可以停用或启用账号")
    if not policies.is_system(actor) and actor.pk == user.pk and not active:
        raise ValidationError("不能停用自己的账号")
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        ledger.append(actor, "user.activated" if active else "user.deactivated", user, data={"user": user.get_username()})


@transaction.atomic
def grant_role(actor, user, role: str, scope: str, departments=()) -> None:
    if not policies.sets_security(actor):
        raise PermissionDenied("只有安全管理员可以授予角色")
    if not policies.is_system(actor) and actor.pk == user.pk:
        raise ValidationError("不能给自己授予角色")
    core_actions.grant_role(actor, user, role, scope, departments)


@transaction.atomic
def revoke_role(actor, user, role: str) -> None:
    if not policies.sets_security(actor):
        raise PermissionDenied("只有安全管理员可以撤销角色")
    if not policies.is_system(actor) and actor.pk == user.pk and role in ADMIN_ROLES:
        raise ValidationError("不能撤销自己的管理员角色")
    core_actions.revoke_role(actor, user, role)


@transaction.atomic
def set_policy(actor, name: str, value) -> PolicySetting:
    if not policies.sets_security(actor):
        raise PermissionDenied("只有安全管理员可以设置安全策略")
    parameter = next((x for x in p.EDITABLE if x.name == name), None)
    if parameter is None:
        raise ValidationError(f"没有可设置的安全策略 {name}")
    try:
        number = parameter.check(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    old = parameter.value()
    row, _ = PolicySetting.objects.update_or_create(name=name, defaults={"value": number, "set_by": _name(actor), "set_at": timezone.now()})
    ledger.append(actor, "security.policy_set", row, data={"name": name, "old": old, "new": number, "default": parameter.default})
    return row
