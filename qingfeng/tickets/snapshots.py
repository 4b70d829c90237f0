"""The ``tickets`` registry snapshot: one row per ticket (tip-offs never), local times without zone."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import Ticket


def _local(dt):
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def tickets(span=None) -> pa.Table:
    as_of = _local(timezone.now())
    rows = []
    qs = (Ticket.objects.select_related("department", "service", "repeat_of", "bad_rating")
          .order_by("pk"))
    for t in qs.iterator(chunk_size=2000):
        bad = getattr(t, "bad_rating", None)
        rows.append({
            "ticket_no": t.number, "department_code": t.department.code if t.department_id else None,
            "service_code": t.service.code, "tier": t.tier, "status": t.status,
            "received_at": _local(t.received_at), "dispatched_at": _local(t.dispatched_at),
            "sign_due_at": _local(t.sign_due_at), "signed_at": _local(t.signed_at), "due_at": _local(t.due_at),
            "replied_at": _local(t.replied_at), "closed_at": _local(t.closed_at), "bounce_count": t.bounce_count,
            "satisfaction": t.satisfaction, "exempt": int(t.exempt),
            "bad_follow_up_due_at": _local(bad.follow_up_due_at) if bad else None,
            "bad_followed_up_at": _local(bad.followed_up_at) if bad else None,
            "bad_rectify_due_at": _local(bad.rectify_due_at) if bad else None,
            "bad_rectified_at": _local(bad.rectified_at) if bad else None,
            "repeat_of_no": t.repeat_of.number if t.repeat_of_id else None,
            "as_of": as_of,
        })
    return pa.Table.from_pylist(rows, schema=arrow_schema("tickets"))
