"""The disclosure registry snapshots (taken from the database at each screening run)."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import BudgetDisclosure, DisclosureRequest


def _local(dt):
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def requests(span=None) -> pa.Table:
    as_of = _local(timezone.now())
    rows = [{
        "request_no": r.number, "department_code": r.department.code, "status": r.status,
        "received_at": _local(r.received_at), "correction_due_at": _local(r.correction_due_at),
        "correction_asked_at": _local(r.correction_asked_at), "third_party_due_at": _local(r.third_party_due_at),
        "due_at": _local(r.due_at), "answered_at": _local(r.answered_at), "decision": r.decision or None, "as_of": as_of,
    } for r in DisclosureRequest.objects.select_related("department").order_by("pk").iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("disclosure_requests"))


def budget_disclosures(span=None) -> pa.Table:
    as_of = _local(timezone.now())
    rows = [{
        "disclosure_key": b.key, "department_code": b.department.code, "year": b.year, "kind": b.kind,
        "approved_on": b.approved_on, "publish_due_at": _local(b.publish_due_at), "published_at": _local(b.published_at),
        "as_of": as_of,
    } for b in BudgetDisclosure.objects.select_related("department").order_by("pk").iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("budget_disclosures"))
