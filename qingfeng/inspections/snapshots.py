"""Snapshot of inspection results for screening runs."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import Result


def _local(dt):
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def results(span=None) -> pa.Table:
    as_of = _local(timezone.now())
    rows = [{"result_key": f"{r.drawn.draw.number}|{r.drawn.target.key}", "draw_no": r.drawn.draw.number,
             "department_code": r.drawn.draw.department.code, "target_key": r.drawn.target.key,
             "checked_on": r.checked_on, "publish_due_at": _local(r.publish_due_at), "published_at": _local(r.published_at),
             "as_of": as_of}
            for r in Result.objects.select_related("drawn__draw__department", "drawn__target").order_by("pk")]
    return pa.Table.from_pylist(rows, schema=arrow_schema("inspection_results"))
