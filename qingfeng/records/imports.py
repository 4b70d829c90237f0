"""Importing a file (or rows, or an Arrow table) into the warehouse as one atomic, idempotent batch.

Every row read is either loaded or rejected with its line, field and reason: loaded + rejected = read.
The batch's identity is the hash of its loaded rows in canonical form (typed, sorted by key), so the
same content in another encoding, format or row order is recognised and not stored twice.
"""

import hashlib
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from qingfeng.core import formats, ledger

from . import contract, warehouse
from .actions import StagedBatch, commit_batch
from .errors import HeaderError, ImportError_
from .models import BatchStatus, ImportBatch
from .policies import check_may_import
from .readers import EXTRA_CELLS, Source, open_source
from .validation import Rejection, convert_table, describe_key, key_strings, match_headers

__all__ = ["ImportError_", "HeaderError", "ImportReport", "import_file", "import_rows", "import_arrow", "content_hash",
           "Derivation", "register_derivation"]

HASH_VERSION = "qingfeng-records/1"


@dataclass
class ImportReport:
    dataset: str
    source_name: str
    source_format: str = ""
    encoding: str = ""
    read: int = 0
    loaded: int = 0
    rejected: int = 0  # rows (a row with three bad fields counts once)
    rejections: list[Rejection] = field(default_factory=list)  # every reason, in line order
    status: str = ""  # committed | rejected | duplicate
    batch_id: int | None = None  # the new batch, or the earlier batch holding the same content
    content_hash: str = ""
    matched_columns: dict = field(default_factory=dict)
    ignored_columns: list = field(default_factory=list)
    seconds: float = 0.0
    changes: dict = field(default_factory=dict)  # a file kind: what its loader created, updated, left unchanged

    @property
    def already_imported(self) -> bool:
        return self.status == "duplicate"

    @property
    def dataset_zh(self) -> str:
        return contract.importable(self.dataset).zh

    def summary(self) -> str:
        counts = f"读取 {self.read:,} 行 = 入库 {self.loaded:,} 行 + 拒收 {self.rejected:,} 行"
        head = f"{self.source_name} → {self.dataset_zh}（{self.dataset}）："
        if self.dataset in contract.FILES:
            return self._file_summary(head, counts)
        if self.status == "duplicate":
            return (f"{head}内容已导入，为批次 {self.batch_id}（already imported as batch {self.batch_id}），"
                    f"本次未新建批次。{counts}（有效行均已在批次 {self.batch_id} 中）。")
        if self.status == "rejected":
            return f"{head}{counts}；全部拒收，未入库（记录为批次 {self.batch_id}）。"
        extra = f"；忽略的列：{'、'.join(self.ignored_columns)}" if self.ignored_columns else ""
        return f"{head}{counts}；批次 {self.batch_id}，内容哈希 {self.content_hash[:16]}…，用时 {self.seconds:.1f} 秒{extra}。"

    def _file_summary(self, head: str, counts: str) -> str:
        changed = "，".join(f"{k} {v:,}" for k, v in self.changes.items() if v)
        if self.status == "duplicate":
            return f"{head}{counts}；内容与已登记的一致，未作任何更改。"
        if self.status == "rejected":
            return f"{head}{counts}；全部拒收，未作任何更改。"
        return f"{head}{counts}；已写入（{changed or '无变化'}），内容哈希 {self.content_hash[:16]}…，用时 {self.seconds:.1f} 秒。"

    def rejection_line(self, r: Rejection) -> str:
        where = f"{self.source_name} 第{r.line}行"
        if not r.field:
            return f"{where}：{r.reason}"
        return f"{where} 字段「{contract.importable(self.dataset).column(r.field).zh}」：{r.reason}"

    def rejection_lines(self, limit: int | None = None) -> list[str]:
        shown = self.rejections if limit is None else self.rejections[:limit]
        lines = [self.rejection_line(r) for r in shown]
        if limit is not None and len(self.rejections) > limit:
            lines.append(f"……另有 {len(self.rejections) - limit:,} 条拒收原因未显示")
        return lines

    def as_dict(self) -> dict:
        return {
            "dataset": self.dataset, "source": self.source_name, "format": self.source_format, "encoding": self.encoding,
            "status": self.status, "batch": self.batch_id, "new_batch": self.status != "duplicate",
            "read": self.read, "loaded": self.loaded, "rejected": self.rejected,
            "balanced": self.loaded + self.rejected == self.read, "content_hash": self.content_hash,
            "matched_columns": self.matched_columns, "ignored_columns": self.ignored_columns,
            "seconds": round(self.seconds, 3), **({"changes": self.changes} if self.changes else {}),
            "rejections": [{"line": r.line, "field": r.field, "value": r.value, "reason": r.reason,
                            "message": self.rejection_line(r)} for r in self.rejections],
        }


# ------------------------------------------------------------------------------------------- hashing


def content_hash(dataset: contract.Dataset, table: pa.Table) -> str:
    """SHA-256 of the rows in canonical form: typed, in contract column order, sorted by key."""
    table = table.select(dataset.column_names)
    if table.num_rows:
        table = table.take(pc.sort_indices(table, sort_keys=[(k, "ascending") for k in dataset.key]))
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink)
    digest = hashlib.sha256(f"{HASH_VERSION}\n{dataset.name}\n{table.schema.to_string(show_field_metadata=False)}\n".encode())
    digest.update(sink.getvalue().to_pybytes())
    return digest.hexdigest()


# ------------------------------------------------------------------------------------------ the core


def _progress(progress: bool, **kw):
    from tqdm import tqdm

    return tqdm(disable=not progress, file=sys.stderr, dynamic_ncols=True, **kw)


def _resolve_supersedes(dataset: contract.Dataset, supersedes) -> ImportBatch | None:
    if supersedes is None:
        return None
    batch = supersedes if isinstance(supersedes, ImportBatch) else ImportBatch.objects.filter(pk=supersedes).first()
    if batch is None or batch.dataset != dataset.name or batch.status != BatchStatus.COMMITTED:
        raise ImportError_(f"要更正的批次 {supersedes} 不存在，或不是「{dataset.zh}」的已入库批次")
    if batch.superseded_by.filter(status=BatchStatus.COMMITTED).exists():
        raise ImportError_(f"批次 {batch.pk} 已被更正过，请更正最新的批次")
    return batch


def _keys_in_warehouse(dataset: contract.Dataset, table: pa.Table, candidates: np.ndarray,
                       superseded: ImportBatch | None) -> dict[int, int]:
    """Rows (among ``candidates``) whose key an earlier visible batch already holds: {row: batch id}."""
    found: dict[int, int] = {}
    batches = warehouse.visible_batches(dataset.name)
    if superseded is not None:
        batches = batches.exclude(pk=superseded.pk)
    if not len(candidates):
        return found
    keys = key_strings(dataset, table.take(pa.array(candidates)))
    for batch_id, name in batches.values_list("pk", "file_name"):
        old = pq.read_table(warehouse.root() / name, columns=list(dataset.key))
        hit = pc.is_in(keys, value_set=key_strings(dataset, old)).to_numpy(zero_copy_only=False)
        for j in np.flatnonzero(hit):
            found.setdefault(int(candidates[j]), batch_id)
    return found


def _import_columns(dataset: contract.Dataset, *, columns: dict, n_rows: int, lines: np.ndarray, source_name: str,
                    source_format: str, encoding: str, matched: dict, ignored: list, actor, started: float,
                    started_at, row_problems: dict | None, supersedes, progress: bool) -> ImportReport:
    if n_rows == 0:
        raise ImportError_(f"{source_name}：只有表头，没有数据行")
    report = ImportReport(dataset.name, source_name, source_format, encoding, read=n_rows,
                          matched_columns=matched, ignored_columns=ignored)
    with _progress(progress, total=4, desc=f"校验 {source_name}", unit="步") as steps:
        converted = convert_table(dataset, columns, n_rows, lines, row_problems)
        steps.update()
        good = ~converted.bad
        loaded_table = converted.table.filter(pa.array(good))
        digest = content_hash(dataset, loaded_table)
        report.content_hash = digest
        steps.set_description(f"查重 {source_name}")
        existing = ImportBatch.objects.filter(dataset=dataset.name, content_hash=digest, status=BatchStatus.COMMITTED).first()
        rejections = list(converted.rejections)
        if existing is not None and loaded_table.num_rows:
            return _finish_duplicate(report, existing, rejections, int(good.sum()), started)
        earlier = _keys_in_warehouse(dataset, converted.table, np.flatnonzero(good), supersedes)
        for i, batch_id in sorted(earlier.items()):
            good[i] = False
            rejections.append(Rejection(int(lines[i]), dataset.key[0], describe_key(dataset, converted.table, i),
                                        f"已在批次 {batch_id} 中导入（{describe_key(dataset, converted.table, i)}）；"
                                        f"如需更正，请以更正批次导入"))
        if earlier:
            rejections.sort(key=lambda r: r.line)
            loaded_table = converted.table.filter(pa.array(good))
        steps.update()
        report.loaded = int(good.sum())
        report.rejected = n_rows - report.loaded
        report.rejections = rejections
        staged = StagedBatch(dataset.name, source_name, source_format, encoding, digest, n_rows, report.loaded,
                             report.rejected, started_at, timezone.now(),
                             {"matched": matched, "ignored": ignored}, rejections, supersedes)
        steps.set_description(f"写入 {source_name}")
        try:
            if report.loaded == 0:
                batch = commit_batch(actor, staged, None)
                report.status = "rejected"
            else:
                with warehouse.writing():
                    temp = warehouse.write_temp(loaded_table.cast(warehouse.arrow_schema(dataset)), dataset.name)
                    steps.update()
                    steps.set_description(f"提交 {source_name}")
                    batch = commit_batch(actor, staged, temp)
                report.status = "committed"
        except IntegrityError:
            # Another import of the same content committed first.
            existing = ImportBatch.objects.filter(dataset=dataset.name, content_hash=digest, status=BatchStatus.COMMITTED).first()
            if existing is None:
                raise
            return _finish_duplicate(report, existing, list(converted.rejections), int((~converted.bad).sum()), started)
        steps.update(steps.total - steps.n)
    report.batch_id = batch.pk
    report.seconds = time.monotonic() - started
    return report


def _finish_duplicate(report: ImportReport, existing: ImportBatch, rejections, valid: int, started: float) -> ImportReport:
    report.status = "duplicate"
    report.batch_id = existing.pk
    report.loaded = valid
    report.rejected = report.read - valid
    report.rejections = rejections
    report.seconds = time.monotonic() - started
    return report


def _extra_reason(extra: list) -> str:
    shown = "、".join(f"「{v}」" for v in extra[:3])
    return f"有 {len(extra)} 个值没有对应的表头（{shown}），请检查分隔符、引号或多余的列"


# ------------------------------------------------------------------------------- derived columns


@dataclass(frozen=True)
class Derivation:
    """A raw column a file may carry that the warehouse must never store as it is (an ID-card number):
    ``derive(raw values)`` returns the contract columns made from it ({column: values}) and the rows it
    refuses ({row index: [(column, value shown, reason)]}). The raw column is then dropped."""

    headers: tuple[str, ...]  # spellings of the raw column
    columns: tuple[str, ...]  # contract columns it yields
    derive: Callable[[list], tuple[dict[str, list], dict[int, list[tuple[str, str, str]]]]]


DERIVATIONS: dict[str, Derivation] = {}


def register_derivation(dataset: str, derivation: Derivation) -> None:
    """Every import of ``dataset`` (file, rows, Arrow; page, CLI, API) passes its raw column through ``derivation``."""
    DERIVATIONS[dataset] = derivation


def _raw_header(dataset: contract.Dataset, headers: list, source_name: str) -> tuple[Derivation | None, str | None]:
    derivation = DERIVATIONS.get(dataset.name)
    if derivation is None:
        return None, None
    keys = {formats.header_key(h) for h in derivation.headers}
    hits = [str(h) for h in headers if h is not None and str(h).strip() and formats.header_key(h) in keys]
    if len(hits) > 1:
        raise HeaderError(f"{source_name}：列「{hits[0]}」和「{hits[1]}」是同一字段，请删去其一")
    return (derivation, hits[0]) if hits else (None, None)


def _match(dataset: contract.Dataset, headers: list, source_name: str):
    """Header matching with the dataset's derivation: the raw column stands for the columns it yields."""
    derivation, raw = _raw_header(dataset, headers, source_name)
    if derivation is None:
        matched, ignored = match_headers(dataset, headers, source_name)
        return matched, ignored, None, None
    matched, ignored = match_headers(dataset, [h for h in headers if str(h) != raw] + list(derivation.columns), source_name)
    for name in derivation.columns:
        matched.pop(name)
    return matched, ignored, derivation, raw


def _apply_derivation(derivation, raw, raw_values: list, columns: dict, matched: dict, problems: dict) -> None:
    derived, refused = derivation.derive(raw_values)
    columns.update(derived)
    for name in derived:
        matched[name] = raw
    for i, found in refused.items():
        earlier = problems.get(i, [])
        problems[i] = ([("", "", earlier)] if isinstance(earlier, str) else list(earlier)) + list(found)


def _collect(source: Source, names: list[str], headers: list[str], raw: str | None, progress: bool):
    """Raw values per column (and of the raw derived column), file lines, and rows with stray cells."""
    columns: list[list] = [[] for _ in names]
    appenders = [c.append for c in columns]
    raw_values: list = []
    lines: list[int] = []
    problems: dict[int, str] = {}
    with _progress(progress, total=source.total_rows, desc=f"读取 {source.name}", unit="行") as bar:
        for line, row in source.rows():
            if EXTRA_CELLS in row:
                problems[len(lines)] = _extra_reason(row[EXTRA_CELLS])
            lines.append(line)
            for append, header in zip(appenders, headers, strict=True):
                append(row.get(header))
            if raw is not None:
                raw_values.append(row.get(raw))
            if len(lines) % 5000 == 0:
                bar.update(5000)
        bar.update(len(lines) % 5000)
    return dict(zip(names, columns, strict=True)), raw_values, np.array(lines, dtype=np.int64), problems


def _import_source(source: Source, dataset: contract.Dataset, *, actor, supersedes, progress, started, started_at) -> ImportReport:
    """The row path (CSV, Excel, Python rows): collect raw values per column, then convert in bulk."""
    matched, ignored, derivation, raw = _match(dataset, source.headers, source.name)
    names = list(matched)
    columns, raw_values, lines, problems = _collect(source, names, [matched[n] for n in names], raw, progress)
    if derivation is not None:
        _apply_derivation(derivation, raw, raw_values, columns, matched, problems)
    return _import_columns(
        dataset, columns=columns, n_rows=len(lines), lines=lines,
        source_name=source.name, source_format=source.format, encoding=source.encoding, matched=matched, ignored=ignored,
        actor=actor, started=started, started_at=started_at, row_problems=problems, supersedes=supersedes, progress=progress)


# ----------------------------------------------------------------------------------- file kinds


def _import_file_kind(source: Source, dataset: contract.Dataset, *, actor, progress, started) -> ImportReport:
    """A file for an app's own tables: read and validated like a record file, then written by the
    dataset's loader in one transaction with the import's ledger event. Nothing changes when the
    content is already there (status "duplicate"); a file whose every row is refused changes nothing."""
    matched, ignored = match_headers(dataset, source.headers, source.name)
    names = list(matched)
    columns, _raw, lines, problems = _collect(source, names, [matched[n] for n in names], None, progress)
    if not len(lines):
        raise ImportError_(f"{source.name}：只有表头，没有数据行")
    report = ImportReport(dataset.name, source.name, source.format, source.encoding, read=len(lines),
                          matched_columns=matched, ignored_columns=ignored)
    converted = convert_table(dataset, columns, len(lines), lines, problems)
    good = ~converted.bad
    valid = converted.table.filter(pa.array(good))
    report.content_hash = content_hash(dataset, valid)
    rows = list(zip(lines[good].tolist(), valid.to_pylist(), strict=True))
    with transaction.atomic():
        refused, changes = import_string(dataset.loader)(actor, rows) if rows else ([], {})
        report.rejections = sorted([*converted.rejections, *refused], key=lambda r: r.line)
        report.rejected = len({r.line for r in report.rejections})
        report.loaded = report.read - report.rejected
        report.changes = changes
        changed = any(changes.values())
        report.status = "rejected" if report.loaded == 0 else "committed" if changed else "duplicate"
        if report.status != "duplicate":
            ledger.append(actor, "import.loaded" if changed else "import.rejected", object_type="records.file",
                          object_id=dataset.name, data={
                              "dataset": dataset.name, "source": source.name, "format": source.format,
                              "encoding": source.encoding, "content_hash": report.content_hash, "read": report.read,
                              "loaded": report.loaded, "rejected": report.rejected, "changes": changes})
    report.seconds = time.monotonic() - started
    return report


# ---------------------------------------------------------------------------------------- public API


def import_file(path, dataset: str, *, actor, progress: bool = False, source_name: str | None = None,
                supersedes=None) -> ImportReport:
    """Import a CSV, Excel or Parquet file. ``supersedes``: the batch (or its id) this one corrects.

    Raises ``ImportError_`` when the file as a whole cannot be used; nothing is written then."""
    started, started_at = time.monotonic(), timezone.now()
    if dataset in contract.FILES:
        check_may_import(actor)
        if supersedes is not None:
            raise ImportError_(f"「{contract.FILES[dataset].zh}」没有批次可更正：重新导入更正后的文件即可")
        return _import_file_kind(open_source(Path(path), source_name), contract.FILES[dataset], actor=actor,
                                 progress=progress, started=started)
    ds = _record_dataset(dataset)
    check_may_import(actor)
    superseded = _resolve_supersedes(ds, supersedes)
    source = open_source(Path(path), source_name)
    if source.format == "parquet":
        return _import_table(source.table, ds, source_name=source.name, source_format="parquet", actor=actor,
                             supersedes=superseded, progress=progress, started=started, started_at=started_at)
    return _import_source(source, ds, actor=actor, supersedes=superseded, progress=progress, started=started, started_at=started_at)


def import_rows(rows: Iterable, dataset: str, *, source_name: str, actor, progress: bool = False, supersedes=None) -> ImportReport:
    """Import rows given as mappings {header: value}, or as (line_no, mapping) pairs. Headers are those
    of the first row; without line numbers, rows count from 1."""
    started, started_at = time.monotonic(), timezone.now()
    ds = _record_dataset(dataset)
    check_may_import(actor)
    superseded = _resolve_supersedes(ds, supersedes)
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise ImportError_(f"{source_name}：没有数据行")

    def numbered():
        for n, item in enumerate(itertools.chain([first], iterator), start=1):
            yield (n, item) if isinstance(item, Mapping) else item

    first_row = first if isinstance(first, Mapping) else first[1]
    source = Source(source_name, "rows", [str(h) for h in first_row], "", None,
                    ((line, {str(k): v for k, v in row.items()}) for line, row in numbered()))
    return _import_source(source, ds, actor=actor, supersedes=superseded, progress=progress, started=started, started_at=started_at)


def import_arrow(table: pa.Table, dataset: str, *, source_name: str, actor, progress: bool = False, supersedes=None) -> ImportReport:
    """Import an Arrow table (columns named by contract name, zh label or alias). Typed columns and
    machine-formatted strings are validated vectorised; rows count from 1."""
    started, started_at = time.monotonic(), timezone.now()
    ds = _record_dataset(dataset)
    check_may_import(actor)
    superseded = _resolve_supersedes(ds, supersedes)
    return _import_table(table, ds, source_name=source_name, source_format="arrow", actor=actor, supersedes=superseded,
                         progress=progress, started=started, started_at=started_at)


def _import_table(table: pa.Table, ds: contract.Dataset, *, source_name, source_format, actor, supersedes, progress,
                  started, started_at) -> ImportReport:
    matched, ignored, derivation, raw = _match(ds, list(table.column_names), source_name)
    columns = {name: table.column(header) for name, header in matched.items()}
    problems: dict = {}
    if derivation is not None:
        _apply_derivation(derivation, raw, table.column(raw).to_pylist(), columns, matched, problems)
    return _import_columns(
        ds, columns=columns, n_rows=table.num_rows, lines=np.arange(1, table.num_rows + 1, dtype=np.int64),
        source_name=source_name, source_format=source_format, encoding="", matched=matched, ignored=ignored,
        actor=actor, started=started, started_at=started_at, row_problems=problems, supersedes=supersedes, progress=progress)


def _record_dataset(name: str) -> contract.Dataset:
    if name in contract.FILES:
        raise ImportError_(f"「{contract.FILES[name].zh}」({name}) 须以文件导入（import_file）")
    try:
        ds = contract.get(name)
    except KeyError as exc:
        raise ImportError_(exc.args[0]) from None
    if ds.kind != "record":
        raise ImportError_(f"「{ds.zh}」({ds.name}) 由系统登记表生成，不能导入")
    return ds
