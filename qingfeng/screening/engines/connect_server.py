"""A Spark Connect server on this machine, from the installed PySpark and the machine's Java: no download,
no network. ``python -m qingfeng.screening.engines.connect_server [--port 15002]`` serves one for trials
(``qingfeng screen --engine spark --master sc://127.0.0.1:15002``); the Connect tests start one on a free port.

The server is PySpark's own ``SparkConnectServer`` run by ``spark-submit`` in the foreground (what
``start-connect-server.sh`` runs as a daemon): ``local[2]``, bound to 127.0.0.1, ``spark.sql.runSQLOnFiles``
off (a Connect client cannot trim the server's function registry, so the server holds that wall), the JVM on
the platform's time zone. It stops with ``stop()`` or when its process is ended.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def command(port: int, master: str = "local[2]", driver_memory: str = "2g") -> list[str]:
    from .spark import TIME_ZONE, _log4j_file

    java_options = f"-Duser.timezone={TIME_ZONE} -Dlog4j2.configurationFile=file:{_log4j_file()}"
    conf = {
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(port),
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.runSQLOnFiles": "false",
        "spark.sql.shuffle.partitions": "8",
    }
    args = [str(spark_home() / "bin" / "spark-submit"), "--master", master, "--driver-memory", driver_memory,
            "--driver-java-options", java_options, "--class", SERVER_CLASS, "--name", "qingfeng-connect"]
    for key, value in conf.items():
        args += ["--conf", f"{key}={value}"]
    return args + ["spark-internal"]


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"sc://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # spark-submit and the JVM it started
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(port: int | None = None, *, timeout: float = 180, log=subprocess.DEVNULL) -> Server:
    """Start a server and wait until it accepts connections (the JVM takes tens of seconds on two cores)."""
    port = port or free_port()
    env = {**os.environ, "SPARK_HOME": str(spark_home()), "SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable}
    process = subprocess.Popen(command(port), env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    server = Server(process, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Spark Connect 服务启动失败（退出码 {process.returncode}）")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"Spark Connect 服务 {timeout:g} 秒内未就绪")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="本机 Spark Connect 服务（试用与测试）")
    parser.add_argument("--port", type=int, default=15002)
    args = parser.parse_args(argv)
    server = start(args.port, log=None)
    print(f"Spark Connect 服务已就绪：{server.url}（Ctrl-C 停止）", flush=True)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
