"""The JSON API: session login, CSRF on writes, and data scope on every endpoint — a handler of department
A can neither see nor act on department B's alerts (list, detail, answer, verify, picker, export)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from qingfeng.alerts.actions import answer_alert, raise_alerts
from qingfeng.alerts.models import Alert, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(dept_tree, make_user):
    return {
        "handler_a": make_user("handler_a", "handler", "own", dept_tree["finance"]),
        "handler_b": make_user("handler_b", "handler", "own", dept_tree["education"]),
        "supervisor": make_user("supervisor", "supervisor", "all", dept_tree["city"]),
        "sysadmin": make_user("sysadmin", "system_admin"),
    }


@pytest.fixture
def alerts(users, calendar_days):
    from django.utils import timezone

    from qingfeng.screening.models import Finding, Run

    run = Run.objects.create(started_at=timezone.now(), status=Run.Status.DONE, actor="test")
    for subject, code in (("PA", "100"), ("PA-2", "100"), ("PB", "200")):
        Finding.objects.create(run=run, rule_id="FIN-004", rule_version="1.0.0", subject_key=subject, department_code=code,
                               params={"personal_transfer_threshold": 50000}, evidence={"payment_id": subject, "amount": 80000},
                               evidence_rows=[{"payment_id": subject, "payee_name": "张三", "amount": 80000}],
                               evidence_hash=f"hash-{subject}")
    raise_alerts(run, "test")
    return {a.subject_key: a for a in Alert.objects.all()}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_requests_are_refused_with_401(alerts):
    anonymous = Client()
    assert anonymous.get("/api/alerts").status_code == 401
    assert anonymous.get(f"/api/alerts/{alerts['PA'].pk}").status_code == 401
    assert anonymous.post(f"/api/alerts/{alerts['PA'].pk}/answer", {"kind": "explanation", "text": "x"}).status_code == 401
    assert anonymous.get("/api/departments").status_code == 401
    assert anonymous.get("/api/alerts/export.xlsx").status_code == 401


def test_the_list_shows_only_alerts_in_scope_and_filters_them(alerts, users):
    data = client_for(users["handler_a"]).get("/api/alerts").json()
    assert data["count"] == 2 and {a["subject_key"] for a in data["items"]} == {"PA", "PA-2"}
    assert data["items"][0]["department"]["code"] == "100"
    supervisor = client_for(users["supervisor"])
    assert supervisor.get("/api/alerts").json()["count"] == 3
    assert supervisor.get("/api/alerts", {"department": "200"}).json()["count"] == 1
    assert supervisor.get("/api/alerts", {"status": "closed"}).json()["count"] == 0
    assert supervisor.get("/api/alerts", {"rule": "FIN-004", "severity": alerts["PB"].severity}).json()["count"] == 3
    assert supervisor.get("/api/alerts", {"page_size": 2}).json()["count"] == 3
    assert len(supervisor.get("/api/alerts", {"page_size": 2, "page": 2}).json()["items"]) == 1


def test_filtering_by_another_departments_code_does_not_widen_the_scope(alerts, users):
    assert client_for(users["handler_a"]).get("/api/alerts", {"department": "200"}).json()["count"] == 0


def test_administrators_get_an_empty_list(alerts, users):
    assert client_for(users["sysadmin"]).get("/api/alerts").json()["count"] == 0
    assert client_for(users["sysadmin"]).get("/api/departments").json() == []


def test_the_detail_has_evidence_rule_params_deadline_and_history(alerts, users):
    data = client_for(users["handler_a"]).get(f"/api/alerts/{alerts['PA'].pk}").json()
    assert data["evidence"]["row"] == {"payment_id": "PA", "amount": 80000}
    assert data["evidence"]["rows"][0]["payee_name"] == "张三" and data["evidence"]["rows_total"] == 1
    assert data["params"] == {"personal_transfer_threshold": 50000}
    assert data["rule"]["id"] == "FIN-004"
    assert data["deadline"]["due_at"] and data["deadline"]["overdue"] is False
    assert [e["action"] for e in data["history"]] == ["alert.created"]
    assert data["can_answer"] is True and data["can_verify"] is False


def test_an_alert_outside_scope_answers_404_like_one_that_does_not_exist(alerts, users):
    client = client_for(users["handler_a"])
    pb = alerts["PB"].pk
    missing = max(a.pk for a in alerts.values()) + 100
    assert client.get(f"/api/alerts/{pb}").status_code == 404
    assert client.get(f"/api/alerts/{missing}").status_code == 404
    assert client.get(f"/api/alerts/{pb}").json() == client.get(f"/api/alerts/{missing}").json()


def test_a_handler_cannot_answer_another_departments_alert_through_the_api(alerts, users):
    response = client_for(users["handler_a"]).post(f"/api/alerts/{alerts['PB'].pk}/answer",
                                                   {"kind": "explanation", "text": "越权"})
    assert response.status_code == 404
    assert Alert.objects.get(pk=alerts["PB"].pk).status == Status.DISPATCHED


def test_a_handler_answers_their_own_alert_with_an_attachment(alerts, users):
    upload = SimpleUploadedFile("凭证.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    client = client_for(users["handler_a"])
    response = client.post(f"/api/alerts/{alerts['PA'].pk}/answer", {"kind": "rectification", "text": "已追回", "attachment": upload})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "answered" and data["responses"][0]["attachment"].endswith(".pdf")
    download = client.get(f"/api/alerts/{alerts['PA'].pk}/responses/{data['responses'][0]['id']}/attachment")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 proof"
    other = client_for(users["handler_b"]).get(f"/api/alerts/{alerts['PA'].pk}/responses/{data['responses'][0]['id']}/attachment")
    assert other.status_code == 404


def test_an_invalid_answer_is_a_400_with_the_reason(alerts, users):
    response = client_for(users["handler_a"]).post(f"/api/alerts/{alerts['PA'].pk}/answer", {"kind": "false_positive", "text": ""})
    assert response.status_code == 400 and "理由" in response.json()["detail"]


def test_a_handler_cannot_verify_through_the_api(alerts, users):
    answer_alert(users["handler_b"], alerts["PB"], kind="explanation", text="说明")
    answer_alert(users["handler_a"], alerts["PA"], kind="explanation", text="说明")
    outside = client_for(users["handler_a"]).post(f"/api/alerts/{alerts['PB'].pk}/verify", {"accept": "true", "verdict": "confirmed"})
    assert outside.status_code == 404
    inside = client_for(users["handler_a"]).post(f"/api/alerts/{alerts['PA'].pk}/verify", {"accept": "true", "verdict": "confirmed"})
    assert inside.status_code == 403
    assert set(Alert.objects.values_list("status", flat=True)) == {Status.ANSWERED, Status.DISPATCHED}


def test_a_supervisor_verifies_and_the_alert_is_closed(alerts, users):
    answer_alert(users["handler_b"], alerts["PB"], kind="false_positive", text="收款人为退休职工")
    response = client_for(users["supervisor"]).post(f"/api/alerts/{alerts['PB'].pk}/verify",
                                                    {"accept": "true", "verdict": "false_positive", "text": "同意"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed" and response.json()["verdict"] == "false_positive"
    assert [e["action"] for e in response.json()["history"]] == ["alert.created", "alert.answered", "alert.verified", "alert.closed"]
    rules = client_for(users["supervisor"]).get("/api/stats/rules").json()
    assert rules == [{"rule_id": "FIN-004", "title": rules[0]["title"], "alerts": 3, "answered": 1, "verified": 1,
                      "confirmed": 0, "false_positive": 1, "precision": 0.0}]


def test_writes_without_the_csrf_token_are_refused(alerts, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["handler_a"])
    response = client.post(f"/api/alerts/{alerts['PA'].pk}/answer", {"kind": "explanation", "text": "说明"})
    assert response.status_code == 403
    assert Alert.objects.get(pk=alerts["PA"].pk).status == Status.DISPATCHED


def test_the_department_picker_offers_only_departments_in_scope(alerts, users):
    assert [d["code"] for d in client_for(users["handler_a"]).get("/api/departments").json()] == ["100"]
    assert [d["code"] for d in client_for(users["handler_b"]).get("/api/departments").json()] == ["200"]
    assert len(client_for(users["supervisor"]).get("/api/departments").json()) == 6


def test_the_export_contains_only_alerts_in_scope_and_is_recorded(alerts, users):
    response = client_for(users["handler_a"]).get("/api/alerts/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sorted(r[4] for r in rows[1:]) == ["PA", "PA-2"]
    from qingfeng.core.models import LedgerEvent

    assert LedgerEvent.objects.get(action="alerts.exported").data["rows"] == 2


def test_the_rule_statistics_follow_the_users_scope(alerts, users):
    assert client_for(users["handler_b"]).get("/api/stats/rules").json()[0]["alerts"] == 1


def test_the_public_statistics_need_no_login_and_name_no_subject(alerts):
    response = Client().get("/api/public/stats")
    assert response.status_code == 200
    assert response.json()["total"] == 3 and "PA" not in response.content.decode()
