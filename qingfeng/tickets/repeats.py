"""Repeat and duplicate tickets, and hot spots.

Two tickets are about the same matter at the same place when their texts are alike (Jaccard similarity of
character bigrams ≥ ``DUPLICATE_SIMILARITY``) and their places match (the same normalised address, or
coordinates within ``PLACE_RADIUS_METRES``). A new ticket like that is a *duplicate* while the earlier one is
still being handled, and a *repeat* once the earlier one has been answered (the matter came back: the
repeat-complaint rate counts these). Linked tickets share a cluster (the earliest ticket); a hot spot is a
cluster with at least ``HOTSPOT_MIN_TICKETS`` tickets.
"""

import math
import re
from datetime import timedelta

from django.db.models import Count, Q

from .parameters import DUPLICATE_SIMILARITY, DUPLICATE_WINDOW_DAYS, HOTSPOT_MIN_TICKETS, PLACE_RADIUS_METRES

_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
CANDIDATES = 400  # the most recent tickets of the same service compared against a new one


def bigrams(text: str) -> frozenset[str]:
    clean = _NOT_TEXT.sub("", text or "")
    return frozenset(clean[i:i + 2] for i in range(len(clean) - 1)) or frozenset({clean})


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def place_key(address: str) -> str:
    """The address with spaces and punctuation removed, so "A3区 杜鹃路12号" and "A3区杜鹃路12号" match."""
    return _NOT_TEXT.sub("", address or "")[:128]


def metres(lat1, lon1, lat2, lon2) -> float:
    r = 6371000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def same_place(a, b) -> bool:
    if a.lat is not None and b.lat is not None and a.long is not None and b.long is not None:
        return metres(a.lat, a.long, b.lat, b.long) <= float(PLACE_RADIUS_METRES.value())
    return bool(a.place_key) and a.place_key == b.place_key


def matter_text(ticket) -> str:
    return f"{ticket.title} {ticket.description}"


def find_earlier(ticket):
    """The earliest earlier ticket about the same matter at the same place within the window, or None."""
    from .models import Ticket

    since = ticket.received_at - timedelta(days=int(DUPLICATE_WINDOW_DAYS.value()))
    # Same place first, in SQL: the text comparison is the costly part and runs only on these.
    place = Q(pk__in=[])
    if ticket.place_key:
        place |= Q(place_key=ticket.place_key)
    if ticket.lat is not None and ticket.long is not None:
        d_lat = float(PLACE_RADIUS_METRES.value()) / 111_000
        d_long = d_lat / max(math.cos(math.radians(ticket.lat)), 0.01)
        place |= Q(lat__range=(ticket.lat - d_lat, ticket.lat + d_lat), long__range=(ticket.long - d_long, ticket.long + d_long))
    qs = (Ticket.objects.filter(place, service_id=ticket.service_id, received_at__gte=since, received_at__lte=ticket.received_at)
          .exclude(pk=ticket.pk).order_by("-received_at")[:CANDIDATES])
    threshold = float(DUPLICATE_SIMILARITY.value())
    text = matter_text(ticket)
    matches = [t for t in qs if same_place(ticket, t) and similarity(text, matter_text(t)) >= threshold]
    return min(matches, key=lambda t: (t.received_at, t.pk)) if matches else None


def hotspots(queryset, *, min_tickets: int | None = None) -> list[dict]:
    """Clusters with at least ``min_tickets`` tickets in ``queryset`` (already scoped by the caller)."""
    from .models import Ticket

    least = int(min_tickets if min_tickets is not None else HOTSPOT_MIN_TICKETS.value())
    counts = (queryset.exclude(cluster__isnull=True).values("cluster").annotate(n=Count("pk")).filter(n__gte=least - 1)
              .order_by("-n"))
    roots = Ticket.objects.in_bulk([c["cluster"] for c in counts])
    result = []
    for c in counts:
        root = roots.get(c["cluster"])
        n = c["n"] + (1 if root is not None and queryset.filter(pk=root.pk).exists() else 0)
        if root is None or n < least:
            continue
        members = queryset.filter(cluster=root).order_by("received_at")
        result.append({"root": root, "count": n, "first": root.received_at,
                       "last": max([root.received_at] + [m.received_at for m in members]),
                       "repeats": members.filter(repeat_of__isnull=False).count(), "service": root.service,
                       "address": root.address, "lat": root.lat, "long": root.long,
                       "department": root.department})
    return sorted(result, key=lambda r: (-r["count"], -r["last"].timestamp()))
