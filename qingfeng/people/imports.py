"""Importing people records that carry ID-card numbers (payroll, life-event notices).

The records importer stores what the contract declares, and the contract has no column for a raw ID
number: only ``id_hash`` and ``id_masked``. This step sits in front of it: it validates each number
(GB 11643), replaces it with the keyed hash and the mask, and then hands the table to
``qingfeng.records.imports.import_arrow`` (one atomic, idempotent batch, ledgered as usual). A number
that fails validation is not guessed at: the row keeps no hash, so for ``life_events`` (hash required) the
importer rejects it with its line, and for ``payroll`` it is matched by staff number; either way the
report lists it.
"""

import pyarrow as pa

from qingfeng.core.crypto import keyed_hash
from qingfeng.records.imports import ImportReport, import_arrow

from .identifiers import InvalidIdentifier, parse_id_number

ID_COLUMN = "id_number"
ID_HEADERS = (ID_COLUMN, "身份证号", "身份证号码", "公民身份号码")


def hash_id_column(table: pa.Table) -> tuple[pa.Table, list[tuple[int, str]]]:
    """Replace the raw ID column (any of ID_HEADERS) by id_hash and id_masked; returns the invalid rows
    as (line, reason), counting the header as line 1."""
    name = next((h for h in ID_HEADERS if h in table.column_names), None)
    if name is None:
        return table, []
    hashes, masks, invalid = [], [], []
    for i, value in enumerate(table.column(name).to_pylist()):
        if value in (None, ""):
            hashes.append(None)
            masks.append(None)
            continue
        try:
            parsed = parse_id_number(str(value))
        except InvalidIdentifier as exc:
            hashes.append(None)
            masks.append(None)
            invalid.append((i + 2, str(exc)))
            continue
        hashes.append(keyed_hash(parsed.value))
        masks.append(parsed.masked)
    table = table.drop_columns([name])
    for col in ("id_hash", "id_masked"):
        if col in table.column_names:
            table = table.drop_columns([col])
    table = table.append_column("id_hash", pa.array(hashes, pa.string())).append_column("id_masked", pa.array(masks, pa.string()))
    return table, invalid


def import_with_ids(table: pa.Table, dataset: str, *, source_name: str, actor, progress: bool = False) -> tuple[ImportReport, list]:
    hashed, invalid = hash_id_column(table)
    return import_arrow(hashed, dataset, source_name=source_name, actor=actor, progress=progress), invalid
