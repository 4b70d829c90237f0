"""Online approval in a real browser: an applicant applies on the portal with two of three materials, the staff
send one notice listing the missing one, the applicant supplies it with the tracking code, the staff accept, finish
the review step and approve, the applicant sees the result, and the supervisor reads the case's clock and history.
Chromium is Debian's (tests/conftest.py); every page keeps the strict Content-Security-Policy."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def item(dept_tree, make_user, calendar_days):
    from qingfeng.approvals import actions
    from qingfeng.core.actions import create_department
    from qingfeng.core.models import Post
    from tests.approvals.conftest import ITEM

    legal = create_department("test", code="300", name="司法局", parent=dept_tree["city"])
    actions.designate_legal_office("test", legal)
    edu = dept_tree["education"]
    head = make_user("zhao.head", "department_head", "own_and_below", edu, password=PASSWORD)
    post = Post.objects.create(department=edu, title="审批科", is_leader=True)
    head.person.post = post
    head.person.save(update_fields=["post"])
    make_user("li.supervisor", "supervisor", "all", dept_tree["city"], password=PASSWORD)
    proposed = timezone.now() - timezone.timedelta(days=30)
    version = actions.propose_item("test", code="EDU-001", department=edu, content=ITEM, handling_post=post, approving_post=post,
                                   now=proposed)
    actions.review_item("legal-office", version, approve=True, effective_from=timezone.localtime(proposed).date(), opinion="合法")
    return version.item


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


def _pdf(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 materials of the applicant\n")
    return str(path)


def test_apply_notify_once_supply_approve_and_supervise(browser, live_server, item, tmp_path):
    base = live_server.url
    refused = []
    applicant_context, staff_context = browser.new_context(locale="zh-CN"), browser.new_context(locale="zh-CN")
    applicant, staff = applicant_context.new_page(), staff_context.new_page()
    for page in (applicant, staff):
        page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)

    # The applicant finds the item on the portal and applies with two of its three materials.
    applicant.goto(f"{base}/portal/")
    applicant.get_by_role("link", name="办事服务").click()
    applicant.get_by_role("link", name="民办学校办学许可").click()
    assert applicant.get_by_text("办学场所证明").is_visible()
    applicant.get_by_role("link", name="网上申请").first.click()
    applicant.get_by_label("企业").check()
    applicant.get_by_label("申请人名称").fill("云川育才培训学校")
    applicant.get_by_label("统一社会信用代码或身份证号码").fill("91530100MA6K8L9X2Q")
    applicant.get_by_label("联系电话").fill("13800001234")
    applicant.get_by_label("申请书").set_input_files(_pdf(tmp_path, "申请书.pdf"))
    applicant.get_by_label("举办者资格证明").set_input_files(_pdf(tmp_path, "资格证明.pdf"))
    applicant.get_by_role("button", name="提交申请").click()
    applicant.get_by_text("申请已提交").wait_for()
    code = applicant.locator("#tracking-code").inner_text().strip()
    number = applicant.locator("#track-number").inner_text().strip()
    assert applicant.locator("#track-status").inner_text() == "已收件"
    applicant.screenshot(path=str(tmp_path / "applied.png"), full_page=True)

    # The staff send one notice that lists the missing material.
    _login(staff, base, "zhao.head")
    staff.goto(f"{base}/approvals/")
    staff.get_by_role("link", name=number).first.click()
    staff.get_by_label("M3 办学场所证明").check()
    staff.get_by_label("一次性告知书").fill("请补交办学场所证明（产权证或租赁合同）一份。")
    staff.get_by_role("button", name="发出一次性告知").click()
    staff.get_by_text("已一次性告知补正材料").wait_for()
    assert staff.locator("#case-status").inner_text() == "待补正"
    assert staff.get_by_role("button", name="发出一次性告知").count() == 0  # once only

    # The applicant reads the notice with the tracking code and supplies the material.
    applicant.goto(f"{base}/portal/approvals/")
    applicant.get_by_label("查询码").fill(code)
    applicant.get_by_role("button", name="查询").click()
    applicant.get_by_text("一次性告知：请补正以下材料").wait_for()
    applicant.get_by_label("办学场所证明").set_input_files(_pdf(tmp_path, "场所证明.pdf"))
    applicant.get_by_role("button", name="提交补正材料").click()
    applicant.get_by_text("补正材料已提交").wait_for()

    # The staff accept, finish the review step and approve.
    staff.reload()
    staff.get_by_role("button", name="受理", exact=True).click()
    staff.get_by_text("已受理。").wait_for()
    assert staff.locator("#clock-state").inner_text() == "计时中"
    staff.get_by_role("button", name="环节办结").click()
    staff.get_by_text("环节已办结").wait_for()
    staff.get_by_label("准予", exact=True).check()
    staff.get_by_label("决定理由").fill("申请材料齐全，现场核查符合办学条件。")
    staff.get_by_role("button", name="提交决定").click()
    staff.get_by_text("已作出决定").wait_for()
    assert staff.locator("#case-status").inner_text() == "准予"
    staff.screenshot(path=str(tmp_path / "decided.png"), full_page=True)

    # The applicant sees the result.
    applicant.reload()
    assert "准予" in applicant.locator("#track-result").inner_text()
    assert applicant.locator("#track-status").inner_text() == "准予"

    # The supervisor reads the case's clock and its history from the ledger.
    staff.get_by_role("button", name="退出").click()
    _login(staff, base, "li.supervisor")
    staff.goto(f"{base}/approvals/")
    staff.get_by_role("link", name=number).first.click()
    clock = staff.locator("#case-clock").inner_text()
    assert "承诺期限" in clock and "受理（计时起点）" in clock and "已按期办结" in clock
    history = staff.locator("#case-history").inner_text()
    for step in ("申请", "一次性告知补正", "补正材料", "受理", "环节办结", "作出决定"):
        assert step in history, step
    staff.screenshot(path=str(tmp_path / "supervisor.png"), full_page=True)
    assert refused == [], refused
    applicant_context.close()
    staff_context.close()

    from qingfeng.approvals.models import ApprovalCase

    case = ApprovalCase.objects.get(number=number)
    assert case.status == "approved" and list(case.events.values_list("kind", flat=True)) == [
        "apply", "materials_request", "materials_supplied", "accept", "step_done", "decide"]
