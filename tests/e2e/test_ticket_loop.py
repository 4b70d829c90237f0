"""A citizen files a complaint on the portal (phone-sized screen), the department signs for it and answers,
the citizen rates it with the tracking code, and the supervisor sees the ticket's clock stop and the
department's KPIs change. Data set-up uses the real actions; Chromium is Debian's (tests/conftest.py)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def city(dept_tree, make_user, calendar_days):
    import importlib

    from django.apps import apps

    from qingfeng.core.actions import create_department
    from qingfeng.tickets import actions

    # live_server flushes tables between tests, data migrations included: put the default services back.
    importlib.import_module("qingfeng.tickets.migrations.0002_services").add(apps, None)
    housing = create_department("test", code="300", name="市住房和城乡建设局", parent=dept_tree["city"])
    actions.set_responsibility("test", department=housing, category="城乡建设", keywords="物业 小区 施工 井盖")
    make_user("zhou.handler", "handler", "own", housing, password=PASSWORD)
    make_user("li.supervisor", "supervisor", "all", dept_tree["city"], password=PASSWORD)
    return {"housing": housing}


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    if "/login/enrol/" in page.url:  # a supervisor enrols the second factor at first login
        import pyotp

        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.get_by_label("动态口令").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="开通并继续").click()
    page.wait_for_url(f"{base}/")


def _kpi(page, base: str) -> dict:
    page.goto(f"{base}/tickets/kpi/")
    row = page.locator("#kpi tr[data-department='300']")
    return {k: row.locator(f".kpi-{k}").inner_text() for k in ("response", "resolution", "satisfaction", "score")}


def test_citizen_files_department_answers_citizen_rates_supervisor_sees_clock_and_kpi(browser, browser_context_args, page,
                                                                                     live_server, city, tmp_path):
    from qingfeng.tickets.models import Ticket

    base = live_server.url
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.set_viewport_size({"width": 390, "height": 844})

    # The citizen files on the portal, from a phone.
    page.goto(f"{base}/portal/tickets/new/")
    page.get_by_label("类别").select_option(label="城乡建设")
    page.get_by_label("标题").fill("小区门口井盖缺失")
    page.get_by_label("具体内容").fill("翠竹小区南门外人行道井盖缺失一个多月，晚上有老人差点掉下去，请物业和有关部门尽快处理。")
    page.get_by_label("地点（可选）").fill("云川市翠竹路18号小区南门")
    page.get_by_label("联系电话（可选，加密保存，便于回访）").fill("13900001111")
    page.get_by_role("button", name="提交").click()
    code = page.locator("#tracking-code").inner_text()
    page.screenshot(path=str(tmp_path / "filed.png"), full_page=True)
    ticket = Ticket.objects.get(code=code)

    # The supervisor: dispatch if the router left it in the queue; the clock runs; KPIs before the answer.
    sup = browser.new_context(**browser_context_args)
    sp = sup.new_page()
    sp.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    _login(sp, base, "li.supervisor")
    sp.goto(f"{base}{ticket.get_absolute_url()}")
    if sp.locator("#act-dispatch").count():
        sp.locator("#act-dispatch").get_by_label("承办部门").select_option(label="\u3000市住房和城乡建设局")
        sp.locator("#act-dispatch").get_by_role("button", name="提交").click()
        sp.get_by_text("已派单").first.wait_for()
    assert sp.locator("#ticket-clock").get_attribute("data-state") == "running"
    assert "剩余" in sp.locator("#ticket-clock").inner_text()
    before = _kpi(sp, base)
    assert before["satisfaction"] == "—"

    # The department signs for it and answers.
    dep = browser.new_context(**browser_context_args)
    dp = dep.new_page()
    _login(dp, base, "zhou.handler")
    dp.goto(f"{base}/tickets/")
    dp.get_by_role("link", name=ticket.number).click()
    dp.locator("#act-sign").get_by_role("button", name="签收").click()
    dp.get_by_text("已签收。").wait_for()
    dp.locator("#act-reply").get_by_label("内容").fill("已安排市政养护单位当日补装井盖，并在周边设置警示标志。")
    dp.locator("#act-reply").get_by_role("button", name="提交").click()
    dp.get_by_text("答复已提交。").wait_for()
    assert dp.locator("#ticket-status").inner_text() == "已答复"

    # The citizen reads the answer with the tracking code and rates it.
    page.goto(f"{base}/portal/tickets/track/?code={code}")
    assert "补装井盖" in page.locator("#ticket-reply").inner_text()
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("已解决").check()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("感谢您的评价").wait_for()
    assert "满意 · 已解决" in page.locator("#ticket-rating").inner_text()
    page.screenshot(path=str(tmp_path / "rated.png"), full_page=True)

    # The supervisor sees the clock stopped and the KPIs moved.
    sp.goto(f"{base}{ticket.get_absolute_url()}")
    assert sp.locator("#ticket-clock").get_attribute("data-state") == "stopped"
    assert "计时停止" in sp.locator("#ticket-clock").inner_text()
    after = _kpi(sp, base)
    assert after["satisfaction"] == "100%" and after["resolution"] == "100%" and after["response"] == "100%"
    assert after["score"] != before["score"]
    sp.screenshot(path=str(tmp_path / "kpi.png"), full_page=True)
    page.goto(f"{base}/portal/tickets/")
    assert "市住房和城乡建设局" in page.locator("#pub-kpi").inner_text()
    assert refused == [], refused
    sup.close()
    dep.close()
