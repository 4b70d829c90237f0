"""AB岗 reads: who is away on a day, who acts for whom, and whose queue a case sits in.

A = the pair's primary, B = its backup. While A is away B acts with A's authority (and answers for it),
so A's cases move to B's queue; A and B may not both be away (actions.record_absence refuses it, and
counts a 空岗 day when it happens anyway).
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from qingfeng.core.models import Person

from .models import OPEN_STATUSES, Absence, ApprovalCase, BackupPair


def _day(day: date | None) -> date:
    return day or timezone.localdate()


def absent_ids(day: date | None = None, people=None) -> set[int]:
    qs = Absence.objects.filter(start__lte=_day(day), end__gte=_day(day))
    if people is not None:
        qs = qs.filter(person__in=people)
    return set(qs.values_list("person_id", flat=True))


def is_absent(person: Person, day: date | None = None) -> bool:
    return Absence.objects.filter(person=person, start__lte=_day(day), end__gte=_day(day)).exists()


def pair_of(person: Person) -> BackupPair | None:
    """The pair in which ``person`` is A (a person holds one post)."""
    return BackupPair.objects.filter(primary=person).select_related("backup").first()


def partners(person: Person) -> list[Person]:
    """Everyone paired with ``person`` (as A or as B)."""
    pairs = BackupPair.objects.filter(Q(primary=person) | Q(backup=person)).select_related("primary", "backup")
    return [p.backup if p.primary_id == person.pk else p.primary for p in pairs]


def acting_person(person: Person | None, day: date | None = None) -> Person | None:
    """Who does ``person``'s work on ``day``: the person, or B while A is away; None when both are away."""
    if person is None:
        return None
    if not is_absent(person, day):
        return person
    pair = pair_of(person)
    if pair is None or is_absent(pair.backup, day):
        return None
    return pair.backup


def covered_primaries(person: Person, day: date | None = None) -> list[Person]:
    """The A's whose work ``person`` (as B) does on ``day`` because they are away."""
    pairs = BackupPair.objects.filter(backup=person).select_related("primary")
    away = absent_ids(day, [p.primary for p in pairs])
    return [p.primary for p in pairs if p.primary_id in away]


def queue_for(person: Person, day: date | None = None) -> QuerySet:
    """Open cases ``person`` should work today: their own (unless away) and those of the A's they cover."""
    handlers = [p.pk for p in covered_primaries(person, day)]
    if not is_absent(person, day):
        handlers.append(person.pk)
    approvers = list(handlers)
    return ApprovalCase.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(handler_id__in=handlers) | Q(approver_id__in=approvers)).select_related("item", "department", "handler")
