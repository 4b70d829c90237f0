"""In a real browser: a system administrator's first login enrols the second factor from the server-drawn QR
page, and the admin console breaks no rule of the site-wide Content-Security-Policy."""

import pyotp
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Qingfeng-Test-2026"


def test_an_administrator_enrols_totp_and_the_admin_console_keeps_the_csp(page, live_server, make_user, calendar_days):
    make_user("sysadmin", "system_admin", password=PASSWORD)
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    base = live_server.url
    page.goto(f"{base}/admin/")
    page.wait_for_url(f"{base}/login/?next=/admin/")
    page.get_by_label("用户名").fill("sysadmin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/login/enrol/")
    assert page.locator("img[alt='动态口令二维码']").evaluate("img => img.naturalWidth") > 0
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="开通并继续").click()
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/core/calendarday/add/")
    page.locator("#id_date").wait_for()
    page.locator(".datetimeshortcuts a").first.click()  # the admin's own JavaScript still runs under the CSP
    assert page.locator("#id_date").input_value()
    page.goto(f"{base}/admin/core/calendarday/")
    page.goto(f"{base}/security/users/")
    assert page.get_by_text("sysadmin").first.is_visible()
    assert refused == [], refused
