"""Department heads name a handler for an alert; supervisors escalate overdue alerts from the dashboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.web.conftest import _payment

pytestmark = pytest.mark.django_db


def test_head_assigns_an_alert_to_a_handler_of_the_department(client_for, world, make_user):
    alert = world["alert_a"]  # routed to 国库科, below the head's 财政局
    handler = make_user("clerk", "handler", "own", world["depts"]["treasury"])
    client = client_for("head_a")
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "指定承办人" in page and "clerk（国库科）" in page
    assert "handler_a（财政局）" not in page and "handler_b" not in page  # only staff of the alert's department
    response = client.post(f"/alerts/{alert.pk}/assign/", {"assignee": handler.person.pk})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.assignee == handler.person
    assert "指定经办人" in client.get(f"/alerts/{alert.pk}/").content.decode()  # the ledger history


def test_handlers_cannot_assign_and_no_one_can_assign_outside_the_department(client_for, world):
    alert = world["alert_a"]
    assert "指定承办人" not in client_for("handler_a").get(f"/alerts/{alert.pk}/").content.decode()
    assert client_for("handler_a").post(f"/alerts/{alert.pk}/assign/", {"assignee": ""}).status_code == 403
    outsider = world["users"]["handler_b"].person
    client_for("head_a").post(f"/alerts/{alert.pk}/assign/", {"assignee": outsider.pk})
    alert.refresh_from_db()
    assert alert.assignee is None


def test_supervisor_escalates_overdue_alerts_from_the_dashboard(client_for, raise_findings, world):
    late = raise_findings([("FIN-005", "PAY-A-LATE", "101", _payment("PAY-A-LATE", "101", "某商户", "30000.00"))],
                          now=timezone.now() - timedelta(days=60))["PAY-A-LATE"]
    assert late.is_overdue()
    client = client_for("supervisor")
    assert "升级督办逾期预警（1 条）" in client.get("/").content.decode()
    response = client.post("/alerts/escalate/", follow=True)
    assert "已升级督办 1 条逾期预警" in response.content.decode()
    late.refresh_from_db()
    assert late.status == "escalated" and late.escalation_level == 1 and not late.is_overdue()


def test_only_supervisors_escalate(client_for, world):
    assert client_for("head_a").post("/alerts/escalate/").status_code == 403
    assert "升级督办逾期预警" not in client_for("head_a").get("/").content.decode()
