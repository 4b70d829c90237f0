"""The hash-chained ledger: ``append`` records a state change, ``verify`` proves nothing was altered.

Each event's hash covers its own fields and the previous event's hash, so altering an event breaks its
own hash, deleting one breaks the sequence and the next event's link, and inserting one breaks the link.
Call ``append`` inside the transaction of the action that changes state (see each app's actions.py).
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import crypto
from .models import LedgerEvent

GENESIS = "0" * 64


def _actor_name(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.get_username()


def _payload(seq: int, at: datetime, actor: str, action: str, object_type: str, object_id: str, data: dict, prev_hash: str) -> bytes:
    body = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "data": data,
        "prev_hash": prev_hash,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(event: LedgerEvent) -> str:
    return crypto.digest(
        _payload(event.seq, event.at, event.actor, event.action, event.object_type, event.object_id, event.data, event.prev_hash),
        event.algorithm,
    )


def append(actor, action: str, obj=None, *, object_type: str = "", object_id: str = "", data: dict | None = None) -> LedgerEvent:
    """Append one event. ``obj`` (a model instance) fills the object type and id when given."""
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk)
    # Round-trip through JSON so the stored data hashes the same after it is read back.
    clean = json.loads(json.dumps(data or {}, ensure_ascii=False, default=str))
    algorithm = settings.QINGFENG["LEDGER_ALGORITHM"]
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = LedgerEvent.objects.select_for_update().order_by("-seq").only("seq", "hash").first()
                seq = (last.seq + 1) if last else 1
                prev_hash = last.hash if last else GENESIS
                event = LedgerEvent(
                    seq=seq,
                    at=timezone.now(),
                    actor=_actor_name(actor),
                    action=action,
                    object_type=object_type,
                    object_id=str(object_id),
                    data=clean,
                    algorithm=algorithm,
                    prev_hash=prev_hash,
                )
                event.hash = event_hash(event)
                event.save()
                return event
        except IntegrityError:  # another writer took this seq first; read the new head and retry
            continue
    raise RuntimeError("could not append to the ledger after 5 attempts")


@dataclass
class Problem:
    seq: int
    kind: str  # altered | inserted | deleted | broken_link
    message: str


@dataclass
class Verification:
    checked: int
    head_seq: int | None
    head_hash: str | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(batch_size: int = 5000) -> Verification:
    """Walk the chain in order and report every event whose hash, sequence or link does not hold."""
    problems: list[Problem] = []
    expected_seq = 1
    prev_hash = GENESIS
    checked = 0
    last = None
    qs = LedgerEvent.objects.order_by("seq")
    for event in qs.iterator(chunk_size=batch_size):
        checked += 1
        own_ok = event_hash(event) == event.hash
        if not own_ok:
            problems.append(Problem(event.seq, "altered", f"事件 #{event.seq}（{event.action} {event.object_type}:{event.object_id}）内容被篡改：哈希不符"))
        if event.seq != expected_seq:
            if event.seq > expected_seq:
                missing = f"#{expected_seq}" if event.seq == expected_seq + 1 else f"#{expected_seq}–#{event.seq - 1}"
                problems.append(Problem(expected_seq, "deleted", f"事件 {missing} 缺失（被删除），#{event.seq} 之前断链"))
            else:
                problems.append(Problem(event.seq, "inserted", f"事件 #{event.seq} 序号重复或倒序（被插入）"))
        elif event.prev_hash != prev_hash:
            kind = "inserted" if own_ok else "broken_link"
            problems.append(Problem(event.seq, kind, f"事件 #{event.seq}（{event.action}）的前序哈希与上一事件不符（插入或替换）"))
        expected_seq = event.seq + 1
        prev_hash = event.hash
        last = event
    return Verification(checked, last.seq if last else None, last.hash if last else None, problems)


def head() -> LedgerEvent | None:
    return LedgerEvent.objects.order_by("-seq").first()
