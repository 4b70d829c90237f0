"""ID-card numbers in people files: validated, keyed-hashed and masked before anything is stored.

The contract has no column for a raw ID number, only ``id_hash`` and ``id_masked``. For the record
datasets that carry one (payroll, life-event notices) this module registers a derivation with the records
importer (``records.imports.register_derivation``), so every import of them — the import page, ``qingfeng
import``, the API, Arrow tables — turns the ``身份证号`` column (or ``id_number``, ``身份证号码``,
``公民身份号码``) into the keyed hash and the mask, and refuses a number that fails GB 11643 with its line:
a wrong number is not guessed at, not dropped, and never stored (the rejection shows it masked).

The registries loaded from files (roster, declarations, business registry, ``registry_files.py``) hash
their ID columns in the people actions, with the same validation.
"""

import pyarrow as pa

from qingfeng.core.crypto import keyed_hash
from qingfeng.records.imports import Derivation, ImportReport, import_arrow, register_derivation

from .contract import LIFE_EVENTS, PAYROLL
from .identifiers import InvalidIdentifier, parse_id_number

ID_COLUMN = "id_number"
ID_HEADERS = (ID_COLUMN, "身份证号", "身份证号码", "公民身份号码")


def masked_text(value) -> str:
    """A refused value as a rejection may show it: never more of a number than its mask would."""
    text = "".join(str(value).split())
    return text[:6] + "*" * 8 + text[-4:] if len(text) >= 12 else "*" * len(text)


def derive_ids(values: list) -> tuple[dict[str, list], dict[int, list[tuple[str, str, str]]]]:
    """Raw ID numbers → id_hash and id_masked columns, and the rows whose number is invalid."""
    hashes, masks, refused = [], [], {}
    for i, value in enumerate(values):
        if value is None or not str(value).strip():
            hashes.append(None)
            masks.append(None)
            continue
        try:
            if isinstance(value, int | float):  # Excel keeps 15 significant digits of a number: the rest is lost
                raise InvalidIdentifier("身份证号是数字格式（Excel 只保留 15 位有效数字，末几位已丢失），请把该列设为文本后重新填写")
            parsed = parse_id_number(str(value))
        except InvalidIdentifier as exc:
            hashes.append(None)
            masks.append(None)
            refused[i] = [("id_hash", masked_text(value), str(exc))]
            continue
        hashes.append(keyed_hash(parsed.value))
        masks.append(parsed.masked)
    return {"id_hash": hashes, "id_masked": masks}, refused


for _dataset in (PAYROLL, LIFE_EVENTS):
    register_derivation(_dataset.name, Derivation(ID_HEADERS, ("id_hash", "id_masked"), derive_ids))


def import_with_ids(table: pa.Table, dataset: str, *, source_name: str, actor, progress: bool = False) -> tuple[ImportReport, list]:
    """Import an Arrow table of a people dataset; returns the report and the rows refused for their ID
    number as (line, reason). The derivation runs inside the importer, so this is ``import_arrow``."""
    report = import_arrow(table, dataset, source_name=source_name, actor=actor, progress=progress)
    return report, [(r.line, r.reason) for r in report.rejections if r.field == "id_hash"]
