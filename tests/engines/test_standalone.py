"""The cluster path (``--master spark://…``) on a real Spark standalone cluster started on this machine from
the installed PySpark: a master and a worker whose executors run the rules. As a user would: ``qingfeng demo``
builds a small city (its DuckDB run included), then ``qingfeng screen --engine spark --master spark://…`` in
a process of its own (one Spark application per process) stores the same findings, hash for hash."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qingfeng.screening.engines import standalone

pytestmark = pytest.mark.spark

# What the cluster must carry: a running total and an ordered string_agg (FIN-002), top-N evidence (FIN-009,
# FIN-013), a look-back self-join (FIN-011), the sensitive-word registry (FIN-012), the calendar (FIN-006),
# procurement and land datasets (PRC-005, LND-001).
RULES = ("FIN-002", "FIN-006", "FIN-009", "FIN-011", "FIN-012", "FIN-013", "PRC-005", "LND-001")
QINGFENG = str(Path(sys.executable).with_name("qingfeng"))


def _findings(db: Path, run: int) -> set[tuple]:
    with sqlite3.connect(db) as c:
        return set(c.execute("SELECT rule_id, subject_key, evidence_hash FROM screening_finding WHERE run_id = ?", (run,)))


def test_a_standalone_cluster_stores_what_duckdb_stores(tmp_path):
    city = tmp_path / "city"
    env = {**os.environ, "QINGFENG_DEMO_DIR": str(city)}
    demo = json.loads(subprocess.run([QINGFENG, "demo", "--no-serve", "--json", "--scale", "0.02"], env=env,
                                     capture_output=True, text=True, check=True).stdout)
    cluster = standalone.start(folder=tmp_path / "cluster")
    try:
        env = {**os.environ, "QINGFENG_DATA_DIR": str(city), "QINGFENG_DATABASE_URL": f"sqlite:///{city / 'qingfeng.sqlite3'}",
               "SPARK_LOCAL_IP": "127.0.0.1", "QINGFENG_SPARK_DRIVER_MEMORY": "1g"}
        rules = [arg for rule in RULES for arg in ("--rule", rule)]
        screened = subprocess.run([QINGFENG, "screen", "--engine", "spark", "--master", cluster.url, *rules, "--json"],
                                  env=env, capture_output=True, text=True)
        assert screened.returncode == 0, screened.stderr[-3000:]
        run = json.loads(screened.stdout)
        assert run["engine"] == "spark" and run["status"] == "done", run
        executors = list((cluster.folder / "work").glob("app-*/*/stderr"))
        assert executors, "no executor ran on the worker"  # the rules ran on the cluster, not in the driver
    finally:
        cluster.stop()
    duck = {f for f in _findings(city / "qingfeng.sqlite3", demo["run"]) if f[0] in RULES}
    spark = _findings(city / "qingfeng.sqlite3", run["run"])
    assert len({f[0] for f in duck}) >= 6
    assert spark == duck


def test_one_process_does_not_quietly_run_a_second_master_on_its_first(spark):
    from qingfeng.screening.engines.spark import application

    with pytest.raises(RuntimeError, match="一个进程只能有一个"):
        application("spark://127.0.0.1:1")
