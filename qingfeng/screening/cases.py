"""Run a rule's cases (cases.yaml) through the real engine: given rows in, subject keys out.

The given rows become Arrow tables typed by the data contract; registries a case does not give (the
calendar, the sensitive words, the departments) come from the database as in a real run.
"""

from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa

from qingfeng.records import contract
from qingfeng.records.warehouse import arrow_schema

from .catalogue import Case, Rule
from .engines.duckdb import DuckDBSession
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


def session_for(case: Case, **kwargs) -> DuckDBSession:
    records = {n: table(n, rows) for n, rows in case.given.items() if contract.get(n).kind == "record"}
    registries = {n: table(n, rows) for n, rows in case.given.items() if contract.get(n).kind == "registry"}
    return DuckDBSession(records, registries, **kwargs)


def run_case(rule: Rule, case: Case, params: dict | None = None) -> list[str]:
    """The subject keys ``rule`` finds in ``case`` (sorted; a repeated key appears twice)."""
    values = {**rule.default_params(), **(params or {}), **case.params}
    with session_for(case) as session:
        result = session.execute(rule.sql, values)
    keys = [str(row[result.columns.index("subject_key")]) for row in result.rows]
    hits_from_rows(rule, result.columns, result.rows)  # the same shaping a run applies must not fail
    return sorted(keys)
