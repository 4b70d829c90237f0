"""A case's clock, rebuilt from its events with real 2025 and 2026 dates: statutory holidays and 调休 make-up
working days, the one-time-notice period and deemed acceptance, suspensions that stop the clock, extensions
within the ceiling and one asked after expiry, step budgets, same-day cases, and a year the calendar lacks."""

import pytest

from qingfeng.approvals.clocks import ClockMaker, Limits
from qingfeng.approvals.models import CaseStatus

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_days")]

LIMITS = Limits(item_code="EDU-001", name="办学许可", department_code="200", case_type="promised", statutory_days=20,
                committed_days=10, extension_days=10, steps=(("review", "审查", 6), ("decide", "决定", 3)), version=1)


def clock(events, as_of, limits=LIMITS):
    rows = [{"event_id": f"E{i}", "source": "test", "case_id": "C1", "item_code": "EDU-001", "department_code": "200",
             "event_type": kind, "occurred_at": at(when), **extra} for i, (kind, when, extra) in enumerate(events)]
    maker = ClockMaker.for_span(at("2025-01-01 00:00:00").date(), at(as_of).date(), at(as_of))
    return maker.reconstruct(rows, limits)


def ev(kind, when, **extra):
    return (kind, when, extra)


def test_national_day_2025_is_skipped_and_its_makeup_sunday_and_saturday_count():
    """Accepted Friday 26 Sep 2025: 28 Sep (Sun) and 11 Oct (Sat) are working days, 1–8 Oct are not."""
    c = clock([ev("apply", "2025-09-26 09:00:00"), ev("accept", "2025-09-26 10:00:00")], "2025-10-01 10:00:00")
    assert c.start_at == at("2025-09-26 10:00:00") and not c.deemed_accepted
    assert c.due_at == at("2025-10-16 23:59:59")
    assert c.statutory_due_at == at("2025-10-30 23:59:59")
    assert c.status == CaseStatus.ACCEPTED and c.state == "running" and not c.provisional


def test_spring_festival_2026_prompt_falls_on_the_makeup_saturday():
    """Due on 24 Feb 2026, the first working day after the holiday; the working day before it is Saturday 14 Feb,
    so the prompt starts then and the yellow card when that day is over, through the holiday."""
    events = [ev("apply", "2026-02-10 09:00:00"), ev("accept", "2026-02-10 14:00:00")]
    limits = Limits(**{**LIMITS.__dict__, "committed_days": 5, "steps": ()})
    c = clock(events, "2026-02-13 17:00:00", limits)
    assert c.due_at == at("2026-02-24 23:59:59")
    assert c.prompt_at == at("2026-02-14 00:00:00") and c.yellow_at == at("2026-02-15 00:00:00")
    assert c.state == "running"
    assert clock(events, "2026-02-14 08:00:00", limits).state == "prompt"
    assert clock(events, "2026-02-20 12:00:00", limits).state == "yellow"  # the whole festival
    assert clock(events, "2026-02-24 23:59:59", limits).state == "yellow"
    assert clock(events, "2026-02-25 00:00:00", limits).state == "overdue"


def test_no_notice_within_five_working_days_means_accepted_from_receipt():
    """Received 29 Sep 2026; 1–7 Oct are holidays and Saturday 10 Oct is worked: the notice period ends 12 Oct."""
    received = [ev("apply", "2026-09-29 10:00:00")]
    waiting = clock(received, "2026-10-12 20:00:00")
    assert waiting.notice_due_at == at("2026-10-12 23:59:59")
    assert waiting.start_at is None and waiting.status == CaseStatus.RECEIVED and waiting.state == "waiting"
    deemed = clock(received, "2026-10-13 08:00:00")
    assert deemed.deemed_accepted and deemed.start_at == at("2026-09-29 10:00:00")
    assert deemed.due_at == at("2026-10-19 23:59:59") and deemed.status == CaseStatus.ACCEPTED
    late_notice = clock(received + [ev("materials_request", "2026-10-13 09:00:00", materials="M2")], "2026-10-14 08:00:00")
    assert late_notice.deemed_accepted and late_notice.start_at == at("2026-09-29 10:00:00")


def test_a_timely_notice_restarts_acceptance_from_the_supplement():
    events = [ev("apply", "2026-09-29 10:00:00"), ev("materials_request", "2026-10-09 09:00:00", materials="M2")]
    asked = clock(events, "2026-10-14 10:00:00")
    assert asked.status == CaseStatus.MATERIALS_REQUESTED and asked.start_at is None  # waiting for the applicant
    supplied = events + [ev("materials_supplied", "2026-10-15 11:00:00", materials="M2")]
    c = clock(supplied + [ev("accept", "2026-10-16 09:00:00")], "2026-10-16 10:00:00")
    assert c.accept_due_at == at("2026-10-22 23:59:59") and c.start_at == at("2026-10-16 09:00:00")
    assert not c.deemed_accepted
    unattended = clock(supplied, "2026-10-23 08:00:00")
    assert unattended.deemed_accepted and unattended.start_at == at("2026-10-15 11:00:00")


def test_a_suspension_stops_the_clock_and_its_days_do_not_count():
    """Expert review from Thursday 5 to Tuesday 10 March 2026 takes four working days out of the count."""
    base = [ev("apply", "2026-03-02 08:00:00"), ev("accept", "2026-03-02 09:00:00")]
    assert clock(base, "2026-03-04 10:00:00").due_at == at("2026-03-16 23:59:59")
    running = base + [ev("suspend", "2026-03-05 10:00:00", reason_code="expert_review", reason="专家评审告知书")]
    stopped = clock(running, "2026-03-06 10:00:00")
    assert stopped.suspended and stopped.due_at is None and stopped.state == "stopped"
    assert stopped.status == CaseStatus.SUSPENDED
    resumed = clock(running + [ev("resume", "2026-03-10 15:00:00")], "2026-03-11 10:00:00")
    assert not resumed.suspended and resumed.due_at == at("2026-03-20 23:59:59")
    assert [(s.reason, s.start, s.end) for s in resumed.suspensions] == [
        ("expert_review", at("2026-03-05 10:00:00"), at("2026-03-10 15:00:00"))]


def test_a_suspension_started_after_expiry_does_not_stop_an_overdue_clock():
    events = [ev("apply", "2026-03-02 08:00:00"), ev("accept", "2026-03-02 09:00:00"),
              ev("suspend", "2026-03-17 09:00:00", reason_code="hearing", reason="听证告知书")]
    c = clock(events, "2026-03-18 10:00:00")
    assert not c.suspended and c.due_at == at("2026-03-16 23:59:59") and c.overdue and c.state == "overdue"


def test_an_extension_before_expiry_counts_and_one_asked_after_expiry_does_not():
    base = [ev("apply", "2026-03-02 08:00:00"), ev("accept", "2026-03-02 09:00:00")]
    extended = clock(base + [ev("extend", "2026-03-12 16:00:00", days=5)], "2026-03-13 10:00:00")
    assert extended.due_at == at("2026-03-23 23:59:59") and extended.extension_days == 5
    assert extended.statutory_due_at == at("2026-04-07 23:59:59")  # 20 + 5 working days, Qingming (4–6 Apr) skipped
    late = clock(base + [ev("extend", "2026-03-17 09:00:00", days=5), ev("decide", "2026-03-20 10:00:00", decision="approve")],
                 "2026-03-20 11:00:00")
    assert late.due_at == at("2026-03-16 23:59:59") and late.extension_days == 0
    assert late.late_extensions == 1 and [e.why for e in late.extensions] == ["after_expiry"]
    assert late.overdue and late.state == "late"


def test_extensions_beyond_the_items_ceiling_do_not_count():
    events = [ev("apply", "2026-03-02 08:00:00"), ev("accept", "2026-03-02 09:00:00"),
              ev("extend", "2026-03-05 09:00:00", days=6), ev("extend", "2026-03-06 09:00:00", days=6)]
    c = clock(events, "2026-03-06 10:00:00")
    assert c.extension_days == 6 and [e.why for e in c.extensions] == ["", "over_ceiling"]


def test_each_step_has_its_own_budget_after_the_one_before():
    events = [ev("apply", "2026-03-02 08:00:00"), ev("accept", "2026-03-02 09:00:00"),
              ev("step_done", "2026-03-11 10:00:00", step="review"), ev("decide", "2026-03-13 15:00:00", decision="approve")]
    c = clock(events, "2026-03-20 10:00:00")
    review, decide = c.steps
    assert (review.code, review.due_at, review.finished_at) == ("review", at("2026-03-10 23:59:59"), at("2026-03-11 10:00:00"))
    assert review.overrun(c.as_of)
    assert (decide.started_at, decide.due_at, decide.finished_at) == (at("2026-03-11 10:00:00"), at("2026-03-16 23:59:59"),
                                                                     at("2026-03-13 15:00:00"))
    assert not decide.overrun(c.as_of) and not c.overdue
    assert c.used_workdays == 9 and c.status == CaseStatus.APPROVED
    assert c.delivery_due_at == at("2026-03-27 23:59:59")  # ten working days from the decision


def test_a_same_day_case_is_due_by_the_end_of_the_working_day():
    limits = Limits(**{**LIMITS.__dict__, "case_type": "immediate", "committed_days": 0, "statutory_days": 0, "steps": ()})
    friday = clock([ev("apply", "2026-03-06 10:00:00"), ev("accept", "2026-03-06 10:05:00")], "2026-03-06 11:00:00", limits)
    assert friday.due_at == at("2026-03-06 23:59:59")
    saturday = clock([ev("apply", "2026-03-07 10:00:00"), ev("accept", "2026-03-07 10:05:00")], "2026-03-07 11:00:00", limits)
    assert saturday.due_at == at("2026-03-09 23:59:59")


def test_a_year_without_a_calendar_is_counted_monday_to_friday_and_marked_provisional():
    c = clock([ev("apply", "2026-12-24 09:00:00"), ev("accept", "2026-12-28 09:00:00")], "2026-12-28 10:00:00")
    assert c.provisional and c.due_at == at("2027-01-11 23:59:59")
