"""A Spark standalone cluster on this machine — one master, one worker — from the installed PySpark and the
machine's Java: no download, no network. ``python -m qingfeng.screening.engines.standalone [--port 7077]``
serves one for trials (``qingfeng screen --engine spark --master spark://127.0.0.1:7077``); the cluster test
starts one on free ports.

The master and the worker are Spark's own ``deploy.master.Master`` and ``deploy.worker.Worker`` run by
``spark-class`` in the foreground (what ``sbin/start-master.sh`` and ``start-worker.sh`` run as daemons),
bound to 127.0.0.1, their JVMs on the platform's time zone. The driver is the ``qingfeng`` process that names
the master; the executors the worker starts read the warehouse files at the paths the driver names, so they
must see the same files (on one machine they do).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .connect_server import free_port, spark_home

MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
REGISTERED = "Successfully registered with master"


def _env() -> dict:
    """Spark's default logging (INFO) for the daemons: the worker's registration is how readiness shows."""
    from .spark import TIME_ZONE

    return {**os.environ, "SPARK_HOME": str(spark_home()), "SPARK_LOCAL_IP": "127.0.0.1",
            "SPARK_DAEMON_JAVA_OPTS": f"-Duser.timezone={TIME_ZONE}", "PYSPARK_PYTHON": sys.executable}


def _spark_class(*args: str) -> list[str]:
    return [str(spark_home() / "bin" / "spark-class"), *args]


@dataclass
class Cluster:
    port: int
    folder: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"spark://127.0.0.1:{self.port}"

    @property
    def worker_log(self) -> Path:
        return self.folder / "worker.log"

    def stop(self, timeout: float = 30) -> None:
        for process in reversed(self.processes):  # the worker (and its executors) first, then the master
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def start(port: int | None = None, *, cores: int = 2, memory: str = "2g", timeout: float = 180,
          folder: Path | None = None) -> Cluster:
    """Start a master and a worker, and wait until the worker has registered with the master."""
    port = port or free_port()
    folder = Path(folder or tempfile.mkdtemp(prefix="qingfeng-spark-cluster-"))
    folder.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(port, folder)
    env = _env()

    def spawn(name: str, args: list[str]) -> subprocess.Popen:
        log = (folder / f"{name}.log").open("wb")
        process = subprocess.Popen(_spark_class(*args), env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True, cwd=folder)
        cluster.processes.append(process)
        return process

    try:
        spawn("master", [MASTER_CLASS, "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(free_port())])
        spawn("worker", [WORKER_CLASS, cluster.url, "--host", "127.0.0.1", "--cores", str(cores), "--memory", memory,
                         "--webui-port", str(free_port()), "--work-dir", str(folder / "work")])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in zip(("master", "worker"), cluster.processes, strict=True):
                if process.poll() is not None:
                    tail = (folder / f"{name}.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"Spark {name} 启动失败（退出码 {process.returncode}）：{tail}")
            if REGISTERED in cluster.worker_log.read_text(errors="replace"):
                return cluster
            time.sleep(0.5)
        raise RuntimeError(f"Spark 独立集群 {timeout:g} 秒内未就绪（日志在 {folder}）")
    except BaseException:
        cluster.stop()
        raise


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="本机 Spark 独立集群：一个 master、一个 worker（试用与测试）")
    parser.add_argument("--port", type=int, default=7077)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--memory", default="2g")
    args = parser.parse_args(argv)
    cluster = start(args.port, cores=args.cores, memory=args.memory)
    print(f"Spark 独立集群已就绪：{cluster.url}（日志在 {cluster.folder}；Ctrl-C 停止）", flush=True)
    try:
        cluster.processes[0].wait()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
