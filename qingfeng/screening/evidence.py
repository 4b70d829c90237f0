"""A finding's evidence as JSON-safe values, and the hash that says whether it changed between runs."""

import hashlib
import json
import math
from datetime import date, datetime, time
from decimal import Decimal


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


def evidence_hash(evidence: dict, evidence_rows: list[dict]) -> str:
    """sha256 of the canonical JSON of the result row and the record rows (key order does not matter)."""
    canonical = json.dumps({"evidence": evidence, "evidence_rows": evidence_rows}, ensure_ascii=False,
                           sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
