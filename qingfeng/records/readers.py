"""Readers for CSV, Excel and Parquet files. Each gives the header row and yields
``(line_no, {header: raw value})`` where ``line_no`` is the line (CSV) or row (Excel) a person sees when
opening the file; Parquet has no lines, so its rows count from 1.

CSV encodings are tried strictly in the order government systems produce them — UTF-8 (with or without
BOM), then GB18030 (a superset of GBK and GB2312) — and only then guessed with charset-normalizer.
"""

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ImportError_

# Key under which a row carries values found right of the last header (they have no column to go to).
EXTRA_CELLS = "\x00extra"
STRICT_ENCODINGS = ("utf-8-sig", "gb18030")
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GB18030", "utf-16": "UTF-16"}
_CHUNK = 1 << 20


@dataclass
class Source:
    """An opened file: its header row and a way to walk its rows once."""

    name: str
    format: str  # csv | xlsx | parquet
    headers: list[str]
    encoding: str = ""
    total_rows: int | None = None  # when known in advance (progress bars)
    _rows: Iterator = field(default=iter(()), repr=False)
    table: object = None  # the pyarrow.Table of a Parquet file

    def rows(self) -> Iterator[tuple[int, dict]]:
        return self._rows


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """The text encoding of a CSV file, as a Python codec name."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in STRICT_ENCODINGS:
        if _decodes(path, encoding):
            return encoding
    from charset_normalizer import from_path

    best = from_path(path).best()
    if best is None:
        raise ImportError_(f"{path.name}：无法识别文件编码（支持 UTF-8、GB18030/GBK），请另存为 UTF-8 CSV 后重试")
    return best.encoding


def _clean_header(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row_dicts(headers: list[str], numbered_rows) -> Iterator[tuple[int, dict]]:
    """Turn (line, cells) into (line, {header: value}); blank rows are skipped, stray cells kept aside."""
    width = len(headers)
    for line, cells in numbered_rows:
        if all(_blank(c) for c in cells):
            continue
        row = {}
        for header, value in zip(headers, cells, strict=False):
            if header and header not in row:
                row[header] = None if _blank(value) else value
        extra = [c for c in cells[width:] if not _blank(c)]
        extra += [c for h, c in zip(headers, cells, strict=False) if not h and not _blank(c)]
        if extra:
            row[EXTRA_CELLS] = extra
        yield line, row


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(path, name: str | None = None) -> Source:
    path = Path(path)
    name = name or path.name
    encoding = detect_encoding(path)
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the row generator
    first = ""
    for candidate in handle:
        if candidate.strip():
            first = candidate
            break
    handle.seek(0)
    reader = csv.reader(handle, delimiter=_sniff_delimiter(first))

    def numbered():
        previous_end = 0
        try:
            for cells in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                yield start, cells
        except csv.Error as exc:
            raise ImportError_(f"{name} 第{previous_end + 1}行：CSV 格式错误（{exc}）") from None
        finally:
            handle.close()

    rows = numbered()
    headers: list[str] = []
    for _line, cells in rows:
        if any(not _blank(c) for c in cells):
            headers = [_clean_header(c) for c in cells]
            break
    if not headers:
        handle.close()
        raise ImportError_(f"{name}：文件为空，没有表头行")
    return Source(name, "csv", headers, ENCODING_NAMES.get(encoding, encoding), None, _row_dicts(headers, rows))


def read_xlsx(path, name: str | None = None) -> Source:
    """The first sheet of an Excel workbook (xlsx, xlsm, xls, ods); the header is its first non-empty row."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    name = name or path.name
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        # Not skipping the empty area keeps index + 1 equal to the row number Excel shows.
        grid = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for damaged or encrypted workbooks
        raise ImportError_(f"{name}：无法读取 Excel 文件（{exc}）") from None
    header_index = next((i for i, cells in enumerate(grid) if any(not _blank(c) for c in cells)), None)
    if header_index is None:
        raise ImportError_(f"{name}：第一个工作表为空，没有表头行")
    headers = [_clean_header(c) for c in grid[header_index]]
    numbered = ((i + 1, cells) for i, cells in enumerate(grid) if i > header_index)
    return Source(name, "xlsx", headers, "", len(grid) - header_index - 1, _row_dicts(headers, numbered))


def read_parquet(path, name: str | None = None) -> Source:
    import pyarrow.parquet as pq

    path = Path(path)
    name = name or path.name
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError… for a damaged file
        raise ImportError_(f"{name}：无法读取 Parquet 文件（{exc}）") from None

    def numbered():
        line = 0
        for batch in table.to_batches(max_chunksize=10_000):
            for record in batch.to_pylist():
                line += 1
                yield line, record

    return Source(name, "parquet", list(table.column_names), "", table.num_rows, numbered(), table)


def sniff_format(path: Path) -> str:
    """csv, xlsx or parquet, from the file's first bytes (an upload's name may be anything)."""
    with open(path, "rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"PAR1"):
        return "parquet"
    if magic.startswith(b"PK\x03\x04") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        return "xlsx"
    return "csv"


def open_source(path, name: str | None = None) -> Source:
    path = Path(path)
    if not path.is_file():
        raise ImportError_(f"找不到文件 {path}")
    reader = {"csv": read_csv, "xlsx": read_xlsx, "parquet": read_parquet}[sniff_format(path)]
    return reader(path, name)

