"""The one-row clock land rules compare open deadlines with (a rule may not read the current date)."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema


def clock(span=None) -> pa.Table:
    return pa.Table.from_pylist([{"as_of": timezone.localdate()}], schema=arrow_schema("land_clock"))
