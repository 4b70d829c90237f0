"""A handler of department A can neither see nor act on department B's alerts: not on the list, the
detail page, the export, the department picker, nor by posting the answer form."""

import io
import re

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_list_shows_only_alerts_in_scope(client_for, world):
    html = client_for("handler_a").get("/alerts/").content.decode()
    assert world["alert_a"].title in html
    assert world["alert_b"].title not in html
    assert "PAY-B-001" not in html


def test_filtering_by_a_department_out_of_scope_shows_nothing(client_for, world):
    education = world["depts"]["education"]
    html = client_for("handler_a").get(f"/alerts/?department={education.pk}").content.decode()
    assert world["alert_b"].title not in html
    assert world["alert_a"].title not in html
    assert "没有符合条件的预警" in html


def test_department_picker_offers_only_departments_in_scope(client_for, world):
    html = client_for("handler_a").get("/alerts/").content.decode()
    picker = re.search(r'<select name="department".*?</select>', html, re.S).group(0)
    assert "财政局" in picker and "国库科" in picker and "预算科" in picker
    assert "教育局" not in picker and "第一中学" not in picker and "市政府" not in picker
    supervisor_picker = re.search(r'<select name="department".*?</select>', client_for("supervisor").get("/alerts/").content.decode(), re.S).group(0)
    assert "教育局" in supervisor_picker


def test_rule_picker_offers_only_rules_of_visible_alerts(client_for, raise_findings, world):
    from tests.web.conftest import _payment

    raise_findings([("FIN-008", "PAY-B-009", "200", _payment("PAY-B-009", "200", "某商户", "100.00"))])
    html = client_for("handler_a").get("/alerts/").content.decode()
    picker = re.search(r'<select name="rule".*?</select>', html, re.S).group(0)
    assert "FIN-005" in picker and "FIN-008" not in picker


def test_detail_of_another_departments_alert_is_not_found(client_for, world):
    client = client_for("handler_a")
    assert client.get(f"/alerts/{world['alert_b'].pk}/").status_code == 404
    assert client.get(f"/alerts/{world['alert_a'].pk}/").status_code == 200
    assert client_for("handler_b").get(f"/alerts/{world['alert_a'].pk}/").status_code == 404


def test_export_contains_only_alerts_in_scope(client_for, world):
    for query in ("", f"?department={world['depts']['education'].pk}"):
        response = client_for("handler_a").get("/alerts/export.xlsx" + query)
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
        assert "PAY-B-001" not in {r[4] for r in rows}
        assert all(r[7] != "教育局" for r in rows)


def test_answering_another_departments_alert_through_the_form_is_refused(client_for, world):
    alert = world["alert_b"]
    client = client_for("handler_a")
    response = client.post(f"/alerts/{alert.pk}/answer/", {"kind": "false_positive", "text": "不是我们的"})
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == "dispatched"
    assert not alert.responses.exists()


def test_verifying_outside_a_supervisors_scope_is_not_found(client_for, world, make_user):
    scoped = make_user("edu_supervisor", "supervisor", "own_and_below", world["depts"]["education"])
    from django.test import Client

    client = Client()
    client.force_login(scoped)
    alert = world["alert_a"]
    client_for("handler_a").post(f"/alerts/{alert.pk}/answer/", {"kind": "explanation", "text": "说明"})
    assert client.post(f"/alerts/{alert.pk}/verify/", {"decision": "accept", "verdict": "false_positive"}).status_code == 404
    alert.refresh_from_db()
    assert alert.status == "answered"


def test_attachments_of_another_departments_alert_are_not_found(client_for, world):
    response = client_for("handler_a").get(f"/alerts/{world['alert_b'].pk}/responses/1/attachment/")
    assert response.status_code == 404


def test_dashboard_does_not_count_other_departments(client_for, world):
    html = client_for("handler_b").get("/").content.decode()
    assert '<div class="value" id="stat-total">1</div>' in html
    assert "国库科" not in html


def test_every_export_is_recorded_in_the_ledger(client_for, world):
    from qingfeng.core.models import LedgerEvent

    client_for("handler_a").get("/alerts/export.xlsx?severity=yellow")
    event = LedgerEvent.objects.filter(action="alerts.exported").get()
    assert event.actor == "handler_a"
    assert event.data["rows"] == 1 and event.data["filters"] == {"severity": "yellow"}
