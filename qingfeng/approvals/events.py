"""A case event handled here in the shape of the contract's ``approval_events`` columns, and the clock of
a case handled here (the same reconstruction the supervision snapshot runs)."""

from datetime import datetime

from django.utils import timezone

from .clocks import CaseClock, ClockMaker, LimitsIndex, limits_of

SOURCE = "qingfeng"  # the ``source`` of events of cases handled on this platform


def naive_local(value: datetime | None) -> datetime | None:
    """The warehouse's convention: naive Beijing wall-clock time."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def event_row(event, case=None) -> dict:
    """One CaseEvent as a row of ``approval_events`` (times stay aware; callers convert for Arrow)."""
    case = case or event.case
    data = event.data or {}
    materials = data.get("materials") or []
    return {
        "event_id": event.event_id,
        "source": SOURCE,
        "case_id": case.number,
        "item_code": case.item.code,
        "department_code": case.department.code,
        "event_type": event.kind,
        "step": event.step or None,
        "occurred_at": event.occurred_at,
        "recorded_at": event.recorded_at,
        "staff_no": event.staff_no or None,
        "decision": data.get("decision") or None,
        "reason": data.get("reason") or None,
        "remedy": data.get("remedy") or None,
        "reason_code": data.get("reason_code") or None,
        "days": data.get("days"),
        "materials": ",".join(materials) if materials else None,
        "fee_code": data.get("fee_code") or None,
        "amount": data.get("amount"),
        "intermediary_code": data.get("intermediary_code") or None,
        "intermediary_org": data.get("intermediary_org") or None,
    }


def clock_for_case(case, as_of: datetime | None = None, *, maker: ClockMaker | None = None) -> CaseClock:
    """The clock of a case handled here, from its events and the item version it was received under."""
    as_of = as_of or timezone.now()
    events = [event_row(e, case) for e in case.events.all()]
    maker = maker or ClockMaker.for_span(timezone.localtime(case.received_at).date(),
                                         timezone.localtime(max(as_of, case.received_at)).date(), as_of)
    return maker.reconstruct(events, limits_of(case.version), case_id=case.number, source=SOURCE)


def limits_index() -> LimitsIndex:
    return LimitsIndex.load()
