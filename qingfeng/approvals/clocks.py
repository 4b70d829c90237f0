"""A case's clock, rebuilt from its events: the one place that turns approval events into deadlines.

The same ``ClockMaker.reconstruct`` serves a case handled here (its CaseEvent rows), a case from another
system (its imported events) and the supervision snapshot of both, so both are supervised alike. Every
deadline comes from ``qingfeng.core.deadlines.compute``:

- receipt → one-time notice of missing materials within 5 working days (§32), else the application counts
  as accepted from receipt; after a timely notice the applicant supplies the materials, and acceptance is
  due within 5 working days of the supplement, else it counts as accepted from the supplement;
- acceptance → the committed and the statutory deadline (next-day start, working days; a limit of 0 is
  the same working day), with typed suspensions that stop the clock and extensions up to the item's
  ceiling — an extension asked after expiry does not count, nor does a suspension started after expiry;
- acceptance → each step's own budget, one after another;
- acceptance → the preliminary review of a 上报件 (§43); decision → delivery (§44);
- the prompt starts at the midnight that begins the working day before the due day; the yellow card at the
  midnight that ends it (only the due day is left), so non-working days before a deadline are already yellow.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from qingfeng.core import deadlines
from qingfeng.core.calendar import WorkCalendar
from qingfeng.core.deadlines import StartRule, Unit

from . import parameters as p
from .models import CaseStatus, CaseType, EventType

# Same-instant events sort in the order a case moves.
ORDER = {t: i for i, t in enumerate((
    EventType.APPLY, EventType.MATERIALS_REQUEST, EventType.MATERIALS_SUPPLIED, EventType.ACCEPT, EventType.NOT_ACCEPT,
    EventType.FEE, EventType.INTERMEDIARY, EventType.SUSPEND, EventType.RESUME, EventType.EXTEND, EventType.STEP_DONE,
    EventType.FORWARD, EventType.DECIDE, EventType.DELIVER, EventType.WITHDRAW))}


# Events whose staff number names the case's handler.
HANDLING = frozenset({EventType.ACCEPT, EventType.MATERIALS_REQUEST, EventType.STEP_DONE, EventType.SUSPEND, EventType.FORWARD})


@dataclass(frozen=True)
class Limits:
    """The time limits of the item version in force when the case was received."""

    item_code: str
    name: str
    department_code: str
    case_type: str
    statutory_days: int
    committed_days: int
    extension_days: int
    steps: tuple[tuple[str, str, int], ...]  # (code, name, working days)
    version: int


class LimitsIndex:
    """Published versions of every item, by effective date: ``at(code, when)`` is the version in force."""

    def __init__(self, versions: dict[str, list[tuple[date, Limits]]]):
        self.versions = {code: sorted(v, key=lambda x: x[0]) for code, v in versions.items()}

    @classmethod
    def load(cls) -> "LimitsIndex":
        from .models import PowerItemVersion, VersionStatus

        out: dict[str, list[tuple[date, Limits]]] = {}
        qs = PowerItemVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("item__department")
        for v in qs.order_by("item__code", "effective_from", "number"):
            out.setdefault(v.item.code, []).append((v.effective_from, limits_of(v)))
        return cls(out)

    def at(self, item_code: str, when: datetime | None, tz=None) -> Limits | None:
        versions = self.versions.get(item_code)
        if not versions:
            return None
        day = when.astimezone(tz or timezone.get_current_timezone()).date() if when else date.max
        current = None
        for effective, limits in versions:
            if effective <= day:
                current = limits
        return current


def limits_of(version) -> Limits:
    return Limits(
        item_code=version.item.code, name=version.name, department_code=version.item.department.code,
        case_type=version.case_type, statutory_days=version.statutory_days, committed_days=version.committed_days,
        extension_days=version.extension_days,
        steps=tuple((s["code"], s["name"], int(s["days"])) for s in version.steps), version=version.number,
    )


@dataclass(frozen=True)
class StepClock:
    code: str
    name: str
    days: int
    started_at: datetime
    finished_at: datetime | None
    due_at: datetime | None

    def overrun(self, as_of: datetime) -> bool:
        return self.due_at is not None and (self.finished_at or as_of) > self.due_at


@dataclass(frozen=True)
class SuspensionPeriod:
    reason: str
    start: datetime
    end: datetime | None
    notice: str = ""


@dataclass(frozen=True)
class ExtensionRequest:
    days: int
    requested_at: datetime
    counted: bool
    why: str  # "" when counted; "after_expiry" | "over_ceiling"


@dataclass
class CaseClock:
    case_id: str
    source: str
    item_code: str
    department_code: str
    limits: Limits | None
    as_of: datetime
    status: str = CaseStatus.RECEIVED
    applied_at: datetime | None = None
    notice_at: datetime | None = None
    notices: int = 0
    notice_due_at: datetime | None = None
    supplied_at: datetime | None = None
    accept_due_at: datetime | None = None
    accepted_at: datetime | None = None  # the real acceptance event, if any
    deemed_accepted: bool = False
    not_accepted_at: datetime | None = None
    start_at: datetime | None = None  # when the decision clock started (acceptance, real or deemed)
    due_at: datetime | None = None
    statutory_due_at: datetime | None = None
    provisional: bool = False
    suspended: bool = False
    suspensions: list[SuspensionPeriod] = field(default_factory=list)
    extensions: list[ExtensionRequest] = field(default_factory=list)
    extension_days: int = 0
    prompt_at: datetime | None = None
    yellow_at: datetime | None = None
    forwarded_at: datetime | None = None
    forward_due_at: datetime | None = None
    decided_at: datetime | None = None
    decision: str = ""
    delivered_at: datetime | None = None
    delivery_due_at: datetime | None = None
    withdrawn_at: datetime | None = None
    closed_at: datetime | None = None
    used_workdays: int | None = None
    handler_staff_no: str = ""
    approver_staff_no: str = ""
    steps: list[StepClock] = field(default_factory=list)

    @property
    def late_extensions(self) -> int:
        return sum(1 for e in self.extensions if e.why == "after_expiry")

    @property
    def over_ceiling_extensions(self) -> int:
        return sum(1 for e in self.extensions if e.why == "over_ceiling")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def overdue(self) -> bool:
        return self.due_at is not None and (self.decided_at or self.closed_at or self.as_of) > self.due_at

    @property
    def current_step(self) -> StepClock | None:
        if self.closed_at is None and self.steps and self.steps[-1].finished_at is None:
            return self.steps[-1]
        return None

    @property
    def state(self) -> str:
        """For pages: waiting | running | prompt | yellow | overdue | stopped | done (and late when closed after due)."""
        if self.closed_at is not None:
            return "late" if self.overdue else "done"
        if self.start_at is None:
            return "waiting"
        if self.suspended:
            return "stopped"
        if self.due_at is not None and self.as_of > self.due_at:
            return "overdue"
        if self.yellow_at is not None and self.as_of >= self.yellow_at:
            return "yellow"
        if self.prompt_at is not None and self.as_of >= self.prompt_at:
            return "prompt"
        return "running"


def aware(value, tz=None) -> datetime | None:
    """Warehouse timestamps are naive Beijing wall-clock time; database ones are aware. ``tz`` saves looking up
    the current time zone (a thread-local read) when called a million times."""
    if value is None:
        return None
    tz = tz or timezone.get_current_timezone()
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value.astimezone(tz) if value.tzinfo is not None else value.replace(tzinfo=tz)


def _midnight(day: date, tz=None) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz or timezone.get_current_timezone())


class ClockMaker:
    """Rebuilds clocks against one calendar and one moment ``as_of``; caches the deadlines that depend
    only on a start day and a number of working days (most cases have no suspension or extension)."""

    def __init__(self, calendar: WorkCalendar, as_of: datetime):
        self.calendar = calendar
        self.tz = timezone.get_current_timezone()
        self.as_of = aware(as_of, self.tz)
        self.notice_days = int(p.NOTICE_WORKDAYS.value())
        self.accept_days = int(p.ACCEPT_WORKDAYS.value())
        self.preliminary_days = int(p.PRELIMINARY_WORKDAYS.value())
        self.delivery_days = int(p.DELIVERY_WORKDAYS.value())
        self.prompt_days = int(p.PROMPT_WORKDAYS.value())
        self.yellow_days = int(p.YELLOW_WORKDAYS.value())
        self._cache: dict[tuple, deadlines.Deadline] = {}

    @classmethod
    def for_span(cls, first: date, last: date, as_of: datetime) -> "ClockMaker":
        """One calendar load covering every deadline of cases received between ``first`` and ``last``."""
        return cls(WorkCalendar.load(first - timedelta(days=7), last + timedelta(days=400)), as_of)

    # ------------------------------------------------------------------------------------ deadlines

    def deadline(self, start: datetime, days: int, *, suspensions=(), extensions=(), ceiling: int = 0) -> deadlines.Deadline:
        """``days`` working days from the day after ``start``; 0 means by the end of the same working day."""
        rule, amount = (StartRule.SAME_DAY, 1) if days == 0 else (StartRule.NEXT_DAY, days)
        if not suspensions and not extensions:
            key = (start.date() if start.tzinfo is self.tz else start.astimezone(self.tz).date(), amount, rule)
            if key not in self._cache:
                self._cache[key] = deadlines.compute(start, amount, Unit.WORKING_DAY, rule, calendar=self.calendar)
            return self._cache[key]
        return deadlines.compute(start, amount, Unit.WORKING_DAY, rule, suspensions=list(suspensions),
                                 extensions=list(extensions), extension_ceiling=ceiling, calendar=self.calendar)

    def _back(self, day: date, n: int) -> date:
        """The working day ``n`` working days before ``day`` (``day`` itself for 0)."""
        while n > 0:
            day -= timedelta(days=1)
            if self.calendar.is_workday(day):
                n -= 1
        return day

    def workdays(self, start: datetime, end: datetime, skip: set[date] = frozenset()) -> int:
        """Working days in (start day, end day], leaving out suspended days."""
        a, b = start.astimezone(self.tz).date(), end.astimezone(self.tz).date()
        n, d = 0, a
        while d < b:
            d += timedelta(days=1)
            n += self.calendar.is_workday(d) and d not in skip
        return n

    # ---------------------------------------------------------------------------------- reconstruct

    def reconstruct(self, events: list[dict], limits: Limits | None, *, case_id: str = "", source: str = "") -> CaseClock:
        """The clock of one case from its events (dicts with the contract's column names; their ``occurred_at`` is
        made aware in place)."""
        tz = self.tz
        for e in events:
            e["occurred_at"] = aware(e["occurred_at"], tz)
        ev = sorted(events, key=lambda e: (e["occurred_at"], ORDER.get(e["event_type"], 99), str(e.get("event_id") or "")))
        head = ev[0] if ev else {}
        clock = CaseClock(case_id=case_id or head.get("case_id", ""), source=source or head.get("source", ""),
                          item_code=head.get("item_code", ""), department_code=head.get("department_code", ""),
                          limits=limits, as_of=self.as_of)

        firsts: dict[str, dict] = {}
        notices, supplies = [], []
        for e in ev:  # one pass: the first event of each kind, and every notice and supplement
            kind = e["event_type"]
            firsts.setdefault(kind, e)
            if kind == EventType.MATERIALS_REQUEST:
                notices.append(e)
            elif kind == EventType.MATERIALS_SUPPLIED:
                supplies.append(e)

        def at(kind):
            e = firsts.get(kind)
            return e["occurred_at"] if e else None

        clock.applied_at = at(EventType.APPLY)
        clock.notices = len(notices)
        clock.notice_at = notices[0]["occurred_at"] if notices else None
        if clock.applied_at is not None:
            clock.notice_due_at = self.deadline(clock.applied_at, self.notice_days).due
        supplied = [e for e in supplies if not notices or e["occurred_at"] >= clock.notice_at]
        clock.supplied_at = supplied[-1]["occurred_at"] if supplied else None
        clock.accepted_at = at(EventType.ACCEPT)
        clock.not_accepted_at = at(EventType.NOT_ACCEPT)
        decide = firsts.get(EventType.DECIDE)
        clock.decided_at, clock.decision = at(EventType.DECIDE), (decide or {}).get("decision") or ""
        clock.delivered_at = at(EventType.DELIVER)
        clock.withdrawn_at = at(EventType.WITHDRAW)
        clock.forwarded_at = at(EventType.FORWARD)
        self._start(clock)
        closings = [t for t in (clock.decided_at, clock.withdrawn_at, clock.not_accepted_at) if t is not None]
        clock.closed_at = min(closings) if closings else None
        if clock.start_at is not None and limits is not None:
            self._decision_clock(clock, ev, limits)
            self._steps(clock, ev, limits)
            if limits.case_type == CaseType.REPORTED:
                clock.forward_due_at = self.deadline(clock.start_at, self.preliminary_days).due
        if clock.decided_at is not None:
            clock.delivery_due_at = self.deadline(clock.decided_at, self.delivery_days).due
        clock.status = self._status(clock)
        staff = next((e.get("staff_no") for e in ev if e.get("staff_no") and e["event_type"] in HANDLING), "")
        clock.handler_staff_no = staff or ""  # the first who handled it: stable evidence
        clock.approver_staff_no = (decide or {}).get("staff_no") or ""
        return clock

    def _start(self, clock: CaseClock) -> None:
        """When the decision clock starts: the acceptance, or the moment the law deems the case accepted."""
        as_of = self.as_of
        timely = clock.notice_at is not None and clock.notice_due_at is not None and clock.notice_at <= clock.notice_due_at
        if timely:
            if clock.supplied_at is None:
                clock.start_at = clock.accepted_at  # waiting for the applicant's supplement
                return
            anchor = clock.supplied_at
            clock.accept_due_at = self.deadline(anchor, self.accept_days).due
        else:
            anchor = clock.applied_at
            clock.accept_due_at = clock.notice_due_at
        due = clock.accept_due_at
        if clock.accepted_at is not None and (due is None or clock.accepted_at <= due):
            clock.start_at = clock.accepted_at
        elif clock.not_accepted_at is not None and (due is None or clock.not_accepted_at <= due):
            clock.start_at = None
        elif anchor is not None and due is not None and (
                clock.accepted_at is not None or clock.not_accepted_at is not None or clock.decided_at is not None or as_of > due):
            clock.start_at, clock.deemed_accepted = anchor, True
        else:
            clock.start_at = clock.accepted_at

    def _decision_clock(self, clock: CaseClock, ev: list[dict], limits: Limits) -> None:
        start = clock.start_at
        periods: list[SuspensionPeriod] = []
        for e in ev:
            t = e["occurred_at"]
            if t < start:
                continue
            if e["event_type"] == EventType.SUSPEND and not (periods and periods[-1].end is None):
                periods.append(SuspensionPeriod(e.get("reason_code") or deadlines.SuspensionReason.OTHER, t, None, e.get("reason") or ""))
            elif e["event_type"] == EventType.RESUME and periods and periods[-1].end is None:
                last = periods[-1]
                periods[-1] = SuspensionPeriod(last.reason, last.start, t, last.notice)
        if periods and periods[-1].end is None and clock.closed_at is not None:
            last = periods[-1]
            periods[-1] = SuspensionPeriod(last.reason, last.start, clock.closed_at, last.notice)
        clock.suspensions = periods
        requests, counted_days = [], 0
        for e in ev:
            if e["event_type"] == EventType.EXTEND and e["occurred_at"] >= start:
                days = int(e.get("days") or 0)
                over = counted_days + days > limits.extension_days
                requests.append((days, e["occurred_at"], over))
                counted_days += 0 if over else days
        closed = [deadlines.Suspension(s.reason, s.start, s.end) for s in periods if s.end is not None]
        open_ = [s for s in periods if s.end is None]
        extensions = [deadlines.Extension(days, when) for days, when, over in requests if not over]
        due = self.deadline(start, limits.committed_days, suspensions=closed, extensions=extensions, ceiling=limits.extension_days)
        statutory = self.deadline(start, limits.statutory_days, suspensions=closed, extensions=extensions,
                                  ceiling=limits.extension_days)
        refused = {(x.amount, x.requested_at) for x in due.refused_extensions}
        clock.extensions = [ExtensionRequest(days, when, not over and (days, when) not in refused,
                                             "over_ceiling" if over else ("after_expiry" if (days, when) in refused else ""))
                            for days, when, over in requests]
        clock.extension_days = due.granted_extension
        clock.provisional = due.provisional or statutory.provisional
        clock.due_at, clock.statutory_due_at = due.due, statutory.due
        if open_ and not (due.due is not None and open_[0].start > due.due):
            # The clock stops while a suspension runs; one started after expiry changes nothing (still overdue).
            clock.suspended = True
            clock.due_at = clock.statutory_due_at = None
        if clock.due_at is not None:
            # Prompt from the start of the working day before the due day; yellow once that day is over (only the
            # due day is left), which also holds on the weekends and holidays in between.
            due_day = clock.due_at.astimezone(self.tz).date()
            clock.prompt_at = _midnight(self._back(due_day, self.prompt_days), self.tz)
            clock.yellow_at = _midnight(self._back(due_day, self.yellow_days + 1) + timedelta(days=1), self.tz)
        if clock.decided_at is not None:
            skip = set()
            for s in closed:
                d = s.start.astimezone(self.tz).date()
                while d <= s.end.astimezone(self.tz).date():
                    skip.add(d)
                    d += timedelta(days=1)
            clock.used_workdays = self.workdays(start, clock.decided_at, skip)

    def _steps(self, clock: CaseClock, ev: list[dict], limits: Limits) -> None:
        suspensions = [deadlines.Suspension(s.reason, s.start, s.end) for s in clock.suspensions]
        done: dict[str, datetime] = {}
        for e in ev:
            if e["event_type"] == EventType.STEP_DONE and e.get("step") and e["step"] not in done:
                done[e["step"]] = e["occurred_at"]
        t = clock.start_at
        for code, name, days in limits.steps:
            due = self.deadline(t, days, suspensions=[s for s in suspensions if s.end is None or s.end > t])
            finished = done.get(code)
            if finished is not None and finished < t:
                finished = t
            if finished is None and clock.closed_at is not None:
                finished = max(clock.closed_at, t)
            clock.steps.append(StepClock(code, name, days, t, finished, due.due))
            if finished is None:
                break
            t = finished

    @staticmethod
    def _status(clock: CaseClock) -> str:
        if clock.withdrawn_at is not None:
            return CaseStatus.WITHDRAWN
        if clock.delivered_at is not None:
            return CaseStatus.DELIVERED
        if clock.decided_at is not None:
            return CaseStatus.REFUSED if clock.decision == "refuse" else CaseStatus.APPROVED
        if clock.not_accepted_at is not None:
            return CaseStatus.NOT_ACCEPTED
        if clock.start_at is not None:
            return CaseStatus.SUSPENDED if clock.suspended else CaseStatus.ACCEPTED
        if clock.notice_at is not None and clock.supplied_at is None:
            return CaseStatus.MATERIALS_REQUESTED
        return CaseStatus.RECEIVED
