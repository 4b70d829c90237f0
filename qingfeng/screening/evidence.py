"""A finding's evidence as JSON-safe values, and the hash that says whether it changed between runs."""

import hashlib
import json
import math
from datetime import date, datetime, time
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder


def json_safe(value):
    """Exact and readable: decimals as strings ("50000.00"), dates and times in ISO form."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return str(value)


def row(values: dict) -> dict:
    return {str(k): json_safe(v) for k, v in values.items()}


def canonical_json(value) -> str:
    """Sorted keys, no spaces, UTF-8 text as is: the same value always gives the same text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class EncodedRows(list):
    """Record rows that carry their canonical JSON, so a run encodes a finding's rows once, for its hash and
    for storage (``EvidenceEncoder`` writes the text as it is)."""

    __slots__ = ("text",)


def encode_rows(rows: list[dict]) -> EncodedRows:
    """``rows`` with their canonical JSON (one encoding per finding: rows are seldom shared between findings,
    so encoding them one by one to share the work costs more than it saves)."""
    out = EncodedRows(rows)
    out.text = canonical_json(rows)
    return out


class EvidenceEncoder(DjangoJSONEncoder):
    """Finding.evidence_rows' encoder: rows already encoded are written as their canonical text."""

    def encode(self, o):
        if isinstance(o, EncodedRows):
            return o.text
        return super().encode(o)


def evidence_hash(evidence: dict, evidence_rows: list[dict]) -> str:
    """sha256 of the canonical JSON of the result row and the record rows (key order does not matter):
    the text of ``canonical_json({"evidence": …, "evidence_rows": …})``, put together from its parts."""
    rows = evidence_rows.text if isinstance(evidence_rows, EncodedRows) else canonical_json(evidence_rows)
    canonical = '{"evidence":' + canonical_json(evidence) + ',"evidence_rows":' + rows + "}"
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
