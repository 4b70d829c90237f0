"""Retention of the login records: at least 180 days online (网络安全法 §21), then moved to a compressed
archive file whose hash, seq range and last chain hash go to the business ledger — so the online chain
continues from the archive and removing rows any other way is detectable."""

import gzip
import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import parameters, records
from .models import LoginRecord


def archive_folder() -> Path:
    return Path(settings.DATA_DIR) / "archive" / "login-records"


def _row(r: LoginRecord) -> dict:
    return {"seq": r.seq, "at": r.at.isoformat(), "username": r.username, "user": r.user_id_at_time, "event": r.event,
            "success": r.success, "ip": r.ip, "user_agent": r.user_agent, "detail": r.detail, "by": r.by,
            "prev_hash": r.prev_hash, "hash": r.hash}


def archive_login_records(actor, *, older_than_days: int | None = None, now=None) -> dict:
    """Archive records older than the retention period (never less than the legal minimum)."""
    days = parameters.LOGIN_RECORD_RETENTION_DAYS.check(older_than_days if older_than_days is not None
                                                        else parameters.LOGIN_RECORD_RETENTION_DAYS.value())
    cutoff = (now or timezone.now()) - timedelta(days=days)
    rows = list(LoginRecord.objects.filter(at__lt=cutoff).order_by("seq"))
    # Only a prefix of the chain may leave: a later record older than an earlier one would break continuity.
    newer = LoginRecord.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
    if newer is not None:
        rows = [r for r in rows if r.seq < newer]
    if not rows:
        return {"archived": 0, "older_than_days": days}
    folder = archive_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"login-records-{rows[0].seq:012d}-{rows[-1].seq:012d}.jsonl.gz"
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps(_row(r), ensure_ascii=False) + "\n")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
        sha256 = hashlib.sha256(f.read()).hexdigest()
    os.replace(tmp, path)
    data = records.archive_event_data(rows, path.relative_to(settings.DATA_DIR), sha256)
    with transaction.atomic():
        LoginRecord.objects.filter(seq__gte=rows[0].seq, seq__lte=rows[-1].seq)._archive_delete()
        records.ledger_archive(actor, data)
    return {"archived": len(rows), "older_than_days": days, **data}


def verify_archive(path: Path, expected_sha256: str) -> list[str]:
    """Problems with an archive file: its hash, and the chain inside it."""
    problems = []
    if hashlib.sha256(path.read_bytes()).hexdigest() != expected_sha256:
        problems.append(f"{path.name} 的哈希与台账记录不符")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        prev = None
        for line in f:
            row = json.loads(line)
            if prev is not None and row["prev_hash"] != prev:
                problems.append(f"{path.name} 中 #{row['seq']} 断链")
            prev = row["hash"]
    return problems
