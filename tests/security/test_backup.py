"""Backup and restore end to end through the `qingfeng` command: a backup of the demo city restores into an
empty installation that passes `qingfeng ledger verify` and serves the city; a damaged backup is refused.
On PostgreSQL the same round trip goes through pg_dump/pg_restore between two databases."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

from qingfeng.config.settings import REPO_DIR

QINGFENG = [sys.executable, "-m", "qingfeng"]


def run(args, env, check=True):
    done = subprocess.run([*QINGFENG, *args], env=env, cwd=REPO_DIR, capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def installation(data_dir: Path, database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QINGFENG_")}
    env.update(DJANGO_SETTINGS_MODULE="qingfeng.config.settings", PYTHONPATH=str(REPO_DIR), QINGFENG_DATA_DIR=str(data_dir),
               QINGFENG_DATABASE_URL=database_url or f"sqlite:///{data_dir / 'qingfeng.sqlite3'}")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the demo city lives in SQLite; PostgreSQL has its own round trip below")
def test_a_restored_backup_of_the_demo_city_verifies_and_is_served(tmp_path):
    demo = tmp_path / "demo"
    env = {**installation(demo), "QINGFENG_DEMO_DIR": str(demo)}
    summary = json.loads(run(["demo", "--no-serve", "--json", "--scale", "0.02"], env).stdout)
    backup = json.loads(run(["backup", "create", str(tmp_path / "backups"), "--json"], installation(demo)).stdout)
    assert backup["ok"] and backup["ledger_events"] > 0

    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(demo / "secret_key", restored / "secret_key")  # the key comes from the key store, not the backup
    target = installation(restored)
    result = json.loads(run(["restore", backup["folder"], "--json"], target).stdout)
    assert result["ledger_ok"] and result["ledger_head"] == result["expected_head"]
    assert "台账完整" in run(["ledger", "verify"], target).stdout
    assert run(["restore", backup["folder"]], target, check=False).returncode == 2  # not over existing data without --force

    port = free_port()
    server = subprocess.Popen([*QINGFENG, "serve", "--port", str(port)], env=target, cwd=REPO_DIR,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                assert fetch(f"http://127.0.0.1:{port}/healthz") == "ok"
                break
            except OSError:
                time.sleep(0.1)
        portal = fetch(f"http://127.0.0.1:{port}/portal/ledger/")
        assert result["ledger_head"]["hash"] in portal
        assert fetch(f"http://127.0.0.1:{port}/api/public/stats")
    finally:
        server.kill()
        server.wait()
    count = "import django; django.setup(); from qingfeng.alerts.models import Alert; print(Alert.objects.count())"
    counted = subprocess.run([sys.executable, "-c", count], env=target, cwd=REPO_DIR, capture_output=True, text=True, timeout=60)
    assert int(counted.stdout) == summary["alerts"] > 0


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path):
    source = tmp_path / "source"
    env = installation(source)
    run(["init"], env)
    backup = Path(json.loads(run(["backup", "create", str(tmp_path / "b"), "--json"], env).stdout)["folder"])
    ledger_copy = backup / "ledger.jsonl"
    ledger_copy.write_text(ledger_copy.read_text().replace("calendar.seeded", "calendar.forged"))
    verified = run(["backup", "verify", str(backup)], env, check=False)
    assert verified.returncode == 1 and "ledger.jsonl" in verified.stdout
    target = installation(tmp_path / "target")
    refused = run(["restore", str(backup)], target, check=False)
    assert refused.returncode == 2 and "校验失败" in refused.stderr
    assert not (tmp_path / "target" / "qingfeng.sqlite3").exists() or "warehouse" not in os.listdir(tmp_path / "target")


@pytest.fixture
def two_postgres_databases(django_db_blocker):
    s = connection.settings_dict
    names = [f"qingfeng_backup_{uuid.uuid4().hex[:8]}_{i}" for i in range(2)]
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}" for name in names]
    finally:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="pg_dump/pg_restore round trip")
def test_postgresql_backup_restores_into_another_database_and_the_ledger_verifies(tmp_path, two_postgres_databases):
    source_url, target_url = two_postgres_databases
    source = installation(tmp_path / "source", source_url)
    run(["init"], source)
    csv = tmp_path / "payments.csv"
    csv.write_text("支付凭证号,付款单位编码,付款账号,收款人名称,收款账号,收款人类型,支付金额,支付时间,结算方式,用途,预算项目编码,经济分类\n"
                   "ZF1,101,A,某公司,B,单位,10.00,2026-03-05 14:30:00,转账,,,30201\n", encoding="utf-8")
    run(["import", "payments", str(csv)], source)
    backup = json.loads(run(["backup", "create", str(tmp_path / "b"), "--json"], source).stdout)
    assert backup["ok"] and backup["ledger_events"] >= 2
    target = installation(tmp_path / "target", target_url)
    (tmp_path / "target").mkdir()
    shutil.copy(tmp_path / "source" / "secret_key", tmp_path / "target" / "secret_key")
    result = json.loads(run(["restore", backup["folder"], "--json"], target).stdout)
    assert result["ledger_ok"] and result["ledger_head"] == result["expected_head"]
    assert "台账完整" in run(["ledger", "verify"], target).stdout
    assert list((tmp_path / "target" / "warehouse" / "payments").glob("*.parquet"))
