"""ID-card numbers (GB 11643) and unified social credit codes (GB 32100): validated before anything is
hashed, joined or linked, so that a mistyped number never makes two people or two companies one."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingfeng.people.identifiers import (
    USCC_CHARS,
    InvalidIdentifier,
    is_credit_code,
    is_id_number,
    make_credit_code,
    make_id_number,
    parse_credit_code,
    parse_id_number,
)


def test_a_published_id_number_reads_its_region_birth_date_and_sex():
    parsed = parse_id_number("11010519491231002X")
    assert (parsed.region, parsed.birth_date, parsed.male) == ("110105", date(1949, 12, 31), False)
    assert parsed.masked == "110105********002X"


def test_lower_case_x_full_width_digits_and_spaces_are_the_same_number():
    assert parse_id_number(" 1101 0519 4912 31002x ").value == "11010519491231002X"
    assert parse_id_number("１１０１０５１９４９１２３１００２Ｘ").value == "11010519491231002X"


def test_a_first_generation_number_is_upgraded_with_its_check_character():
    assert parse_id_number("110105491231002").value == "11010519491231002X"


@pytest.mark.parametrize(("value", "why"), [
    ("110105194912310021", "校验位"), ("11010519491331002X", "出生日期"), ("1101051949123100", "18 位"), ("", "18 位"),
])
def test_a_wrong_number_is_refused_with_the_reason(value, why):
    with pytest.raises(InvalidIdentifier, match=why):
        parse_id_number(value)


@given(st.dates(date(1930, 1, 1), date(2010, 12, 31)), st.integers(0, 999), st.integers(0, 16), st.integers(1, 9))
def test_changing_any_one_digit_of_a_valid_number_is_caught(born, seq, position, delta):
    number = make_id_number("539901", born, seq)
    digit = (int(number[position]) + delta) % 10
    mutated = number[:position] + str(digit) + number[position + 1:]
    assert is_id_number(number) and not is_id_number(mutated)


def test_a_published_credit_code_is_valid_and_a_changed_one_is_not():
    assert parse_credit_code("91350100m000100y43") == "91350100M000100Y43"
    assert not is_credit_code("91350100M000100Y44")
    with pytest.raises(InvalidIdentifier, match="不使用 I、O、S、V、Z"):
        parse_credit_code("91350100M000100YO3")


@given(st.integers(0, 31 ** 8), st.integers(0, 16), st.integers(1, 30))
def test_changing_any_one_character_of_a_credit_code_is_caught(serial, position, delta):
    code = make_credit_code("539900", serial)
    char = USCC_CHARS[(USCC_CHARS.index(code[position]) + delta) % len(USCC_CHARS)]
    mutated = code[:position] + char + code[position + 1:]
    assert is_credit_code(code)
    assert not is_credit_code(mutated)
