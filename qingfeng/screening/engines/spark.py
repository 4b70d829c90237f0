"""The Spark engine: the same rule catalogue over the same warehouse, on Apache Spark (PySpark).

One Spark application per process (the JVM starts once: local mode ``local[2]``, a standalone cluster
``spark://host:7077``, or Spark Connect ``sc://host:15002``); each run gets its own Spark session on it, with
its own temporary views and settings:

- contract views over the warehouse's Parquet files (read with the contract's schema; a missing optional
  column reads as NULL), registry snapshots from the database, as in the DuckDB engine;
- ANSI mode on, session time zone Asia/Shanghai, TIMESTAMP meaning TIMESTAMP_NTZ (``paid_at`` is a local
  wall-clock time, so nothing shifts between the JVM and Python), the driver's TZ also Asia/Shanghai;
- rule SQL is carried from DuckDB by ``screening.carry`` (SQLGlot plus the shim) and guarded again as
  Spark SQL; a rule that cannot be carried is refused, never run;
- lock-down: ``reflect``, ``java_method`` and ``try_reflect`` are dropped from the session's function
  registry (classic Spark), SQL on files (``csv.`/etc/passwd```) is off, the UI is off; every query runs
  under the run's time limit (a timer interrupts the session's jobs).
"""

import hashlib
import logging
import os
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import pyarrow as pa
import sqlglot
from django.conf import settings
from sqlglot import exp

from qingfeng.records import contract

from .. import carry
from .base import Result, RunTimeout, all_name, arrow_span, span_of, span_sql

log = logging.getLogger(__name__)

TIME_ZONE = "Asia/Shanghai"
JAVA_REACHING = ("reflect", "java_method", "try_reflect")
SESSION_CONF = {
    "spark.sql.ansi.enabled": "true",
    "spark.sql.session.timeZone": TIME_ZONE,
    "spark.sql.timestampType": "TIMESTAMP_NTZ",
}
# Spark's console logger prints every failed query's stack trace as JSON; errors reach the caller anyway.
LOG4J = """rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.quiet.name = org.apache.spark.sql.catalyst.util.SQLQueryContextLogger
logger.quiet.level = off
logger.utils.name = org.apache.spark.util.Utils
logger.utils.level = error
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = error
logger.window.name = org.apache.spark.sql.execution.window
logger.window.level = error
"""

SMALL_TABLE_ROWS = 5000
_apps: dict[str, object] = {}
_frames: dict[tuple, object] = {}  # (Spark session, dataset, content digest) → DataFrame of a small table
_lock = threading.Lock()


def _spark_type(column: contract.Column):
    from pyspark.sql import types as T

    return {
        "string": T.StringType(), "enum": T.StringType(), "decimal": T.DecimalType(18, 2), "date": T.DateType(),
        "timestamp": T.TimestampNTZType(), "integer": T.LongType(),
    }[column.type]


def spark_schema(dataset: str | contract.Dataset):
    from pyspark.sql import types as T

    ds = contract.get(dataset) if isinstance(dataset, str) else dataset
    return T.StructType([T.StructField(c.name, _spark_type(c), nullable=True) for c in ds.columns])


def _log4j_file() -> str:
    path = Path(tempfile.gettempdir()) / "qingfeng-spark-log4j2.properties"
    if not path.exists() or path.read_text() != LOG4J:
        path.write_text(LOG4J)
    return str(path)


def default_master() -> str:
    return settings.QINGFENG.get("SPARK_MASTER") or "local[2]"


def application(master: str | None = None):
    """The process's Spark application for ``master`` (started on first use; the JVM start takes seconds)."""
    master = master or default_master()
    with _lock:
        if master in _apps:
            return _apps[master]
        # The driver's time zone is the session's, so values collected to Python are the wall-clock values.
        os.environ["TZ"] = TIME_ZONE
        time.tzset()
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("qingfeng-screening")
        if os.environ.get("PYSPARK_GATEWAY_PORT"):
            pass  # launched by spark-submit: its --master and --conf hold; only the session settings are added
        elif master.startswith("sc://"):
            builder = builder.remote(master)
        else:
            local = master.startswith("local")
            if local:
                # No network: the driver binds to the loopback interface only.
                os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
                builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
            java_options = f"-Duser.timezone={TIME_ZONE} -Dlog4j2.configurationFile=file:{_log4j_file()}"
            builder = (builder.master(master)
                       .config("spark.driver.memory", settings.QINGFENG.get("SPARK_DRIVER_MEMORY") or "2g")
                       .config("spark.driver.extraJavaOptions", java_options)
                       .config("spark.executor.extraJavaOptions", f"-Duser.timezone={TIME_ZONE}")
                       .config("spark.ui.enabled", "false")
                       .config("spark.ui.showConsoleProgress", "false")
                       .config("spark.sql.runSQLOnFiles", "false")
                       .config("spark.sql.shuffle.partitions", str(settings.QINGFENG.get("SPARK_SHUFFLE_PARTITIONS") or 8)))
        for key, value in SESSION_CONF.items():
            builder = builder.config(key, value)
        app = builder.getOrCreate()
        running = None if master.startswith("sc://") or os.environ.get("PYSPARK_GATEWAY_PORT") else app.sparkContext.master
        if running is not None and running != master:
            # getOrCreate hands back the process's one SparkContext, whatever master it runs on.
            raise RuntimeError(f"本进程已有一个在 {running} 上运行的 Spark 应用，一个进程只能有一个；"
                               f"要在 {master} 上筛查，请在另一个进程中运行（如 qingfeng screen --master {master}）")
        _apps[master] = app
        return app


def jvm_pid(app) -> int | None:
    """Process id of a local Spark application's JVM (for memory figures), when this process started it."""
    try:
        return app.sparkContext._gateway.proc.pid
    except AttributeError:
        return None


def harden(spark) -> None:
    """Session settings and the lock-down that does not depend on the SQL having been checked."""
    if getattr(spark, "_qingfeng_hardened", False):
        return
    for key, value in SESSION_CONF.items():
        spark.conf.set(key, value)
    spark._qingfeng_token = uuid.uuid4().hex  # names this session in the small-table cache
    jss = getattr(spark, "_jsparkSession", None)
    if jss is None:  # Spark Connect: the server's own configuration holds; the SQL guard still applies
        spark._qingfeng_hardened = True
        return
    registry = jss.sessionState().functionRegistry()
    functions = registry.listFunction().iterator()
    doomed = []
    while functions.hasNext():
        ident = functions.next()
        if ident.funcName().lower() in JAVA_REACHING:
            doomed.append(ident)
    for ident in doomed:
        registry.dropFunction(ident)
    spark._qingfeng_hardened = True


def _views() -> set[str]:
    return set(contract.DATASETS)


class SparkSession:
    """A run's Spark session over the warehouse, with the interface of the DuckDB session."""

    name = "spark"

    def __init__(self, sources: dict | None = None, registries: dict[str, pa.Table] | None = None, *,
                 master: str | None = None, spark=None, timeout_seconds: float | None = None, load_registries=None,
                 extra_sources: dict | None = None, memory_limit=None, threads=None):
        conf = settings.QINGFENG
        self.timeout_seconds = float(timeout_seconds or conf["SCREENING_TIMEOUT_SECONDS"])
        self.deadline = time.monotonic() + self.timeout_seconds
        self.files: dict[str, list[Path]] = {}
        self.extra_files: dict[str, list[Path]] = {}
        self._temp: list[str] = []
        self._pending: dict[str, tuple] = {}  # relation (lower case) → (dataset, source, name), not yet a DataFrame
        self._owns = spark is None
        if spark is None:
            app = application(master)
            try:
                spark = app.newSession()
            except Exception:  # Spark Connect: one server-side session per client session
                spark = app
        self.spark = spark
        harden(self.spark)
        self._tag = f"qingfeng-{uuid.uuid4().hex[:12]}"
        from .duckdb import default_sources

        sources = default_sources() if sources is None else sources
        self._arrow_span = arrow_span(sources) if all(isinstance(v, pa.Table) for v in sources.values()) else None
        incremental = extra_sources is not None
        for name, ds in contract.DATASETS.items():
            if ds.kind == "record":
                self._create(ds, sources.get(name), all_name(name) if incremental else name)
                if incremental:
                    self.use(name)
        for relation, (dataset, source) in (extra_sources or {}).items():
            self._create(contract.get(dataset), source, relation)
        given = dict(registries or {})
        missing = [n for n, ds in contract.DATASETS.items() if ds.kind == "registry" and n not in given]
        if missing and load_registries is not False:
            from ..snapshots import registry_tables

            given = {**(load_registries or registry_tables)(self.data_span()), **given}
        for name, ds in contract.DATASETS.items():
            if ds.kind == "registry":
                self._create(ds, given.get(name), name)

    # --- set-up -------------------------------------------------------------------------------------

    def _create(self, ds: contract.Dataset, source, relation: str) -> None:
        """Register a relation; its DataFrame is made when a query first names it (a rule reads a few of the
        contract's many views, and each small DataFrame costs Spark a job)."""
        if not isinstance(source, pa.Table):
            paths = [Path(p).resolve() for p in (source or [])]
            if paths and relation in (ds.name, all_name(ds.name)):
                self.files[ds.name] = paths
            elif paths:
                self.extra_files[relation] = paths
        self._pending[relation.lower()] = (ds, source, relation)

    def _ensure(self, sql: str) -> None:
        """Make the DataFrames of the pending relations that ``sql`` (Spark SQL) names."""
        if not self._pending:
            return
        try:
            names = {t.name.lower() for t in sqlglot.parse_one(sql, read="spark").find_all(exp.Table)}
        except sqlglot.errors.SqlglotError:
            names = set(self._pending)
        for name in sorted(names & set(self._pending)):
            self._make(*self._pending.pop(name))

    def _make(self, ds: contract.Dataset, source, relation: str) -> None:
        schema = spark_schema(ds)
        if isinstance(source, pa.Table):
            frame = self._frame(ds, source)
        else:
            paths = [Path(p).resolve() for p in (source or [])]
            if not paths:
                frame = self._frame(ds, pa.Table.from_pylist([]))
            else:
                frame = self.spark.read.schema(schema).parquet(*[str(p) for p in paths])
        frame.createOrReplaceTempView(relation)
        self._temp.append(relation)

    def _frame(self, ds: contract.Dataset, source: pa.Table):
        """A DataFrame of in-memory rows; small ones are reused across sessions of the same Spark session
        (the cases and tests give the same calendar and departments over and over)."""
        from qingfeng.records.warehouse import arrow_schema

        target = arrow_schema(ds)
        columns = [source.column(f.name).cast(f.type) if f.name in source.column_names else pa.nulls(source.num_rows, f.type)
                   for f in target]
        table = pa.Table.from_arrays(columns, schema=target.remove_metadata())
        digest = None
        if not source.num_rows:
            digest = (self.spark._qingfeng_token, ds.name, "empty")
            if digest not in _frames:
                _frames[digest] = self.spark.createDataFrame([], spark_schema(ds))
            return _frames[digest]
        if table.num_rows <= SMALL_TABLE_ROWS:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            digest = (self.spark._qingfeng_token, ds.name, hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest())
            if digest in _frames:
                return _frames[digest]
        frame = self.spark.createDataFrame(table)
        if digest is not None:
            if len(_frames) >= 256:
                _frames.clear()
            _frames[digest] = frame
        return frame

    def data_span(self) -> tuple[date, date]:
        """First and last day the record views touch (every date and timestamp column, budget years); today when empty."""
        if self._arrow_span is not None:
            return self._arrow_span
        return span_of(*self.query(span_sql())[0])

    # --- queries ------------------------------------------------------------------------------------

    def carry(self, sql: str, params: dict | None = None) -> str:
        """The Spark SQL this engine would run for rule ``sql`` (raises carry.CarryError when it cannot)."""
        return carry.to_spark(sql, params, views=_views())

    def execute(self, sql: str, params: dict | None = None) -> Result:
        """Carry one rule query to Spark, then run it under the run's remaining time."""
        spark_sql = self.carry(sql, params)
        from .duckdb import placeholders

        names = placeholders(sql)
        args = {k: v for k, v in (params or {}).items() if k in names}
        return self._run(spark_sql, args)

    def _run(self, spark_sql: str, args: dict | None = None) -> Result:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise RunTimeout(f"超过运行时限 {self.timeout_seconds:g} 秒，未执行")
        fired = threading.Event()

        def interrupt():
            fired.set()
            self.spark.interruptTag(self._tag)

        timer = threading.Timer(remaining, interrupt)
        timer.daemon = True
        started = time.perf_counter()
        self.spark.addTag(self._tag)
        timer.start()
        try:
            self._ensure(spark_sql)
            frame = self.spark.sql(spark_sql, args=args or None)
            rows = [tuple(r) for r in frame.collect()]
            columns = list(frame.columns)
        except Exception as exc:
            if fired.is_set():
                raise RunTimeout(f"超过运行时限 {self.timeout_seconds:g} 秒，已中断") from exc
            raise
        finally:
            timer.cancel()
            self.spark.removeTag(self._tag)
        return Result(columns, rows, time.perf_counter() - started)

    def query(self, sql: str) -> list[tuple]:
        """Internal SQL written in DuckDB's dialect (not rule SQL), carried without the rule guard."""
        return self._run(carry.internal_to_spark(sql)).rows

    def define(self, name: str, sql: str, *, table: bool = False) -> None:
        """An internal relation from DuckDB-dialect SQL; ``table`` caches it (it is small and read often)."""
        spark_sql = carry.internal_to_spark(sql)
        self._ensure(spark_sql)
        frame = self.spark.sql(spark_sql)
        if table:
            frame = frame.cache()
        frame.createOrReplaceTempView(name)
        self._temp.append(name)

    def use(self, dataset: str, relation: str | None = None) -> None:
        """Point the record view ``dataset`` at ``relation`` (default: all its rows)."""
        relation = relation or all_name(dataset)
        if relation.lower() in self._pending:
            self._make(*self._pending.pop(relation.lower()))
        self._pending.pop(dataset.lower(), None)
        self.spark.table(relation).createOrReplaceTempView(dataset)
        self._temp.append(dataset)

    def fetch_rows(self, dataset: str, keys: list[str], relation: str | None = None) -> dict[str, dict]:
        """Rows of ``dataset`` by its single-column key, for a finding's evidence (from ``relation``, one of
        the dataset's extra relations, when given)."""
        if not keys:
            return {}
        from pyspark.sql import types as T

        key = contract.get(dataset).key[0]
        wanted = f"__keys_{uuid.uuid4().hex[:8]}"
        self.spark.createDataFrame([(k,) for k in sorted(set(keys))],
                                   T.StructType([T.StructField("k", T.StringType())])).createOrReplaceTempView(wanted)
        self._temp.append(wanted)
        try:
            result = self._run(f"SELECT d.* FROM `{relation or dataset}` AS d LEFT SEMI JOIN `{wanted}` AS w ON d.`{key}` = w.k")
        finally:
            self.spark.catalog.dropTempView(wanted)
        index = result.columns.index(key)
        return {row[index]: dict(zip(result.columns, row, strict=True)) for row in result.rows}

    def scan_floor_seconds(self, repeat: int = 3) -> float:
        return min(self._run("SELECT count(*), sum(amount) FROM payments").seconds for _ in range(max(1, repeat)))

    def close(self) -> None:
        for name in dict.fromkeys(self._temp):
            try:
                self.spark.catalog.dropTempView(name)
            except Exception:  # the session may already be gone; nothing to free then
                log.debug("could not drop temp view %s", name)
        self._temp.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
