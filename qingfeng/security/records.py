"""Writing and checking the login records (登录日志): a hash chain like the ledger's, in its own table."""

import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from qingfeng.core import crypto, ledger

from .models import LoginRecord

GENESIS = "0" * 64
ARCHIVED_ACTION = "security.login_records_archived"


def client_ip(request) -> str:
    """The client's address; behind a reverse proxy that sets X-Real-IP, that header (see deploy/nginx)."""
    if request is None:
        return ""
    if settings.QINGFENG.get("TRUST_X_REAL_IP") and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _payload(r: LoginRecord) -> bytes:
    body = {"seq": r.seq, "at": r.at.astimezone(UTC).isoformat(timespec="microseconds"), "username": r.username,
            "user": r.user_id_at_time, "event": r.event, "success": r.success, "ip": r.ip, "user_agent": r.user_agent,
            "detail": r.detail, "by": r.by, "prev_hash": r.prev_hash}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def record_hash(r: LoginRecord) -> str:
    return crypto.digest(_payload(r), "sha256")


def write(event: str, *, username: str, success: bool, request=None, user=None, detail: str = "", by: str = "") -> LoginRecord:
    """Append one record in its own transaction (a refused login must be recorded even though nothing else is)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = LoginRecord.objects.select_for_update().order_by("-seq").only("seq", "hash").first()
                record = LoginRecord(
                    seq=(last.seq + 1) if last else _first_seq(), at=timezone.now(), username=(username or "")[:150],
                    user_id_at_time=getattr(user, "pk", None), event=event, success=success, ip=client_ip(request),
                    user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:256],
                    detail=detail[:256], by=by[:150], prev_hash=last.hash if last else _archived_head()[1])
                record.hash = record_hash(record)
                record.save()
                return record
        except IntegrityError:  # another request took this seq first
            continue
    raise RuntimeError("could not append a login record after 5 attempts")


def _archived_head() -> tuple[int, str]:
    """(last archived seq, its hash) from the ledger's latest archive event, or (0, GENESIS)."""
    from qingfeng.core.models import LedgerEvent

    event = LedgerEvent.objects.filter(action=ARCHIVED_ACTION).order_by("-seq").first()
    if event is None:
        return 0, GENESIS
    return int(event.data["last_seq"]), event.data["last_hash"]


def _first_seq() -> int:
    return _archived_head()[0] + 1


@dataclass
class ChainCheck:
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> ChainCheck:
    """The online records continue the archived chain and none was altered, removed or inserted."""
    expected_seq, prev = _archived_head()
    expected_seq += 1
    problems, checked = [], 0
    for r in LoginRecord.objects.order_by("seq").iterator(chunk_size=5000):
        checked += 1
        if record_hash(r) != r.hash:
            problems.append(f"登录日志 #{r.seq} 内容被篡改：哈希不符")
        if r.seq != expected_seq:
            problems.append(f"登录日志 #{expected_seq}–#{r.seq - 1} 缺失" if r.seq > expected_seq else f"登录日志 #{r.seq} 序号重复或倒序")
        elif r.prev_hash != prev:
            problems.append(f"登录日志 #{r.seq} 的前序哈希与上一条不符")
        expected_seq, prev = r.seq + 1, r.hash
    return ChainCheck(checked, problems)


def archive_event_data(rows: list[LoginRecord], path, sha256: str) -> dict:
    return {"file": str(path), "sha256": sha256, "count": len(rows), "first_seq": rows[0].seq, "last_seq": rows[-1].seq,
            "last_hash": rows[-1].hash, "first_at": rows[0].at.isoformat(), "last_at": rows[-1].at.isoformat()}


def ledger_archive(actor, data: dict):
    return ledger.append(actor, ARCHIVED_ACTION, object_type="security.loginrecord", object_id=f"{data['first_seq']}-{data['last_seq']}",
                         data=data)
