"""督办 tasks: registered from a meeting, a leader's instruction or an annual commitment, split among
departments (one Assignment each) with milestones; signed for, reported on with evidence, reviewed (sent
back or accepted) and signed off. Lights and the 慢浮僵推梗懒 signals are derived, never stored."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department


class Source(models.TextChoices):
    MEETING = "meeting", _("会议议定事项")
    INSTRUCTION = "instruction", _("领导批示")
    COMMITMENT = "commitment", _("年度承诺事项")
    OTHER = "other", _("其他")


class Task(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    title = models.CharField(_("事项"), max_length=200)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    source_ref = models.CharField(_("来源文号"), max_length=128, blank=True)
    description = models.TextField(_("要求"), blank=True)
    due_at = models.DateTimeField(_("完成时限"))
    registered_by = models.CharField(max_length=150)
    registered_at = models.DateTimeField(default=timezone.now)
    home = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("督办机构"))

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return f"/oversight/{self.pk}/"


class Status(models.TextChoices):
    ASSIGNED = "assigned", _("待签收")
    SIGNED = "signed", _("办理中")
    REPORTED = "reported", _("待审核")
    ACCEPTED = "accepted", _("待销号")
    RETURNED = "returned", _("已退回")
    BOUNCED = "bounced", _("已退办")
    DONE = "done", _("已销号")


class Assignment(models.Model):
    """One department's share of a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="oversight_assignments",
                                   verbose_name=_("承办部门"))
    lead = models.BooleanField(_("牵头"), default=False)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.ASSIGNED, db_index=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    sign_due_at = models.DateTimeField()
    signed_at = models.DateTimeField(null=True, blank=True)
    first_opened_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("完成时限"))
    last_update_at = models.DateTimeField(default=timezone.now)
    step_since = models.DateTimeField(default=timezone.now)  # when the current status began
    step_holder = models.CharField(max_length=150, blank=True)  # who holds the current step
    done_at = models.DateTimeField(null=True, blank=True)
    bounced_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("承办任务")
        verbose_name_plural = _("承办任务")

    def __str__(self) -> str:
        return f"{self.task.number}/{self.department.code}"

    def get_absolute_url(self) -> str:
        return f"/oversight/assignments/{self.pk}/"

    @property
    def key(self) -> str:
        return f"{self.task.number}|{self.department.code}"


class Milestone(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    due_at = models.DateTimeField(_("节点时限"))
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Report(models.Model):
    class Review(models.TextChoices):
        PENDING = "pending", _("待审核")
        ACCEPTED = "accepted", _("通过")
        RETURNED = "returned", _("退回")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    milestone = models.ForeignKey(Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    final = models.BooleanField(_("办结报告"), default=False)
    text = models.TextField(_("进展情况"))
    text_hash = models.CharField(max_length=64)
    by = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)
    review = models.CharField(max_length=16, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.assignment_id} report {self.at:%Y-%m-%d}"


class Evidence(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="oversight-evidence/%Y/%m/")
    name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.name


class Extension(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("未同意")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    new_due_at = models.DateTimeField(_("申请延至"))
    reason = models.TextField(_("理由"))
    progress = models.TextField(_("目前进展"))
    requested_by = models.CharField(max_length=150)
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assignment_id} extension {self.state}"
