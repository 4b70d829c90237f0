"""Data scope of alerts: a handler of department A can neither see nor act on department B's alerts."""

import pytest
from django.core.exceptions import PermissionDenied

from qingfeng.alerts import policies
from qingfeng.alerts.actions import answer_alert, dispatch_alert, escalate_overdue, raise_alerts, verify_alert
from qingfeng.alerts.models import Alert, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(users, calendar_days, make_run):
    """One alert for 财政局 (A), one for its 国库科 below it, one for 教育局 (B)."""
    raise_alerts(make_run([("FIN-004", "PA", "100", {"a": 1}), ("FIN-004", "PA2", "101", {"a": 2}),
                           ("FIN-004", "PB", "200", {"b": 1})]), "test")
    return {a.subject_key: a for a in Alert.objects.all()}


def test_a_handler_sees_only_the_alerts_of_their_own_department(alerts, users):
    assert set(policies.visible_alerts(users["handler_a"]).values_list("subject_key", flat=True)) == {"PA"}
    assert set(policies.visible_alerts(users["handler_b"]).values_list("subject_key", flat=True)) == {"PB"}
    assert not policies.can_view(users["handler_a"], alerts["PB"])


def test_a_department_head_with_scope_below_sees_the_sub_departments_alerts(alerts, users):
    assert set(policies.visible_alerts(users["head_a"]).values_list("subject_key", flat=True)) == {"PA", "PA2"}


def test_a_city_wide_supervisor_sees_every_alert(alerts, users):
    assert policies.visible_alerts(users["supervisor"]).count() == 3


def test_administrators_see_no_alerts(alerts, users, make_user, dept_tree):
    assert policies.visible_alerts(users["sysadmin"]).count() == 0
    auditor = make_user("auditor", "audit_admin", department=dept_tree["city"])
    assert policies.visible_alerts(auditor).count() == 0


def test_a_user_without_a_business_role_sees_no_alerts(alerts, make_user, dept_tree):
    assert policies.visible_alerts(make_user("nobody", department=dept_tree["finance"])).count() == 0


def test_a_self_scoped_handler_sees_only_alerts_assigned_to_them(alerts, users, make_user, dept_tree):
    clerk = make_user("clerk", "handler", "self", dept_tree["finance"])
    assert policies.visible_alerts(clerk).count() == 0
    dispatch_alert(users["head_a"], alerts["PA"], assignee=clerk.person)
    assert list(policies.visible_alerts(clerk)) == [alerts["PA"]]
    assert policies.can_answer(clerk, alerts["PA"])


def test_a_handler_cannot_answer_another_departments_alert(alerts, users):
    assert not policies.can_answer(users["handler_a"], alerts["PB"])
    with pytest.raises(PermissionDenied):
        answer_alert(users["handler_a"], alerts["PB"], kind="explanation", text="越权答复")
    assert Alert.objects.get(pk=alerts["PB"].pk).status == Status.DISPATCHED


def test_a_handler_cannot_verify_even_in_their_own_department(alerts, users):
    answer_alert(users["handler_b"], alerts["PB"], kind="explanation", text="说明")
    assert not policies.can_verify(users["handler_a"], alerts["PB"])
    for user in (users["handler_a"], users["handler_b"]):
        with pytest.raises(PermissionDenied):
            verify_alert(user, alerts["PB"], accept=True, verdict="false_positive")


def test_a_supervisor_verifies_but_does_not_answer(alerts, users):
    assert not policies.can_answer(users["supervisor"], alerts["PA"])
    with pytest.raises(PermissionDenied):
        answer_alert(users["supervisor"], alerts["PA"], kind="explanation", text="代答")


def test_a_supervisor_with_custom_scope_verifies_only_inside_it(alerts, users, make_user, dept_tree):
    inspector = make_user("inspector", "supervisor", "custom", dept_tree["city"], departments=[dept_tree["education"]])
    answer_alert(users["handler_a"], alerts["PA"], kind="explanation", text="说明")
    answer_alert(users["handler_b"], alerts["PB"], kind="explanation", text="说明")
    assert policies.can_verify(inspector, alerts["PB"]) and not policies.can_verify(inspector, alerts["PA"])
    with pytest.raises(PermissionDenied):
        verify_alert(inspector, alerts["PA"], accept=True, verdict="confirmed")


def test_a_handler_cannot_dispatch_or_reassign_another_departments_alert(alerts, users):
    with pytest.raises(PermissionDenied):
        dispatch_alert(users["handler_a"], alerts["PB"], assignee=users["handler_a"].person)
    with pytest.raises(PermissionDenied):
        dispatch_alert(users["head_a"], alerts["PB"], assignee=users["handler_b"].person)


def test_a_supervisor_escalates_only_inside_their_scope(alerts, users, make_user, dept_tree):
    from datetime import timedelta

    from django.utils import timezone

    inspector = make_user("inspector", "supervisor", "custom", dept_tree["city"], departments=[dept_tree["education"]])
    Alert.objects.update(due_at=timezone.now() - timedelta(days=1))
    assert escalate_overdue(inspector) == 1
    assert set(Alert.objects.filter(status=Status.ESCALATED).values_list("subject_key", flat=True)) == {"PB"}
