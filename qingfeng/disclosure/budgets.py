"""The figures a budget or final-accounts publication carries, read from the finance records in the
warehouse: the approved budget (budgets dataset) or what was paid (payments dataset), in total and for the
three “三公” categories. Frozen into the publication when it is published."""

from decimal import Decimal

import pyarrow.compute as pc
import pyarrow.parquet as pq

from qingfeng.records import warehouse

from .parameters import SANGONG_CLASSES

CATEGORY_LABELS = {"abroad": "因公出国（境）费", "reception": "公务接待费", "vehicle_purchase": "公务用车购置费",
                   "vehicle_running": "公务用车运行维护费"}


def _rows(dataset: str, dept_column: str, code: str, columns: list[str]):
    tables = [pq.read_table(f, columns=columns, filters=[(dept_column, "=", code)])
              for f in warehouse.committed_files(dataset)]
    return [t for t in tables if t.num_rows]


def _sum(values) -> Decimal:
    return sum((Decimal(str(v)) for v in values if v is not None), Decimal(0))


def figures(department_code: str, year: int, kind: str) -> dict:
    """{"total": "…", "sangong": {category: "…"}, "sangong_total": "…"} as decimal strings (yuan)."""
    classes = {c: cat for cat, codes in SANGONG_CLASSES.value().items() for c in codes}
    by_category = {cat: Decimal(0) for cat in SANGONG_CLASSES.value()}
    total = Decimal(0)
    if kind == "budget":
        for t in _rows("budgets", "department_code", department_code, ["year", "economic_class", "amount", "supplementary"]):
            t = t.filter(pc.equal(t["year"], year))
            for econ, amount, extra in zip(t["economic_class"].to_pylist(), t["amount"].to_pylist(),
                                           t["supplementary"].to_pylist(), strict=True):
                value = _sum([amount, extra])
                total += value
                if econ in classes:
                    by_category[classes[econ]] += value
    else:
        for t in _rows("payments", "payer_department_code", department_code, ["paid_at", "economic_class", "amount"]):
            t = t.filter(pc.equal(pc.year(t["paid_at"]), year))
            for econ, amount in zip(t["economic_class"].to_pylist(), t["amount"].to_pylist(), strict=True):
                value = _sum([amount])
                total += value
                if econ in classes:
                    by_category[classes[econ]] += value
    return {"total": str(total), "sangong": {k: str(v) for k, v in by_category.items()},
            "sangong_total": str(sum(by_category.values(), Decimal(0)))}
