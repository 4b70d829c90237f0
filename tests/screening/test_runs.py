"""Screening runs: what a run records, the findings it stores, parameters in force, and failure handling."""

from datetime import date, datetime, timedelta

import pyarrow.parquet as pq
import pytest
from django.core.exceptions import ValidationError

from qingfeng.core.models import LedgerEvent
from qingfeng.screening.actions import add_sensitive_word, run_screening, set_rule_parameter
from qingfeng.screening.cases import table
from qingfeng.screening.catalogue import get_rule
from qingfeng.screening.models import Finding, RuleParameter, Run
from qingfeng.screening.parameters import params_in_force

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_days")]

BASE = {"payer_department_code": "101", "payer_account": "ZB-101", "payee_name": "某公司", "payee_account": "6222",
        "payee_type": "unit", "amount": "1000.00", "paid_at": datetime(2026, 3, 4, 10), "settlement_method": "transfer",
        "purpose": "办公用品", "budget_line": "BL-01", "economic_class": "30201"}


def payments(*rows):
    return table("payments", [{**BASE, **r} for r in rows])


def sources(*rows):
    return {"payments": payments(*rows),
            "budgets": table("budgets", [{"department_code": "101", "year": 2026, "budget_line": "BL-01",
                                          "economic_class": "30201", "amount": "1000000"}])}


def test_a_run_records_versions_params_hits_and_stores_findings_with_evidence_rows():
    data = sources({"payment_id": "P1", "payee_type": "personal", "amount": "80000.00"},
                   {"payment_id": "P2", "paid_at": datetime(2026, 3, 8, 10)})
    run = run_screening("tester", rule_ids=["FIN-004", "FIN-008"], sources=data)
    assert run.status == Run.Status.DONE and run.error == ""
    assert run.rules["FIN-004"]["version"] == get_rule("FIN-004").version
    assert run.rules["FIN-004"]["params"]["personal_transfer_threshold"] == 50000
    assert run.rules["FIN-004"]["hits"] == 1 and run.rules["FIN-008"]["hits"] == 1
    assert run.rules["FIN-004"]["seconds"] >= 0
    finding = Finding.objects.get(run=run, rule_id="FIN-004")
    assert finding.subject_key == "P1" and finding.department_code == "101"
    assert finding.evidence["amount"] == "80000.00"
    assert finding.params == {"personal_transfer_threshold": 50000, "payroll_class_prefixes": ["301", "303"]}
    assert [r["payment_id"] for r in finding.evidence_rows] == ["P1"]
    assert finding.evidence_rows[0]["paid_at"] == "2026-03-04 10:00:00"
    assert len(finding.evidence_hash) == 64


def test_the_same_evidence_hashes_the_same_in_every_run():
    data = sources({"payment_id": "P1", "settlement_method": "cash", "amount": "30000.00"})
    first = run_screening("t", rule_ids=["FIN-005"], sources=data).findings.get()
    second = run_screening("t", rule_ids=["FIN-005"], sources=data).findings.get()
    changed = run_screening("t", rule_ids=["FIN-005"], sources=sources(
        {"payment_id": "P1", "settlement_method": "cash", "amount": "30000.01"})).findings.get()
    assert first.evidence_hash == second.evidence_hash != changed.evidence_hash


def test_group_findings_keep_the_records_behind_them():
    data = sources(*({"payment_id": f"C{i}", "settlement_method": "cash", "amount": "19000.00",
                      "paid_at": datetime(2026, 3, 2 + i, 10)} for i in range(3)))
    finding = run_screening("t", rule_ids=["FIN-006"], sources=data).findings.get()
    assert finding.subject_key == "101|2026-03"
    assert [r["payment_id"] for r in finding.evidence_rows] == ["C0", "C1", "C2"]


def test_a_failing_rule_is_recorded_and_the_others_still_run(settings, tmp_path):
    from qingfeng.screening.catalogue import rules_dir

    root = tmp_path / "rules"
    for rule_id in ("FIN-005", "FIN-008"):
        src = rules_dir() / "finance" / rule_id
        dst = root / "finance" / rule_id
        dst.mkdir(parents=True)
        for f in src.iterdir():
            (dst / f.name).write_bytes(f.read_bytes())
    (root / "finance" / "FIN-005" / "rule.sql").write_text(
        "SELECT payment_id AS subject_key, payer_department_code AS department_code FROM payments WHERE no_such_column > $cash_single_limit",
        encoding="utf-8")
    settings.QINGFENG = {**settings.QINGFENG, "RULES_DIR": str(root)}
    run = run_screening("t", sources=sources({"payment_id": "P1", "paid_at": datetime(2026, 3, 8, 10)}))
    assert run.status == Run.Status.DONE
    assert "no_such_column" in run.rules["FIN-005"]["error"]
    assert run.rules["FIN-008"]["hits"] == 1
    assert "FIN-005" in run.error


def test_an_unknown_or_invalid_rule_is_an_error_of_the_run_not_a_crash(settings, tmp_path):
    folder = tmp_path / "rules" / "finance" / "FIN-901"
    folder.mkdir(parents=True)
    (folder / "rule.yaml").write_text("id: FIN-901\n", encoding="utf-8")
    (folder / "rule.sql").write_text("SELECT * FROM read_csv('/etc/passwd')", encoding="utf-8")
    settings.QINGFENG = {**settings.QINGFENG, "RULES_DIR": str(tmp_path / "rules")}
    run = run_screening("t", rule_ids=["FIN-901", "FIN-999"], sources=sources())
    assert run.rules["FIN-901"]["error"].startswith("未通过校验")
    assert run.rules["FIN-999"]["error"] == "规则库中没有此规则"
    assert not run.findings.exists()


def test_a_run_past_its_time_limit_fails(settings, tmp_path):
    folder = tmp_path / "rules" / "finance" / "FIN-902"
    folder.mkdir(parents=True)
    rule = get_rule("FIN-005")
    (folder / "rule.yaml").write_text((rule.path / "rule.yaml").read_text(encoding="utf-8").replace("FIN-005", "FIN-902"), encoding="utf-8")
    (folder / "cases.yaml").write_text((rule.path / "cases.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "rule.sql").write_text(
        "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) "
        "SELECT CAST(count(*) AS VARCHAR) AS subject_key, '101' AS department_code FROM t WHERE n > $cash_single_limit",
        encoding="utf-8")
    settings.QINGFENG = {**settings.QINGFENG, "RULES_DIR": str(tmp_path / "rules"), "SCREENING_TIMEOUT_SECONDS": 0.5}
    run = run_screening("t", sources=sources())
    assert run.status == Run.Status.FAILED
    assert "超过运行时限" in run.rules["FIN-902"]["error"]


def test_a_run_reads_the_committed_warehouse_and_records_its_batches(settings):
    from django.utils import timezone

    from qingfeng.records.models import BatchStatus, ImportBatch

    folder = settings.WAREHOUSE_DIR / "payments"
    folder.mkdir(parents=True)
    pq.write_table(payments({"payment_id": "W1", "settlement_method": "cash", "amount": "25000.00"}), folder / "batch-7.parquet")
    now = timezone.now()
    batch = ImportBatch.objects.create(dataset="payments", source_name="p.csv", content_hash="x" * 64, actor="t",
                                       started_at=now, finished_at=now, status=BatchStatus.COMMITTED,
                                       file_name="payments/batch-7.parquet", rows_read=1, rows_loaded=1)
    run = run_screening("t", rule_ids=["FIN-005"])
    assert run.batches == [batch.pk]
    assert list(run.findings.values_list("subject_key", flat=True)) == ["W1"]


def test_a_run_appends_started_and_finished_to_the_ledger():
    run = run_screening("auditor", rule_ids=["FIN-005"], sources=sources())
    events = list(LedgerEvent.objects.filter(object_type="screening.run", object_id=str(run.pk)).values_list("action", "actor"))
    assert events == [("screening.started", "auditor"), ("screening.finished", "auditor")]


def test_the_parameter_in_force_is_the_latest_effective_on_or_before_the_day():
    rule = get_rule("FIN-005")
    set_rule_parameter("steward", "FIN-005", "cash_single_limit", 10000, date(2026, 1, 1))
    set_rule_parameter("steward", "FIN-005", "cash_single_limit", 15000, date(2026, 7, 1))
    assert params_in_force(rule, date(2025, 12, 31))["cash_single_limit"] == 20000
    assert params_in_force(rule, date(2026, 3, 1))["cash_single_limit"] == 10000
    assert params_in_force(rule, date(2026, 7, 1))["cash_single_limit"] == 15000
    event = LedgerEvent.objects.filter(action="rule_parameter.set").last()
    assert event.data["old"] == 10000 and event.data["new"] == 15000 and event.actor == "steward"


def test_a_run_uses_the_parameters_in_force_and_records_them():
    today = date.today()
    set_rule_parameter("steward", "FIN-005", "cash_single_limit", 5000, today - timedelta(days=1))
    data = sources({"payment_id": "P1", "settlement_method": "cash", "amount": "6000.00"})
    run = run_screening("t", rule_ids=["FIN-005"], sources=data)
    assert run.rules["FIN-005"]["params"]["cash_single_limit"] == 5000
    assert run.findings.get().params["cash_single_limit"] == 5000
    what_if = run_screening("t", rule_ids=["FIN-005"], sources=data, params_override={"FIN-005": {"cash_single_limit": 7000}})
    assert not what_if.findings.exists()


@pytest.mark.parametrize(("name", "value"), [("cash_single_limit", "lots"), ("cash_single_limit", -1), ("no_such", 1)])
def test_a_parameter_value_must_fit_its_declaration(name, value):
    with pytest.raises(ValidationError):
        set_rule_parameter("steward", "FIN-005", name, value, date(2026, 1, 1))
    assert not RuleParameter.objects.exists()


def test_a_new_sensitive_word_is_screened_in_the_next_run():
    data = sources({"payment_id": "P1", "purpose": "洗浴中心消费"})
    assert not run_screening("t", rule_ids=["FIN-012"], sources=data).findings.exists()
    add_sensitive_word("steward", "洗浴", "高消费场所")
    finding = run_screening("t", rule_ids=["FIN-012"], sources=data).findings.get()
    assert finding.evidence["matched_word"] == "洗浴"


def test_a_run_left_running_past_the_time_limit_is_marked_interrupted_by_the_next_run(settings):
    """A process killed mid-run cannot close its own record; the next run does, and says so in the ledger."""
    from django.utils import timezone

    limit = settings.QINGFENG["SCREENING_TIMEOUT_SECONDS"]
    killed = Run.objects.create(engine="duckdb", started_at=timezone.now() - timedelta(seconds=limit + 120), actor="t")
    recent = Run.objects.create(engine="duckdb", started_at=timezone.now(), actor="t")  # may still be working
    run_screening("t", rule_ids=["FIN-005"], sources=sources({"payment_id": "P1"}))
    killed.refresh_from_db()
    recent.refresh_from_db()
    assert killed.status == Run.Status.FAILED and "中断" in killed.error and killed.finished_at
    assert recent.status == Run.Status.RUNNING
    assert LedgerEvent.objects.filter(action="screening.interrupted", object_id=str(killed.pk)).exists()
