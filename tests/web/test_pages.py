"""Each staff page renders for the roles that use it and is refused to the others."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_and_login_leads_to_the_dashboard(world):
    client = Client()
    page = client.get("/login/")
    assert page.status_code == 200
    assert "工作人员登录" in page.content.decode()
    # a handler: privileged roles (supervisors, 三员) add a second factor, tested in tests/security
    response = client.post("/login/", {"username": "handler_a", "password": "Qingfeng-Test-2026"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "工作台" in client.get("/").content.decode()


def test_wrong_password_is_refused_with_a_chinese_message(world):
    response = Client().post("/login/", {"username": "supervisor", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_logout_ends_the_session(client_for):
    client = client_for("supervisor")
    assert client.post("/logout/").status_code == 302
    assert client.get("/alerts/").status_code == 302


@pytest.mark.parametrize("path", ["/", "/alerts/", "/alerts/export.xlsx", "/imports/"])
def test_anonymous_visitors_are_sent_to_the_login_page(world, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_dashboard_counts_the_whole_scope_for_a_supervisor(client_for):
    page = client_for("supervisor").get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<div class="value" id="stat-total">2</div>' in html
    for chart in ("chart-department", "chart-rule", "chart-severity", "chart-trend"):
        assert f'id="{chart}"' in html
    assert "FIN-005" in html  # the per-rule precision table


def test_dashboard_counts_only_the_departments_own_alerts_for_a_handler(client_for):
    html = client_for("handler_a").get("/").content.decode()
    assert '<div class="value" id="stat-total">1</div>' in html
    assert "财政局" not in html or "国库科" in html
    assert "教育局" not in html


def test_dashboard_shows_the_calendar_warning_when_next_year_is_missing(client_for, settings):
    from qingfeng.core.calendar import next_year_warning

    settings.QINGFENG = {**settings.QINGFENG, "CALENDAR_WARNING_FROM": (1, 1)}
    warning = next_year_warning()
    html = client_for("supervisor").get("/").content.decode()
    if warning:  # the test calendar knows 2024–2026: the warning shows from 2026 on
        assert "工作日历提醒" in html
    else:
        assert "工作日历提醒" not in html


def test_data_steward_lands_on_the_import_page_and_administrators_on_their_own(client_for):
    assert client_for("steward").get("/")["Location"] == "/imports/"
    admin_home = client_for("sysadmin").get("/")
    assert admin_home.status_code == 200 and "三员分立" in admin_home.content.decode()


def test_a_user_without_a_role_is_refused(client_for):
    response = client_for("nobody").get("/")
    assert response.status_code == 403
    assert "尚未授予任何角色" in response.content.decode()


@pytest.mark.parametrize("name", ["steward", "sysadmin", "nobody"])
def test_alert_pages_are_refused_to_roles_that_do_not_handle_alerts(client_for, world, name):
    client = client_for(name)
    assert client.get("/alerts/").status_code == 403
    assert client.get(f"/alerts/{world['alert_a'].pk}/").status_code == 403
    assert client.get("/alerts/export.xlsx").status_code == 403


def test_navigation_offers_each_role_its_pages(client_for):
    supervisor = client_for("supervisor").get("/alerts/").content.decode()
    assert 'href="/imports/"' in supervisor and 'href="/alerts/"' in supervisor
    handler = client_for("handler_a").get("/alerts/").content.decode()
    assert 'href="/imports/"' not in handler
    steward = client_for("steward").get("/imports/").content.decode()
    assert 'href="/alerts/"' not in steward


def test_alert_list_filters_by_status_and_severity(client_for, world):
    client = client_for("supervisor")
    assert world["alert_a"].title in client.get("/alerts/?status=dispatched").content.decode()
    assert world["alert_a"].title not in client.get("/alerts/?status=closed").content.decode()
    html = client.get(f"/alerts/?severity={world['alert_a'].severity}&rule=FIN-005").content.decode()
    assert "共 2 条预警" in html


def test_alert_list_paginates(client_for, raise_findings, world):
    from tests.web.conftest import _payment

    raise_findings([("FIN-005", f"PAY-A-{i:03d}", "101", _payment(f"PAY-A-{i:03d}", "101", "某商户", "30000.00"))
                    for i in range(2, 40)])
    client = client_for("supervisor")
    first = client.get("/alerts/").content.decode()
    assert "第 1 / 2 页" in first and "page=2" in first
    assert "第 2 / 2 页" in client.get("/alerts/?page=2").content.decode()


def test_alert_detail_shows_evidence_rule_clock_and_history(client_for, world):
    alert = world["alert_a"]
    html = client_for("handler_a").get(f"/alerts/{alert.pk}/").content.decode()
    assert "张三建材经营部" in html  # the evidence row
    assert "收款人名称" in html  # evidence columns carry the contract's Chinese names
    assert "cash_single_limit" in html and "20000" in html  # the parameter values used
    assert "剩余" in html or "今日到期" in html  # the deadline clock
    assert "生成预警" in html  # the history, read from the ledger
    assert f'action="/alerts/{alert.pk}/answer/"' in html
    assert f'action="/alerts/{alert.pk}/verify/"' not in html


def test_supervisor_sees_no_answer_form_and_cannot_answer(client_for, world):
    alert = world["alert_a"]
    client = client_for("supervisor")
    assert "答复预警" not in client.get(f"/alerts/{alert.pk}/").content.decode()
    response = client.post(f"/alerts/{alert.pk}/answer/", {"kind": "explanation", "text": "由督查代答"})
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.status == "dispatched"


def test_answer_then_verify_closes_the_alert(client_for, world):
    alert = world["alert_a"]
    handler = client_for("handler_a")
    response = handler.post(f"/alerts/{alert.pk}/answer/", {"kind": "rectification", "text": "已收回现金，改为转账支付。"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "answered"
    assert "答复已提交" in handler.get(f"/alerts/{alert.pk}/").content.decode()
    assert handler.post(f"/alerts/{alert.pk}/verify/", {"decision": "accept", "verdict": "confirmed"}).status_code == 403

    supervisor = client_for("supervisor")
    page = supervisor.get(f"/alerts/{alert.pk}/").content.decode()
    assert "核查答复" in page and "已收回现金" in page
    response = supervisor.post(f"/alerts/{alert.pk}/verify/", {"decision": "accept", "verdict": "confirmed", "text": "核实属实，整改到位。"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "closed" and alert.verdict == "confirmed"
    html = supervisor.get(f"/alerts/{alert.pk}/").content.decode()
    assert "已销号" in html and "核查答复" not in html


def test_a_returned_answer_goes_back_to_the_department(client_for, world):
    alert = world["alert_a"]
    client_for("handler_a").post(f"/alerts/{alert.pk}/answer/", {"kind": "explanation", "text": "系差旅备用金。"})
    response = client_for("supervisor").post(f"/alerts/{alert.pk}/verify/", {"decision": "return", "text": "请附借款单。"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "dispatched"


def test_form_errors_are_shown_in_chinese(client_for, world):
    alert = world["alert_a"]
    response = client_for("handler_a").post(f"/alerts/{alert.pk}/answer/", {"kind": "false_positive", "text": ""})
    assert response.status_code == 400
    assert "请填写答复说明" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == "dispatched"
    client_for("handler_a").post(f"/alerts/{alert.pk}/answer/", {"kind": "explanation", "text": "说明"})
    response = client_for("supervisor").post(f"/alerts/{alert.pk}/verify/", {"decision": "return", "text": ""})
    assert response.status_code == 400
    assert "退回时须写明理由" in response.content.decode()


def test_an_action_refusal_is_shown_on_the_page(client_for, world, make_user):
    """A supervisor who also answered cannot verify his own answer: the action says so, the page shows it."""
    from qingfeng.core.actions import grant_role

    alert = world["alert_a"]
    both = make_user("both", "supervisor", "all", world["depts"]["city"])
    grant_role("test", both, "handler", "all")
    client = Client()
    client.force_login(both)
    client.post(f"/alerts/{alert.pk}/answer/", {"kind": "explanation", "text": "自答"})
    response = client.post(f"/alerts/{alert.pk}/verify/", {"decision": "accept", "verdict": "confirmed"})
    assert response.status_code == 403
    assert "答复人不能核查自己的答复" in response.content.decode()


def test_answer_with_attachment_can_be_downloaded_in_scope_only(client_for, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    alert = world["alert_a"]
    upload = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client_for("handler_a").post(f"/alerts/{alert.pk}/answer/", {"kind": "rectification", "text": "", "attachment": upload}).status_code == 302
    response_id = alert.responses.get().pk
    url = f"/alerts/{alert.pk}/responses/{response_id}/attachment/"
    download = client_for("supervisor").get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert client_for("handler_b").get(url).status_code == 404


def test_export_is_an_excel_file_of_the_filtered_list(client_for, world):
    import io

    from openpyxl import load_workbook

    response = client_for("supervisor").get("/alerts/export.xlsx?status=dispatched")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    subjects = {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert subjects == {"PAY-A-001", "PAY-B-001"}
    closed = client_for("supervisor").get("/alerts/export.xlsx?status=closed")
    assert load_workbook(io.BytesIO(closed.content)).active.max_row == 1
