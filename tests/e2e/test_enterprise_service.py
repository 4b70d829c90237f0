"""A paired leader records a visit to the enterprise and raises its request; the responsible department signs
for it and answers before the deadline; the leader sees the request answered on time, and the project's
timeline shows the stage it is in and the days each stage took. Set-up through the real actions; Chromium is
Debian's (tests/conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def world(dept_tree, make_user, calendar_days):
    import importlib

    from django.apps import apps

    from qingfeng.core.actions import create_department
    from qingfeng.enterprise import actions
    from qingfeng.enterprise.models import Stage

    # live_server flushes tables between tests, data migrations included: put the default services back.
    importlib.import_module("qingfeng.tickets.migrations.0002_services").add(apps, None)
    housing = create_department("test", code="300", name="市住房和城乡建设局", parent=dept_tree["city"])
    reform = create_department("test", code="400", name="市发展和改革委员会", parent=dept_tree["city"])
    leader = make_user("wang.leader", "department_head", "own_and_below", reform, password=PASSWORD)
    make_user("zhou.handler", "handler", "own", housing, password=PASSWORD)
    today = timezone.localdate()
    company = actions.register_enterprise("test", name="云川国林木业有限公司", credit_code="91230000MA1B2C3D4E",
                                          industry="木材加工", group="口岸加工")
    project = actions.register_project("test", enterprise=company, name="国林木业城二期", department=reform,
                                       signed_on=today - timedelta(days=50), investment=120000)
    approval = actions.open_milestone("test", project, stage=Stage.APPROVAL, title="企业投资项目备案", department=reform,
                                      started_on=today - timedelta(days=45))
    actions.reach_milestone("test", approval, reached_on=today - timedelta(days=40))
    actions.open_milestone("test", project, stage=Stage.PERMIT, title="建设工程规划许可证", department=housing,
                           started_on=today - timedelta(days=12))
    pairing = actions.pair("test", leader=leader.person, department=reform, enterprise=company, project=project,
                           since=today - timedelta(days=50))
    return {"pairing": pairing, "project": project}


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def test_paired_leader_visits_raises_request_department_answers_in_time_timeline_shows_stage(
        browser, browser_context_args, live_server, world, tmp_path):
    from qingfeng.enterprise.models import EnterpriseRequest

    base = live_server.url
    refused = []
    leader_ctx = browser.new_context(**browser_context_args)
    lp = leader_ctx.new_page()
    lp.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)

    # The paired leader finds the enterprise under 营商环境, records the visit and raises the request.
    _login(lp, base, "wang.leader")
    lp.locator("summary", has_text="营商环境").click()
    lp.get_by_role("link", name="重点企业与项目").click()
    lp.locator("#my-pairings").get_by_role("link").first.click()
    lp.locator("#act-visit").get_by_label("走访情况").fill("到企业二期工地座谈，企业反映规划许可办理进度慢、补件要求反复。")
    lp.locator("#act-visit").get_by_role("button", name="登记走访").click()
    lp.get_by_text("走访已登记。").wait_for()
    assert "规划许可办理进度慢" in lp.locator("#visits").inner_text()
    form = lp.locator("#act-request")
    form.get_by_label("类别").select_option(label="诉求")
    form.get_by_label("诉求标题").fill("二期项目规划许可请一次性告知补件")
    form.get_by_label("诉求内容").fill("国林木业城二期已提交规划许可申请，两次补件要求不一致，请住建局一次性告知全部材料并加快办理。")
    form.get_by_label("责任部门").select_option(label="市住房和城乡建设局")
    form.get_by_label("相关项目（可选）").select_option(index=1)
    form.get_by_role("button", name="提出诉求").click()
    lp.get_by_text("诉求已派给责任部门。").wait_for()
    assert lp.locator("#request-status").inner_text() == "已派单"
    assert lp.locator("#request-clock").get_attribute("data-state") == "running"
    req = EnterpriseRequest.objects.select_related("ticket").get()
    assert req.ticket.submitter == "enterprise" and req.ticket.department.code == "300"
    assert req.visit is not None and req.project_id == world["project"].pk

    # The housing bureau signs for the ticket and answers it on the ticket's own page.
    dep_ctx = browser.new_context(**browser_context_args)
    dp = dep_ctx.new_page()
    dp.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    _login(dp, base, "zhou.handler")
    dp.goto(f"{base}/tickets/")
    dp.get_by_role("link", name=req.ticket.number).click()
    dp.locator("#act-sign").get_by_role("button", name="签收").click()
    dp.get_by_text("已签收。").wait_for()
    dp.locator("#act-reply").get_by_label("内容").fill("已一次性告知全部补件清单，材料齐全后 3 个工作日内核发规划许可。")
    dp.locator("#act-reply").get_by_role("button", name="提交").click()
    dp.get_by_text("答复已提交。").wait_for()

    # The leader sees the request answered before its deadline.
    lp.goto(f"{base}{req.get_absolute_url()}")
    assert lp.locator("#request-status").inner_text() == "已答复"
    assert lp.locator("#request-clock").get_attribute("data-state") == "on-time"
    assert "一次性告知" in lp.locator("#request-reply").inner_text()
    lp.screenshot(path=str(tmp_path / "request.png"), full_page=True)

    # The project's timeline: in the permit stage, 12 days into a 60-day target; 立项 took 5 days.
    lp.goto(f"{base}{world['project'].get_absolute_url()}")
    assert lp.locator("#project-stage").inner_text() == "办证"
    assert lp.locator("#project-days").inner_text() == "50 天"
    assert lp.locator("#timeline tr[data-stage='permit'] .elapsed").inner_text() == "12"
    assert lp.locator("#timeline tr[data-stage='approval'] .elapsed").inner_text() == "5"
    assert "市住房和城乡建设局" in lp.locator("#timeline tr[data-stage='permit']").inner_text()
    lp.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)

    # The indicators count the request for the housing bureau, on the dashboard and on the public page.
    lp.goto(f"{base}/portal/business/")
    assert lp.locator("#indicators tr[data-department='300'] .ind-requests").inner_text() == "1"
    assert "云川国林木业" not in lp.content()
    assert refused == [], refused
    leader_ctx.close()
    dep_ctx.close()
