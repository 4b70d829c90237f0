"""The supervision loop in a real browser: a handler answers an alert, a supervisor verifies it, and the
alert shows 已销号. Data is made with the real actions; Chromium is Debian's (see tests/conftest.py)."""

import hashlib
import json

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def alert(dept_tree, make_user, calendar_days):
    from qingfeng.alerts.actions import raise_alerts
    from qingfeng.alerts.models import Alert
    from qingfeng.screening.models import Finding, Run

    make_user("wang.handler", "handler", "own_and_below", dept_tree["finance"], password=PASSWORD)
    make_user("li.supervisor", "supervisor", "all", dept_tree["city"], password=PASSWORD)
    row = {"payment_id": "ZF2025-12-0387", "payer_department_code": "101", "payee_name": "某某商贸有限公司",
           "amount": "38000.00", "paid_at": "2025-12-27 10:15:00", "settlement_method": "cash", "purpose": "购买慰问品"}
    run = Run.objects.create(started_at=timezone.now(), finished_at=timezone.now(), status=Run.Status.DONE, actor="e2e")
    Finding.objects.create(run=run, rule_id="FIN-005", rule_version="1.0.0", subject_key=row["payment_id"], department_code="101",
                           params={"cash_single_limit": 20000}, evidence={"payment_id": row["payment_id"], "amount": row["amount"]},
                           evidence_rows=[row], evidence_hash=hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest())
    raise_alerts(run, "screening")
    return Alert.objects.get(subject_key=row["payment_id"])


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    if "/login/enrol/" in page.url:  # a privileged role (supervisor) enrols its second factor at first login
        import pyotp

        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.get_by_label("动态口令").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="开通并继续").click()
    page.wait_for_url(f"{base}/")


def test_handler_answers_supervisor_verifies_alert_is_closed(page, live_server, alert, tmp_path):
    base = live_server.url
    refused = []  # the browser reports every Content-Security-Policy violation on the console
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)

    _login(page, base, "wang.handler")
    assert page.locator("#stat-total").inner_text() == "1"
    page.get_by_role("link", name="进入预警处置").click()
    page.get_by_role("link", name=alert.title).click()
    assert page.locator("#alert-status").inner_text() == "已派发"
    assert page.get_by_text("某某商贸有限公司").is_visible()
    page.get_by_label("已整改").check()
    page.get_by_label("答复说明").fill("已将现金支付改为公务卡结算，相关人员已作说明，附整改报告。")
    page.get_by_role("button", name="提交答复").click()
    page.get_by_text("答复已提交").wait_for()
    assert page.locator("#alert-status").inner_text() == "已答复"
    page.screenshot(path=str(tmp_path / "answered.png"), full_page=True)
    page.get_by_role("button", name="退出").click()

    _login(page, base, "li.supervisor")
    page.goto(f"{base}{alert.get_absolute_url()}")
    page.get_by_label("认可答复，予以销号").check()
    page.get_by_label("属实").check()
    page.get_by_label("核查意见").fill("经核实，整改到位。")
    page.get_by_role("button", name="提交核查结论").click()
    page.get_by_text("核查完成").wait_for()
    assert page.locator("#alert-status").inner_text() == "已销号"
    page.screenshot(path=str(tmp_path / "closed.png"), full_page=True)

    page.goto(f"{base}/")
    page.locator(".chart[data-drawn]").first.wait_for()  # ECharts loaded from the app's own static files
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    page.goto(f"{base}/portal/")
    page.locator(".chart[data-drawn]").first.wait_for()
    assert refused == [], refused

    alert.refresh_from_db()
    assert alert.status == "closed" and alert.verdict == "confirmed"
