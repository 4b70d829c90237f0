"""The relationship page in a real browser: the ECharts graph draws under the strict Content-Security-Policy,
the supervisor sees the declared spouse in graph and table, the handler sees neither."""

import pytest

from .conftest import SPOUSE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Qingfeng-Test-2026"


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


@pytest.mark.parametrize(("user", "sees_spouse"), [("supervisor", True), ("handler", False)])
def test_the_graph_draws_and_shows_the_spouse_only_to_the_supervisor(page, live_server, people_world, user, sees_spouse):
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    _login(page, live_server.url, user)
    page.get_by_role("link", name="人员关系").click()
    page.get_by_label("查找").fill(people_world["official"].staff_no)
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name=people_world["official"].name).first.click()
    page.wait_for_selector(".relationship-graph[data-drawn='1']")
    graph = page.locator(".relationship-graph").inner_text() + page.locator(".relationship-graph").inner_html()
    table = page.locator("#relationship-table").inner_text()
    assert (SPOUSE in graph, SPOUSE in table) == (sees_spouse, sees_spouse)
    assert refused == []
