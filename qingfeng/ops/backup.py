"""Backup and restore of one installation: the database (SQLite's online backup API, or pg_dump/pg_restore on
PostgreSQL), the Parquet warehouse, uploaded evidence, archived login records, and an independent copy of the
ledger — with a manifest of SHA-256 hashes that ``verify`` checks before anything is restored.

Order matters: the database is copied first, files after. Warehouse files and uploads are written before the
row that owns them commits, so every file the copied database names is already on disk when it is copied; a
file newer than the database copy is an orphan after restore and ``clean_orphans`` removes it. The secret key
is not in the backup (keep it in the key store; restoring needs the same key for TOTP seeds and ID hashes)."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
FOLDERS = {"warehouse": lambda: Path(settings.WAREHOUSE_DIR), "uploads": lambda: Path(settings.STORAGES["default"]["OPTIONS"]["location"]),
           "archive": lambda: Path(settings.DATA_DIR) / "archive"}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _pg_env() -> dict:
    s = connection.settings_dict
    return {**os.environ, "PGHOST": s["HOST"] or "127.0.0.1", "PGPORT": str(s["PORT"] or 5432), "PGUSER": s["USER"],
            "PGPASSWORD": s["PASSWORD"] or "", "PGDATABASE": s["NAME"]}


def _copy_database(dest: Path) -> str:
    if connection.vendor == "sqlite":
        target = dest / "database.sqlite3"
        connection.ensure_connection()
        out = sqlite3.connect(target)
        connection.connection.backup(out)  # a consistent snapshot while the site keeps writing
        out.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal/-shm beside it
        out.close()
        return target.name
    if connection.vendor == "postgresql":
        target = dest / "database.pgdump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)], env=_pg_env(), check=True)
        return target.name
    raise RuntimeError(f"backup does not know the {connection.vendor} database")


def _export_ledger(dest: Path) -> dict:
    from qingfeng.core.models import LedgerEvent

    path = dest / "ledger.jsonl"
    head = None
    with path.open("w", encoding="utf-8") as out:
        for e in LedgerEvent.objects.order_by("seq").iterator(chunk_size=5000):
            out.write(json.dumps({"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "object_type": e.object_type,
                                  "object_id": e.object_id, "data": e.data, "algorithm": e.algorithm, "prev_hash": e.prev_hash,
                                  "hash": e.hash}, ensure_ascii=False) + "\n")
            head = e
    return {"seq": head.seq, "hash": head.hash} if head else {"seq": None, "hash": None}


def create(to: Path | None = None) -> Path:
    """Write a backup folder under ``to`` (default DATA_DIR/backups) and return it."""
    to = Path(to or Path(settings.DATA_DIR) / "backups")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    dest = to / f"qingfeng-{stamp}"
    part = to / f".qingfeng-{stamp}.part"
    part.mkdir(parents=True)
    database = _copy_database(part)
    ledger_head = _export_ledger(part)
    for name, folder in FOLDERS.items():
        src = folder()
        if src.is_dir():
            shutil.copytree(src, part / name, ignore=shutil.ignore_patterns("*.tmp", ".lock", "*.part"))
    files = {str(p.relative_to(part)): {"sha256": _sha256(p), "bytes": p.stat().st_size}
             for p in sorted(part.rglob("*")) if p.is_file()}
    manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "database": database, "vendor": connection.vendor,
                "ledger_head": ledger_head, "files": files}
    (part / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    part.rename(dest)  # a backup folder without .part is complete
    return dest


@dataclass
class Check:
    folder: Path
    problems: list[str] = field(default_factory=list)
    files: int = 0
    ledger_events: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(folder: Path) -> Check:
    """Every file present with its hash, nothing extra, the database readable, the ledger copy a sound chain."""
    from qingfeng.core import ledger
    from qingfeng.core.models import LedgerEvent

    folder = Path(folder)
    check = Check(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        check.problems.append("缺少 manifest.json（备份不完整）")
        return check
    manifest = json.loads(manifest_path.read_text())
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {"manifest.json"}
    for name in sorted(set(manifest["files"]) - present):
        check.problems.append(f"缺少文件 {name}")
    for name in sorted(present - set(manifest["files"])):
        check.problems.append(f"清单外的文件 {name}")
    for name, meta in manifest["files"].items():
        if name in present:
            check.files += 1
            if _sha256(folder / name) != meta["sha256"]:
                check.problems.append(f"文件 {name} 的哈希与清单不符")
    if manifest["database"].endswith(".sqlite3") and (folder / manifest["database"]).exists():
        with sqlite3.connect(f"file:{folder / manifest['database']}?mode=ro&immutable=1", uri=True) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            check.problems.append(f"数据库副本完整性检查失败：{result}")
    prev, expected = ledger.GENESIS, 1
    if (folder / "ledger.jsonl").exists():
        with (folder / "ledger.jsonl").open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                event = LedgerEvent(**{**row, "at": datetime.fromisoformat(row["at"])})
                check.ledger_events += 1
                if ledger.event_hash(event) != row["hash"] or row["prev_hash"] != prev or row["seq"] != expected:
                    check.problems.append(f"台账副本在 #{row['seq']} 处断链或被篡改")
                    break
                prev, expected = row["hash"], row["seq"] + 1
        if manifest["ledger_head"]["hash"] not in (None, prev):
            check.problems.append("台账副本的链头与清单不符")
    return check


def restore(folder: Path, *, force: bool = False) -> dict:
    """Verify, then put the database and the files back. Refuses a non-empty target unless ``force``."""
    from qingfeng.core.models import LedgerEvent

    folder = Path(folder)
    check = verify(folder)
    if not check.ok:
        raise RuntimeError("备份校验失败，未恢复：" + "；".join(check.problems))
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest["vendor"] != connection.vendor:
        raise RuntimeError(f"备份来自 {manifest['vendor']}，当前数据库为 {connection.vendor}")
    try:
        occupied = LedgerEvent.objects.exists()
    except Exception:  # no tables yet: an empty database
        occupied = False
    if occupied and not force:
        raise RuntimeError("目标数据库已有数据；确认覆盖请加 --force")
    source = folder / manifest["database"]
    if connection.vendor == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        connections.close_all()
        src, out = sqlite3.connect(f"file:{source}?mode=ro&immutable=1", uri=True), sqlite3.connect(target)
        src.backup(out)
        out.execute("PRAGMA journal_mode=WAL")  # as settings.py runs it
        src.close()
        out.close()
    else:
        connections.close_all()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname",
                        _pg_env()["PGDATABASE"], str(source)], env=_pg_env(), check=True)
    for name, folder_of in FOLDERS.items():
        src, dst = folder / name, folder_of()
        if src.is_dir():
            if dst.exists():
                stale = Path(tempfile.mkdtemp(dir=dst.parent, prefix=f".{dst.name}-replaced-"))
                dst.rename(stale / dst.name)
                shutil.rmtree(stale)
            shutil.copytree(src, dst)
    from qingfeng.core import ledger
    from qingfeng.records import warehouse

    result = ledger.verify()
    orphans = warehouse.clean_orphans()
    return {"restored_from": str(folder), "files": check.files, "ledger_ok": result.ok, "ledger_checked": result.checked,
            "ledger_head": {"seq": result.head_seq, "hash": result.head_hash}, "expected_head": manifest["ledger_head"],
            "orphans_removed": len(orphans)}
