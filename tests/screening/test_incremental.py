"""Incremental screening through the warehouse: after a batch is imported, the run screens what the batch
can change, keeps exactly what a full run would add, and answered alerts reopen only on changed evidence."""

from datetime import datetime

import numpy as np
import pyarrow as pa
import pytest

from qingfeng.alerts.actions import answer_alert, raise_alerts
from qingfeng.alerts.models import Alert, Status
from qingfeng.records.imports import import_arrow
from qingfeng.screening.actions import run_screening, screen_incremental
from qingfeng.screening.cases import table
from qingfeng.screening.models import Finding, Run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_days")]

CASH = {"payer_department_code": "101", "payer_account": "ZB-101", "payee_name": "出纳", "payee_account": "C-101",
        "payee_type": "personal", "settlement_method": "cash", "purpose": "备用金", "budget_line": "BL-01",
        "economic_class": "30201"}


def findings_of(run) -> dict[tuple[str, str], str]:
    return {(f.rule_id, f.subject_key): f.evidence_hash for f in Finding.objects.filter(run=run)}


def added_by(after: Run, before: Run) -> dict[tuple[str, str], str]:
    old = findings_of(before)
    return {key: digest for key, digest in findings_of(after).items() if old.get(key) != digest}


def test_on_a_small_city_incremental_findings_equal_what_a_full_run_adds():
    from qingfeng.demo import actions as demo_actions
    from qingfeng.demo.run import generate

    city, data = generate(20261127, 0.02)
    demo_actions.load_departments("t", city)
    import_arrow(city.accounts, "accounts", source_name="accounts", actor="t")
    import_arrow(data.budgets, "budgets", source_name="budgets", actor="t")
    late = np.random.default_rng(3).random(data.payments.num_rows) < 0.03  # late-arriving payments, all year round
    import_arrow(data.payments.filter(pa.array(~late)), "payments", source_name="earlier", actor="t")
    before = run_screening("t")
    batch = import_arrow(data.payments.filter(pa.array(late)), "payments", source_name="later", actor="t")

    incremental = screen_incremental("t")
    after = run_screening("t")

    assert incremental.status == Run.Status.DONE and incremental.mode == Run.Mode.INCREMENTAL
    assert incremental.new_batches == [batch.batch_id]
    assert findings_of(incremental) == added_by(after, before) != {}
    modes = {rule_id: v["mode"] for rule_id, v in incremental.rules.items() if rule_id.startswith("FIN-")}
    assert modes["FIN-004"] == modes["FIN-011"] == "restricted"
    # Nothing new since: the next incremental run screens nothing and keeps nothing.
    again = screen_incremental("t")
    assert again.new_batches == [] and not Finding.objects.filter(run=again).exists()
    assert {v["mode"] for v in again.rules.values()} == {"skip"}


def test_answered_alerts_reopen_only_when_the_batch_changes_their_evidence(dept_tree, make_user):
    handler = make_user("handler", "handler", "own", dept_tree["treasury"])
    first = [{**CASH, "payment_id": f"C{i}", "amount": "19000.00", "paid_at": datetime(2026, 3, 2 + i, 10)} for i in range(3)]
    first.append({**CASH, "payment_id": "BIG", "amount": "25000.00", "paid_at": datetime(2026, 5, 6, 10)})
    import_arrow(table("payments", first), "payments", source_name="march", actor="t")
    raise_alerts(run_screening("t", rule_ids=["FIN-005", "FIN-006"]), "t")
    monthly = Alert.objects.get(rule_id="FIN-006", subject_key="101|2026-03")
    single = Alert.objects.get(rule_id="FIN-005", subject_key="BIG")
    for alert in (monthly, single):
        answer_alert(handler, alert, kind="explanation", text="经批准的备用金")
        assert alert.status == Status.ANSWERED

    import_arrow(table("payments", [{**CASH, "payment_id": "C9", "amount": "500.00", "paid_at": datetime(2026, 3, 20, 10)}]),
                 "payments", source_name="late march", actor="t")
    run = screen_incremental("t", rule_ids=["FIN-005", "FIN-006"])
    counts = raise_alerts(run, "t")

    assert [(f.rule_id, f.subject_key) for f in Finding.objects.filter(run=run)] == [("FIN-006", "101|2026-03")]
    assert counts["reopened"] == 1
    monthly.refresh_from_db()
    single.refresh_from_db()
    assert monthly.status == Status.DISPATCHED and single.status == Status.ANSWERED


def test_a_rule_runs_in_full_when_its_parameters_changed_and_is_skipped_when_the_batch_is_elsewhere():
    from qingfeng.screening.actions import set_rule_parameter

    import_arrow(table("payments", [{**CASH, "payment_id": "P1", "amount": "25000.00", "paid_at": datetime(2026, 3, 4, 10)}]),
                 "payments", source_name="p", actor="t")
    run_screening("t", rule_ids=["FIN-005", "FIN-003"])
    set_rule_parameter("t", "FIN-005", "cash_single_limit", 30000, datetime(2020, 1, 1).date())
    import_arrow(table("accounts", [{"department_code": "101", "account_no": "A9", "kind": "basic"}]), "accounts",
                 source_name="a", actor="t")
    run = screen_incremental("t", rule_ids=["FIN-005", "FIN-003"])
    assert (run.rules["FIN-005"]["mode"], run.rules["FIN-005"]["reason"]) == ("full", "参数已变")
    assert run.rules["FIN-003"]["mode"] == "full"  # FIN-003 reads accounts, which its keys do not cover
    run = screen_incremental("t", rule_ids=["FIN-005", "FIN-003"])
    assert run.rules["FIN-005"]["mode"] == run.rules["FIN-003"]["mode"] == "skip"


def test_evidence_rows_come_from_the_warehouse_when_a_correction_replaced_them_since_the_latest_finding():
    """Reused evidence rows must be the records' rows now: a finding stored before a correction holds the old row."""
    march = [{**CASH, "payment_id": f"C{i}", "amount": "19000.00", "paid_at": datetime(2026, 3, 2 + i, 10)} for i in range(3)]
    first = import_arrow(table("payments", march), "payments", source_name="march", actor="t")
    run_screening("t", rule_ids=["FIN-006"])
    # The correction renames C0's purpose and cuts C1 and C2 to almost nothing: the month no longer hits.
    fixed = [{**march[0], "purpose": "差旅费"}] + [{**row, "amount": "10.00"} for row in march[1:]]
    import_arrow(table("payments", fixed), "payments", source_name="march fixed", actor="t", supersedes=first.batch_id)
    assert not Finding.objects.filter(run=screen_incremental("t", rule_ids=["FIN-006"])).exists()
    # A late payment makes the month hit again: its evidence holds C0 as corrected, as a full run's does.
    import_arrow(table("payments", [{**CASH, "payment_id": "C9", "amount": "40000.00", "paid_at": datetime(2026, 3, 20, 10)}]),
                 "payments", source_name="late march", actor="t")
    incremental = Finding.objects.get(run=screen_incremental("t", rule_ids=["FIN-006"]), subject_key="101|2026-03")
    full = Finding.objects.get(run=run_screening("t", rule_ids=["FIN-006"]), subject_key="101|2026-03")

    assert [r["purpose"] for r in incremental.evidence_rows if r["payment_id"] == "C0"] == ["差旅费"]
    assert incremental.evidence_hash == full.evidence_hash
