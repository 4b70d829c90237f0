"""What every screening engine shares: the result of a query, the run's time limit, and how a session
restricts a record view for an incremental run.

A session (DuckDB or Spark) exposes the same surface: ``execute(rule_sql, params)`` for rule SQL in the
authoring dialect (DuckDB), ``fetch_rows`` for evidence, ``data_span``, ``files`` (the warehouse files its
views read) and, for incremental runs, ``define``/``use`` to point a record view at a narrower relation.
"""

from dataclasses import dataclass


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
