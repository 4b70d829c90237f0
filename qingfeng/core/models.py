"""Registries every other app builds on: departments, people and posts, roles, calendar, ledger."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """A government body in the department tree. ``path`` is a materialised path ("/001/004/") so that
    "this department and everything below it" is one indexed prefix query."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=512, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.parent_id and self.parent.path.startswith(self.path or "\0") and self.pk:
            raise ValidationError(_("部门不能移动到自己的下级之下"))
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            self.path = new_path
            self.depth = new_path.count("/") - 2
            Department.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old_path:  # re-root the subtree when a department moves
                for child in Department.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path):]
                    child.depth = child.path.count("/") - 2
                    Department.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    def subtree(self):
        return Department.objects.filter(path__startswith=self.path)

    def ancestors(self):
        ids = [int(x) for x in self.path.strip("/").split("/")[:-1] if x]
        return Department.objects.filter(pk__in=ids).order_by("depth")


class Post(models.Model):
    """A post (岗位) in a department; ``backup_of`` is reserved for AB岗 pairs."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("岗位"), max_length=128)
    is_leader = models.BooleanField(_("领导岗位"), default=False)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self) -> str:
        return f"{self.department.name} · {self.title}"


class Person(models.Model):
    """A member of staff. The ID-card number is never stored: only a keyed hash for matching and a mask."""

    staff_no = models.CharField(_("工号"), max_length=32, unique=True)
    name = models.CharField(_("姓名"), max_length=64)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="people")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="holders")
    id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person")

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")
    SUPERVISOR = "supervisor", _("纪检监察")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")
    HANDLER = "handler", _("经办人")
    DATA_STEWARD = "data_steward", _("数据管理员")


ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


class Scope(models.TextChoices):
    ALL = "all", _("全部")
    CUSTOM = "custom", _("自定义部门")
    OWN = "own", _("本部门")
    OWN_AND_BELOW = "own_and_below", _("本部门及以下")
    SELF = "self", _("仅本人")


class RoleGrant(models.Model):
    """A role held by a user, with the data scope it carries. Changed only through core.actions."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=32, choices=Role.choices)
    scope = models.CharField(max_length=32, choices=Scope.choices, default=Scope.OWN)
    departments = models.ManyToManyField(Department, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.get_scope_display()}"


class DayKind(models.TextChoices):
    WORKDAY = "workday", _("工作日")
    WEEKEND = "weekend", _("周末")
    STATUTORY = "statutory", _("法定节假日")
    IN_LIEU = "in_lieu", _("调休休息日")
    MAKEUP = "makeup", _("调休上班日")
    LOCAL = "local", _("地方节假日")


class CalendarLayer(models.TextChoices):
    NATIONAL = "national", _("全国")
    LOCAL = "local", _("本地")


class CalendarDay(models.Model):
    """One day of the working-day calendar. A ``local`` row overrides the ``national`` one."""

    date = models.DateField()
    layer = models.CharField(max_length=16, choices=CalendarLayer.choices, default=CalendarLayer.NATIONAL)
    is_workday = models.BooleanField()
    kind = models.CharField(max_length=16, choices=DayKind.choices)
    name = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=128, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "layer"], name="one_day_per_layer")]
        indexes = [models.Index(fields=["date"])]
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class LedgerEvent(models.Model):
    """An append-only, hash-chained record of one state change. Nothing updates or deletes these rows."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=128)
    data = models.JSONField(default=dict)
    algorithm = models.CharField(max_length=16)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("台账事件")
        verbose_name_plural = _("台账事件")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("ledger events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("ledger events are append-only")
