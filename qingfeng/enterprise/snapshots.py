"""The enterprise registry snapshots: milestones (permits take their dates from the linked approval case),
enterprise requests (the ticket's number, so TKT rules and ENT rules name the same matter) and pairings."""

import pyarrow as pa
from django.db.models import Max
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import EnterpriseRequest, Milestone, Pairing


def milestones(span=None) -> pa.Table:
    today = timezone.localdate()
    rows = []
    qs = Milestone.objects.select_related("project", "department", "approval_case").order_by("pk")
    for m in qs.iterator(chunk_size=2000):
        started, reached = m.dates()
        rows.append({"milestone_key": m.key, "project_no": m.project.number, "stage": m.stage,
                     "department_code": m.department.code,
                     "approval_case_no": m.approval_case.number if m.approval_case_id else None,
                     "started_on": started, "reached_on": reached, "as_of": today})
    return pa.Table.from_pylist(rows, schema=arrow_schema("enterprise_milestones"))


def requests(span=None) -> pa.Table:
    qs = EnterpriseRequest.objects.select_related("ticket__department", "enterprise").order_by("pk")
    rows = [{"ticket_no": r.ticket.number, "credit_code": r.enterprise.credit_code, "category": r.category,
             "department_code": r.ticket.department.code if r.ticket.department_id else "",
             "received_at": timezone.localtime(r.ticket.received_at).replace(tzinfo=None)}
            for r in qs.iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("enterprise_requests"))


def pairings(span=None) -> pa.Table:
    today = timezone.localdate()
    qs = (Pairing.objects.filter(active=True).select_related("leader", "department", "enterprise")
          .annotate(last=Max("visits__visited_on")).order_by("pk"))
    rows = [{"pairing_id": p.pk, "leader_staff_no": p.leader.staff_no, "department_code": p.department.code,
             "credit_code": p.enterprise.credit_code, "since": p.since, "last_visit_on": p.last, "as_of": today}
            for p in qs.iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("enterprise_pairings"))
