"""The cluster path on a real Spark standalone cluster started on this machine from the installed PySpark: a
master and a worker whose executors run the rules. As a user would: ``qingfeng demo`` builds a small city (its
DuckDB run included); then ``qingfeng screen --engine spark --master spark://…``, and the documented
``spark-submit … spark_submit.py``, each in a process of its own (one Spark application per process), store
the same findings, hash for hash."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import qingfeng
from qingfeng.screening.engines import standalone
from qingfeng.screening.engines.connect_server import spark_home

pytestmark = pytest.mark.spark

# What the cluster must carry: a running total and an ordered string_agg (FIN-002), top-N evidence (FIN-009,
# FIN-013), a look-back self-join (FIN-011), the sensitive-word registry (FIN-012), the calendar (FIN-006),
# procurement and land datasets (PRC-005, LND-001).
RULES = ("FIN-002", "FIN-006", "FIN-009", "FIN-011", "FIN-012", "FIN-013", "PRC-005", "LND-001")
QINGFENG = str(Path(sys.executable).with_name("qingfeng"))
ENTRY = Path(qingfeng.__file__).parent / "screening" / "engines" / "spark_submit.py"


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """A demo city (scale 0.02) and its DuckDB run's findings of RULES."""
    folder = tmp_path_factory.mktemp("city")
    demo = json.loads(subprocess.run([QINGFENG, "demo", "--no-serve", "--json", "--scale", "0.02"],
                                     env={**os.environ, "QINGFENG_DEMO_DIR": str(folder)},
                                     capture_output=True, text=True, check=True).stdout)
    duck = {f for f in _findings(folder, demo["run"]) if f[0] in RULES}
    assert len({f[0] for f in duck}) >= 6
    return folder, duck


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    started = standalone.start(folder=tmp_path_factory.mktemp("cluster"))
    yield started
    started.stop()


def _findings(folder: Path, run: int) -> set[tuple]:
    with sqlite3.connect(folder / "qingfeng.sqlite3") as c:
        return set(c.execute("SELECT rule_id, subject_key, evidence_hash FROM screening_finding WHERE run_id = ?", (run,)))


def _env(folder: Path) -> dict:
    return {**os.environ, "QINGFENG_DATA_DIR": str(folder), "QINGFENG_DATABASE_URL": f"sqlite:///{folder / 'qingfeng.sqlite3'}",
            "SPARK_LOCAL_IP": "127.0.0.1", "QINGFENG_SPARK_DRIVER_MEMORY": "1g",
            "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}


def _run(stdout: str) -> dict:
    """The run summary ``qingfeng screen --json`` prints (spark-submit adds nothing to stdout but it)."""
    return json.loads(stdout[stdout.index("{"):])


def _executor_logs(cluster) -> int:
    """Executors the worker has started so far (each leaves its log under the work folder)."""
    return len(list((cluster.folder / "work").glob("app-*/*/stderr")))


def test_qingfeng_screen_on_a_standalone_cluster_stores_what_duckdb_stores(city, cluster):
    folder, duck = city
    before = _executor_logs(cluster)
    rules = [arg for rule in RULES for arg in ("--rule", rule)]
    screened = subprocess.run([QINGFENG, "screen", "--engine", "spark", "--master", cluster.url, *rules, "--json"],
                              env=_env(folder), capture_output=True, text=True)
    assert screened.returncode == 0, screened.stderr[-3000:]
    run = _run(screened.stdout)
    assert run["engine"] == "spark" and run["status"] == "done", run
    assert _executor_logs(cluster) > before  # the rules ran on the worker's executors, not in the driver
    assert _findings(folder, run["run"]) == duck


def test_the_documented_spark_submit_stores_what_duckdb_stores(city, cluster):
    """docs/scale.md §4: spark-submit runs spark_submit.py, which runs ``qingfeng screen`` as the application."""
    folder, duck = city
    before = _executor_logs(cluster)
    rules = [arg for rule in RULES for arg in ("--rule", rule)]
    submitted = subprocess.run(
        [str(spark_home() / "bin" / "spark-submit"), "--master", cluster.url, "--driver-memory", "1g",
         "--driver-java-options", "-Duser.timezone=Asia/Shanghai",
         "--conf", "spark.executor.extraJavaOptions=-Duser.timezone=Asia/Shanghai",
         "--conf", "spark.sql.runSQLOnFiles=false", "--conf", "spark.ui.enabled=false",
         str(ENTRY), *rules, "--json"],
        env=_env(folder), capture_output=True, text=True, cwd=folder)
    assert submitted.returncode == 0, submitted.stderr[-3000:]
    run = _run(submitted.stdout)
    assert run["engine"] == "spark" and run["status"] == "done", run
    assert _executor_logs(cluster) > before
    assert _findings(folder, run["run"]) == duck


def test_one_process_does_not_quietly_run_a_second_master_on_its_first(spark):
    from qingfeng.screening.engines.spark import application

    with pytest.raises(RuntimeError, match="一个进程只能有一个"):
        application("spark://127.0.0.1:1")
