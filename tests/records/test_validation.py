"""Column conversion: the vectorised fast path and the one-by-one parsers always agree, and headers are
matched by name, Chinese label or alias however they are spaced, cased or written in full width."""

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qingfeng.records import contract
from qingfeng.records.errors import HeaderError
from qingfeng.records.validation import _slow, convert_column, match_headers

PAYMENTS = contract.get("payments")
BUDGETS = contract.get("budgets")


def machine_or_human(kind):
    """Values a column may hold: machine spellings (fast path), human spellings and garbage (slow path)."""
    if kind == "decimal":
        base = st.integers(-(10**17), 10**17).map(lambda c: f"{Decimal(c) / 100}")
        return st.one_of(base, base.map(lambda s: f" {s} "), st.sampled_from(["1,234.5", "1.2万", "12.345", "abc", "-0", "", "(3)"]),
                         st.text(alphabet="0123456789.-,", max_size=20))
    if kind in ("date", "timestamp"):
        day = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
        moments = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2200, 12, 31))
        return st.one_of(day.map(str), moments.map(lambda m: m.strftime("%Y-%m-%d %H:%M:%S")),
                         moments.map(lambda m: m.strftime("%Y-%m-%d %H:%M")),
                         st.sampled_from(["2026-02-30", "2026-13-01", "2026-02-29 10:00:00", "2024-02-29", "2026-03-05 24:00:00",
                                          "46086", "2026年3月5日", "", "x"]),
                         st.text(alphabet="0123456789-: ", max_size=20))
    if kind == "integer":
        return st.one_of(st.integers(-(10**19), 10**19).map(str), st.sampled_from(["2026.0", "1,000", "x", ""]))
    raise ValueError(kind)


@pytest.mark.parametrize("name", ["amount", "paid_at", "year", "day"])
def test_fast_path_gives_what_the_parsers_give(name):
    column = {"amount": PAYMENTS.column("amount"), "paid_at": PAYMENTS.column("paid_at"), "year": BUDGETS.column("year"),
              "day": contract.get("calendar").column("day")}[name]

    @settings(max_examples=60, deadline=None)
    @given(st.lists(machine_or_human(column.type), max_size=25))
    def check(values):
        result = convert_column(column, pa.array(values, pa.string()))
        stripped = [v.strip() or None for v in values]
        expected, errors = _slow(column, stripped, [i for i, v in enumerate(stripped) if v is not None])
        assert set(result.errors) == set(errors)
        got = [v for i, v in enumerate(result.values.to_pylist()) if stripped[i] is not None]
        assert got == expected

    check()


@settings(deadline=None)
@given(st.lists(st.integers(-(10**13), 10**13), max_size=30), st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_float_amounts_vectorised_equal_one_by_one(cents, noise):
    values = [c / 100 for c in cents] + [noise]
    result = convert_column(PAYMENTS.column("amount"), pa.array(values, pa.float64()))
    expected, errors = _slow(PAYMENTS.column("amount"), values, range(len(values)))
    assert set(result.errors) == set(errors)
    assert result.values.to_pylist() == expected


def test_mixed_excel_cells_in_one_column_each_read_by_their_type():
    cells = [dt.datetime(2026, 3, 5, 14, 30), dt.date(2026, 3, 6), 46088.25, "2026年3月8日 9时5分", None, "明天"]
    result = convert_column(PAYMENTS.column("paid_at"), cells)
    assert result.values.to_pylist()[:5] == [dt.datetime(2026, 3, 5, 14, 30), dt.datetime(2026, 3, 6), dt.datetime(2026, 3, 7, 6),
                                             dt.datetime(2026, 3, 8, 9, 5), None]
    assert result.errors == {5: ("明天", "无法识别的日期「明天」")}


def test_numeric_excel_cells_in_a_code_column_become_text_without_a_trailing_zero():
    result = convert_column(PAYMENTS.column("payer_department_code"), [101.0, "  102 ", 103, None, "\u3000"])
    assert result.values.to_pylist() == ["101", "102", "103", None, None]


def test_enum_accepts_chinese_labels_and_stored_values_in_any_width_or_case():
    result = convert_column(PAYMENTS.column("settlement_method"), pa.array(["转账", "现金", "公务卡", "TRANSFER", " cash ", "支票", None]))
    assert result.values.to_pylist() == ["transfer", "cash", "official_card", "transfer", "cash", None, None]
    assert result.errors == {5: ("支票", "不在可选值中的取值「支票」，可选：转账、现金、公务卡")}


def test_timezone_aware_timestamps_become_beijing_wall_clock():
    utc = pa.array([dt.datetime(2026, 3, 5, 6, 30, tzinfo=dt.UTC)], pa.timestamp("ms", tz="UTC"))
    assert convert_column(PAYMENTS.column("paid_at"), utc).values.to_pylist() == [dt.datetime(2026, 3, 5, 14, 30)]


def test_headers_match_by_name_label_or_alias_ignoring_spaces_width_and_case():
    headers = ["支付凭证号", " 付款单位编码 ", "ＰＡＹＥＲ＿ＡＣＣＯＵＮＴ", "收款人", "收款人账号", "收款类型", "金额", "支付日期",
               "Settlement Method", "备注", "经济分类"]
    matched, ignored = match_headers(PAYMENTS, headers, "x.csv")
    assert matched["payer_account"] == "ＰＡＹＥＲ＿ＡＣＣＯＵＮＴ"
    assert matched["amount"] == "金额" and matched["paid_at"] == "支付日期" and matched["settlement_method"] == "Settlement Method"
    assert ignored == ["备注"]
    assert "purpose" not in matched  # optional and absent


def test_a_missing_required_column_is_named_with_the_file():
    with pytest.raises(HeaderError, match=r"p\.csv 缺少必填列：「支付金额」\(amount\)、「结算方式」\(settlement_method\)"):
        match_headers(PAYMENTS, [c.zh for c in PAYMENTS.columns if c.name not in ("amount", "settlement_method")], "p.csv")


def test_a_label_wins_over_an_alias_but_two_equal_spellings_collide():
    headers = [c.zh for c in PAYMENTS.columns] + ["金额"]
    matched, ignored = match_headers(PAYMENTS, headers, "p.csv")
    assert matched["amount"] == "支付金额" and ignored == ["金额"]
    with pytest.raises(HeaderError, match="都对应字段「支付金额」"):
        match_headers(PAYMENTS, headers + ["amount"], "p.csv")
