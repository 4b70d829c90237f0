"""Alerts: a rule's finding routed to the department that must answer it.

One alert per (rule, subject) across runs. The life cycle is new → dispatched → answered → verified →
closed, or escalated when overdue. Overdue is derived from ``due_at``, never stored. Every change goes
through alerts.actions, which appends the ledger event; the ledger is also the alert's history.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person


class Severity(models.TextChoices):
    BLUE = "blue", _("蓝色提示")
    YELLOW = "yellow", _("黄色预警")
    RED = "red", _("红色预警")


class Status(models.TextChoices):
    NEW = "new", _("新发现")
    DISPATCHED = "dispatched", _("已派发")
    ANSWERED = "answered", _("已答复")
    VERIFIED = "verified", _("已核查")
    CLOSED = "closed", _("已销号")
    ESCALATED = "escalated", _("已升级督办")


class AnswerKind(models.TextChoices):
    EXPLANATION = "explanation", _("情况说明")
    RECTIFICATION = "rectification", _("已整改")
    FALSE_POSITIVE = "false_positive", _("误报")


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", _("属实")
    FALSE_POSITIVE = "false_positive", _("误报")


class Alert(models.Model):
    rule_id = models.CharField(_("规则"), max_length=32, db_index=True)
    rule_version = models.CharField(max_length=32)
    domain = models.CharField(max_length=32, default="finance")
    subject_key = models.CharField(_("对象"), max_length=255)
    title = models.CharField(_("标题"), max_length=255)
    severity = models.CharField(_("等级"), max_length=8, choices=Severity.choices, default=Severity.YELLOW)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("责任部门"))
    assignee = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True)
    finding = models.ForeignKey("screening.Finding", null=True, on_delete=models.PROTECT, related_name="+")
    evidence_hash = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("答复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    answer_kind = models.CharField(max_length=16, choices=AnswerKind.choices, blank=True)
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule_id", "subject_key"], name="one_alert_per_rule_subject")]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["due_at"])]
        ordering = ["-created_at", "-pk"]
        verbose_name = _("预警")
        verbose_name_plural = _("预警")

    def __str__(self) -> str:
        return f"{self.rule_id} · {self.title}"

    def get_absolute_url(self) -> str:
        return f"/alerts/{self.pk}/"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.CLOSED,)

    def is_overdue(self, now=None) -> bool:
        waiting = self.status in (Status.DISPATCHED, Status.NEW, Status.ESCALATED)
        return waiting and self.due_at is not None and (now or timezone.now()) > self.due_at


class Response(models.Model):
    """A department's answer or a supervisor's verification, with evidence attached."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("答复")
        VERIFICATION = "verification", _("核查")

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="responses")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    answer_kind = models.CharField(max_length=16, choices=AnswerKind.choices, blank=True)
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    text = models.TextField(_("说明"))
    attachment = models.FileField(upload_to="alert-evidence/%Y/%m/", blank=True)
    by = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("答复与核查")
        verbose_name_plural = _("答复与核查")

    def __str__(self) -> str:
        return f"{self.alert_id} {self.kind} {self.at:%Y-%m-%d}"
