"""Import batches and the rows they rejected. The records themselves live in the Parquet warehouse;
a batch row here is what makes its file visible (see warehouse.committed_files)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    COMMITTED = "committed", _("已入库")
    REJECTED = "rejected", _("全部拒收")


class ImportBatch(models.Model):
    """One imported file (or row stream). Never edited after commit; a correction is a new batch whose
    ``supersedes`` points at the batch it replaces."""

    dataset = models.CharField(_("数据集"), max_length=64, db_index=True)
    source_name = models.CharField(_("来源文件"), max_length=255)
    source_format = models.CharField(_("文件格式"), max_length=16, blank=True)
    encoding = models.CharField(_("编码"), max_length=32, blank=True)
    content_hash = models.CharField(_("内容哈希"), max_length=64, db_index=True)
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    rows_loaded = models.PositiveIntegerField(_("入库行数"), default=0)
    rows_rejected = models.PositiveIntegerField(_("拒收行数"), default=0)
    actor = models.CharField(_("操作人"), max_length=150)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"))
    status = models.CharField(_("状态"), max_length=16, choices=BatchStatus.choices)
    supersedes = models.ForeignKey("self", verbose_name=_("更正的批次"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="superseded_by")
    file_name = models.CharField(_("仓库文件"), max_length=255, blank=True)  # relative to WAREHOUSE_DIR
    columns = models.JSONField(_("列对应"), default=dict)  # {"matched": {header: column}, "ignored": [header]}

    class Meta:
        ordering = ["pk"]
        constraints = [
            # Idempotence: one committed batch per content; rejected-only reports may repeat.
            models.UniqueConstraint(fields=["dataset", "content_hash"], condition=Q(status="committed"),
                                    name="one_committed_batch_per_content"),
        ]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")

    def __str__(self) -> str:
        return f"批次 {self.pk}（{self.dataset}，{self.source_name}）"


class RejectedRow(models.Model):
    """One reason a row was not loaded. A row with several bad fields has several of these."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows")
    line = models.PositiveIntegerField(_("行号"))
    field = models.CharField(_("字段"), max_length=64, blank=True)  # contract column name; blank for the whole row
    value = models.TextField(_("原值"), blank=True)
    reason = models.TextField(_("原因"))

    class Meta:
        ordering = ["batch", "line", "pk"]
        verbose_name = _("拒收行")
        verbose_name_plural = _("拒收行")

    def __str__(self) -> str:
        return f"第{self.line}行 {self.field}：{self.reason}"
