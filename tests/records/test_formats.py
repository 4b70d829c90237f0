"""Chinese dates, times and amounts: every spelling a person or a source system uses reads the same."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingfeng.core.formats import EXCEL_EPOCH, parse_amount, parse_date, parse_datetime

DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))
CENTS = st.integers(min_value=-(10**15), max_value=10**15)
FULL_WIDTH = str.maketrans("0123456789.,-()", "０１２３４５６７８９．，－（）")


def date_spellings(d: date) -> list[str]:
    return [
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}年{d.month:02d}月{d.day:02d}日",
        d.strftime("%Y%m%d"),
        str((d - EXCEL_EPOCH).days),
        f" {d.isoformat()} ".translate(FULL_WIDTH),
    ]


@given(DATES)
def test_every_date_spelling_reads_as_the_same_day(d):
    for text in date_spellings(d):
        assert parse_date(text) == d, text
    assert parse_date((d - EXCEL_EPOCH).days) == d


@given(DATES, st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_date_and_time_spellings_read_as_the_same_moment(d, h, m, s):
    moment = datetime(d.year, d.month, d.day, h, m, s)
    spellings = [
        f"{d.isoformat()} {h:02d}:{m:02d}:{s:02d}",
        f"{d.isoformat()}T{h:02d}:{m:02d}:{s:02d}",
        f"{d.year}/{d.month}/{d.day} {h}:{m:02d}:{s:02d}",
        f"{d.year}年{d.month}月{d.day}日 {h}时{m}分{s}秒",
        f"{d.year}年{d.month}月{d.day}日{h}点{m}分{s}秒",
    ]
    for text in spellings:
        assert parse_datetime(text) == moment, text
    serial = (d - EXCEL_EPOCH).days + (h * 3600 + m * 60 + s) / 86400
    assert parse_datetime(serial) == moment
    assert parse_datetime(repr(serial)) == moment


def test_minutes_without_seconds_and_chinese_hours():
    assert parse_datetime("2026-03-05 14:30") == datetime(2026, 3, 5, 14, 30)
    assert parse_datetime("2026年3月5日 14时30分") == datetime(2026, 3, 5, 14, 30)
    assert parse_datetime("46086.5") == datetime(2026, 3, 5, 12, 0)
    assert parse_date("46086") == date(2026, 3, 5)


def test_an_explicit_offset_is_converted_to_beijing_wall_clock():
    assert parse_datetime("2026-03-05T06:30:00Z") == datetime(2026, 3, 5, 14, 30)
    assert parse_datetime("2026-03-05 14:30:00+08:00") == datetime(2026, 3, 5, 14, 30)


@given(CENTS)
def test_every_amount_spelling_reads_as_the_same_cents(cents):
    amount = Decimal(cents) / 100
    plain = f"{abs(amount):.2f}"
    grouped = f"{abs(amount):,.2f}"
    sign = "-" if cents < 0 else ""
    spellings = [f"{sign}{plain}", f"{sign}{grouped}", f"¥{sign}{grouped}", f"{sign}¥{grouped}", f"{sign}{plain}元",
                 f"{sign}{grouped}".translate(FULL_WIDTH), f"￥{sign}{plain}"]
    if cents < 0:
        spellings += [f"({grouped})", f"（{grouped}）"]
    if cents % 100 == 0:
        spellings.append(f"{sign}{abs(cents) // 100}")
    for text in spellings:
        assert parse_amount(text) == amount, text
    assert str(parse_amount(spellings[0])) == f"{amount:.2f}"


@given(st.integers(min_value=-(10**11), max_value=10**11))
def test_ten_thousands_and_hundred_millions(cents):
    wan = Decimal(cents) / 1_000_000  # amount in 万, precise to the 分
    assert parse_amount(f"{wan}万元") == (wan * 10_000).quantize(Decimal("0.01"))
    assert parse_amount(f"{wan}万") == (wan * 10_000).quantize(Decimal("0.01"))


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_float_cells_with_binary_noise_read_as_cents(cents):
    assert parse_amount(cents / 100) == Decimal(cents) / 100


def test_amount_examples_from_the_brief():
    assert parse_amount("1,234.50") == Decimal("1234.50")
    assert parse_amount("1.2万元") == Decimal("12000.00")
    assert parse_amount("1.2万") == Decimal("12000.00")
    assert parse_amount("¥1,234.50") == Decimal("1234.50")
    assert parse_amount("（1,234.50）") == Decimal("-1234.50")
    assert parse_amount("(1,234.50)") == Decimal("-1234.50")
    assert parse_amount("-12.5") == Decimal("-12.50")
    assert parse_amount("１，２３４．５０") == Decimal("1234.50")
    assert parse_amount(0.1 + 0.2) == Decimal("0.30")
    assert str(parse_amount("-0")) == "0.00"


@pytest.mark.parametrize("text, message", [
    ("abc", "无法识别的金额「abc」"),
    ("12.345", "金额「12.345」超过两位小数（精确到分）"),
    ("1,23", "无法识别的金额「1,23」"),
    ("--5", "无法识别的金额「--5」"),
    ("(-5)", "无法识别的金额「(-5)」"),
    ("99999999999999999", "超出范围"),
    ("", "无法识别的金额"),
])
def test_bad_amounts_say_what_is_wrong_in_chinese(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_amount(text)


@pytest.mark.parametrize("text, message", [
    ("2026-02-30", "不存在的日期「2026-02-30」"),
    ("2026", "无法识别的日期「2026」"),
    ("3/5/2026", "无法识别的日期「3/5/2026」"),
    ("2026-03-05 25:00", "无效的时间"),
    ("2026-03-05 下午", "无法识别的时间"),
    ("abc", "无法识别的日期「abc」"),
])
def test_bad_dates_say_what_is_wrong_in_chinese(text, message):
    with pytest.raises(ValueError, match=message):
        parse_datetime(text)


@given(st.text(max_size=30))
def test_arbitrary_text_is_parsed_or_refused_with_a_value_error(text):
    for parse in (parse_amount, parse_date, parse_datetime):
        try:
            parse(text)
        except ValueError as exc:
            assert str(exc)


def test_serials_outside_the_plausible_window_are_errors_not_dates_in_1905():
    with pytest.raises(ValueError, match="Excel 日期序号"):
        parse_date(2026)
    assert parse_date(date(2026, 3, 5) - EXCEL_EPOCH + EXCEL_EPOCH) == date(2026, 3, 5)
    assert parse_datetime(date(2026, 3, 5)) == datetime(2026, 3, 5)
    assert parse_datetime(datetime(2026, 3, 5, 1) + timedelta(hours=1)) == datetime(2026, 3, 5, 2)
