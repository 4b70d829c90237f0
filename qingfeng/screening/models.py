"""Screening runs and their findings. A run records the rule versions and parameter values it used;
a finding keeps its evidence rows."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .evidence import EvidenceEncoder


class Run(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("运行中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    class Mode(models.TextChoices):
        FULL = "full", _("全量")
        INCREMENTAL = "incremental", _("增量")

    engine = models.CharField(max_length=16, default="duckdb")
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.FULL)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    actor = models.CharField(max_length=150)
    # {rule_id: {"version": "1.0.0", "params": {...}, "hits": n, "seconds": s, "error": "..."}}
    rules = models.JSONField(default=dict)
    batches = models.JSONField(default=list)  # ids of the import batches the run read
    new_batches = models.JSONField(default=list)  # incremental: the batches it screened for (new since the last run)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("筛查运行")
        verbose_name_plural = _("筛查运行")

    def __str__(self) -> str:
        return f"Run {self.pk} ({self.engine}, {self.status})"


class Finding(models.Model):
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="findings")
    rule_id = models.CharField(max_length=32, db_index=True)
    rule_version = models.CharField(max_length=32)
    subject_key = models.CharField(max_length=255)
    department_code = models.CharField(max_length=32, blank=True)
    params = models.JSONField(default=dict)
    evidence = models.JSONField(default=dict)  # the rule's result row
    # the underlying record rows (e.g. the payments); a run hands them over already encoded (evidence.EncodedRows)
    evidence_rows = models.JSONField(default=list, encoder=EvidenceEncoder)
    evidence_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["rule_id", "subject_key"])]
        verbose_name = _("筛查发现")
        verbose_name_plural = _("筛查发现")

    def __str__(self) -> str:
        return f"{self.rule_id}:{self.subject_key}"


class SensitiveWord(models.Model):
    """A word that flags a payment purpose (FIN-012). The list is local policy, edited by data stewards
    through screening.actions; the screening engine reads the active words as the ``sensitive_words`` view."""

    word = models.CharField(_("敏感词"), max_length=64, unique=True)
    category = models.CharField(_("类别"), max_length=32, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")

    def __str__(self) -> str:
        return self.word


class RuleParameter(models.Model):
    """An effective-dated override of a rule parameter's default. The value in force on a day is the row
    with the latest ``effective_from`` on or before that day; older rows stay as the history."""

    rule_id = models.CharField(_("规则"), max_length=32)
    name = models.CharField(_("参数"), max_length=64)
    value = models.JSONField(_("取值"))
    effective_from = models.DateField(_("生效日期"))
    set_by = models.CharField(_("设置人"), max_length=150)
    set_at = models.DateTimeField(_("设置时间"), default=timezone.now)
    reason = models.TextField(_("依据或理由"), blank=True)

    class Meta:
        ordering = ["rule_id", "name", "-effective_from", "-pk"]
        indexes = [models.Index(fields=["rule_id", "name", "effective_from"])]
        verbose_name = _("规则参数")
        verbose_name_plural = _("规则参数")

    def __str__(self) -> str:
        return f"{self.rule_id}.{self.name}={self.value} (自 {self.effective_from})"
