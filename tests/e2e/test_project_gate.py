"""An involved department lodges an objection on a project's page; the owner department sees its gate
blocked, resolves the objection and passes the gate. Set-up uses the real actions; Chromium is Debian's."""

from datetime import date

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def project(dept_tree, make_user, calendar_days):
    from qingfeng.core.actions import create_department
    from qingfeng.projects import actions
    from qingfeng.projects.stages import REQUIRED, Stage

    owner = create_department("test", code="300", name="市住房和城乡建设局", parent=dept_tree["city"])
    hr = create_department("test", code="400", name="市人力资源和社会保障局", parent=dept_tree["city"])
    make_user("wang.builder", "handler", "own", owner, password=PASSWORD)
    make_user("zhao.hr", "handler", "own", hr, password=PASSWORD)
    p = actions.register_project("test", code="XM2026001", name="城南污水处理厂提标改造", owner=owner, departments=[hr])
    for kind in REQUIRED[Stage.DECISION]:
        actions.record_document("test", p, kind=kind, reference=f"云发改〔2026〕{kind}", issued_on=date(2026, 3, 2))
    return p


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def test_objection_blocks_the_gate_until_the_owner_resolves_it(browser, browser_context_args, page, live_server, project):
    base, url = live_server.url, f"{live_server.url}/projects/{project.pk}/"
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)

    _login(page, base, "zhao.hr")
    page.goto(url)
    page.get_by_label("以哪个部门名义").select_option(label="市人力资源和社会保障局")
    page.get_by_label("异议内容").fill("施工单位实名制管理系统尚未接入，请接入后再进入下一阶段。")
    page.locator("#lodge-objection").click()
    page.locator("#objections").get_by_text("未处理").wait_for()

    owner = browser.new_context(**browser_context_args)
    op = owner.new_page()
    op.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    _login(op, base, "wang.builder")
    op.goto(url)
    assert "市人力资源和社会保障局 的异议未处理" in op.locator("#blockers").inner_text()
    assert op.locator("#pass-gate").count() == 0
    op.get_by_label("处理结果").fill("已督促施工单位接入实名制管理系统。")
    op.get_by_role("button", name="处理完毕").click()
    op.locator("#gate-open").wait_for()
    op.locator("#pass-gate").click()
    assert op.locator("#project-stage").inner_text() == "投资决策"
    owner.close()
    assert refused == []
