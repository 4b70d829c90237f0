"""The one write path of the records app: committing an import batch.

The Parquet file is already written to a temp name (and fsynced) when ``commit_batch`` starts. Inside
one database transaction the batch row is created (which gives its id), the file is renamed to its final
name, the rejected rows are stored and the ledger event appended. Until that transaction commits no
reader sees the file (warehouse.committed_files asks the database), so a crash anywhere leaves at most
an orphan file for warehouse.clean_orphans.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction

from qingfeng.core import ledger

from . import warehouse
from .models import BatchStatus, ImportBatch, RejectedRow
from .policies import check_may_import

# Rejected rows kept in the database per batch; all of them are counted, and the report lists them all.
MAX_STORED_REJECTIONS = 10_000
MAX_STORED_VALUE_CHARS = 500


@dataclass
class StagedBatch:
    """Everything about an import except its id: what commit_batch stores."""

    dataset: str
    source_name: str
    source_format: str
    encoding: str
    content_hash: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    started_at: datetime
    finished_at: datetime
    columns: dict = field(default_factory=dict)
    rejections: list = field(default_factory=list)  # validation.Rejection
    supersedes: ImportBatch | None = None


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    return actor if isinstance(actor, str) else actor.get_username()


def _remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


def commit_batch(actor, staged: StagedBatch, temp_file: Path | None) -> ImportBatch:
    """Store a batch. With ``temp_file`` it is committed (its file published); without, it records a
    file whose every row was rejected."""
    check_may_import(actor)
    status = BatchStatus.COMMITTED if temp_file is not None else BatchStatus.REJECTED
    published: Path | None = None
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                dataset=staged.dataset, source_name=staged.source_name[:255], source_format=staged.source_format,
                encoding=staged.encoding, content_hash=staged.content_hash, rows_read=staged.rows_read,
                rows_loaded=staged.rows_loaded, rows_rejected=staged.rows_rejected,
                actor=actor_label(actor), started_at=staged.started_at, finished_at=staged.finished_at,
                status=status, supersedes=staged.supersedes, columns=staged.columns)
            if temp_file is not None:
                batch.file_name = warehouse.publish(temp_file, staged.dataset, batch.pk)
                published = warehouse.root() / batch.file_name
                batch.save(update_fields=["file_name"])
            RejectedRow.objects.bulk_create(
                [RejectedRow(batch=batch, line=r.line, field=r.field, value=r.value[:MAX_STORED_VALUE_CHARS], reason=r.reason)
                 for r in staged.rejections[:MAX_STORED_REJECTIONS]], batch_size=2000)
            ledger.append(actor, "import.committed" if temp_file is not None else "import.rejected", batch, data={
                "dataset": staged.dataset, "source": staged.source_name, "format": staged.source_format,
                "content_hash": staged.content_hash, "read": staged.rows_read, "loaded": staged.rows_loaded,
                "rejected": staged.rows_rejected, "file": batch.file_name,
                "supersedes": staged.supersedes.pk if staged.supersedes else None})
    except BaseException:
        _remove(temp_file)
        _remove(published)
        raise
    return batch
