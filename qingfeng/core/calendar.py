"""The working-day calendar: seeded from ``chinesecalendar``, edited by administrators, with a local layer.

``WorkCalendar`` is an in-memory view of the table for a range of years; the deadline service and the
screening engine's ``calendar`` view both read it. A year the table does not know falls back to
Monday–Friday and is reported as provisional, never a crash and never a silent guess.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from .models import CalendarDay, CalendarLayer, DayKind


def seed_from_chinesecalendar(years: range | None = None) -> int:
    """Fill the national layer for every year the package knows (or ``years``). Returns rows written.
    Existing national rows are replaced; the local layer is never touched."""
    import chinese_calendar
    from chinese_calendar import constants

    first, last = min(constants.holidays).year, max(constants.holidays).year
    years = years or range(first, last + 1)
    rows = []
    for year in years:
        if year < first or year > last:
            continue
        day = date(year, 1, 1)
        while day.year == year:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            workday = chinese_calendar.is_workday(day)
            if workday:
                kind = DayKind.MAKEUP if day.weekday() >= 5 else DayKind.WORKDAY
            elif chinese_calendar.is_in_lieu(day):
                kind = DayKind.IN_LIEU
            elif name:
                kind = DayKind.STATUTORY
            else:
                kind = DayKind.WEEKEND
            rows.append(
                CalendarDay(date=day, layer=CalendarLayer.NATIONAL, is_workday=workday, kind=kind,
                            name=str(name or ""), source=f"chinesecalendar {chinese_calendar.__version__}")
            )
            day += timedelta(days=1)
    CalendarDay.objects.filter(layer=CalendarLayer.NATIONAL, date__year__in=list(years)).delete()
    CalendarDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def known_years() -> set[int]:
    """Years that have a complete national layer."""
    bounds = CalendarDay.objects.filter(layer=CalendarLayer.NATIONAL).aggregate(lo=Min("date"), hi=Max("date"))
    if not bounds["lo"]:
        return set()
    years = set()
    for year in range(bounds["lo"].year, bounds["hi"].year + 1):
        if CalendarDay.objects.filter(layer=CalendarLayer.NATIONAL, date__year=year).count() >= 365:
            years.add(year)
    return years


@dataclass
class WorkCalendar:
    """Working days for a span of dates, with the local layer applied over the national one."""

    workdays: dict[date, bool] = field(default_factory=dict)
    known: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, start: date | None = None, end: date | None = None) -> "WorkCalendar":
        qs = CalendarDay.objects.all()
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        days: dict[date, bool] = {}
        local: dict[date, bool] = {}
        for d, layer, workday in qs.values_list("date", "layer", "is_workday").iterator(chunk_size=5000):
            (local if layer == CalendarLayer.LOCAL else days)[d] = workday
        days.update(local)
        known = {d.year for d in days}
        return cls(days, known)

    def is_provisional(self, day: date) -> bool:
        return day.year not in self.known

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return self.workdays[day]
        return day.weekday() < 5  # provisional: Monday–Friday

    def rows(self, start: date, end: date):
        """(date, is_workday, provisional) for every day in [start, end]: the screening engine's view."""
        day = start
        while day <= end:
            yield day, self.is_workday(day), self.is_provisional(day)
            day += timedelta(days=1)


def next_year_warning(today: date | None = None) -> str | None:
    """The dashboard warning shown from 1 November while next year's calendar is missing."""
    today = today or timezone.localdate()
    month, day = settings.QINGFENG["CALENDAR_WARNING_FROM"]
    if (today.month, today.day) < (month, day):
        return None
    if CalendarDay.objects.filter(layer=CalendarLayer.NATIONAL, date__year=today.year + 1).exists():
        return None
    return (f"{today.year + 1} 年工作日历尚未录入（国务院办公厅节假日安排通知通常于 11 月发布）。"
            f"在录入之前，{today.year + 1} 年的期限按周一至周五暂算并标注为“暂定”。")
