"""Snapshots of the decision tables for screening runs."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import Decision, ExecutionLink, MajorMatterCatalogue


def catalogue(span=None) -> pa.Table:
    rows = [{"department_code": c.department.code, "threshold": c.threshold, "effective_from": c.effective_from}
            for c in MajorMatterCatalogue.objects.select_related("department").order_by("pk")]
    return pa.Table.from_pylist(rows, schema=arrow_schema("decision_catalogue"))


def decisions(span=None) -> pa.Table:
    rows = [{"decision_no": d.number, "department_code": d.department.code, "topic_no": d.topic.number,
             "meeting_no": d.item.meeting.number if d.item_id else None, "method": d.method, "outcome": d.outcome,
             "amount": d.topic.amount, "decided_at": timezone.localtime(d.decided_at).replace(tzinfo=None)}
            for d in Decision.objects.select_related("department", "topic", "item__meeting").order_by("pk")]
    return pa.Table.from_pylist(rows, schema=arrow_schema("decisions"))


def links(span=None) -> pa.Table:
    rows = [{"kind": x.kind, "reference": x.reference, "decision_no": x.decision.number,
             "department_code": x.decision.department.code}
            for x in ExecutionLink.objects.select_related("decision__department").order_by("pk")]
    return pa.Table.from_pylist(rows, schema=arrow_schema("decision_links"))
