"""The Spark Connect path (``--master sc://…``) against a real Connect server started on this machine from
the installed PySpark: rule cases give DuckDB's rows, and a screening run over the warehouse gives DuckDB's
findings. A few rules only (each case costs Connect round trips), chosen for what they carry: a running
total and an ordered string_agg (FIN-002), a look-back self-join (FIN-011), the sensitive-word registry
(FIN-012), a monthly group with a parameter (FIN-006)."""

import os
from datetime import datetime

import pytest

from qingfeng.records.imports import import_arrow
from qingfeng.screening.actions import run_screening
from qingfeng.screening.cases import case_result, table
from qingfeng.screening.catalogue import load_catalogue
from qingfeng.screening.engines import connect_server
from qingfeng.screening.models import Finding
from qingfeng.screening.parity import canonical_findings, canonical_rows

pytestmark = [pytest.mark.spark, pytest.mark.django_db, pytest.mark.usefixtures("calendar_days")]

RULES = ("FIN-002", "FIN-006", "FIN-011", "FIN-012")


# PySpark marks the whole process as a Connect client once a remote session starts: the tests after these
# (local mode) need the marks gone again.
CONNECT_MARKS = ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE", "SPARK_LOCAL_REMOTE")


@pytest.fixture(scope="module")
def connect_url():
    saved = {name: os.environ.get(name) for name in CONNECT_MARKS}
    server = connect_server.start()
    try:
        yield server.url
    finally:
        from qingfeng.screening.engines.spark import _apps

        app = _apps.pop(server.url, None)
        if app is not None:
            app.stop()
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_rule_cases_give_duckdbs_rows_through_spark_connect(connect_url):
    catalogue = load_catalogue()
    for rule_id in RULES:
        rule = catalogue.rules[rule_id]
        for case in rule.cases:
            duck = case_result(rule, case)
            remote = case_result(rule, case, engine="spark", master=connect_url)
            keys = sorted(str(row[remote.columns.index("subject_key")]) for row in remote.rows)
            assert keys == sorted(case.expect), f"{rule_id} {case.name}"
            assert canonical_rows(remote.columns, remote.rows) == canonical_rows(duck.columns, duck.rows), f"{rule_id} {case.name}"


def test_a_screening_run_through_spark_connect_finds_what_duckdb_finds(connect_url):
    base = {"payer_department_code": "101", "payer_account": "ZB-101", "payee_name": "出纳", "payee_account": "C-101",
            "payee_type": "personal", "settlement_method": "cash", "purpose": "备用金", "budget_line": "BL-01",
            "economic_class": "30201"}
    rows = [{**base, "payment_id": f"C{i}", "amount": "19000.00", "paid_at": datetime(2026, 3, 2 + i, 10)} for i in range(3)]
    rows.append({**base, "payment_id": "R1", "amount": "19000.00", "paid_at": datetime(2026, 3, 5, 11), "purpose": "回扣"})
    import_arrow(table("payments", rows), "payments", source_name="march", actor="t")

    duck = run_screening("t", rule_ids=list(RULES))
    remote = run_screening("t", rule_ids=list(RULES), engine="spark", master=connect_url)

    assert remote.status == "done" and not remote.error
    values = ("rule_id", "subject_key", "evidence", "evidence_rows")
    found = canonical_findings(Finding.objects.filter(run=remote).values(*values))
    assert found == canonical_findings(Finding.objects.filter(run=duck).values(*values))
    assert {f.rule_id for f in Finding.objects.filter(run=remote)} >= {"FIN-006", "FIN-011"}
