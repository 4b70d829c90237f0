"""The deadline clock shown on an alert: due date, working time left or overdue, provisional mark."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from qingfeng.alerts.lifecycle import WAITING
from qingfeng.core.calendar import WorkCalendar
from qingfeng.core.deadlines import workdays_between


@dataclass(frozen=True)
class Clock:
    due: datetime | None
    provisional: bool
    state: str  # none | running | due_today | overdue | stopped
    working_days: int = 0  # left while running, past the deadline while overdue
    left: timedelta | None = None  # natural time left (running, due today) or past (overdue)


def clock_for(alert, now: datetime | None = None) -> Clock:
    now = timezone.localtime(now or timezone.now())
    due = timezone.localtime(alert.due_at) if alert.due_at else None
    if due is None:
        return Clock(None, False, "none")
    # The clock runs only while the department owes an answer; afterwards it is the supervisor's turn.
    if not alert.is_overdue(now) and alert.status not in WAITING:
        return Clock(due, alert.due_provisional, "stopped")
    today, due_day = now.date(), due.date()
    calendar = WorkCalendar.load(min(today, due_day) - timedelta(days=1), max(today, due_day) + timedelta(days=1))
    if now > due:
        return Clock(due, alert.due_provisional, "overdue", workdays_between(due_day, today, calendar), now - due)
    if today == due_day:
        return Clock(due, alert.due_provisional, "due_today", 0, due - now)
    return Clock(due, alert.due_provisional, "running", workdays_between(today, due_day, calendar), due - now)
