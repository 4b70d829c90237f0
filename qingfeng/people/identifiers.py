"""Chinese identifiers and their check digits: the resident ID card number (GB 11643-1999) and the
unified social credit code (GB 32100-2015). A value is validated before it is hashed or joined on, so a
mistyped number never links two people or two companies."""

import re
from dataclasses import dataclass
from datetime import date

ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
ID_CHECK = "10X98765432"  # index: weighted sum mod 11
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_AUTHORITIES = "123456789ABCDEFGHNY"  # first character: the registration authority
_SPACES = re.compile(r"[\s\u3000\-]+")


class InvalidIdentifier(ValueError):
    """The value is not a valid identifier; the message says why, in Chinese."""


@dataclass(frozen=True)
class IdNumber:
    value: str  # 18 characters, upper-case X
    region: str  # first six digits: the county of household registration at issue
    birth_date: date
    male: bool

    @property
    def masked(self) -> str:
        return self.value[:6] + "*" * 8 + self.value[-4:]


def _clean(value: str) -> str:
    full_to_half = str(value).translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    return _SPACES.sub("", full_to_half).upper()


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(value: str) -> IdNumber:
    """Validate a resident ID number (18 characters, or a legacy 15-digit one, upgraded) and read it."""
    text = _clean(value or "")
    if len(text) == 15 and text.isdigit():  # first-generation card: 2-digit year, no check character
        text = text[:6] + "19" + text[6:]
        text += id_check_char(text)
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise InvalidIdentifier(f"身份证号应为 18 位（前 17 位数字，末位数字或 X），收到 {len(text)} 位")
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InvalidIdentifier(f"身份证号中的出生日期 {text[6:14]} 不存在") from None
    if born.year < 1900:
        raise InvalidIdentifier(f"身份证号中的出生年份 {born.year} 不合理")
    if id_check_char(text[:17]) != text[17]:
        raise InvalidIdentifier("身份证号校验位不符（GB 11643）：号码有误")
    return IdNumber(text, text[:6], born, int(text[16]) % 2 == 1)


def is_id_number(value: str) -> bool:
    try:
        parse_id_number(value)
    except InvalidIdentifier:
        return False
    return True


def make_id_number(region: str, born: date, sequence: int) -> str:
    """A well-formed number for synthetic data (the demo city); ``sequence`` is 0–999."""
    first17 = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_check_char(first17)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def parse_credit_code(value: str) -> str:
    """Validate a unified social credit code and return it in canonical form (upper case, no spaces)."""
    text = _clean(value or "")
    if len(text) != 18:
        raise InvalidIdentifier(f"统一社会信用代码应为 18 位，收到 {len(text)} 位")
    bad = sorted({c for c in text if c not in USCC_CHARS})
    if bad:
        raise InvalidIdentifier(f"统一社会信用代码含不允许的字符 {''.join(bad)}（不使用 I、O、S、V、Z）")
    if text[0] not in USCC_AUTHORITIES:
        raise InvalidIdentifier(f"统一社会信用代码首位（登记管理部门）{text[0]} 无效")
    if not text[2:8].isdigit():
        raise InvalidIdentifier("统一社会信用代码第 3–8 位应为行政区划码（数字）")
    if uscc_check_char(text[:17]) != text[17]:
        raise InvalidIdentifier("统一社会信用代码校验位不符（GB 32100）：代码有误")
    return text


def is_credit_code(value: str) -> bool:
    try:
        parse_credit_code(value)
    except InvalidIdentifier:
        return False
    return True


def make_credit_code(region: str, serial: int, authority: str = "9", kind: str = "1") -> str:
    """A well-formed code for synthetic data: authority 9 (市场监管), kind 1 (企业), a 9-character body."""
    body = ""
    n = serial
    for _ in range(9):
        n, r = divmod(n, len(USCC_CHARS))
        body = USCC_CHARS[r] + body
    first17 = f"{authority}{kind}{region}{body}"
    return first17 + uscc_check_char(first17)
