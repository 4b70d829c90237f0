"""The lease register in a real browser under the strict CSP: a town's handler finds the expired lease among the
town's leases, records that the land was taken back, and the counts move from 已到期未收回 to 已收回."""

import pytest

from qingfeng.records.imports import import_file

from .conftest import filled_template

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Qingfeng-Test-2026"


def test_a_town_records_the_recovery_of_an_expired_lease(page, live_server, users, tmp_path):
    rows = [{"合同编号": no, "出租镇编码": town, "地块": f"{no}号地块", "承租人": "某某农业公司", "面积（亩）": "80",
             "签订日期": "2015-02-10", "租期起": "2015-03-01", "租期止": end}
            for no, town, end in (("JK-1", "801", "2025-02-28"), ("JK-2", "801", "2099-02-28"), ("BS-1", "802", "2025-02-28"))]
    import_file(filled_template("lease_register", rows, tmp_path / "台账.xlsx"), "lease_register", actor=users["steward"])
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    base = live_server.url
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill("ha")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/treasury/leases/")
    assert page.locator("#leases tbody tr").count() == 2  # BS-1 belongs to the other town
    assert page.locator("#leases-danger").inner_text() == "1"
    expired = page.locator("#leases tr[data-state='danger']")
    assert "JK-1" in expired.inner_text()
    expired.locator("input[name='recovered_on']").fill("2025-03-20")
    expired.get_by_role("button", name="登记收回").click()
    page.wait_for_selector("text=已登记合同 JK-1 收回")
    assert (page.locator("#leases-danger").inner_text(), page.locator("#leases-done").inner_text()) == ("0", "1")
    assert "2025-03-20" in page.locator("#leases tr[data-state='done']").inner_text()
    assert refused == []
