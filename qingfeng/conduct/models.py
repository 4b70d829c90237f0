"""Conduct inspections (明察暗访): plans, visits (announced or unannounced) to window units and departments,
findings by category with evidence, the unit's rectification and the inspectors' re-check; spot checks of
approval cases that compare the recorded process dates with what the applicant actually lived; and the
decision on a case, which the public naming page (通报) publishes with only the personal data it allows."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person


class Plan(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    title = models.CharField(_("检查计划"), max_length=200)
    home = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("检查机构"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    focus = models.TextField(_("检查重点"), blank=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("检查计划")
        verbose_name_plural = _("检查计划")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return f"/conduct/plans/{self.pk}/"


class Mode(models.TextChoices):
    ANNOUNCED = "announced", _("明察")
    UNANNOUNCED = "unannounced", _("暗访")


class Visit(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="visits")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("被检查单位"))
    mode = models.CharField(_("方式"), max_length=16, choices=Mode.choices)
    visited_at = models.DateTimeField(_("检查时间"))
    place = models.CharField(_("地点（窗口、科室）"), max_length=200, blank=True)
    summary = models.TextField(_("检查情况"))
    by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visited_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan.number} {self.department} {self.visited_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"/conduct/visits/{self.pk}/"


class Category(models.TextChoices):
    ATTITUDE = "attitude", _("服务态度")
    EFFICIENCY = "efficiency", _("办事效率")
    DISCIPLINE = "discipline", _("工作纪律")
    BANQUET = "banquet", _("八项规定：公款吃喝")
    RECEPTION = "reception", _("八项规定：超标准接待")
    VEHICLE = "vehicle", _("八项规定：公车私用")
    GIFTS = "gifts", _("八项规定：违规收送礼品礼金")
    FALSIFIED = "falsified", _("弄虚作假（办件数据与实际不符）")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFIED = "rectified", _("待复查")
    CLOSED = "closed", _("已销号")


def _number() -> str:
    return "F" + secrets.token_hex(6)


class Finding(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True, default=_number)
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="findings")
    spot_check = models.OneToOneField("SpotCheck", null=True, blank=True, on_delete=models.PROTECT, related_name="finding")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任单位"))
    category = models.CharField(_("问题类别"), max_length=16, choices=Category.choices)
    facts = models.TextField(_("问题事实"))
    official = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("涉及人员"))
    found_at = models.DateTimeField(_("发现时间"))
    rectify_due_at = models.DateTimeField(_("整改期限"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    rectified_at = models.DateTimeField(_("整改报告时间"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)
    rechecked_at = models.DateTimeField(_("复查时间"), null=True, blank=True)
    recheck_note = models.TextField(_("复查意见"), blank=True)
    recheck_rounds = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-found_at", "-pk"]
        verbose_name = _("检查发现问题")
        verbose_name_plural = _("检查发现问题")

    def __str__(self) -> str:
        return f"{self.number} {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return f"/conduct/findings/{self.pk}/"

    def is_overdue(self, now=None) -> bool:
        return self.status == Status.OPEN and (now or timezone.now()) > self.rectify_due_at


class Evidence(models.Model):
    class Stage(models.TextChoices):
        FINDING = "finding", _("检查取证")
        RECTIFICATION = "rectification", _("整改佐证")
        RECHECK = "recheck", _("复查记录")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    file = models.FileField(upload_to="conduct-evidence/%Y/%m/")
    name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    by = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.name


class SpotCheck(models.Model):
    """An approval case checked against reality: the day the applicant actually handed in the application
    and received the decision, against the days the system recorded (speed rankings can be gamed by
    recording late and deciding early)."""

    case = models.ForeignKey("approvals.ApprovalCase", on_delete=models.PROTECT, related_name="+", verbose_name=_("办件"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("抽查时间"))
    recorded_received_on = models.DateField(_("系统记录收件日"))
    actual_received_on = models.DateField(_("实际递交日"))
    recorded_decided_on = models.DateField(_("系统记录办结日"), null=True, blank=True)
    actual_decided_on = models.DateField(_("实际取得结果日"), null=True, blank=True)
    method = models.CharField(_("核实方式"), max_length=200)
    by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("办件抽查")
        verbose_name_plural = _("办件抽查")

    def __str__(self) -> str:
        return f"{self.case_id} {self.checked_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"/conduct/spot-checks/{self.pk}/"

    @property
    def received_gap(self) -> int:
        return (self.recorded_received_on - self.actual_received_on).days

    @property
    def decided_gap(self) -> int | None:
        if self.actual_decided_on is None or self.recorded_decided_on is None:
            return None
        return (self.actual_decided_on - self.recorded_decided_on).days


class Measure(models.TextChoices):
    CRITICISM = "criticism", _("通报批评")
    ADMONISHMENT = "admonishment", _("诫勉谈话")
    ORDERED_INSPECTION = "inspection", _("责令检查")
    PARTY_WARNING = "warning", _("警告处分")
    DEMERIT = "demerit", _("记过处分")
    OTHER = "other", _("其他处理")


class Decision(models.Model):
    """How the case was decided, and what the naming page may publish: the public summary (checked for
    identity numbers and phone numbers), and the official's name and post only when the decision says so."""

    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, related_name="decision")
    measure = models.CharField(_("处理方式"), max_length=16, choices=Measure.choices)
    summary = models.TextField(_("通报内容"))
    name_official = models.BooleanField(_("点名道姓（公开姓名和职务）"), default=False)
    official_name = models.CharField(max_length=64, blank=True)   # copied at decision time: the post may change later
    official_post = models.CharField(max_length=128, blank=True)
    decided_by = models.CharField(max_length=150)
    decided_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.finding.number} {self.get_measure_display()}"
