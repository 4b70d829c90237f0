"""What the public portal publishes: aggregates only. No subject keys, no alert titles (they name the
subject), no payee names, no people — department names and rule titles are public information."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from qingfeng.alerts import stats
from qingfeng.alerts.models import Alert
from qingfeng.core import ledger
from qingfeng.core.models import LedgerEvent

# How many days of daily ledger heads the portal lists; older heads stay checkable by sequence number.
DAILY_HEADS_SHOWN = 30


def average_answer_time(qs=None) -> timedelta | None:
    """Mean time from dispatch to the department's answer, over alerts answered so far."""
    qs = Alert.objects.all() if qs is None else qs
    pairs = qs.filter(dispatched_at__isnull=False, answered_at__isnull=False).values_list("dispatched_at", "answered_at")
    total, n = timedelta(0), 0
    for dispatched, answered in pairs.iterator(chunk_size=5000):
        if answered >= dispatched:
            total += answered - dispatched
            n += 1
    return total / n if n else None


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def portal_figures(now: datetime | None = None) -> dict:
    summary = stats.public_summary(now)
    departments = [{**d, "closed": d["alerts"] - d["open"], "closed_share": share(d["alerts"] - d["open"], d["alerts"])}
                   for d in summary["by_department"]]
    return {
        **summary,
        "by_department": departments,
        "closed_share": share(summary["closed"], summary["total"]),
        "average_answer_time": average_answer_time(),
    }


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    at: datetime
    algorithm: str


def current_head() -> Head | None:
    event = ledger.head()
    return Head(event.seq, event.hash, event.at, event.algorithm) if event else None


def daily_heads(days: int = DAILY_HEADS_SHOWN, today: date | None = None) -> list[tuple[date, Head]]:
    """The last event of each day (local time) on which the ledger grew, newest first."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.combine(today - timedelta(days=days - 1), datetime.min.time()))
    last_seqs = (LedgerEvent.objects.filter(at__gte=since).annotate(day=TruncDate("at")).values("day")
                 .annotate(last=Max("seq")).values_list("day", "last"))
    by_seq = {seq: day for day, seq in last_seqs}
    events = LedgerEvent.objects.filter(seq__in=by_seq).only("seq", "hash", "at", "algorithm").order_by("-seq")
    return [(by_seq[e.seq], Head(e.seq, e.hash, e.at, e.algorithm)) for e in events]


def head_at(seq: int) -> Head | None:
    """The hash the chain holds at ``seq``: compare it with a head published earlier."""
    event = LedgerEvent.objects.filter(seq=seq).only("seq", "hash", "at", "algorithm").first()
    return Head(event.seq, event.hash, event.at, event.algorithm) if event else None
