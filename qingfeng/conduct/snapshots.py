"""The conduct registry snapshots: findings (local times without zone) and spot checks."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import Finding, SpotCheck


def _local(dt):
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def findings(span=None) -> pa.Table:
    as_of = _local(timezone.now())
    rows = [{"finding_no": f.number, "department_code": f.department.code, "category": f.category, "status": f.status,
             "found_at": _local(f.found_at), "rectify_due_at": _local(f.rectify_due_at),
             "rectified_at": _local(f.rectified_at), "rechecked_at": _local(f.rechecked_at), "as_of": as_of}
            for f in Finding.objects.select_related("department").order_by("pk").iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("conduct_findings"))


def spot_checks(span=None) -> pa.Table:
    rows = [{"check_id": s.pk, "case_no": s.case.number, "department_code": s.department.code,
             "recorded_received_on": s.recorded_received_on, "actual_received_on": s.actual_received_on,
             "recorded_decided_on": s.recorded_decided_on, "actual_decided_on": s.actual_decided_on}
            for s in SpotCheck.objects.select_related("case", "department").order_by("pk").iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("conduct_spot_checks"))
