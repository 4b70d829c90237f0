"""An import killed with SIGKILL at any point leaves nothing half-written: no batch, no rejected rows,
no ledger event, no committed file — only an orphan file that clean_orphans removes.

The import runs in a subprocess against a database this test owns: a file SQLite database, or a fresh
PostgreSQL database on the server the suite runs on. The subprocess stops itself at the chosen point
(by wrapping the step that comes next) so that the kill lands exactly there.
"""

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from qingfeng.config.settings import REPO_DIR

PYTHON = str(Path(sys.executable))
HEADER = "支付凭证号,付款单位编码,付款账号,收款人名称,收款账号,收款人类型,支付金额,支付时间,结算方式,用途,预算项目编码,经济分类"

IMPORT = r"""
import sys, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from qingfeng.core import ledger
from qingfeng.records import imports, warehouse

def stop_here(label):
    print(label, flush=True)
    time.sleep(3600)

stage = sys.argv[1]
if stage == "temp-file-written":
    write_temp = warehouse.write_temp
    def wrapped(*args, **kwargs):
        path = write_temp(*args, **kwargs)
        stop_here("STOPPED " + str(path))
    warehouse.write_temp = wrapped
elif stage == "inside-commit-transaction":
    append = ledger.append
    def wrapped(actor, action, *args, **kwargs):
        if action == "import.committed":
            stop_here("STOPPED")
        return append(actor, action, *args, **kwargs)
    ledger.append = wrapped
print("READY", flush=True)
report = imports.import_file(sys.argv[2], "payments", actor="crash-test")
print("DONE", report.batch_id, report.loaded, report.rejected, flush=True)
"""

INSPECT = r"""
import json, django
django.setup()
from qingfeng.core.models import LedgerEvent
from qingfeng.records import warehouse
from qingfeng.records.models import ImportBatch, RejectedRow
folder = warehouse.root() / "payments"
on_disk = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
state = {"batches": ImportBatch.objects.count(), "rejected_rows": RejectedRow.objects.count(),
         "events": LedgerEvent.objects.filter(action__startswith="import.").count(),
         "committed_files": [p.name for p in warehouse.committed_files("payments")], "on_disk": on_disk}
state["removed"] = sorted(p.name for p in warehouse.clean_orphans())
state["after"] = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
print(json.dumps(state))
"""


@pytest.fixture
def owned_database(tmp_path, django_db_blocker):
    """A database URL for the subprocess: a file SQLite database, or a new PostgreSQL database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        return
    name = f"qingfeng_crash_{uuid.uuid4().hex[:10]}"
    s = connection.settings_dict
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"
    finally:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def env(tmp_path, owned_database):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("QINGFENG_")}
    environ.update(DJANGO_SETTINGS_MODULE="qingfeng.config.settings", QINGFENG_DATA_DIR=str(tmp_path / "data"),
                   QINGFENG_DATABASE_URL=owned_database, PYTHONPATH=str(REPO_DIR))
    return environ


@pytest.fixture
def payments_file(tmp_path):
    rows = [f"ZF{i:05d},101,A,某公司{i % 7},B{i % 11},单位,{i}.50,2026-03-05 14:30:00,转账,,,30201" for i in range(2000)]
    rows += ["BAD1,101,A,某公司,B,单位,abc,2026-03-05,转账,,,30201", "BAD2,101,A,某公司,B,单位,1,2026-02-30,转账,,,30201"]
    path = tmp_path / "payments.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="gb18030")
    return path


def run_until_stopped(env, stage, path) -> str:
    proc = subprocess.Popen([PYTHON, "-c", IMPORT, stage, str(path)], env=env, cwd=REPO_DIR,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith(("STOPPED", "DONE")):
                break
        assert lines and lines[-1].startswith("STOPPED"), (lines, proc.stderr.read() if proc.poll() is not None else "")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return lines[-1]


def inspect(env) -> dict:
    out = subprocess.run([PYTHON, "-c", INSPECT], env=env, cwd=REPO_DIR, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_to_the_end(env, path) -> list[str]:
    out = subprocess.run([PYTHON, "-c", IMPORT, "none", str(path)], env=env, cwd=REPO_DIR, capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1].split()


@pytest.mark.slow
@pytest.mark.parametrize("stage, leftover", [
    ("temp-file-written", ".tmp-"),           # the Parquet file is written and fsynced, nothing committed
    ("inside-commit-transaction", "batch-1"),  # renamed to its final name, batch row inserted, not committed
])
def test_a_killed_import_leaves_nothing_half_written(env, payments_file, stage, leftover):
    run_until_stopped(env, stage, payments_file)
    state = inspect(env)
    assert (state["batches"], state["rejected_rows"], state["events"], state["committed_files"]) == (0, 0, 0, [])
    assert len(state["on_disk"]) == 1 and state["on_disk"][0].startswith(leftover)  # the kill did land mid-way
    assert state["removed"] == state["on_disk"] and state["after"] == []

    # The same file then imports cleanly: the database and the warehouse were left usable.
    assert run_to_the_end(env, payments_file)[0] == "DONE"
    state = inspect(env)
    assert (state["batches"], state["rejected_rows"], state["events"]) == (1, 2, 1)
    assert len(state["committed_files"]) == 1 and state["removed"] == []
