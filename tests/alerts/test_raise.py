"""Raising alerts from a screening run: one alert per (rule, subject), routing, deadlines, reopening."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from qingfeng.alerts.actions import answer_alert, raise_alerts, verify_alert
from qingfeng.alerts.models import Alert, Status
from qingfeng.core.models import LedgerEvent

pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def events(action: str) -> list[LedgerEvent]:
    return list(LedgerEvent.objects.filter(action=action).order_by("seq"))


def test_a_new_finding_becomes_a_dispatched_alert_routed_to_its_department(dept_tree, calendar_days, make_run):
    run = make_run([("FIN-004", "P0001", "101", {"amount": 80000})])
    counts = raise_alerts(run, "test")
    assert counts == {"new": 1, "updated": 0, "unchanged": 0, "reopened": 0, "unroutable": 0}
    alert = Alert.objects.get()
    assert alert.status == Status.DISPATCHED
    assert alert.department == dept_tree["treasury"]
    assert alert.dispatched_at is not None and alert.due_at > alert.dispatched_at
    assert alert.finding == run.findings.get()
    assert [e.object_id for e in events("alert.created")] == [str(alert.pk)]
    assert events("alert.created")[0].data["new_status"] == Status.DISPATCHED


def test_the_same_rule_and_subject_make_one_alert_across_runs(dept_tree, calendar_days, make_run):
    rows = [("FIN-004", "P0001", "101", {"amount": 80000}), ("FIN-005", "P0001", "101", {"amount": 80000})]
    raise_alerts(make_run(rows), "test")
    second = make_run(rows)
    counts = raise_alerts(second, "test")
    assert counts["new"] == 0 and counts["unchanged"] == 2
    assert Alert.objects.count() == 2  # same subject under two rules: two alerts
    assert set(Alert.objects.values_list("finding__run", flat=True)) == {second.pk}  # point to the newest finding
    assert len(events("alert.created")) == 2


def test_an_unknown_department_code_goes_to_the_fallback_department_and_is_counted(dept_tree, calendar_days, make_run, settings):
    settings.QINGFENG = {**settings.QINGFENG, "ALERT_FALLBACK_DEPARTMENT": "100"}
    counts = raise_alerts(make_run([("FIN-004", "P0001", "999", {"a": 1}), ("FIN-004", "P0002", "", {"a": 2})]), "test")
    assert counts["unroutable"] == 2
    assert set(Alert.objects.values_list("department__code", flat=True)) == {"100"}
    assert {e.data["routed"] for e in events("alert.created")} == {"fallback"}


def test_without_a_configured_fallback_unroutable_alerts_go_to_the_root_department(dept_tree, calendar_days, make_run):
    raise_alerts(make_run([("FIN-004", "P0001", "999", {"a": 1})]), "test")
    assert Alert.objects.get().department == dept_tree["city"]


def test_the_deadline_counts_working_days_across_national_day(dept_tree, calendar_days, make_run):
    # Dispatched Tue 30 Sep 2025: 1–8 Oct are holidays, Sat 11 Oct is a make-up working day. TST-001 is in no
    # catalogue, so the default of 10 working days applies.
    raise_alerts(make_run([("TST-001", "P0001", "101", {"a": 1})]), "test", now=at(2025, 9, 30, 10, 0))
    alert = Alert.objects.get()
    assert timezone.localtime(alert.due_at).date() == date(2025, 10, 21)  # Monday–Friday counting would say 14 Oct
    assert alert.due_provisional is False


def test_a_deadline_in_a_year_the_calendar_does_not_know_is_provisional(dept_tree, calendar_days, make_run):
    raise_alerts(make_run([("FIN-004", "P0001", "101", {"a": 1})]), "test", now=at(2026, 12, 28, 10, 0))
    alert = Alert.objects.get()
    assert alert.due_provisional is True
    assert timezone.localtime(alert.due_at).year == 2027


def test_the_rules_answer_deadline_overrides_the_default(dept_tree, calendar_days, make_run, settings, tmp_path):
    folder = tmp_path / "rules" / "finance" / "FIN-900"
    folder.mkdir(parents=True)
    (folder / "rule.yaml").write_text(
        "id: FIN-900\ntitle: {zh: 测试规则, en: Test rule}\nversion: 1.0.0\nseverity: red\ndomain: finance\n"
        "subject: payment\nbasis: [测试依据]\nanswer_deadline: {amount: 3, unit: calendar_day}\n", encoding="utf-8")
    (folder / "rule.sql").write_text("SELECT 1 AS subject_key\n", encoding="utf-8")
    settings.QINGFENG = {**settings.QINGFENG, "RULES_DIR": tmp_path / "rules"}
    raise_alerts(make_run([("FIN-900", "P0001", "101", {"a": 1})]), "test", now=at(2025, 9, 30, 10, 0))
    alert = Alert.objects.get()
    # Three calendar days from 1 Oct end on 3 Oct, a holiday: the deadline rolls to the next working day.
    assert timezone.localtime(alert.due_at).date() == date(2025, 10, 9)
    assert alert.severity == "red" and alert.title.startswith("测试规则")


def _answered_and_closed(alert, users):
    answer_alert(users["handler_a"], alert, kind="explanation", text="已核实，系正常业务")
    verify_alert(users["supervisor"], alert, accept=True, verdict="false_positive", text="同意")


def test_a_closed_alert_stays_closed_when_the_same_evidence_reappears(users, calendar_days, make_run):
    raise_alerts(make_run([("FIN-004", "P0001", "100", {"amount": 80000})]), "test")
    alert = Alert.objects.get()
    _answered_and_closed(alert, users)
    counts = raise_alerts(make_run([("FIN-004", "P0001", "100", {"amount": 80000})]), "test")
    assert counts["unchanged"] == 1 and counts["reopened"] == 0
    alert.refresh_from_db()
    assert alert.status == Status.CLOSED
    assert events("alert.reopened") == []


def test_an_answered_alert_is_reopened_when_its_evidence_changes(users, calendar_days, make_run):
    raise_alerts(make_run([("TST-001", "P0001", "100", {"amount": 80000})]), "test")
    alert = Alert.objects.get()
    old_hash = alert.evidence_hash
    answer_alert(users["handler_a"], alert, kind="explanation", text="已核实")
    counts = raise_alerts(make_run([("TST-001", "P0001", "100", {"amount": 95000})]), "test", now=at(2025, 9, 30, 10, 0))
    assert counts["reopened"] == 1
    alert.refresh_from_db()
    assert alert.status == Status.DISPATCHED
    assert alert.answer_kind == "" and alert.answered_at is None
    assert timezone.localtime(alert.due_at).date() == date(2025, 10, 21)  # a new deadline from the reopening
    (event,) = events("alert.reopened")
    assert event.data["old_hash"] == old_hash and event.data["new_hash"] == alert.evidence_hash != old_hash
    assert (event.data["old_status"], event.data["new_status"]) == (Status.ANSWERED, Status.DISPATCHED)


def test_a_closed_alert_is_reopened_and_loses_its_verdict_when_its_evidence_changes(users, calendar_days, make_run):
    raise_alerts(make_run([("FIN-004", "P0001", "100", {"amount": 80000})]), "test")
    alert = Alert.objects.get()
    _answered_and_closed(alert, users)
    raise_alerts(make_run([("FIN-004", "P0001", "100", {"amount": 1})]), "test")
    alert.refresh_from_db()
    assert (alert.status, alert.verdict, alert.closed_at) == (Status.DISPATCHED, "", None)


def test_an_open_alert_takes_changed_evidence_without_a_new_deadline(users, calendar_days, make_run):
    raise_alerts(make_run([("FIN-004", "P0001", "100", {"amount": 80000})]), "test")
    alert = Alert.objects.get()
    due = alert.due_at
    second = make_run([("FIN-004", "P0001", "100", {"amount": 90000})])
    counts = raise_alerts(second, "test")
    assert counts["updated"] == 1
    alert.refresh_from_db()
    assert alert.status == Status.DISPATCHED and alert.due_at == due
    assert alert.finding.run == second
    assert len(events("alert.updated")) == 1


def test_each_alert_change_is_one_ledger_event_and_the_run_is_summarised(dept_tree, calendar_days, make_run):
    rows = [("FIN-001", f"P{i:04d}", "101", {"i": i}) for i in range(30)]
    raise_alerts(make_run(rows), "test")
    raise_alerts(make_run(rows[:10] + [(r, s, d, {"i": -1}) for r, s, d, _e in rows[10:20]]), "test")
    assert len(events("alert.created")) == 30
    assert len(events("alert.updated")) == 10
    summary = events("alerts.raised")[-1]
    assert summary.data["counts"] == {"new": 0, "updated": 10, "unchanged": 10, "reopened": 0, "unroutable": 0}
    from qingfeng.core import ledger

    assert ledger.verify().ok
