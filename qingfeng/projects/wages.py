"""A project's wage picture month by month, read from the warehouse records: labour costs transferred into
the wage account, workers attending, workers paid, the month's pay and when it was first paid."""

from collections import defaultdict
from datetime import date

import pyarrow.compute as pc

from qingfeng.records import warehouse


def _rows(dataset: str, project_code: str) -> list[dict]:
    table = warehouse.read(dataset)
    return table.filter(pc.equal(table["project_code"], project_code)).to_pylist() if table.num_rows else []


def _month(d: date) -> date:
    return d.replace(day=1)


def monthly(project_code: str) -> list[dict]:
    months: dict = defaultdict(lambda: {"transferred": 0, "attending": set(), "paid": set(), "pay": 0, "first_paid_on": None})
    for r in _rows("wage_transfers", project_code):
        months[_month(r["paid_on"])]["transferred"] += r["amount"]
    for r in _rows("site_attendance", project_code):
        if r["days"]:
            months[_month(r["work_month"])]["attending"].add(r["worker_no"])
    for r in _rows("wage_payroll", project_code):
        m = months[_month(r["pay_month"])]
        m["paid"].add(r["worker_no"])
        m["pay"] += r["amount"]
        m["first_paid_on"] = min(filter(None, (m["first_paid_on"], r["paid_on"])))
    return [{"month": k, "transferred": v["transferred"], "attending": len(v["attending"]), "paid": len(v["paid"]),
             "unpaid": len(v["attending"] - v["paid"]), "pay": v["pay"], "first_paid_on": v["first_paid_on"]}
            for k, v in sorted(months.items(), reverse=True)]
