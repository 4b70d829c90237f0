"""The DuckDB engine: one in-memory connection per run, locked down before any rule runs.

Set-up order matters. Record views (Parquet files from the warehouse, or Arrow tables in tests and
cases) and registry snapshots are created first; then the connection is locked: external access off
(only the warehouse files the views name stay readable, through ``allowed_paths``), no extension
install or autoload, the configuration locked, memory and threads capped. Every query runs under the
run's time limit: a timer interrupts the connection when it expires.
"""

import threading
import time
from datetime import date
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa
import sqlglot
from django.conf import settings
from sqlglot import exp

from qingfeng.records import contract

from .. import shim
from .base import Result, RunTimeout, all_name, span_of, span_sql
from .base import quote as _quote
from .base import sql_string as _sql_string

__all__ = ["DuckDBSession", "Result", "RunTimeout", "SQL_TYPES", "placeholders", "default_sources", "scan_floor_seconds"]

SQL_TYPES = {"string": "VARCHAR", "enum": "VARCHAR", "decimal": "DECIMAL(18,2)", "date": "DATE", "timestamp": "TIMESTAMP",
             "integer": "BIGINT"}

Source = list | tuple | pa.Table  # Parquet paths, or an Arrow table


def _select_list(dataset: contract.Dataset, present: dict[str, str]) -> str:
    """The contract's columns with the contract's types; a column absent from the source reads as NULL.
    A column already of its contract type is read bare: a no-op CAST still costs DuckDB its dictionary
    vectors and filter pushdown."""
    parts = []
    for col in dataset.columns:
        target = SQL_TYPES[col.type]
        if present.get(col.name) == target:
            parts.append(_quote(col.name))
        else:
            source = _quote(col.name) if col.name in present else "NULL"
            parts.append(f"CAST({source} AS {target}) AS {_quote(col.name)}")
    return ", ".join(parts)


def placeholders(sql: str) -> set[str]:
    """Named ``$param`` placeholders in ``sql``."""
    return set(_placeholders(sql))


@lru_cache(maxsize=1024)  # every query of a run asks, and a rule's SQL does not change within a process
def _placeholders(sql: str) -> frozenset[str]:
    tree = sqlglot.parse_one(sql, read="duckdb")
    return frozenset(p.name for p in tree.find_all(exp.Placeholder, exp.Parameter) if p.name)


def default_sources() -> dict[str, list[Path]]:
    """The committed warehouse files of every record dataset."""
    from qingfeng.records import warehouse

    return {name: warehouse.committed_files(name) for name, ds in contract.DATASETS.items() if ds.kind == "record"}


class DuckDBSession:
    """A locked-down connection over one run's data. Use as a context manager, or call ``close``."""

    name = "duckdb"

    def __init__(self, sources: dict[str, Source] | None = None, registries: dict[str, pa.Table] | None = None, *,
                 memory_limit: str | None = None, threads: int | None = None, timeout_seconds: float | None = None,
                 load_registries=None, extra_sources: dict[str, tuple[str, Source]] | None = None):
        """``extra_sources`` ({relation: (dataset, source)}): more contract-typed relations for an incremental
        run (a batch's new rows, the rows of a superseded batch); with them, each record view is an alias of
        ``__all_<dataset>`` that ``use`` can point elsewhere."""
        conf = settings.QINGFENG
        self.timeout_seconds = float(timeout_seconds or conf["SCREENING_TIMEOUT_SECONDS"])
        self.deadline = time.monotonic() + self.timeout_seconds
        self.files: dict[str, list[Path]] = {}  # dataset → the warehouse files its view reads
        self.extra_files: dict[str, list[Path]] = {}  # extra relation → its files
        self.con = duckdb.connect(":memory:", config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": memory_limit or conf["DUCKDB_MEMORY_LIMIT"],
            "threads": int(threads or conf["DUCKDB_THREADS"]),
        })
        try:
            sources = default_sources() if sources is None else sources
            for name, ds in contract.DATASETS.items():
                if ds.kind == "record":
                    if extra_sources is None:
                        self._create(ds, sources.get(name))
                    else:
                        self._create(ds, sources.get(name), all_name(name))
                        self.con.execute(f"CREATE VIEW {_quote(name)} AS SELECT * FROM {_quote(all_name(name))}")
            for relation, (dataset, source) in (extra_sources or {}).items():
                self._create(contract.get(dataset), source, relation)
            given = dict(registries or {})
            missing = [n for n, ds in contract.DATASETS.items() if ds.kind == "registry" and n not in given]
            if missing and load_registries is not False:
                from ..snapshots import registry_tables

                loaded = (load_registries or registry_tables)(self.data_span())
                given = {**loaded, **given}
            for name, ds in contract.DATASETS.items():
                if ds.kind == "registry":
                    self._create(ds, given.get(name))
            shim.install_duckdb(self.con)
            self._lock_down()
        except BaseException:
            self.con.close()
            raise

    # --- set-up -------------------------------------------------------------------------------------

    def _create(self, ds: contract.Dataset, source: Source | None, relation: str | None = None) -> None:
        name = _quote(relation or ds.name)
        if isinstance(source, pa.Table):
            self.con.register("__source", source)
            self.con.execute(f"CREATE TABLE {name} AS SELECT {_select_list(ds, self._types('__source'))} FROM __source")
            self.con.unregister("__source")
            return
        paths = [Path(p).resolve() for p in (source or [])]
        if not paths:
            columns = ", ".join(f"{_quote(c.name)} {SQL_TYPES[c.type]}" for c in ds.columns)
            self.con.execute(f"CREATE TABLE {name} ({columns})")
            return
        scan = "read_parquet([" + ", ".join(_sql_string(str(p)) for p in paths) + "], union_by_name = true)"
        self.con.execute(f"CREATE VIEW {name} AS SELECT {_select_list(ds, self._types(scan))} FROM {scan}")
        if relation in (None, ds.name, all_name(ds.name)):
            self.files[ds.name] = paths
        else:
            self.extra_files[relation] = paths

    def _types(self, relation: str) -> dict[str, str]:
        return {row[0]: row[1] for row in self.con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}

    def data_span(self) -> tuple[date, date]:
        """First and last day the record views touch (every date and timestamp column of the contract, and
        budget years); today when empty."""
        return span_of(*self.con.execute(span_sql()).fetchall()[0])

    def _lock_down(self) -> None:
        allowed = [str(p) for files in (self.files, self.extra_files) for paths in files.values() for p in paths]
        self.con.execute("SET allowed_paths = [" + ", ".join(_sql_string(p) for p in allowed) + "]")
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET lock_configuration = true")

    # --- queries ------------------------------------------------------------------------------------

    def execute(self, sql: str, params: dict | None = None) -> Result:
        """Run one query under the run's remaining time; only the parameters the SQL names are bound."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise RunTimeout(f"超过运行时限 {self.timeout_seconds:g} 秒，未执行")
        if params:
            names = placeholders(sql)
            params = {k: v for k, v in params.items() if k in names}
        timer = threading.Timer(remaining, self.con.interrupt)
        timer.daemon = True
        started = time.perf_counter()
        timer.start()
        try:
            cursor = self.con.execute(sql, params or None)
            rows = cursor.fetchall()
            columns = [d[0] for d in cursor.description]
        except duckdb.InterruptException as exc:
            raise RunTimeout(f"超过运行时限 {self.timeout_seconds:g} 秒，已中断") from exc
        finally:
            timer.cancel()
        return Result(columns, rows, time.perf_counter() - started)

    def define(self, name: str, sql: str, *, table: bool = False) -> None:
        """An internal relation (not rule SQL): a view, or a table when it is small and read often."""
        kind = "TABLE" if table else "VIEW"
        self.con.execute(f"CREATE OR REPLACE TEMP {kind} {_quote(name)} AS {sql}")

    def use(self, dataset: str, relation: str | None = None) -> None:
        """Point the record view ``dataset`` at ``relation`` (default: all its rows)."""
        self.con.execute(f"CREATE OR REPLACE VIEW {_quote(dataset)} AS SELECT * FROM {_quote(relation or all_name(dataset))}")

    def query(self, sql: str) -> list[tuple]:
        """Internal SQL (not rule SQL) in this engine's dialect."""
        return self.con.execute(sql).fetchall()

    def fetch_rows(self, dataset: str, keys: list[str], relation: str | None = None) -> dict[str, dict]:
        """Rows of ``dataset`` by its single-column key, for a finding's evidence (from ``relation``, one of
        the dataset's extra relations, when given)."""
        if not keys:
            return {}
        key = contract.get(dataset).key[0]
        result = self.execute(f"SELECT * FROM {_quote(relation or dataset)} WHERE {_quote(key)} IN (SELECT unnest($keys))",
                              {"keys": sorted(set(keys))})
        index = result.columns.index(key)
        return {row[index]: dict(zip(result.columns, row, strict=True)) for row in result.rows}

    def scan_floor_seconds(self, repeat: int = 3) -> float:
        """The floor of the screening benchmark: the best time of one scan of payments."""
        return min(self.execute("SELECT count(*), sum(amount) FROM payments").seconds for _ in range(max(1, repeat)))

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def scan_floor_seconds(sources: dict[str, Source] | None = None, repeat: int = 3) -> float:
    """Time of ``SELECT count(*), sum(amount) FROM payments`` over the same views a run reads."""
    with DuckDBSession(sources, load_registries=False) as session:
        return session.scan_floor_seconds(repeat)
