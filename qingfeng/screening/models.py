"""Screening runs and their findings. A run records the rule versions and parameter values it used;
a finding keeps its evidence rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Run(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("运行中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    engine = models.CharField(max_length=16, default="duckdb")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    actor = models.CharField(max_length=150)
    # {rule_id: {"version": "1.0.0", "params": {...}, "hits": n, "seconds": s, "error": "..."}}
    rules = models.JSONField(default=dict)
    batches = models.JSONField(default=list)  # ids of the import batches the run read
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
    evidence_rows = models.JSONField(default=list)  # the underlying record rows (e.g. the payments)
    evidence_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["rule_id", "subject_key"])]
        verbose_name = _("筛查发现")
        verbose_name_plural = _("筛查发现")

    def __str__(self) -> str:
        return f"{self.rule_id}:{self.subject_key}"
