"""信息处理费 (国办函〔2020〕109号): by request (按件, counted per applicant and natural month) or by volume
(按量, pages of one request). Both are super-progressive: only the part above a threshold pays its rate."""

from dataclasses import dataclass
from decimal import Decimal

from .parameters import FREE_REQUESTS_PER_MONTH, PER_PAGE_TIERS, PER_REQUEST_TIERS


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    lines: list[tuple[str, int, Decimal]]  # (band, count, rate)


def per_request_rate(n: int) -> Decimal:
    """What the ``n``-th request of an applicant in one natural month costs."""
    free = int(FREE_REQUESTS_PER_MONTH.value())
    (first_upto, first_rate), (step, step_rise) = PER_REQUEST_TIERS.value()
    if n <= free:
        return Decimal(0)
    if n <= first_upto:
        return Decimal(first_rate)
    tier = (n - first_upto - 1) // step + 1
    return Decimal(first_rate) + Decimal(step_rise) * tier


def per_request(n: int) -> Fee:
    """The fee of the ``n``-th request this month (earlier requests were charged when they were answered)."""
    rate = per_request_rate(n)
    return Fee(rate, [(f"第{n}件", 1, rate)])


def per_page(pages: int) -> Fee:
    lines, total, floor = [], Decimal(0), 0
    for upto, rate in PER_PAGE_TIERS.value():
        top = pages if upto is None else min(pages, upto)
        count = max(0, top - floor)
        if count:
            lines.append((f"{floor + 1}—{top}页", count, Decimal(rate)))
            total += Decimal(rate) * count
        if upto is None or pages <= upto:
            break
        floor = upto
    return Fee(total, lines)


def month_total(requests_in_month: int) -> Decimal:
    """All requests of one applicant in one month, by request: the sum of each one's rate."""
    return sum((per_request_rate(n) for n in range(1, requests_in_month + 1)), Decimal(0))
