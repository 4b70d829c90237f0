"""The Parquet warehouse: ``WAREHOUSE_DIR/<dataset>/batch-<id>.parquet``, one file per committed batch.

A file counts only when its ImportBatch row is committed: readers ask ``committed_files`` and never list
the folder. A crash between writing the file and committing the row therefore leaves an orphan that no
reader sees and ``clean_orphans`` removes. Settings are read at call time (tests move WAREHOUSE_DIR).
"""

import contextlib
import fcntl
import os
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from . import contract
from .models import BatchStatus, ImportBatch

ARROW_TYPES = {
    "string": pa.string(),
    "enum": pa.string(),
    "decimal": pa.decimal128(18, 2),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),  # naive local wall-clock time (Asia/Shanghai)
    "integer": pa.int64(),
}
TEMP_PREFIX = ".tmp-"


def arrow_schema(dataset: str | contract.Dataset) -> pa.Schema:
    """The typed schema of a dataset, in contract column order."""
    ds = contract.get(dataset) if isinstance(dataset, str) else dataset
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type], nullable=not c.required) for c in ds.columns])


def root() -> Path:
    return Path(settings.WAREHOUSE_DIR).resolve()


def dataset_dir(dataset: str) -> Path:
    return root() / dataset


def batch_file_name(dataset: str, batch_id: int) -> str:
    return f"{dataset}/batch-{batch_id}.parquet"


@contextlib.contextmanager
def _lock(exclusive: bool):
    """Imports hold the warehouse lock shared from the temp file to the commit; ``clean_orphans`` holds
    it exclusively, so it never mistakes a file of a running import for an orphan. The kernel releases
    it when a process dies, so a crash leaves no stale lock."""
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def writing():
    """Context in which an import writes and commits its file."""
    return _lock(exclusive=False)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp(table: pa.Table, dataset: str) -> Path:
    """Write ``table`` to a temp file inside the dataset folder (same file system, so rename is atomic)."""
    folder = dataset_dir(dataset)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{TEMP_PREFIX}{uuid.uuid4().hex}.parquet"
    with open(tmp, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")
        handle.flush()
        os.fsync(handle.fileno())
    return tmp


def publish(tmp: Path, dataset: str, batch_id: int) -> str:
    """Rename the temp file to its final name; returns the name relative to the warehouse root."""
    name = batch_file_name(dataset, batch_id)
    os.replace(tmp, root() / name)
    _fsync_dir(tmp.parent)
    return name


def visible_batches(dataset: str | None = None):
    """Committed batches not superseded by a committed correction, in batch order."""
    qs = ImportBatch.objects.filter(status=BatchStatus.COMMITTED).exclude(
        superseded_by__status=BatchStatus.COMMITTED)
    if dataset:
        qs = qs.filter(dataset=dataset)
    return qs.order_by("pk")


def committed_batches() -> list[int]:
    """Ids of the batches whose rows rules read: committed and not superseded by a later correction."""
    return list(visible_batches().values_list("pk", flat=True))


def committed_files(dataset: str) -> list[Path]:
    """The Parquet files of ``dataset`` that rules read, in batch order."""
    files = []
    for name in visible_batches(dataset).values_list("file_name", flat=True):
        path = root() / name
        if not path.exists():
            raise FileNotFoundError(f"仓库文件缺失：{path}（批次已提交但文件不存在，请从备份恢复）")
        files.append(path)
    return files


def read(dataset: str) -> pa.Table:
    """All visible rows of ``dataset`` as one table (empty with the contract schema when none)."""
    files = committed_files(dataset)
    schema = arrow_schema(dataset)
    if not files:
        return schema.empty_table()
    return pa.concat_tables([pq.read_table(f, schema=schema) for f in files])


def clean_orphans() -> list[Path]:
    """Remove files that no committed batch owns (left by a crash); returns what was removed."""
    removed = []
    with _lock(exclusive=True):
        owned = {root() / n for n in ImportBatch.objects.filter(status=BatchStatus.COMMITTED).values_list("file_name", flat=True)}
        for ds in contract.DATASETS.values():
            folder = dataset_dir(ds.name)
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.suffix == ".parquet" and path not in owned:
                    path.unlink()
                    removed.append(path)
    return removed
