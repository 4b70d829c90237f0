"""Chinese dates, times and amounts as people and source systems write them.

Dates: 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, and Excel serial numbers (46086, "46086.5"),
each optionally followed by a time (14:30, 14:30:00, 14时30分, 14点30分05秒). Results are naive local
wall-clock values in Asia/Shanghai; an input with an explicit offset is converted to that time first.

Amounts: 1,234.50 · ¥1,234.50 · 1234.5元 · 1.2万元 · 1.2万 · 0.5亿 · -12.5 · (1,234.50) and （1,234.50）
as negative, full-width digits. Results are ``Decimal`` with exactly two places (分); more precision is an
error, not a silent rounding, because a payment amount is a fact.

Every parser raises ``ValueError`` whose message is a Chinese sentence fit to show to the person who
wrote the file (the importer prefixes file, line and field).
"""

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
CENT = Decimal("0.01")
# decimal128(18, 2) in the warehouse: 16 digits before the point.
AMOUNT_LIMIT = Decimal(10) ** 16
# Excel's day zero; serials count from here (the 1900 leap-year bug only shifts dates before March 1900).
EXCEL_EPOCH = date(1899, 12, 30)
# Serials accepted as dates: 1950-01-01 … 2099-12-31, so that a bare year ("2026") or an amount in a
# date column is reported as an error rather than read as a day in 1905.
EXCEL_SERIAL_RANGE = (18264, 73050)
# A float cell (Excel, Parquet double) may carry binary noise such as 0.30000000000000004; within this
# distance of a whole number of cents it is that number of cents.
FLOAT_CENT_TOLERANCE = 1e-6

_UNITS = {"": 1, "元": 1, "万": 10_000, "万元": 10_000, "亿": 100_000_000, "亿元": 100_000_000}
_AMOUNT = re.compile(
    r"^(?P<sign>[+-]?)(?:¥|RMB|CNY)?(?P<sign2>[+-]?)"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?(?P<unit>元|万元|万|亿元|亿)?$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^(?P<y>\d{4})(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日?"
    r"|(?P<m3>\d{2})(?P<d3>\d{2}))"
    r"(?:(?:\s+|T|(?<=日))(?P<time>.+))?$"
)
_TIME_COLON = re.compile(r"^(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d{1,6}))?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?$")
_TIME_ZH = re.compile(r"^(?P<h>\d{1,2})[时点](?:(?P<mi>\d{1,2})分(?:(?P<s>\d{1,2})秒)?)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")


def normalize_text(value: str) -> str:
    """Full-width forms to half-width (１２３，（）：／ → 123,():/), surrounding spaces removed."""
    return unicodedata.normalize("NFKC", value).strip()


def header_key(value: str) -> str:
    """The form in which a column header is compared: NFKC, no spaces, no required-marks, case-folded."""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"\s+", "", text).strip("*").casefold()


def _show(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


# ---------------------------------------------------------------------------------------------- amounts


def parse_amount(value) -> Decimal:
    """An amount in yuan as ``Decimal`` with two places. Raises ``ValueError`` on anything else."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"无法识别的金额「{_show(value)}」")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        return _amount_from_float(value)
    else:
        amount = _amount_from_text(str(value))
    if not amount.is_finite():
        raise ValueError(f"无法识别的金额「{_show(value)}」")
    if abs(amount) >= AMOUNT_LIMIT:
        raise ValueError(f"金额「{_show(value)}」超出范围（绝对值须小于 1 亿亿元）")
    if amount != amount.quantize(CENT):
        raise ValueError(f"金额「{_show(value)}」超过两位小数（精确到分）")
    return amount.quantize(CENT) if amount else Decimal("0.00")  # never a negative zero


def _amount_from_float(value: float) -> Decimal:
    if not math.isfinite(value):
        raise ValueError(f"无法识别的金额「{value}」")
    if abs(value) >= AMOUNT_LIMIT:
        raise ValueError(f"金额「{_show(repr(value))}」超出范围（绝对值须小于 1 亿亿元）")
    shortest = Decimal(repr(value))  # the decimal the cell was typed as, when it had at most two places
    if shortest == shortest.quantize(CENT):
        return parse_amount(shortest)
    cents = round(value * 100)
    if abs(value * 100 - cents) > FLOAT_CENT_TOLERANCE * 100:
        raise ValueError(f"金额「{_show(repr(value))}」超过两位小数（精确到分）")
    return parse_amount(Decimal(cents) / 100)


def _amount_from_text(raw: str) -> Decimal:
    text = normalize_text(raw).replace(" ", "").replace("−", "-")
    negative = False
    if len(text) >= 2 and text[0] == "(" and text[-1] == ")":
        negative, text = True, text[1:-1]
    match = _AMOUNT.match(text)
    if not match or (match["sign"] and match["sign2"]) or (negative and (match["sign"] or match["sign2"])):
        raise ValueError(f"无法识别的金额「{_show(raw)}」")
    digits = match["int"].replace(",", "") + ("." + match["frac"] if match["frac"] else "")
    try:
        amount = Decimal(digits) * _UNITS[match["unit"] or ""]
    except InvalidOperation:
        raise ValueError(f"无法识别的金额「{_show(raw)}」") from None
    if negative or "-" in (match["sign"], match["sign2"]):
        amount = -amount
    return amount


# ----------------------------------------------------------------------------------- integers and enums


def parse_integer(value) -> int:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"无法识别的整数「{_show(value)}」")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"「{_show(repr(value))}」不是整数")
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        raise ValueError(f"「{_show(value)}」不是整数")
    text = normalize_text(str(value)).replace(",", "")
    if text.endswith(".0"):
        text = text[:-2]
    if not _INTEGER.match(text) or len(text.lstrip("+-")) > 18:
        raise ValueError(f"无法识别的整数「{_show(value)}」")
    return int(text)


def parse_enum(value, labels: dict, allowed_display: str = "") -> str:
    """The stored value for ``value`` given the accepted spellings ``labels`` (spelling → stored value)."""
    key = header_key(value)
    for spelling, stored in labels.items():
        if header_key(spelling) == key:
            return stored
    hint = f"，可选：{allowed_display}" if allowed_display else ""
    raise ValueError(f"不在可选值中的取值「{_show(value)}」{hint}")


# ------------------------------------------------------------------------------------- dates and times


def _from_serial(serial: float, raw) -> datetime:
    lo, hi = EXCEL_SERIAL_RANGE
    if not math.isfinite(serial) or not lo <= serial < hi + 1:
        raise ValueError(f"无法识别的日期「{_show(raw)}」（Excel 日期序号应在 {lo}–{hi} 之间）")
    days = math.floor(serial)
    # Excel keeps milliseconds; rounding there removes the float noise of a fraction of a day.
    millis = round((serial - days) * 86_400_000)
    return datetime.combine(EXCEL_EPOCH + timedelta(days=days), time()) + timedelta(milliseconds=millis)


def _parse_time(text: str, raw) -> tuple[time, timedelta | None]:
    match = _TIME_COLON.match(text) or _TIME_ZH.match(text)
    if not match:
        raise ValueError(f"无法识别的时间「{_show(raw)}」")
    parts = match.groupdict()
    hour, minute, second = int(parts["h"]), int(parts.get("mi") or 0), int(parts.get("s") or 0)
    micro = int((parts.get("f") or "0").ljust(6, "0"))
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"无效的时间「{_show(raw)}」")
    offset = None
    tz = parts.get("tz")
    if tz:
        if tz == "Z":
            offset = timedelta(0)
        else:
            digits = tz[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            offset = -offset if tz[0] == "-" else offset
    return time(hour, minute, second, micro), offset


def parse_datetime(value) -> datetime:
    """A naive local (Asia/Shanghai) ``datetime``. A date alone means midnight."""
    if value is None or isinstance(value, bool):
        raise ValueError(f"无法识别的日期时间「{_show(value)}」")
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(LOCAL_TZ).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float, Decimal)):
        return _from_serial(float(value), value)
    text = normalize_text(str(value))
    if _SERIAL.match(text):
        return _from_serial(float(text), value)
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"无法识别的日期「{_show(value)}」")
    year = int(match["y"])
    month = int(match["m"] or match["m2"] or match["m3"])
    day = int(match["d"] or match["d2"] or match["d3"])
    try:
        result = datetime(year, month, day)
    except ValueError:
        raise ValueError(f"不存在的日期「{_show(value)}」") from None
    if match["time"]:
        clock, offset = _parse_time(match["time"].strip(), value)
        result = datetime.combine(result.date(), clock)
        if offset is not None:
            result = (result - offset).replace(tzinfo=ZoneInfo("UTC")).astimezone(LOCAL_TZ).replace(tzinfo=None)
    return result


def parse_date(value) -> date:
    """A ``date``. A value with a time of day (Excel "46086.5", "2026-03-05 14:30") gives its day."""
    if isinstance(value, datetime):
        return parse_datetime(value).date()
    if isinstance(value, date):
        return value
    try:
        return parse_datetime(value).date()
    except ValueError as exc:
        raise ValueError(str(exc).replace("日期时间", "日期")) from None
