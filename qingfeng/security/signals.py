"""Bookkeeping that must happen whichever code path logs in, logs out or sets a password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from . import records
from .models import AccountSecurity, LoginEvent, PasswordHistory

HISTORY_KEPT = 24  # the largest PASSWORD_HISTORY the policy allows


@receiver(post_save, sender=get_user_model())
def stamp_password_change(sender, instance, created=False, **kwargs):
    # set_password() leaves the raw password in _password until save() finishes; create_user() hashes directly.
    if getattr(instance, "_password", None) is None and not (created and instance.has_usable_password()):
        return
    now = timezone.now()
    AccountSecurity.objects.update_or_create(user=instance, defaults={"password_changed_at": now})
    PasswordHistory.objects.create(user=instance, password=instance.password, at=now)
    stale = PasswordHistory.objects.filter(user=instance).values_list("pk", flat=True)[HISTORY_KEPT:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    records.write(LoginEvent.LOGIN, username=user.get_username(), success=True, request=request, user=user,
                  detail=getattr(request, "_qf_login_detail", "") if request is not None else "")


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        records.write(LoginEvent.LOGOUT, username=user.get_username(), success=True, request=request, user=user)


@receiver(user_login_failed)
def record_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first()
    records.write(LoginEvent.PASSWORD_FAILED, username=username, success=False, request=request, user=user)
