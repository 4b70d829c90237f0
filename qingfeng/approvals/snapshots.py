"""Builders of the approval registry snapshots a screening run reads (see contract.py).

``build(as_of)`` takes one consistent picture: the events of cases handled here (database) and the events
imported from other systems (warehouse) become one ``approval_events`` table; every case's clock is rebuilt
from those events by the deadline service as of ``as_of``; the published power list is laid out with its
validity dates. The per-dataset functions the contract names (``events``, ``clocks`` …) are what a plain
``qingfeng screen`` run calls; they share one build per state of the ledger, so a run builds it once.
"""

import threading
import time
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
from django.utils import timezone

from qingfeng.records import warehouse
from qingfeng.records.warehouse import arrow_schema

from . import contract
from .clocks import CaseClock, ClockMaker, LimitsIndex, aware
from .events import event_row, naive_local  # noqa: F401  (here_events)
from .models import CaseEvent, EventType, PowerItemVersion, VersionStatus
from .powerlist import flag_labels

CLOCK_EVENT_TYPES = [t for t in EventType.values if t not in (EventType.FEE, EventType.INTERMEDIARY)]
_CLOCK_FIELDS = ("event_id", "source", "case_id", "item_code", "department_code", "event_type", "step", "occurred_at",
                 "staff_no", "decision", "reason", "reason_code", "days")
CLOCK_COLUMNS = [c.name for c in contract.CLOCKS.columns]
STEP_COLUMNS = [c.name for c in contract.STEPS.columns]
MEMO_SECONDS = 60  # a plain run calls the builders one after another: one build serves them all
_memo: dict = {}
_lock = threading.Lock()


# ------------------------------------------------------------------------------------------ events


def here_events() -> pa.Table:
    rows = []
    qs = CaseEvent.objects.select_related("case__item", "case__department").order_by("pk")
    for event in qs.iterator(chunk_size=5000):
        row = event_row(event)
        row["occurred_at"], row["recorded_at"] = naive_local(row["occurred_at"]), naive_local(row["recorded_at"])
        if row["amount"] is not None:
            row["amount"] = Decimal(str(row["amount"])).quantize(Decimal("0.01"))
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=arrow_schema("approval_events"))


def external_events() -> pa.Table:
    return warehouse.read("approval_events_external").cast(arrow_schema("approval_events"))


def all_events() -> pa.Table:
    """The one view of case events: handled here, and imported from other systems."""
    return pa.concat_tables([here_events(), external_events()])


def explode_materials(events: pa.Table) -> pa.Table:
    """One row per (event, material code) named in an event's comma-separated ``materials``."""
    named = events.filter(pc.is_valid(events.column("materials")))
    lists = pc.split_pattern(named.column("materials"), ",")
    parents = pc.list_parent_indices(lists)
    codes = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    taken = named.take(parents)
    table = pa.table({
        "event_id": taken.column("event_id"), "case_id": taken.column("case_id"), "item_code": taken.column("item_code"),
        "department_code": taken.column("department_code"), "event_type": taken.column("event_type"),
        "occurred_at": taken.column("occurred_at"), "code": codes,
    })
    table = table.filter(pc.not_equal(table.column("code"), ""))
    return table.cast(arrow_schema("approval_event_materials"))


# ------------------------------------------------------------------------------------------ clocks


def _grouped(events: pa.Table):
    """(case_id, [event dicts]) per case, for the event types that move a clock."""
    table = events.filter(pc.is_in(events.column("event_type"), value_set=pa.array(CLOCK_EVENT_TYPES)))
    table = table.select(list(_CLOCK_FIELDS))
    if table.num_rows == 0:
        return
    table = table.take(pc.sort_indices(table, sort_keys=[("case_id", "ascending"), ("occurred_at", "ascending")]))
    columns = {name: table.column(name).to_pylist() for name in _CLOCK_FIELDS}
    case_ids = columns["case_id"]
    start = 0
    for i in range(1, len(case_ids) + 1):
        if i == len(case_ids) or case_ids[i] != case_ids[start]:
            yield case_ids[start], [{name: columns[name][j] for name in _CLOCK_FIELDS} for j in range(start, i)]
            start = i


def _span(events: pa.Table, as_of: datetime) -> tuple[date, date]:
    if events.num_rows == 0:
        day = timezone.localtime(as_of).date()
        return day, day
    lo, hi = pc.min_max(events.column("occurred_at")).values()
    first = lo.as_py().date()
    last = max(hi.as_py().date(), timezone.localtime(as_of).date())
    return first, last


def clock_rows(events: pa.Table, as_of: datetime, limits: LimitsIndex | None = None) -> tuple[dict, dict]:
    """Columns of ``approval_clocks`` and ``approval_steps`` for every case in ``events``."""
    limits = limits or LimitsIndex.load()
    first, last = _span(events, as_of)
    maker = ClockMaker.for_span(first, last, as_of)
    tz = maker.tz
    clocks = {name: [] for name in CLOCK_COLUMNS}
    steps = {name: [] for name in STEP_COLUMNS}
    for case_id, case_events in _grouped(events):
        head = case_events[0]
        applied = next((e["occurred_at"] for e in case_events if e["event_type"] == EventType.APPLY), head["occurred_at"])
        clock = maker.reconstruct(case_events, limits.at(head["item_code"], aware(applied, tz), tz), case_id=case_id,
                                  source=head["source"])
        for name, value in clock_row(clock, aware_times=True).items():
            clocks[name].append(value)
        for row in step_rows(clock, aware_times=True):
            for name, value in row.items():
                steps[name].append(value)
    return clocks, steps


def columns_table(columns: dict[str, list], dataset: str) -> pa.Table:
    """An Arrow table from column lists whose timestamps are aware: converted to naive Beijing wall-clock time in
    one vectorised step (the warehouse convention) rather than a Python call per value."""
    from django.conf import settings

    schema = arrow_schema(dataset)
    arrays = []
    for f in schema:
        if pa.types.is_timestamp(f.type):
            arrays.append(pc.local_timestamp(pa.array(columns[f.name], type=pa.timestamp("us", tz=settings.TIME_ZONE))))
        else:
            arrays.append(pa.array(columns[f.name], type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _naive(tz):
    def n(value):
        if value is None:
            return None
        return value.replace(tzinfo=None) if value.tzinfo is tz else value.astimezone(tz).replace(tzinfo=None)

    return n


def clock_row(c: CaseClock, tz=None, *, aware_times: bool = False) -> dict:
    n = (lambda v: v) if aware_times else _naive(tz or timezone.get_current_timezone())
    limits = c.limits
    return {
        "case_id": c.case_id, "source": c.source, "item_code": c.item_code, "item_known": int(limits is not None),
        "department_code": c.department_code, "case_type": limits.case_type if limits else None, "status": c.status,
        "applied_at": n(c.applied_at), "notice_at": n(c.notice_at), "notices": c.notices, "notice_due_at": n(c.notice_due_at),
        "accepted_at": n(c.accepted_at), "deemed_accepted": int(c.deemed_accepted), "not_accepted_at": n(c.not_accepted_at),
        "start_at": n(c.start_at), "due_at": n(c.due_at), "statutory_due_at": n(c.statutory_due_at),
        "provisional": int(c.provisional), "suspended": int(c.suspended), "suspensions": len(c.suspensions),
        "extension_days": c.extension_days, "late_extensions": c.late_extensions, "prompt_at": n(c.prompt_at),
        "yellow_at": n(c.yellow_at), "forwarded_at": n(c.forwarded_at), "forward_due_at": n(c.forward_due_at),
        "decided_at": n(c.decided_at), "decision": c.decision or None, "delivered_at": n(c.delivered_at),
        "delivery_due_at": n(c.delivery_due_at), "withdrawn_at": n(c.withdrawn_at),
        "committed_days": limits.committed_days if limits else None, "statutory_days": limits.statutory_days if limits else None,
        "used_workdays": c.used_workdays, "handler_staff_no": c.handler_staff_no or None,
        "approver_staff_no": c.approver_staff_no or None, "as_of": n(c.as_of),
    }


def step_rows(c: CaseClock, tz=None, *, aware_times: bool = False) -> list[dict]:
    n = (lambda v: v) if aware_times else _naive(tz or timezone.get_current_timezone())
    return [{
        "step_key": f"{c.case_id}|{s.code}", "case_id": c.case_id, "source": c.source, "item_code": c.item_code,
        "department_code": c.department_code, "step": s.code, "step_name": s.name, "budget_days": s.days,
        "started_at": n(s.started_at), "finished_at": n(s.finished_at), "due_at": n(s.due_at),
        "handler_staff_no": c.handler_staff_no or None, "as_of": n(c.as_of),
    } for s in c.steps]


# ------------------------------------------------------------------------------------- power list


def _published():
    """Published versions with the moment each stops being in force (the next version's effective date)."""
    versions = list(PowerItemVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("item__department")
                    .order_by("item__code", "effective_from", "number"))
    by_item = defaultdict(list)
    for v in versions:
        by_item[v.item.code].append(v)
    out = []
    for item_versions in by_item.values():
        for i, v in enumerate(item_versions):
            nxt = item_versions[i + 1].effective_from if i + 1 < len(item_versions) else None
            if nxt == v.effective_from:
                continue  # superseded on its first day by a later version with the same date
            out.append((v, datetime.combine(v.effective_from, datetime.min.time()),
                        datetime.combine(nxt, datetime.min.time()) if nxt else None))
    return out


def power_item_rows(published) -> list[dict]:
    return [{
        "version_key": f"{v.item.code}|{v.number}", "item_code": v.item.code, "version": v.number, "name": v.name,
        "department_code": v.item.department.code, "power_type": v.power_type, "case_type": v.case_type,
        "statutory_days": v.statutory_days, "committed_days": v.committed_days,
        "flags": "、".join(flag_labels(v.flags)) or None, "effective_from": start, "effective_to": end,
    } for v, start, end in published]


def power_entry_rows(published) -> list[dict]:
    rows = []
    for v, start, end in published:
        for kind, entries in (("material", v.materials), ("fee", v.fees), ("intermediary", v.intermediaries), ("step", v.steps)):
            for e in entries:
                amount = e.get("amount") if kind == "fee" else None
                rows.append({
                    "entry_key": f"{v.item.code}|{v.number}|{kind}|{e['code']}", "item_code": v.item.code, "version": v.number,
                    "kind": kind, "code": e["code"], "name": e.get("name") or "",
                    "amount": Decimal(str(amount)).quantize(Decimal("0.01")) if amount not in (None, "") else None,
                    "effective_from": start, "effective_to": end,
                })
    return rows


# ------------------------------------------------------------------------------------------- build


def build(as_of: datetime | None = None) -> dict[str, pa.Table]:
    """Every approval registry as of ``as_of`` (default: now)."""
    as_of = as_of or timezone.now()
    events = all_events()
    clocks, steps = clock_rows(events, as_of)
    published = _published()
    return {
        "approval_events": events,
        "approval_event_materials": explode_materials(events),
        "approval_clocks": columns_table(clocks, "approval_clocks"),
        "approval_steps": columns_table(steps, "approval_steps"),
        "power_items": pa.Table.from_pylist(power_item_rows(published), schema=arrow_schema("power_items")),
        "power_list_entries": pa.Table.from_pylist(power_entry_rows(published), schema=arrow_schema("power_list_entries")),
    }


def _state_key():
    from qingfeng.core import ledger

    head = ledger.head()  # its hash covers its time, so a rolled-back test database never matches a later one
    return (head.hash if head else "", str(warehouse.root()))


def current(name: str) -> pa.Table:
    """One table of the build for the current state, shared by the builders a run calls in a row."""
    with _lock:
        key = _state_key()
        memo = _memo.get("build")
        if memo is None or memo[0] != key or time.monotonic() - memo[1] > MEMO_SECONDS:
            memo = (key, time.monotonic(), build())
            _memo["build"] = memo
        return memo[2][name]


# The builders the contract names: fn(span) -> pyarrow.Table; the span of a run does not bound them,
# since a case's clock needs all of its events.
def events(span=None) -> pa.Table:
    return current("approval_events")


def event_materials(span=None) -> pa.Table:
    return current("approval_event_materials")


def clocks(span=None) -> pa.Table:
    return current("approval_clocks")


def steps(span=None) -> pa.Table:
    return current("approval_steps")


def power_items(span=None) -> pa.Table:
    return current("power_items")


def power_list_entries(span=None) -> pa.Table:
    return current("power_list_entries")

