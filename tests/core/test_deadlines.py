"""One deadline service: working days from the calendar, start rules, suspensions, extensions."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from qingfeng.core import deadlines
from qingfeng.core.calendar import WorkCalendar, next_year_warning
from qingfeng.core.deadlines import Extension, StartRule, Suspension, Unit


def at(y, m, d, h=10):
    return timezone.make_aware(datetime(y, m, d, h))


@pytest.mark.django_db
def test_working_days_skip_the_national_day_week(calendar_days):
    # Received Mon 2025-09-29; next-day start; 5 working days: 9-30, then 10-1..10-8 holiday, 10-11 (Sat) is a make-up workday.
    dl = deadlines.compute(at(2025, 9, 29), 5, Unit.WORKING_DAY, StartRule.NEXT_DAY)
    assert dl.due.date() == date(2025, 10, 13) and not dl.provisional


@pytest.mark.django_db
def test_makeup_saturday_counts_as_a_working_day(calendar_days):
    # 2026-02-14 (Sat) is a 调休 working day.
    dl = deadlines.compute(at(2026, 2, 13), 1, Unit.WORKING_DAY, StartRule.NEXT_DAY)
    assert dl.due.date() == date(2026, 2, 14)


@pytest.mark.django_db
def test_same_day_start_counts_the_day_of_receipt(calendar_days):
    dl = deadlines.compute(at(2026, 3, 2), 1, Unit.WORKING_DAY, StartRule.SAME_DAY)
    assert dl.due.date() == date(2026, 3, 2)


@pytest.mark.django_db
def test_calendar_days_ending_on_a_holiday_roll_to_next_working_day(calendar_days):
    dl = deadlines.compute(at(2026, 9, 25), 6, Unit.CALENDAR_DAY, StartRule.NEXT_DAY)  # last day 10-01, holiday
    assert dl.due.date() == date(2026, 10, 8)  # 国庆 10-01..10-07


@pytest.mark.django_db
def test_natural_hours_ignore_the_calendar(calendar_days):
    start = at(2026, 10, 1, 9)
    assert deadlines.compute(start, 24, Unit.NATURAL_HOUR).due == start + timedelta(hours=24)


@pytest.mark.django_db
def test_suspension_stops_the_clock(calendar_days):
    base = deadlines.compute(at(2026, 3, 2), 10, Unit.WORKING_DAY)
    hearing = Suspension("hearing", at(2026, 3, 4), at(2026, 3, 6))  # Wed–Fri: 3 working days
    dl = deadlines.compute(at(2026, 3, 2), 10, Unit.WORKING_DAY, suspensions=[hearing])
    cal = WorkCalendar.load(date(2026, 3, 1), date(2026, 4, 30))
    assert deadlines.workdays_between(base.due.date(), dl.due.date(), cal) == 3


@pytest.mark.django_db
def test_open_suspension_has_no_due_date(calendar_days):
    dl = deadlines.compute(at(2026, 3, 2), 10, suspensions=[Suspension("testing", at(2026, 3, 3), None)])
    assert dl.suspended and dl.due is None and not dl.is_overdue()


@pytest.mark.django_db
def test_extension_in_time_adds_days_and_late_extension_does_not(calendar_days):
    base = deadlines.compute(at(2026, 3, 2), 20, Unit.WORKING_DAY)
    ok = deadlines.compute(at(2026, 3, 2), 20, extensions=[Extension(10, at(2026, 3, 20))], extension_ceiling=10)
    late = deadlines.compute(at(2026, 3, 2), 20, extensions=[Extension(10, base.due + timedelta(hours=1))], extension_ceiling=10)
    assert ok.due > base.due and ok.granted_extension == 10
    assert late.due == base.due and late.refused_extensions and late.is_overdue(base.due + timedelta(hours=2))


@pytest.mark.django_db
def test_extension_over_the_ceiling_is_refused(calendar_days):
    with pytest.raises(deadlines.DeadlineError):
        deadlines.compute(at(2026, 3, 2), 20, extensions=[Extension(15, at(2026, 3, 3))], extension_ceiling=10)


@pytest.mark.django_db
def test_unknown_year_is_provisional_monday_to_friday(calendar_days):
    dl = deadlines.compute(at(2027, 1, 1), 1, Unit.WORKING_DAY, StartRule.NEXT_DAY)  # 2027-01-02 is Saturday
    assert dl.provisional and dl.due.date() == date(2027, 1, 4)


@pytest.mark.django_db
def test_local_layer_overrides_national(calendar_days):
    from qingfeng.core.actions import set_calendar_day

    set_calendar_day("admin", day=date(2026, 3, 3), is_workday=False, kind="local", name="那达慕")
    dl = deadlines.compute(at(2026, 3, 2), 1, Unit.WORKING_DAY)
    assert dl.due.date() == date(2026, 3, 4)


@pytest.mark.django_db
def test_next_year_warning_from_november(calendar_days):
    assert next_year_warning(date(2026, 10, 31)) is None
    assert "2027" in next_year_warning(date(2026, 11, 1))
    assert next_year_warning(date(2025, 11, 1)) is None  # 2026 is known


@pytest.mark.django_db
def test_seeded_2026_has_248_working_days(calendar_days):
    cal = WorkCalendar.load(date(2026, 1, 1), date(2026, 12, 31))
    assert sum(cal.is_workday(d) for d, *_ in cal.rows(date(2026, 1, 1), date(2026, 12, 31))) == 248
