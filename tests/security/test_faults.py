"""kill -9 during a screening run and during an alert transition (the import is covered in tests/records/
test_crash.py): the database and the warehouse stay consistent, the ledger verifies, and the job runs again.

Each case runs in a subprocess against a database this test owns (SQLite file, or a fresh PostgreSQL
database); the subprocess stops itself at the chosen point so that SIGKILL lands exactly there."""

import hashlib
import json
import signal
import subprocess

import pytest

from qingfeng.config.settings import REPO_DIR
from tests.records.test_crash import PYTHON, env, owned_database  # noqa: F401  (fixtures reused)

pytestmark = pytest.mark.slow

COMMON = r"""
import sys, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.core.files.uploadedfile import SimpleUploadedFile
from qingfeng.core import ledger

def stop_here(label):
    print("STOPPED", label, flush=True)
    time.sleep(3600)

def wrap_ledger(action_name):
    append = ledger.append
    def wrapped(actor, action, *args, **kwargs):
        if action == action_name:
            stop_here(action)
        return append(actor, action, *args, **kwargs)
    ledger.append = wrapped
"""

SETUP = COMMON + r"""
from qingfeng.core.actions import create_department, create_user, seed_calendar
from qingfeng.core.models import Person
from qingfeng.records.imports import import_file
seed_calendar("setup", range(2025, 2027))
city = create_department("setup", code="000", name="市政府")
unit = create_department("setup", code="101", name="国库科", parent=city)
person = Person.objects.create(staff_no="T1", name="经办人", department=unit)
create_user("setup", username="handler", password="Qingfeng-Test-2026", person=person, roles=[("handler", "own", [])])
report = import_file(sys.argv[1], "payments", actor="setup")
print("DONE", report.batch_id, flush=True)
"""

SCREEN = COMMON + r"""
from qingfeng.screening import actions
stage = sys.argv[1]
if stage == "engine":
    def stop_in_engine(*a, **k):  # the rule's SQL has run; its hits are about to be kept
        stop_here("engine")
    actions.hits_from_rows = stop_in_engine
elif stage == "finish":
    wrap_ledger("screening.finished")
from qingfeng.alerts.actions import raise_alerts
run = actions.run_screening("fault-test", rule_ids=["FIN-005"])
counts = raise_alerts(run, "fault-test")
print("DONE", run.pk, run.status, run.rules["FIN-005"]["hits"], counts.get("new", 0), flush=True)
"""

ANSWER = COMMON + r"""
from django.contrib.auth import get_user_model
from qingfeng.alerts.actions import answer_alert
from qingfeng.alerts.models import Alert
if sys.argv[1] == "answer":
    wrap_ledger("alert.answered")
alert = Alert.objects.order_by("pk").first()
pdf = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
response = answer_alert(get_user_model().objects.get(username="handler"), alert, kind="rectification", text="已整改", attachment=pdf)
print("DONE", response.pk, flush=True)
"""

INSPECT = r"""
import json, django
django.setup()
from pathlib import Path
from django.conf import settings
from qingfeng.alerts.models import Alert, Response
from qingfeng.core import ledger
from qingfeng.core.models import LedgerEvent
from qingfeng.screening.models import Finding, Run
uploads = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
stored = {r.attachment.name for r in Response.objects.exclude(attachment="")}
files = sorted(str(p.relative_to(uploads)) for p in uploads.rglob("*") if p.is_file()) if uploads.exists() else []
print(json.dumps({
    "ledger_ok": ledger.verify().ok,
    "runs": {str(r.pk): r.status for r in Run.objects.all()},
    "findings": {str(r.pk): Finding.objects.filter(run=r).count() for r in Run.objects.all()},
    "alerts": {a.subject_key: a.status for a in Alert.objects.all()},
    "responses": Response.objects.count(),
    "answered_events": LedgerEvent.objects.filter(action="alert.answered").count(),
    "orphan_uploads": [f for f in files if f not in stored],
}))
"""


def run(script, environ, *args) -> list[str]:
    done = subprocess.run([PYTHON, "-c", script, *args], env=environ, cwd=REPO_DIR, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1].split()


def kill_when_stopped(script, environ, *args) -> None:
    proc = subprocess.Popen([PYTHON, "-c", script, *args], env=environ, cwd=REPO_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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


def inspect(environ) -> dict:
    out = subprocess.run([PYTHON, "-c", INSPECT], env=environ, cwd=REPO_DIR, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def prepared(env, tmp_path):  # noqa: F811
    header = "支付凭证号,付款单位编码,付款账号,收款人名称,收款账号,收款人类型,支付金额,支付时间,结算方式,用途,预算项目编码,经济分类"
    rows = [f"ZF{i:04d},101,A,某商贸{i},B{i},个人,{25000 + i}.00,2025-12-2{i % 5} 10:00:00,现金,慰问品,,30201" for i in range(3)]
    rows += [f"ZT{i:04d},101,A,某公司{i},B{i},单位,{100 + i}.00,2025-12-10 10:00:00,转账,,,30201" for i in range(50)]
    path = tmp_path / "payments.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    assert run(SETUP, env, str(path))[0] == "DONE"
    return env


def warehouse_hashes(tmp_path) -> dict:
    root = tmp_path / "data" / "warehouse"
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("stage", ["engine", "finish"])
def test_a_screening_run_killed_mid_way_leaves_no_findings_and_runs_again(prepared, tmp_path, stage):
    before = warehouse_hashes(tmp_path)
    kill_when_stopped(SCREEN, prepared, stage)
    state = inspect(prepared)
    assert state["ledger_ok"]
    assert list(state["runs"].values()) == ["running"] and sum(state["findings"].values()) == 0 and state["alerts"] == {}
    assert warehouse_hashes(tmp_path) == before  # screening reads the warehouse, never writes it

    done = run(SCREEN, prepared, "none")
    assert done[0] == "DONE" and done[2] == "done" and (done[3], done[4]) == ("3", "3")
    state = inspect(prepared)
    assert state["ledger_ok"] and len(state["alerts"]) == 3


def test_an_alert_answer_killed_inside_its_transaction_is_not_half_recorded_and_can_be_given_again(prepared):
    run(SCREEN, prepared, "none")
    kill_when_stopped(ANSWER, prepared, "answer")
    state = inspect(prepared)
    assert state["ledger_ok"] and state["responses"] == 0 and state["answered_events"] == 0
    assert set(state["alerts"].values()) == {"dispatched"}
    assert len(state["orphan_uploads"]) == 1  # the attachment was written before the kill; no row names it

    assert run(ANSWER, prepared, "none")[0] == "DONE"
    state = inspect(prepared)
    assert state["ledger_ok"] and state["responses"] == 1 and state["answered_events"] == 1
    assert sorted(state["alerts"].values()).count("answered") == 1
