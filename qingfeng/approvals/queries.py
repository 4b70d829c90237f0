"""Reads of the power list: the version in force on a day, the current list, and the history of changes."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from .models import PowerItem, PowerItemVersion, PowerType, VersionStatus

# Types of power a citizen or an enterprise applies for (penalties, inspections and enforcement are not).
APPLICABLE_TYPES = frozenset({PowerType.LICENSING, PowerType.CONFIRMATION, PowerType.BENEFIT, PowerType.REWARD,
                              PowerType.ADJUDICATION, PowerType.OTHER})


def published(item: PowerItem | None = None) -> QuerySet:
    qs = PowerItemVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("item__department")
    return qs.filter(item=item) if item is not None else qs


def current_version(item: PowerItem, on: date | None = None) -> PowerItemVersion | None:
    """The published version in force on ``on`` (latest effective date not after it, then highest number)."""
    on = on or timezone.localdate()
    return published(item).filter(effective_from__lte=on).order_by("-effective_from", "-number").first()


def current_list(on: date | None = None) -> list[PowerItemVersion]:
    """The version in force of every item that has one, in code order."""
    on = on or timezone.localdate()
    best: dict[int, PowerItemVersion] = {}
    for v in published().filter(effective_from__lte=on).order_by("item__code", "effective_from", "number"):
        best[v.item_id] = v
    return sorted(best.values(), key=lambda v: v.item.code)


def upcoming(on: date | None = None) -> list[PowerItemVersion]:
    """Published versions that take effect after ``on``."""
    on = on or timezone.localdate()
    return list(published().filter(effective_from__gt=on).order_by("effective_from", "item__code"))


def history(item: PowerItem | None = None) -> QuerySet:
    """Every published version (the public history of the list), newest first."""
    return published(item).order_by("-effective_from", "-number", "item__code")


def pending(item: PowerItem) -> PowerItemVersion | None:
    return item.versions.filter(status=VersionStatus.PROPOSED).first()
