"""Incremental screening on Spark: the restricted relations (pushed-down key predicates, key joins with a
look-back) and the evidence rows looked up in the new batch are carried to Spark, and the run keeps exactly
what a full Spark run adds."""

from datetime import datetime

import pytest

from qingfeng.records.imports import import_arrow
from qingfeng.screening.actions import run_screening, screen_incremental
from qingfeng.screening.cases import table
from qingfeng.screening.models import Finding

pytestmark = [pytest.mark.spark, pytest.mark.django_db, pytest.mark.usefixtures("calendar_days")]

RULES = ["FIN-006", "FIN-011", "FIN-013"]  # month keys, a look-back join, year keys with a NULL-free IN list
BASE = {"payer_department_code": "101", "payer_account": "ZB-101", "payee_name": "出纳", "payee_account": "C-101",
        "payee_type": "personal", "settlement_method": "cash", "purpose": "备用金", "budget_line": "BL-01",
        "economic_class": "30217"}


def hashes(run) -> dict[tuple[str, str], str]:
    return {(f.rule_id, f.subject_key): f.evidence_hash for f in Finding.objects.filter(run=run)}


def test_an_incremental_spark_run_keeps_what_a_full_spark_run_adds(spark_app):
    earlier = [{**BASE, "payment_id": f"C{i}", "amount": "19000.00", "paid_at": datetime(2026, 3, 2 + i, 10)} for i in range(3)]
    earlier.append({**BASE, "payment_id": "O1", "payer_department_code": "102", "amount": "900.00", "paid_at": datetime(2026, 6, 1, 9)})
    import_arrow(table("payments", earlier), "payments", source_name="earlier", actor="t")
    before = run_screening("t", rule_ids=RULES, engine="spark")
    late = [{**BASE, "payment_id": "L1", "amount": "19000.00", "paid_at": datetime(2026, 3, 6, 10)},
            {**BASE, "payment_id": "L2", "payer_department_code": "102", "amount": "900.00", "paid_at": datetime(2026, 6, 2, 9)}]
    import_arrow(table("payments", late), "payments", source_name="late", actor="t")

    incremental = screen_incremental("t", rule_ids=RULES, engine="spark")
    after = run_screening("t", rule_ids=RULES, engine="spark")

    assert incremental.status == "done" and not incremental.error
    assert {incremental.rules[r]["mode"] for r in RULES} == {"restricted"}
    old = hashes(before)
    added = {key: digest for key, digest in hashes(after).items() if old.get(key) != digest}
    assert hashes(incremental) == added != {}
    assert ("FIN-011", "L1") in added and ("FIN-006", "101|2026-03") in added
