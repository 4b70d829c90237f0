"""Property tests (hypothesis) of the two services every case depends on — extending tests/records (formats,
vectorised parsing) and tests/core (deadline examples): the importer accounts for every row and is
idempotent whatever the mixture of rows; the deadline service counts exactly, grows with the amount, and
treats suspensions and extensions as the rules say, on the real statutory calendar."""

import uuid
from datetime import date, datetime, time, timedelta

import chinese_calendar
import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qingfeng.core.calendar import WorkCalendar
from qingfeng.core.deadlines import Extension, StartRule, Suspension, Unit, compute, workdays_between

# ------------------------------------------------------------------------------------------ deadlines


def _calendar() -> WorkCalendar:
    days, d = {}, date(2024, 1, 1)
    while d <= date(2026, 12, 31):
        days[d] = chinese_calendar.is_workday(d)
        d += timedelta(days=1)
    return WorkCalendar(days, {2024, 2025, 2026})


CALENDAR = _calendar()
STARTS = st.builds(lambda d, h, m: timezone.make_aware(datetime.combine(d, time(h, m))),
                   st.dates(date(2024, 1, 1), date(2026, 9, 30)), st.integers(0, 23), st.integers(0, 59))
AMOUNTS = st.integers(1, 40)
RULES = st.sampled_from([StartRule.NEXT_DAY, StartRule.SAME_DAY])


def _first(start: datetime, rule: str) -> date:
    return timezone.localtime(start).date() + timedelta(days=1 if rule == StartRule.NEXT_DAY else 0)


@given(STARTS, AMOUNTS, RULES)
def test_working_day_deadlines_end_on_the_nth_working_day_at_the_end_of_it(start, amount, rule):
    due = compute(start, amount, Unit.WORKING_DAY, rule, calendar=CALENDAR).due
    local = timezone.localtime(due)
    assert local.time() == time(23, 59, 59) and CALENDAR.is_workday(local.date())
    assert workdays_between(_first(start, rule) - timedelta(days=1), local.date(), CALENDAR) == amount


@given(STARTS, AMOUNTS, RULES, st.sampled_from([Unit.WORKING_DAY, Unit.CALENDAR_DAY, Unit.NATURAL_HOUR]))
def test_a_longer_period_never_ends_sooner(start, amount, rule, unit):
    shorter = compute(start, amount, unit, rule, calendar=CALENDAR).due
    longer = compute(start, amount + 1, unit, rule, calendar=CALENDAR).due
    assert longer > shorter if unit != Unit.CALENDAR_DAY else longer >= shorter


@given(STARTS, AMOUNTS, RULES)
def test_calendar_day_deadlines_roll_only_off_rest_days(start, amount, rule):
    due = timezone.localtime(compute(start, amount, Unit.CALENDAR_DAY, rule, calendar=CALENDAR).due).date()
    nominal = _first(start, rule) + timedelta(days=amount - 1)
    assert due >= nominal and CALENDAR.is_workday(due)
    assert all(not CALENDAR.is_workday(nominal + timedelta(days=i)) for i in range((due - nominal).days))


@given(STARTS, AMOUNTS, st.integers(0, 20), st.integers(1, 15))
def test_a_suspension_stops_the_clock_for_its_working_days(start, amount, offset, length):
    plain = compute(start, amount, Unit.WORKING_DAY, calendar=CALENDAR).due
    s_start = start + timedelta(days=offset)
    suspension = Suspension("补正", s_start, s_start + timedelta(days=length))
    suspended = compute(start, amount, Unit.WORKING_DAY, suspensions=[suspension], calendar=CALENDAR).due
    assert suspended >= plain
    days = {timezone.localtime(s_start).date() + timedelta(days=i) for i in range(length + 1)}
    first = _first(start, StartRule.NEXT_DAY)
    lost = sum(1 for d in days if d >= first and d <= timezone.localtime(suspended).date() and CALENDAR.is_workday(d))
    assert workdays_between(first - timedelta(days=1), timezone.localtime(suspended).date(), CALENDAR) == amount + lost


@given(STARTS, AMOUNTS, st.integers(1, 10))
def test_an_extension_asked_in_time_adds_its_days_and_a_late_one_adds_none(start, amount, extra):
    base = compute(start, amount, Unit.WORKING_DAY, calendar=CALENDAR).due
    in_time = compute(start, amount, Unit.WORKING_DAY, extensions=[Extension(extra, base - timedelta(hours=1))],
                      extension_ceiling=extra, calendar=CALENDAR)
    assert in_time.due == compute(start, amount + extra, Unit.WORKING_DAY, calendar=CALENDAR).due
    late = compute(start, amount, Unit.WORKING_DAY, extensions=[Extension(extra, base + timedelta(seconds=1))],
                   extension_ceiling=extra, calendar=CALENDAR)
    assert late.due == base and late.refused_extensions


@given(STARTS, st.integers(1, 500))
def test_natural_hours_ignore_holidays(start, hours):
    assert compute(start, hours, Unit.NATURAL_HOUR, calendar=CALENDAR).due == start + timedelta(hours=hours)


# ------------------------------------------------------------------------------------------ importer

HEADER = ("支付凭证号", "付款单位编码", "付款账号", "收款人名称", "收款账号", "收款人类型", "支付金额", "支付时间", "结算方式", "用途", "预算项目编码", "经济分类")
GOOD = st.builds(lambda cents, d, name: {"支付金额": f"{cents // 100}.{cents % 100:02d}", "支付时间": f"{d:%Y-%m-%d} 10:00:00",
                                         "收款人名称": name or "某公司"},
                 st.integers(1, 10**10), st.dates(date(2020, 1, 1), date(2026, 12, 31)),
                 st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).map(str.strip))
BAD = st.sampled_from([{"支付金额": "abc"}, {"支付时间": "2026-02-30"}, {"支付金额": ""}, {"支付时间": "昨天"}, {"结算方式": "以物易物"}])


def _row(fields: dict) -> dict:
    base = dict(zip(HEADER, [f"P{uuid.uuid4().hex[:12]}", "101", "A", "某公司", "B", "单位", "1.00", "2026-03-05 14:30:00",
                             "转账", "", "", "30201"], strict=True))
    return {**base, **fields}


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(GOOD.map(lambda f: ("good", f)), BAD.map(lambda f: ("bad", f))), min_size=1, max_size=30), st.randoms())
def test_every_row_is_loaded_or_rejected_and_the_same_rows_import_once(rows, rnd):
    from qingfeng.records.imports import import_rows

    made = [(kind, _row(fields)) for kind, fields in rows]
    report = import_rows([r for _k, r in made], "payments", source_name="property.csv", actor="property-test")
    good = sum(1 for kind, _r in made if kind == "good")
    assert report.read == len(made) == report.loaded + report.rejected
    assert (report.loaded, report.rejected) == (good, len(made) - good)
    assert {r.line for r in report.rejections} == {i + 1 for i, (kind, _r) in enumerate(made) if kind == "bad"}
    if good:
        shuffled = [r for _k, r in made]
        rnd.shuffle(shuffled)
        again = import_rows(shuffled, "payments", source_name="again.csv", actor="property-test")
        assert again.already_imported and again.batch_id == report.batch_id
