"""The oversight registry snapshots: assignments (with the snapshot time) and their reports."""

import pyarrow as pa
from django.db.models import Count
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import Assignment, Report


def _local(dt):
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def assignments(span=None) -> pa.Table:
    as_of = _local(timezone.now())
    rows = []
    for a in Assignment.objects.select_related("task__home", "department").order_by("pk").iterator(chunk_size=2000):
        rows.append({
            "assignment_key": f"{a.task.number}|{a.department.code}", "task_no": a.task.number,
            "department_code": a.department.code, "home_code": a.task.home.code, "status": a.status,
            "assigned_at": _local(a.assigned_at), "sign_due_at": _local(a.sign_due_at), "signed_at": _local(a.signed_at),
            "first_opened_at": _local(a.first_opened_at), "due_at": _local(a.due_at), "done_at": _local(a.done_at),
            "last_update_at": _local(a.last_update_at), "step_since": _local(a.step_since),
            "step_holder": a.step_holder or None, "as_of": as_of,
        })
    return pa.Table.from_pylist(rows, schema=arrow_schema("oversight_assignments"))


def reports(span=None) -> pa.Table:
    qs = (Report.objects.select_related("assignment__task", "assignment__department").annotate(n=Count("evidence"))
          .order_by("pk"))
    rows = [{
        "report_id": r.pk, "assignment_key": f"{r.assignment.task.number}|{r.assignment.department.code}",
        "department_code": r.assignment.department.code, "reported_at": _local(r.at), "final": int(r.final or r.milestone_id is not None),
        "evidence_count": r.n, "text_hash": r.text_hash,
    } for r in qs.iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("oversight_reports"))
