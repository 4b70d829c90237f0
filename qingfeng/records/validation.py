"""Turning raw columns into the contract's typed columns, and saying exactly why a value was refused.

Each column goes through a vectorised fast path (pyarrow.compute) for the spellings a machine export
uses (1234.50, 2026-03-05 14:30:00, 转账), and every other value through the parsers of
``qingfeng.core.formats`` one by one. The fast path only takes values the parsers would read the same
way, so the result never depends on which path a value took (tests/records/test_validation.py checks).
"""

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from qingfeng.core import formats

from . import contract
from .errors import HeaderError
from .warehouse import ARROW_TYPES

EMPTY_REQUIRED = "必填字段为空"


@dataclass(frozen=True)
class Rejection:
    line: int
    field: str  # contract column name; "" when the whole row is at fault
    value: str
    reason: str


# ------------------------------------------------------------------------------------------- headers


def header_spellings(column: contract.Column) -> list[tuple[str, int]]:
    """(spelling, priority): the name and labels first, then the aliases."""
    return [(s, 0) for s in (column.name, column.zh, column.en)] + [(a, 1) for a in column.aliases]


def match_headers(dataset: contract.Dataset, headers: list[str], source_name: str) -> tuple[dict[str, str], list[str]]:
    """Map contract columns to the file's headers: ({column name: header}, [ignored headers]).

    Raises ``HeaderError`` naming the file and every missing required column."""
    spellings: dict[str, tuple[str, int]] = {}
    for column in dataset.columns:
        for spelling, priority in header_spellings(column):
            key = formats.header_key(spelling)
            if key not in spellings or spellings[key][1] > priority:
                spellings[key] = (column.name, priority)
    chosen: dict[str, tuple[str, int]] = {}
    ignored: list[str] = []
    for header in headers:
        if header is None or not str(header).strip():
            continue
        hit = spellings.get(formats.header_key(header))
        if hit is None:
            ignored.append(str(header))
            continue
        name, priority = hit
        if name in chosen:
            other, other_priority = chosen[name]
            if other_priority == priority:
                raise HeaderError(f"{source_name}：列「{other}」和「{header}」都对应字段「{dataset.column(name).zh}」，请删去其一")
            if priority > other_priority:
                ignored.append(str(header))
                continue
            ignored.append(other)
        chosen[name] = (str(header), priority)
    missing = [c for c in dataset.columns if c.required and c.name not in chosen]
    if missing:
        names = "、".join(f"「{c.zh}」({c.name})" for c in missing)
        raise HeaderError(f"{source_name} 缺少必填列：{names}。请使用 {dataset.name}.xlsx 导入模板的表头")
    return {name: header for name, (header, _p) in chosen.items()}, ignored


# ------------------------------------------------------------------------------------ raw → typed


def display_text(value) -> str:
    """How a raw value is shown back in a rejection message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _as_text(value):
    """A raw cell as text for a string column: Excel's 7.0 is "7", a date is 2026-03-05."""
    if value is None:
        return None
    if isinstance(value, float):
        return display_text(value) if math.isfinite(value) else None
    if isinstance(value, dt.datetime | dt.date):
        return display_text(value)
    return str(value)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _null_mask(n: int) -> pa.Array:
    return pa.array(np.zeros(n, dtype=bool))


@dataclass
class ColumnResult:
    values: pa.Array  # typed, null where empty or refused
    errors: dict[int, tuple[str, str]]  # row index → (raw value shown, reason)


def _parser(column: contract.Column):
    if column.type == "decimal":
        return formats.parse_amount
    if column.type == "date":
        return formats.parse_date
    if column.type == "timestamp":
        return formats.parse_datetime
    if column.type == "integer":
        return formats.parse_integer
    if column.type == "enum":
        shown = "、".join(f"{label}" for label, stored in column.labels.items() if label != stored) or "、".join(column.values)
        return lambda v: formats.parse_enum(v, column.labels, shown)
    raise ValueError(column.type)


def _slow(column: contract.Column, raw: list, indices) -> tuple[list, dict[int, tuple[str, str]]]:
    """Parse ``raw[i]`` for each i in ``indices`` one by one; returns (values in order, errors)."""
    parse = _parser(column)
    values, errors = [], {}
    for i in indices:
        value = raw[i]
        if isinstance(value, str):
            value = value.strip()
        try:
            values.append(parse(value))
        except ValueError as exc:
            values.append(None)
            errors[int(i)] = (display_text(raw[i]), str(exc))
    return values, errors


def _merge(fast: pa.Array, indices: np.ndarray, values: list, typ: pa.DataType) -> pa.Array:
    if len(indices) == 0:
        return fast
    mask = np.zeros(len(fast), dtype=bool)
    mask[indices] = True
    return pc.replace_with_mask(fast, pa.array(mask), pa.array(values, type=typ))


def _trimmed_strings(arr: pa.Array) -> pa.Array:
    """Trimmed text with empty strings as null."""
    t = pc.utf8_trim_whitespace(arr.cast(pa.string()))
    return pc.if_else(pc.equal(t, ""), pa.scalar(None, pa.string()), t)


def _fast_from_strings(column: contract.Column, t: pa.Array) -> tuple[pa.Array, pa.Array]:
    """(typed values, mask of values taken) for the machine spellings of a trimmed string column."""
    typ = ARROW_TYPES[column.type]
    null = pa.scalar(None, pa.string())
    if column.type == "decimal":
        ok = pc.fill_null(pc.match_substring_regex(t, r"^-?\d{1,16}(\.\d{1,2})?$"), False)
        return pc.cast(pc.if_else(ok, t, null), typ), ok
    if column.type == "integer":
        ok = pc.fill_null(pc.match_substring_regex(t, r"^-?\d{1,18}$"), False)
        return pc.cast(pc.if_else(ok, t, null), typ), ok
    if column.type in ("date", "timestamp"):
        formats_ = [("%Y-%m-%d", r"^\d{4}-\d{2}-\d{2}$")]
        if column.type == "timestamp":
            formats_ += [("%Y-%m-%d %H:%M:%S", r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"),
                         ("%Y-%m-%d %H:%M", r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")]
        out = pa.nulls(len(t), pa.timestamp("us"))
        taken = _null_mask(len(t))
        for fmt, pattern in formats_:
            shaped = pc.fill_null(pc.match_substring_regex(t, pattern), False)
            parsed = pc.strptime(pc.if_else(shaped, t, null), format=fmt, unit="us", error_is_null=True)
            # strptime rolls 2026-02-30 over to March; a value counts only if it formats back unchanged.
            ok = pc.fill_null(pc.equal(pc.strftime(parsed, format=fmt), t), False)
            out = pc.if_else(ok, parsed, out)
            taken = pc.or_(taken, ok)
        return (pc.cast(out, typ) if column.type == "date" else out), taken
    raise ValueError(column.type)


def _fast_typed(column: contract.Column, arr: pa.Array) -> tuple[pa.Array, pa.Array] | None:
    """Vectorised conversion of an already typed (non-string) column, or None when there is none."""
    typ = ARROW_TYPES[column.type]
    at = arr.type
    if column.type == "decimal":
        if pa.types.is_integer(at):
            ok = pc.fill_null(pc.less(pc.abs(arr), 10**16), False)
            return pc.cast(pc.if_else(ok, arr, pa.scalar(None, at)), typ), ok
        if pa.types.is_floating(at):
            cents = pc.multiply(arr.cast(pa.float64()), 100.0)
            near = pc.less_equal(pc.abs(pc.subtract(cents, pc.round(cents))), formats.FLOAT_CENT_TOLERANCE * 100)
            ok = pc.fill_null(pc.and_(near, pc.less(pc.abs(arr), 1e13)), False)
            vals = pc.cast(pc.divide(pc.round(pc.if_else(ok, cents, pa.scalar(None, pa.float64()))), 100.0), typ, safe=False)
            return vals, ok
        if pa.types.is_decimal(at) and at.scale <= 2:
            ok = pc.fill_null(pc.less(pc.abs(arr.cast(pa.float64())), 9.9e15), False)
            return pc.cast(pc.if_else(ok, arr, pa.scalar(None, at)), typ), ok
        return None
    if column.type == "integer" and pa.types.is_integer(at):
        return arr.cast(typ), pc.is_valid(arr)
    if column.type == "date":
        if pa.types.is_date(at):
            return arr.cast(typ), pc.is_valid(arr)
        if pa.types.is_timestamp(at) and at.tz is None:
            return pc.cast(pc.floor_temporal(arr, unit="day"), pa.timestamp("us")).cast(typ), pc.is_valid(arr)
        return None
    if column.type == "timestamp":
        if pa.types.is_date(at):
            return arr.cast(pa.timestamp("us")), pc.is_valid(arr)
        if pa.types.is_timestamp(at):
            if at.tz is not None:
                arr = pc.local_timestamp(arr.cast(pa.timestamp(at.unit, tz=str(formats.LOCAL_TZ))))
            return arr.cast(typ, safe=False), pc.is_valid(arr)
        return None
    return None


def _enum_column(column: contract.Column, t: pa.Array) -> ColumnResult:
    """Enums have few distinct spellings: parse each distinct one once."""
    encoded = pc.dictionary_encode(t).combine_chunks() if isinstance(t, pa.ChunkedArray) else pc.dictionary_encode(t)
    spellings = encoded.dictionary.to_pylist()
    parse = _parser(column)
    stored, reason = [], {}
    for i, s in enumerate(spellings):
        try:
            stored.append(parse(s))
        except ValueError as exc:
            stored.append(None)
            reason[i] = str(exc)
    values = pc.take(pa.array(stored, pa.string()), encoded.indices)
    errors = {}
    if reason:
        idx = encoded.indices.to_numpy(zero_copy_only=False)
        valid = pc.is_valid(encoded.indices).to_numpy(zero_copy_only=False)
        for k in reason:
            for row in np.flatnonzero(valid & (idx == k)):
                errors[int(row)] = (spellings[k], reason[k])
    return ColumnResult(values, errors)


def _homogeneous_array(raw: list) -> pa.Array | None:
    """An Arrow array of ``raw`` when its non-blank values share one Python type, else None."""
    kinds = {type(v) for v in raw if not _is_blank(v)}
    if len(kinds) > 1 and kinds <= {int, float}:
        kinds = {float}
    if len(kinds) > 1 or kinds & {bool, dt.time, dt.timedelta}:
        return None
    cleaned = [None if _is_blank(v) else v for v in raw]
    try:
        return pa.array(cleaned, type=pa.float64() if kinds == {float} else None)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        return None


def convert_column(column: contract.Column, raw: pa.Array | list) -> ColumnResult:
    """Typed values of one contract column from raw values (an Arrow array or a list of Python values)."""
    typ = ARROW_TYPES[column.type]
    if isinstance(raw, pa.ChunkedArray):
        raw = raw.combine_chunks()
    if isinstance(raw, list):
        arr = _homogeneous_array(raw) if column.type != "string" else pa.array([_as_text(v) for v in raw], pa.string())
    else:
        arr = raw
    if column.type == "string":
        if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            arr = pa.array([_as_text(v) for v in arr.to_pylist()], pa.string())
        return ColumnResult(_trimmed_strings(arr), {})
    if arr is not None and (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        t = _trimmed_strings(arr)
        if column.type == "enum":
            return _enum_column(column, t)
        fast, taken = _fast_from_strings(column, t)
        rest = np.flatnonzero(pc.and_(pc.invert(taken), pc.is_valid(t)).to_numpy(zero_copy_only=False))
        values, errors = _slow(column, t.to_pylist() if len(rest) else [], rest)
        return ColumnResult(_merge(fast, rest, values, typ), errors)
    if column.type == "enum":
        return _enum_column(column, _trimmed_strings(pa.array([_as_text(v) for v in (raw if isinstance(raw, list) else raw.to_pylist())], pa.string())))
    fast = _fast_typed(column, arr) if arr is not None else None
    if fast is not None:
        values, taken = fast
        pending = pc.and_(pc.invert(taken), pc.is_valid(arr))
    else:
        values = pa.nulls(len(raw), typ)
        source = raw if isinstance(raw, list) else raw.to_pylist()
        pending = pa.array([not _is_blank(v) for v in source], pa.bool_())
    rest = np.flatnonzero(pending.to_numpy(zero_copy_only=False))
    if not len(rest):
        return ColumnResult(values, {})
    source = raw if isinstance(raw, list) else raw.to_pylist()
    slow_values, errors = _slow(column, source, rest)
    return ColumnResult(_merge(values, rest, slow_values, typ), errors)


# ----------------------------------------------------------------------------------------- the table


@dataclass
class Converted:
    table: pa.Table  # every input row, typed; rows in ``bad`` hold nulls where refused
    bad: np.ndarray  # bool per row: refused
    rejections: list[Rejection]


def convert_table(dataset: contract.Dataset, columns: dict[str, pa.Array | list], n_rows: int, lines: np.ndarray,
                  row_problems: dict[int, str | list[tuple[str, str, str]]] | None = None) -> Converted:
    """Convert raw columns (by contract column name) to a typed table and find every refused row:
    unparseable values, empty required fields, duplicate keys within the batch (the later row).
    ``row_problems``: rows refused before conversion, with a reason or a list of (field, value, reason)."""
    arrays, rejections = [], []
    bad = np.zeros(n_rows, dtype=bool)
    flagged: dict[str, list[int]] = {}  # field → rows already refused for it (no second "empty" reason)
    for i, problems in (row_problems or {}).items():
        bad[i] = True
        for field_, value, reason in ([("", "", problems)] if isinstance(problems, str) else problems):
            rejections.append(Rejection(int(lines[i]), field_, value, reason))
            flagged.setdefault(field_, []).append(i)
    for column in dataset.columns:
        raw = columns.get(column.name)
        if raw is None:
            arrays.append(pa.nulls(n_rows, ARROW_TYPES[column.type]))
            continue
        result = convert_column(column, raw)
        for i, (shown, reason) in result.errors.items():
            bad[i] = True
            rejections.append(Rejection(int(lines[i]), column.name, shown, reason))
        if column.required:
            empty = pc.is_null(result.values).to_numpy(zero_copy_only=False)
            if result.errors:
                empty[list(result.errors)] = False
            if column.name in flagged:
                empty[flagged[column.name]] = False
            for i in np.flatnonzero(empty):
                bad[i] = True
                rejections.append(Rejection(int(lines[i]), column.name, "", EMPTY_REQUIRED))
        arrays.append(result.values)
    table = pa.Table.from_arrays(arrays, schema=_loose_schema(dataset))
    _reject_duplicate_keys(dataset, table, bad, lines, rejections)
    rejections.sort(key=lambda r: (r.line, dataset.column_names.index(r.field) if r.field else -1))
    return Converted(table, bad, rejections)


def _loose_schema(dataset: contract.Dataset) -> pa.Schema:
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in dataset.columns])


def key_strings(dataset: contract.Dataset, table: pa.Table) -> pa.Array:
    """One text per row identifying it by the dataset's key (for duplicate detection)."""
    parts = [pc.cast(table.column(k), pa.string()).combine_chunks() for k in dataset.key]
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, "\x1f")


def describe_key(dataset: contract.Dataset, table: pa.Table, i: int) -> str:
    return "，".join(f"{dataset.column(k).zh}「{table.column(k)[i].as_py()}」" for k in dataset.key)


def _reject_duplicate_keys(dataset, table, bad, lines, rejections) -> None:
    keys = key_strings(dataset, table).to_pylist()
    first: dict[str, int] = {}
    for i in np.flatnonzero(~bad):
        k = keys[i]
        if k is None:
            continue
        if k in first:
            bad[i] = True
            rejections.append(Rejection(int(lines[i]), dataset.key[0], describe_key(dataset, table, i),
                                        f"与第{lines[first[k]]}行重复（{describe_key(dataset, table, i)}），保留前一行"))
        else:
            first[k] = i
