"""The one deadline service. Every deadline in Qingfeng — alerts, approvals, tickets, disclosure
requests — is computed here from the working-day calendar.

Units: working days, calendar days, natural hours. Start rule: the clock starts the same day or the next
day (行政许可 "从收到…的次日起计算"). Typed suspensions (听证, 检验检测, 专家评审, 补正…) stop the clock.
Extensions add time up to a ceiling; an extension asked for after the deadline has passed does not
count (§1.5: "超过办结时限才提出延期申请" is overdue). A day in a year the calendar does not know is
counted Monday–Friday and the result is marked provisional.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calendar import WorkCalendar


class Unit(models.TextChoices):
    WORKING_DAY = "working_day", _("工作日")
    CALENDAR_DAY = "calendar_day", _("自然日")
    NATURAL_HOUR = "natural_hour", _("小时")


class StartRule(models.TextChoices):
    SAME_DAY = "same_day", _("当日起算")
    NEXT_DAY = "next_day", _("次日起算")


class SuspensionReason(models.TextChoices):
    MISSING_MATERIALS = "missing_materials", _("补正材料")
    HEARING = "hearing", _("听证")
    TESTING = "testing", _("检验检测检疫")
    APPRAISAL = "appraisal", _("鉴定")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    TENDER_AUCTION = "tender_auction", _("招标拍卖")
    THIRD_PARTY = "third_party", _("征求第三方意见")
    OTHER = "other", _("其他特别程序")


@dataclass(frozen=True)
class Suspension:
    reason: str
    start: datetime
    end: datetime | None  # None: still suspended


@dataclass(frozen=True)
class Extension:
    amount: int
    requested_at: datetime


@dataclass
class Deadline:
    due: datetime | None  # None while the clock is stopped by an open suspension
    provisional: bool
    suspended: bool = False
    refused_extensions: list[Extension] = field(default_factory=list)
    granted_extension: int = 0

    def remaining(self, now: datetime | None = None) -> timedelta | None:
        if self.due is None:
            return None
        return self.due - (now or timezone.now())

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.due is not None and (now or timezone.now()) > self.due


class DeadlineError(ValueError):
    pass


def _local(dt: datetime) -> datetime:
    return timezone.localtime(dt) if timezone.is_aware(dt) else timezone.make_aware(dt)


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _suspended_days(suspensions: list[Suspension]) -> set[date]:
    days: set[date] = set()
    for s in suspensions:
        if s.end is None:
            continue
        d, last = _local(s.start).date(), _local(s.end).date()
        while d <= last:
            days.add(d)
            d += timedelta(days=1)
    return days


def _count_days(first: date, amount: int, counts, skip: set[date]) -> tuple[date, bool]:
    """The date on which the ``amount``-th counted day falls, counting from ``first`` inclusive."""
    if amount <= 0:
        raise DeadlineError("期限必须为正数")
    day, counted, provisional = first, 0, False
    for _guard in range(amount * 10 + 400):
        if day not in skip:
            ok, prov = counts(day)
            provisional |= prov
            if ok:
                counted += 1
                if counted == amount:
                    return day, provisional
        day += timedelta(days=1)
    raise DeadlineError("期限超出可计算范围")


def compute(
    start: datetime,
    amount: int,
    unit: str = Unit.WORKING_DAY,
    start_rule: str = StartRule.NEXT_DAY,
    *,
    suspensions: list[Suspension] = (),
    extensions: list[Extension] = (),
    extension_ceiling: int = 0,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Compute a deadline. Working and calendar days end at 23:59:59 of the last counted day; a last
    calendar day that is not a working day rolls to the next working day (the general 期间 rule)."""
    suspensions = list(suspensions)
    start = _local(start)
    if any(s.end is None for s in suspensions):
        return Deadline(due=None, provisional=False, suspended=True)

    # Extensions count only when asked before the deadline they extend, and only up to the ceiling.
    base = compute(start, amount, unit, start_rule, suspensions=suspensions, calendar=calendar) if extensions else None
    granted, refused = 0, []
    for ext in sorted(extensions, key=lambda e: e.requested_at):
        if base.due is not None and ext.requested_at > base.due:
            refused.append(ext)
            continue
        if granted + ext.amount > extension_ceiling:
            raise DeadlineError(f"延期合计 {granted + ext.amount} 超过上限 {extension_ceiling}")
        granted += ext.amount
    total = amount + granted

    if unit == Unit.NATURAL_HOUR:
        due = start + timedelta(hours=total)
        for s in sorted(suspensions, key=lambda s: s.start):
            if _local(s.start) < due:
                due += _local(s.end) - _local(s.start)
        return Deadline(due=due, provisional=False, refused_extensions=refused, granted_extension=granted)

    if calendar is None:
        calendar = WorkCalendar.load(start.date() - timedelta(days=1), start.date() + timedelta(days=total * 4 + 120))
    first = start.date() + timedelta(days=1 if start_rule == StartRule.NEXT_DAY else 0)
    skip = _suspended_days(suspensions)
    if unit == Unit.WORKING_DAY:
        last, provisional = _count_days(first, total, lambda d: (calendar.is_workday(d), calendar.is_provisional(d)), skip)
    elif unit == Unit.CALENDAR_DAY:
        last, _p = _count_days(first, total, lambda d: (True, False), skip)
        provisional = calendar.is_provisional(last)
        while not calendar.is_workday(last):
            last += timedelta(days=1)
            provisional |= calendar.is_provisional(last)
    else:
        raise DeadlineError(f"未知的期限单位 {unit!r}")
    return Deadline(due=_end_of_day(last), provisional=provisional, refused_extensions=refused, granted_extension=granted)


def workdays_between(a: date, b: date, calendar: WorkCalendar) -> int:
    """Working days in (a, b]: how many working days after ``a`` the day ``b`` is."""
    n, d = 0, a
    while d < b:
        d += timedelta(days=1)
        n += calendar.is_workday(d)
    return n
