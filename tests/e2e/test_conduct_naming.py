"""An unannounced visit to a service window records a finding with evidence; the unit rectifies with its own
evidence; the inspectors' re-check closes it; the decision names the official, and the public naming page
shows the case with the official's name and post only — never the ID number, phone or staff number.
Set-up through the real actions; Chromium is Debian's (tests/conftest.py)."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def world(dept_tree, make_user, calendar_days):
    from qingfeng.conduct import actions
    from qingfeng.core.actions import create_department
    from qingfeng.core.models import Person, Post

    centre = create_department("test", code="500", name="市政务服务中心", parent=dept_tree["city"])
    make_user("li.supervisor", "supervisor", "all", dept_tree["city"], password=PASSWORD)
    make_user("chen.handler", "handler", "own", centre, password=PASSWORD)
    post = Post.objects.create(department=centre, title="不动产登记窗口负责人")
    Person.objects.create(staff_no="ZW0101", name="赵明亮", department=centre, post=post, id_masked="230103********1234",
                          id_hash="f" * 64)
    today = timezone.localdate()
    plan = actions.create_plan("test", title="窗口单位作风暗访（第四季度）", home=dept_tree["city"], starts_on=today,
                               ends_on=today + timezone.timedelta(days=30), focus="门难进、脸难看、事难办")
    return {"plan": plan}


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    if "/login/enrol/" in page.url:  # the supervisor enrols a second factor at first login
        import pyotp

        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.get_by_label("动态口令").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="开通并继续").click()
    page.wait_for_url(f"{base}/")


def _file(tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 evidence\n")
    return str(path)


def test_unannounced_visit_finding_rectified_rechecked_and_named_without_private_data(
        browser, browser_context_args, live_server, world, tmp_path):
    from qingfeng.conduct.models import Finding, Status

    base = live_server.url
    refused = []
    sup_ctx = browser.new_context(**browser_context_args)
    sp = sup_ctx.new_page()
    sp.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    _login(sp, base, "li.supervisor")

    # The inspectors visit the window unannounced and record what they saw, with a photo.
    sp.locator("summary", has_text="作风问责").click()
    sp.get_by_role("link", name="明察暗访").click()
    sp.get_by_role("link", name=world["plan"].title, exact=False).click()
    visit = sp.locator("#act-visit")
    visit.get_by_label("被检查单位").select_option(label="市政务服务中心")
    visit.get_by_label("方式").select_option(label="暗访")
    visit.get_by_label("地点（窗口、科室）").fill("不动产登记 3 号窗口")
    visit.get_by_label("检查情况").fill("上午 10 时以办事群众身份咨询，窗口人员玩手机，对咨询不予理睬。")
    visit.get_by_role("button", name="登记检查").click()
    sp.get_by_text("检查已登记。").wait_for()
    assert sp.locator("#visit-mode").inner_text() == "暗访"
    finding = sp.locator("#act-finding")
    finding.get_by_label("问题类别").select_option(label="服务态度")
    finding.get_by_label("问题事实").fill("3 号窗口工作人员上班时间玩手机，对群众咨询态度冷漠、不予理睬。")
    finding.get_by_label("涉及人员工号（可选）").fill("ZW0101")
    finding.get_by_label("取证材料（照片、录音、录像）").set_input_files(_file(tmp_path, "暗访照片.pdf"))
    finding.get_by_role("button", name="记录问题").click()
    sp.get_by_text("问题已记录").wait_for()
    assert sp.locator("#finding-status").inner_text().startswith("待整改")
    f = Finding.objects.get()
    assert f.evidence.count() == 1 and f.rectify_due_at > timezone.now()

    # The unit sees the finding (not the inspection plan) and reports its rectification with evidence.
    unit_ctx = browser.new_context(**browser_context_args)
    up = unit_ctx.new_page()
    up.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    _login(up, base, "chen.handler")
    up.goto(f"{base}/conduct/")
    assert world["plan"].title not in up.content()
    up.get_by_role("link", name=f.number).click()
    rect = up.locator("#act-rectify")
    rect.get_by_label("整改情况").fill("已对当事人批评教育，窗口实行手机集中存放，增设群众评价器。")
    rect.get_by_label("整改佐证").set_input_files(_file(tmp_path, "整改报告.pdf"))
    rect.get_by_role("button", name="提交").click()
    up.get_by_text("整改情况已报告。").wait_for()
    assert up.locator("#finding-status").inner_text() == "待复查"

    # The inspectors go back: rectified; the case is closed, decided and published, naming the official.
    sp.goto(f"{base}{f.get_absolute_url()}")
    check = sp.locator("#act-recheck")
    check.get_by_label("整改到位，销号").check()
    check.get_by_label("复查意见").fill("复查时窗口秩序良好，手机集中存放落实。")
    check.get_by_role("button", name="提交").click()
    sp.get_by_text("复查已登记。").wait_for()
    assert sp.locator("#finding-status").inner_text() == "已销号"
    decide = sp.locator("#act-decide")
    decide.get_by_label("处理方式").select_option(label="通报批评")
    decide.get_by_label("通报内容（公开，不得含身份证号、电话）").fill("市政务服务中心窗口工作人员上班时间玩手机、对群众咨询不予理睬，给予通报批评，责令单位整改。")
    decide.get_by_label("点名道姓：公开涉及人员的姓名和职务（须处理决定明确）").check()
    decide.get_by_role("button", name="提交").click()
    sp.get_by_text("处理决定已登记。").wait_for()
    f.refresh_from_db()
    assert f.status == Status.CLOSED and f.decision.published_at is not None

    # The public naming page, read by anyone: the case, the named official and post, nothing private.
    public = browser.new_context(**browser_context_args)
    pp = public.new_page()
    pp.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    pp.goto(f"{base}/portal/")
    pp.get_by_role("link", name="曝光通报").click()
    row = pp.locator(f"#naming tr[data-finding='{f.number}']")
    text = row.inner_text()
    assert "市政务服务中心" in text and "服务态度" in text and "通报批评" in text
    assert "赵明亮（不动产登记窗口负责人）" in text
    html = pp.content()
    # The masked ID, the staff number and the internal facts (only the decision's summary is public).
    for private in ("230103", "ZW0101", "态度冷漠、不予理睬"):
        assert private not in html, private
    pp.screenshot(path=str(tmp_path / "naming.png"), full_page=True)
    assert refused == [], refused
    for ctx in (sup_ctx, unit_ctx, public):
        ctx.close()
