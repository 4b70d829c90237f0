"""Registry snapshots a screening run reads: the relational tables rules may join, as Arrow tables.

Each is taken once at the start of a run, so every rule of the run sees the same registry state.
Column names and types follow the data contract's registry datasets (records/contract.py).
"""

from datetime import date

import pyarrow as pa

from qingfeng.core.calendar import WorkCalendar
from qingfeng.core.models import Department
from qingfeng.records.warehouse import arrow_schema

from .models import SensitiveWord


def departments() -> pa.Table:
    """code, name, parent_code and the path of codes from the root ("/000/100/101/")."""
    rows = list(Department.objects.values_list("pk", "code", "name", "parent_id"))
    code_of = {pk: code for pk, code, _n, _p in rows}
    parent_of = {pk: parent for pk, _c, _n, parent in rows}

    def path(pk) -> str:
        codes, seen = [], set()
        while pk is not None and pk not in seen:
            seen.add(pk)
            codes.append(code_of[pk])
            pk = parent_of.get(pk)
        return "/" + "/".join(reversed(codes)) + "/"

    return pa.Table.from_pylist(
        [{"code": code, "name": name, "parent_code": code_of.get(parent), "path": path(pk)} for pk, code, name, parent in rows],
        schema=arrow_schema("departments"),
    )


def calendar(start: date, end: date) -> pa.Table:
    """One row per day in [start, end]: working day or not, and whether the year is only provisional."""
    cal = WorkCalendar.load(start, end)
    days, work, provisional = [], [], []
    for day, is_workday, is_provisional in cal.rows(start, end):
        days.append(day)
        work.append(int(is_workday))
        provisional.append(int(is_provisional))
    return pa.table({"day": days, "is_workday": work, "provisional": provisional}, schema=arrow_schema("calendar"))


def sensitive_words() -> pa.Table:
    rows = SensitiveWord.objects.filter(active=True).order_by("word").values("word", "category")
    return pa.Table.from_pylist([{"word": r["word"], "category": r["category"] or None} for r in rows],
                                schema=arrow_schema("sensitive_words"))


def registry_tables(span: tuple[date, date]) -> dict[str, pa.Table]:
    """Every registry rules may read, with the calendar covering whole years of ``span``; registries
    that workflow apps declare in the contract are taken by their own ``builder``."""
    from django.utils.module_loading import import_string

    from qingfeng.records import contract

    start, end = span
    tables = {
        "departments": departments(),
        "calendar": calendar(date(start.year, 1, 1), date(end.year, 12, 31)),
        "sensitive_words": sensitive_words(),
    }
    for name, ds in contract.DATASETS.items():
        if ds.kind == "registry" and ds.builder and name not in tables:
            tables[name] = import_string(ds.builder)(span)
    return tables
