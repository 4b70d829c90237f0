"""The password policy: length, character classes, no reuse of the last N, rotation period."""

from datetime import timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import parameters as p

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda ch: not ch.isalnum() and not ch.isspace()),
)


def classes_in(password: str) -> int:
    return sum(1 for _name, test in CLASSES if any(test(ch) for ch in password))


def check(password: str, user=None) -> None:
    """Raise ValidationError (Chinese messages) unless ``password`` satisfies the policy for ``user``."""
    errors = []
    minimum = int(p.PASSWORD_MIN_LENGTH.value())
    if len(password) < minimum:
        errors.append(f"口令至少 {minimum} 位")
    wanted = int(p.PASSWORD_MIN_CLASSES.value())
    if classes_in(password) < wanted:
        errors.append(f"口令须包含大写字母、小写字母、数字、符号中的至少 {wanted} 类")
    if user is not None and user.pk and reused(user, password):
        errors.append(f"不得与最近 {int(p.PASSWORD_HISTORY.value())} 次使用过的口令相同")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)


def reused(user, password: str) -> bool:
    from .models import PasswordHistory

    n = int(p.PASSWORD_HISTORY.value())
    if n <= 0:
        return False
    if user.password and check_password(password, user.password):
        return True
    return any(check_password(password, h) for h in PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:n])


def expired(user, now=None) -> bool:
    """True when the password is older than the rotation period (or an administrator set it, so it must change)."""
    from .models import AccountSecurity

    state = AccountSecurity.objects.filter(user=user).first()
    if state is not None and state.must_change_password:
        return True
    days = int(p.PASSWORD_MAX_AGE_DAYS.value())
    if days <= 0:
        return False
    changed = (state.password_changed_at if state else None) or user.date_joined
    return (now or timezone.now()) - changed > timedelta(days=days)
