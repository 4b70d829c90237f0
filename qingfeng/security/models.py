"""Login security: per-account state (second factor, password age, lock), password history, the
security administrator's policy values, and the login records — a table of its own, apart from the
business ledger, append-only and hash-chained so that an edited or removed record is detectable."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountSecurity(models.Model):
    """Security state of one login. Created on first need; changed only through security.actions
    (and the signal that stamps a password change)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security")
    totp_secret = models.TextField(blank=True)  # sealed (secretbox), never the plain base32 secret
    totp_enabled_at = models.DateTimeField(_("动态口令开通时间"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)  # a code is accepted once (replay protection)
    password_changed_at = models.DateTimeField(_("口令修改时间"), null=True, blank=True)
    must_change_password = models.BooleanField(_("须修改初始口令"), default=False)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    failures_counted_from = models.DateTimeField(null=True, blank=True)  # an unlock forgives earlier failures

    class Meta:
        verbose_name = _("账号安全状态")
        verbose_name_plural = _("账号安全状态")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret)

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and (now or timezone.now()) < self.locked_until


class PasswordHistory(models.Model):
    """The hash (Django's salted hasher) of a password a user held, to refuse its reuse."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=256)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("历史口令")
        verbose_name_plural = _("历史口令")

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d}"


class PolicySetting(models.Model):
    """A security administrator's value for one parameter of security.parameters."""

    name = models.CharField(max_length=64, unique=True)
    value = models.JSONField()
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class LoginEvent(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    PASSWORD_FAILED = "password_failed", _("口令错误")
    TOTP_FAILED = "totp_failed", _("动态口令错误")
    REFUSED_LOCKED = "refused_locked", _("账号锁定中")
    REFUSED_INACTIVE = "refused_inactive", _("账号已停用")
    LOCKED = "locked", _("连续失败锁定")
    UNLOCKED = "unlocked", _("解锁")
    TOTP_ENROLLED = "totp_enrolled", _("开通动态口令")
    TOTP_RESET = "totp_reset", _("重置动态口令")
    PASSWORD_CHANGED = "password_changed", _("修改口令")


class LoginRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("login records are append-only")

    def delete(self):
        raise ValidationError("login records are append-only; use qingfeng logs archive")

    def _archive_delete(self) -> int:
        """Only security.archive removes rows, after writing them to an archive whose hash it ledgers."""
        return super().delete()[0]


class LoginRecord(models.Model):
    """Who, when, from where, what and with what result. Never updated or deleted (archived after the
    retention period); each record's hash covers the previous one."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(_("时间"), db_index=True)
    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    user_id_at_time = models.BigIntegerField(null=True, blank=True)  # no FK: a record outlives the account
    event = models.CharField(_("事件"), max_length=32, choices=LoginEvent.choices)
    success = models.BooleanField(_("成功"))
    ip = models.CharField(_("来源地址"), max_length=64, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=256, blank=True)
    detail = models.CharField(_("说明"), max_length=256, blank=True)
    by = models.CharField(_("操作人"), max_length=150, blank=True)  # for unlock/reset: the administrator
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = LoginRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("登录日志")
        verbose_name_plural = _("登录日志")

    def __str__(self) -> str:
        return f"#{self.seq} {self.username} {self.event}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("login records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("login records are append-only")
