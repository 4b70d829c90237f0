"""What every screening engine shares: the result of a query, the run's time limit, and how a session
restricts a record view for an incremental run.

A session (DuckDB or Spark) exposes the same surface: ``execute(rule_sql, params)`` for rule SQL in the
authoring dialect (DuckDB), ``fetch_rows`` for evidence, ``data_span``, ``files`` (the warehouse files its
views read) and, for incremental runs, ``define``/``use`` to point a record view at a narrower relation.
"""

from dataclasses import dataclass
from datetime import date


class RunTimeout(Exception):
    """The run's time limit expired (the running query was interrupted)."""


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]
    seconds: float

    def dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def all_name(dataset: str) -> str:
    """Name of the unrestricted relation behind a record view in an incremental session."""
    return f"__all_{dataset}"


def extra_name(label: str, dataset: str) -> str:
    """Name of an extra relation (``new`` rows of a batch, rows ``gone`` with a superseded batch)."""
    return f"__{label}_{dataset}"


def span_columns() -> list[tuple[str, str, str]]:
    """(dataset, column, type) of every record column that places a row in time: the contract's date and
    timestamp columns, and an integer ``year`` (a budget year counts from its 1 January)."""
    from qingfeng.records import contract

    return [(ds.name, c.name, c.type) for ds in contract.DATASETS.values() if ds.kind == "record" for c in ds.columns
            if c.type in ("date", "timestamp") or (c.type == "integer" and c.name == "year")]


def span_sql() -> str:
    """One query, valid in DuckDB and Spark SQL, for the first and last day the record views touch."""
    parts = []
    for dataset, column, kind in span_columns():
        if kind == "integer":
            lo, hi = (f"make_date(CAST({f}({column}) AS INT), 1, 1)" for f in ("min", "max"))
        else:
            lo, hi = (f"{f}(CAST({column} AS DATE))" for f in ("min", "max"))
        parts.append(f"SELECT {lo} AS lo, {hi} AS hi FROM {dataset}")
    return "SELECT min(lo), max(hi) FROM (" + " UNION ALL ".join(parts) + ") AS spans"


def span_of(lo, hi) -> tuple[date, date]:
    """The span a span query answered; today when no record has a date."""
    if lo is None or hi is None:
        today = date.today()
        return today, today
    return lo, hi


def arrow_span(sources: dict) -> tuple[date, date]:
    """``span_sql`` over in-memory Arrow sources (the cases and tests), without running an engine."""
    import pyarrow.compute as pc

    days = []
    for dataset, column, kind in span_columns():
        table = sources.get(dataset)
        if table is None or column not in table.column_names or not table.num_rows:
            continue
        bounds = pc.min_max(table.column(column))
        for value in (bounds["min"].as_py(), bounds["max"].as_py()):
            if value is None:
                continue
            if kind == "integer":
                days.append(date(int(value), 1, 1))
            else:
                days.append(value.date() if hasattr(value, "date") and callable(value.date) else value)
    return (min(days), max(days)) if days else span_of(None, None)
