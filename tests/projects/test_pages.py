"""The project pages: scoped list, the detail page with what blocks the gate, lodging and resolving an
objection through the forms, and passing the gate; the dashboard panel counts what the user may see."""

from datetime import date
from decimal import Decimal

import pytest

from qingfeng.projects import actions
from qingfeng.projects.stages import REQUIRED, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db, calendar_days, make_user):
    from qingfeng.core.actions import create_department

    root = create_department("test", code="000", name="市政府")
    owner = create_department("test", code="300", name="市住房和城乡建设局", parent=root)
    hr = create_department("test", code="400", name="市人力资源和社会保障局", parent=root)
    other = create_department("test", code="500", name="市教育局", parent=root)
    users = {"builder": make_user("builder", "handler", "own", owner), "hr": make_user("hr", "handler", "own", hr),
             "teacher": make_user("teacher", "handler", "own", other)}
    p = actions.register_project("test", code="XM1", name="城南污水处理厂", owner=owner, departments=[hr])
    for kind in REQUIRED[Stage.DECISION]:
        actions.record_document("test", p, kind=kind, reference="文1", issued_on=date(2026, 3, 2))
    return {"p": p, "hr_dept": hr, **users}


def _login(client, user):
    client.force_login(user)
    return client


def test_list_and_detail_are_scoped(client, site):
    c = _login(client, site["teacher"])
    assert "XM1" not in c.get("/projects/").content.decode()
    assert c.get(f"/projects/{site['p'].pk}/").status_code == 404
    c = _login(client, site["hr"])
    assert "XM1" in c.get("/projects/").content.decode()
    assert c.get(f"/projects/{site['p'].pk}/").status_code == 200


def test_objection_through_the_page_blocks_then_resolution_opens_the_gate(client, site):
    p = site["p"]
    c = _login(client, site["hr"])
    c.post(f"/projects/{p.pk}/objection/", {"department": site["hr_dept"].pk, "text": "用地预审意见已过期。"})
    o = p.objections.get()
    c = _login(client, site["builder"])
    page = c.get(f"/projects/{p.pk}/").content.decode()
    assert "异议未处理" in page and 'id="pass-gate"' not in page
    c.post(f"/projects/{p.pk}/pass/")
    p.refresh_from_db()
    assert p.stage == Stage.SITE
    c.post(f"/projects/{p.pk}/resolve/", {"objection": o.pk, "text": "已重新取得用地预审意见。"})
    assert 'id="pass-gate"' in c.get(f"/projects/{p.pk}/").content.decode()
    c.post(f"/projects/{p.pk}/pass/")
    p.refresh_from_db()
    assert p.stage == Stage.DECISION


def test_dashboard_panel_counts_scoped_projects(rf, site):
    from qingfeng.projects.panels import dashboard_panel

    request = rf.get("/")
    request.user = site["teacher"]
    assert dashboard_panel(request) is None
    request.user = site["builder"]
    figures = dashboard_panel(request)["figures"]
    assert figures[0]["value"] == 1


def test_project_page_shows_wage_months(client, site):
    import pyarrow as pa

    from qingfeng.records.imports import import_arrow

    p = site["p"]
    common = {"project_code": "XM1", "department_code": "300", "contract_code": "HT1"}
    import_arrow(pa.Table.from_pylist([{**common, "attendance_id": f"A{w}", "worker_no": f"G{w}", "work_month": date(2026, 4, 1),
                                        "days": 20} for w in (1, 2, 3)]), "site_attendance", source_name="a", actor="steward")
    import_arrow(pa.Table.from_pylist([{**common, "line_id": f"L{w}", "worker_no": f"G{w}", "pay_month": date(2026, 4, 1),
                                        "amount": Decimal("6000.00"), "paid_on": date(2026, 5, 10)} for w in (1, 2)]),
                 "wage_payroll", source_name="p", actor="steward")
    c = _login(client, site["builder"])
    row = c.get(f"/projects/{p.pk}/").content.decode().split('id="wage-months"')[1].split("</table>")[0]
    assert "2026-04" in row and "<strong>1</strong>" in row and "2026-05-10" in row


def test_project_page_in_english(client, site):
    c = _login(client, site["builder"])
    c.cookies["django_language"] = "en"
    page = c.get(f"/projects/{site['p'].pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Next gate" in page and "Contracts and wage safeguards" in page


def test_dashboard_shows_the_panel_in_scope_only(client, site):
    assert "panel-projects" in _login(client, site["builder"]).get("/").content.decode()
    assert "panel-projects" not in _login(client, site["teacher"]).get("/").content.decode()
