"""Run a rule's cases (cases.yaml) through the real engine: given rows in, subject keys out.

The given rows become Arrow tables typed by the data contract; registries a case does not give (the
calendar, the sensitive words, the departments) come from the database as in a real run. Cases run on
DuckDB by default and on Spark with ``engine="spark"`` (the parity tests run both).
"""

from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa

from qingfeng.records import contract
from qingfeng.records.warehouse import arrow_schema

from .catalogue import Case, Rule
from .engines import open_session
from .engines.base import Result
from .findings import hits_from_rows


def _coerce(column: contract.Column, value):
    if value is None:
        return None
    kind = column.type
    if kind == "enum":
        text = str(value)
        return column.labels.get(text, text)
    if kind == "string":
        return str(value)
    if kind == "decimal":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    if kind == "integer":
        return int(value)
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if kind == "timestamp":
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        return datetime.fromisoformat(str(value))
    raise ValueError(f"未知列类型 {kind}")


def table(dataset: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts, missing columns NULL) as an Arrow table with the contract's schema."""
    ds = contract.get(dataset)
    typed = [{c.name: _coerce(c, row.get(c.name)) for c in ds.columns} for row in rows]
    return pa.Table.from_pylist(typed, schema=arrow_schema(dataset))


def case_sources(case: Case) -> tuple[dict[str, pa.Table], dict[str, pa.Table]]:
    """The case's given rows as (record tables, registry tables)."""
    records = {n: table(n, rows) for n, rows in case.given.items() if contract.get(n).kind == "record"}
    registries = {n: table(n, rows) for n, rows in case.given.items() if contract.get(n).kind == "registry"}
    return records, registries


def session_for(case: Case, engine: str = "duckdb", **kwargs):
    records, registries = case_sources(case)
    return open_session(engine, sources=records, registries=registries, **kwargs)


def case_params(rule: Rule, case: Case, params: dict | None = None) -> dict:
    return {**rule.default_params(), **(params or {}), **case.params}


def case_result(rule: Rule, case: Case, params: dict | None = None, *, engine: str = "duckdb", **kwargs) -> Result:
    """The rows ``rule`` returns on ``case`` through ``engine``."""
    with session_for(case, engine, **kwargs) as session:
        return session.execute(rule.sql, case_params(rule, case, params))


def run_case(rule: Rule, case: Case, params: dict | None = None, *, engine: str = "duckdb", **kwargs) -> list[str]:
    """The subject keys ``rule`` finds in ``case`` (sorted; a repeated key appears twice)."""
    result = case_result(rule, case, params, engine=engine, **kwargs)
    keys = [str(row[result.columns.index("subject_key")]) for row in result.rows]
    hits_from_rows(rule, result.columns, result.rows)  # the same shaping a run applies must not fail
    return sorted(keys)
