"""Comparing findings across engines: the same subjects with the same evidence, once the differences that
do not change a finding's meaning are normalised.

Normalised: numbers (DECIMAL, DOUBLE, numeric text) compared rounded to six decimal places; a DATE and a
TIMESTAMP at midnight are the same day; list values are unordered. Everything else must be equal.
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
PLACES = Decimal("0.000001")


def _number(value) -> str:
    try:
        d = Decimal(str(value)).quantize(PLACES, rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        return str(value)
    return format(d.normalize(), "f") if d else "0"


def _moment(value: datetime) -> str:
    return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")


def canonical(value):
    """One value, engine differences that keep its meaning removed."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return _number(value)
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        if NUMBER.match(text):
            return _number(text)
        if DAY.match(text):
            return text
        if MOMENT.match(text):
            return _moment(datetime.fromisoformat(text.replace("T", " ")))
        return value
    if isinstance(value, (list, tuple)):
        return tuple(sorted((canonical(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple(sorted((str(k), canonical(v)) for k, v in value.items()))
    return str(value)


def canonical_rows(columns: list[str], rows: list[tuple]) -> list[tuple]:
    """A query's result as a sorted list of canonical rows (column order and row order do not matter)."""
    return sorted((canonical(dict(zip(columns, row, strict=True))) for row in rows), key=repr)


def canonical_findings(findings) -> dict[tuple[str, str], tuple]:
    """{(rule, subject): canonical evidence} from Finding rows or dicts with rule_id, subject_key, evidence
    (and evidence_rows)."""
    out = {}
    for f in findings:
        get = f.get if isinstance(f, dict) else (lambda name, f=f: getattr(f, name))
        evidence = canonical(get("evidence") or {})
        rows = tuple(canonical(r) for r in (get("evidence_rows") or []))
        out[(get("rule_id"), get("subject_key"))] = (evidence, rows)
    return out


def differences(left: dict, right: dict, limit: int = 20) -> list[str]:
    """Human-readable differences between two canonical finding maps (the first ``limit``)."""
    out = []
    for key in sorted(set(left) | set(right)):
        if key not in right:
            out.append(f"{key}: only on the left")
        elif key not in left:
            out.append(f"{key}: only on the right")
        elif left[key] != right[key]:
            a, b = dict(left[key][0]), dict(right[key][0])
            fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            detail = ", ".join(f"{k}: {a.get(k)!r} ≠ {b.get(k)!r}" for k in fields) or "evidence rows differ"
            out.append(f"{key}: {detail}")
        if len(out) >= limit:
            break
    return out
