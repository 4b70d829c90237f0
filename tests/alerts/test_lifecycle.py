"""The alert life cycle: answer, verify (close or reject), escalate; every step checked and on the ledger."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qingfeng.alerts import lifecycle
from qingfeng.alerts.actions import answer_alert, dispatch_alert, escalate_overdue, raise_alerts, verify_alert
from qingfeng.alerts.models import Alert, Response, Status
from qingfeng.core.models import LedgerEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(users, calendar_days, make_run):
    raise_alerts(make_run([("FIN-004", "P0001", "100", {"amount": 80000})]), "test")
    return Alert.objects.get()


def history(alert) -> list[tuple[str, str, str]]:
    rows = LedgerEvent.objects.filter(object_type="alerts.alert", object_id=str(alert.pk)).order_by("seq")
    return [(e.action, e.data.get("old_status"), e.data.get("new_status")) for e in rows]


def test_answer_then_accepted_verification_closes_the_alert_with_its_verdict(alert, users):
    response = answer_alert(users["handler_a"], alert, kind="explanation", text="系正常的工资发放")
    assert alert.status == Status.ANSWERED and alert.answer_kind == "explanation" and alert.answered_at
    assert response.by == "handler_a" and response.kind == Response.Kind.ANSWER
    verify_alert(users["supervisor"], alert, accept=True, verdict="confirmed", text="属实，已移交")
    assert alert.status == Status.CLOSED and alert.verdict == "confirmed" and alert.closed_at
    assert history(alert) == [
        ("alert.created", "new", "dispatched"),
        ("alert.answered", "dispatched", "answered"),
        ("alert.verified", "answered", "verified"),
        ("alert.closed", "verified", "closed"),
    ]


def test_a_rejected_answer_goes_back_to_the_department_with_a_fresh_deadline(alert, users):
    Alert.objects.filter(pk=alert.pk).update(due_at=timezone.now() - timedelta(days=1))
    alert.refresh_from_db()
    answer_alert(users["handler_a"], alert, kind="explanation", text="说明")
    verify_alert(users["supervisor"], alert, accept=False, text="说明不充分，请补充凭证")
    assert alert.status == Status.DISPATCHED and alert.answer_kind == ""
    assert alert.due_at > timezone.now()
    assert history(alert)[-1] == ("alert.rejected", "answered", "dispatched")


def test_a_rectification_needs_an_attachment_or_written_evidence(alert, users):
    with pytest.raises(ValidationError):
        answer_alert(users["handler_a"], alert, kind="rectification", text="")
    upload = SimpleUploadedFile("整改凭证.pdf", b"%PDF-1.4 receipt", content_type="application/pdf")
    response = answer_alert(users["handler_a"], alert, kind="rectification", text="", attachment=upload)
    assert response.attachment.name.endswith(".pdf")
    assert LedgerEvent.objects.get(action="alert.answered").data["attachment_sha256"]


def test_an_attachment_of_a_type_not_on_the_list_is_refused(alert, users):
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        answer_alert(users["handler_a"], alert, kind="rectification", text="见附件", attachment=upload)
    assert not Response.objects.exists()


def test_a_false_positive_claim_needs_a_reason(alert, users):
    with pytest.raises(ValidationError):
        answer_alert(users["handler_a"], alert, kind="false_positive", text="  ")
    answer_alert(users["handler_a"], alert, kind="false_positive", text="收款人为本单位退休职工，属抚恤金")
    assert alert.answer_kind == "false_positive"


def test_an_unknown_answer_kind_is_refused(alert, users):
    with pytest.raises(ValidationError):
        answer_alert(users["handler_a"], alert, kind="ignore", text="x")


def test_an_accepted_verification_needs_a_verdict_and_a_rejection_needs_a_reason(alert, users):
    answer_alert(users["handler_a"], alert, kind="explanation", text="说明")
    with pytest.raises(ValidationError):
        verify_alert(users["supervisor"], alert, accept=True, verdict="", text="")
    with pytest.raises(ValidationError):
        verify_alert(users["supervisor"], alert, accept=False, text="")
    assert Alert.objects.get(pk=alert.pk).status == Status.ANSWERED


def test_transitions_outside_the_table_are_refused_with_a_clear_message(alert, users):
    with pytest.raises(ValidationError, match="不能核查"):
        verify_alert(users["supervisor"], alert, accept=True, verdict="confirmed")
    answer_alert(users["handler_a"], alert, kind="explanation", text="说明")
    with pytest.raises(ValidationError, match="不能答复"):
        answer_alert(users["handler_a"], alert, kind="explanation", text="再说明一次")
    verify_alert(users["supervisor"], alert, accept=True, verdict="confirmed")
    with pytest.raises(ValidationError):
        answer_alert(users["handler_a"], alert, kind="explanation", text="已销号后再答复")
    with pytest.raises(ValidationError):
        dispatch_alert(users["supervisor"], alert)


def test_the_one_who_answered_cannot_verify_the_answer(alert, users, make_user, dept_tree):
    both = make_user("both", "handler", "own", dept_tree["finance"])
    from qingfeng.core.actions import grant_role

    grant_role("test", both, "supervisor", "all")
    answer_alert(both, alert, kind="explanation", text="说明")
    with pytest.raises(PermissionDenied):
        verify_alert(both, alert, accept=True, verdict="false_positive")


def test_a_new_alert_is_dispatched_with_a_deadline_and_can_be_assigned_within_the_department(users, dept_tree, calendar_days):
    alert = Alert.objects.create(rule_id="DEC-001", rule_version="1", subject_key="M-1", title="会前未合法性审查",
                                 department=dept_tree["finance"])
    dispatch_alert(users["supervisor"], alert)
    assert alert.status == Status.DISPATCHED and alert.due_at and alert.dispatched_at
    treasury_clerk = users["handler_a"].person  # 财政局 staff
    dispatch_alert(users["head_a"], alert, assignee=treasury_clerk)
    assert alert.assignee == treasury_clerk
    assert history(alert) == [("alert.dispatched", "new", "dispatched"), ("alert.assigned", "dispatched", "dispatched")]
    with pytest.raises(ValidationError):
        dispatch_alert(users["supervisor"], alert, assignee=users["handler_b"].person)  # 教育局 staff


def test_overdue_alerts_are_escalated_with_a_new_deadline_and_a_higher_level(alert, users):
    now = timezone.make_aware(datetime(2025, 9, 30, 10, 0))
    Alert.objects.filter(pk=alert.pk).update(due_at=now - timedelta(hours=1))
    assert escalate_overdue(users["supervisor"], now=now) == 1
    alert.refresh_from_db()
    assert alert.status == Status.ESCALATED and alert.escalation_level == 1
    assert timezone.localtime(alert.due_at).date() == date(2025, 10, 14)  # 5 working days after National Day
    assert escalate_overdue(users["supervisor"], now=now) == 0  # not overdue any more
    later = alert.due_at + timedelta(minutes=1)
    assert escalate_overdue("scheduler", now=later) == 1
    alert.refresh_from_db()
    assert alert.escalation_level == 2
    assert [h for h in history(alert) if h[0] == "alert.escalated"] == [
        ("alert.escalated", "dispatched", "escalated"), ("alert.escalated", "escalated", "escalated")]


def test_an_escalated_alert_can_still_be_answered_and_answered_alerts_are_not_escalated(alert, users):
    now = timezone.now()
    Alert.objects.filter(pk=alert.pk).update(due_at=now - timedelta(days=1))
    escalate_overdue(users["supervisor"], now=now)
    alert.refresh_from_db()
    answer_alert(users["handler_a"], alert, kind="explanation", text="逾期说明")
    assert alert.status == Status.ANSWERED
    Alert.objects.filter(pk=alert.pk).update(due_at=now - timedelta(days=1))
    assert escalate_overdue(users["supervisor"], now=now) == 0


def test_only_supervisors_escalate(alert, users):
    with pytest.raises(PermissionDenied):
        escalate_overdue(users["handler_a"])


def test_the_transition_table_names_only_real_statuses():
    statuses = set(Status.values)
    for verb, (sources, target) in lifecycle.TRANSITIONS.items():
        assert sources <= statuses and target in statuses, verb
    assert lifecycle.verbs_from(Status.ANSWERED) == ["verify", "reject", "reopen"]
    assert lifecycle.verbs_from(Status.CLOSED) == ["reopen"]
