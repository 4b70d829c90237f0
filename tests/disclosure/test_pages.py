"""The staff pages drive the same actions within the user's scope; the public fee calculator and annual
report answer anyone."""

import pytest
from django.test import Client
from django.utils import timezone

from qingfeng.disclosure.models import BudgetDisclosure, DisclosureRequest, Exemption

pytestmark = pytest.mark.django_db
PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def people(dept_tree, calendar_days, make_user):
    users = {"ha": make_user("ha", "handler", "own", dept_tree["education"]),
             "hb": make_user("hb", "handler", "own", dept_tree["finance"]),
             "head": make_user("head", "department_head", "own", dept_tree["education"]),
             "steward": make_user("steward", "data_steward", "all", dept_tree["city"])}
    clients = {}
    for name, user in users.items():
        c = Client()
        c.force_login(user)
        clients[name] = c
    return dept_tree, clients


def test_a_handler_registers_and_answers_a_request_that_another_department_cannot_see(people):
    tree, c = people
    today = timezone.localdate().isoformat()
    r = c["ha"].post("/disclosure/requests/new/", {
        "department": tree["education"].pk, "channel": "in_person", "received_on": today, "applicant_kind": "person",
        "applicant_name": "周明远", "contact": "13900001111", "description": "学校周边交通整治方案"})
    req = DisclosureRequest.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/disclosure/requests/{req.pk}/")
    page = c["ha"].get(f"/disclosure/requests/{req.pk}/").content.decode()
    assert "周明远" in page and "139****1111" in page
    assert c["hb"].get(f"/disclosure/requests/{req.pk}/").status_code == 404
    assert c["steward"].get(f"/disclosure/requests/{req.pk}/").status_code == 404  # stewards keep to budgets
    assert req.number not in c["hb"].get("/disclosure/").content.decode()
    c["ha"].post(f"/disclosure/requests/{req.pk}/extend/", {"note": "需调取多个科室档案"})
    assert DisclosureRequest.objects.get().extension_reason == "需调取多个科室档案"
    c["ha"].post(f"/disclosure/requests/{req.pk}/answer/", {"decision": "refuse", "article": "", "fee_method": "none"})
    assert DisclosureRequest.objects.get().status == "received"  # a refusal without an article is turned back
    c["ha"].post(f"/disclosure/requests/{req.pk}/answer/", {"decision": "refuse", "article": "14-secret", "fee_method": "none"})
    req.refresh_from_db()
    assert req.status == "answered" and "国家秘密" in req.answer_text
    assert "答复书" in c["ha"].get(f"/disclosure/requests/{req.pk}/").content.decode()
    assert Client().get("/disclosure/").status_code == 302  # anonymous → login


def test_the_steward_records_an_approval_and_the_department_publishes(people):
    tree, c = people
    c["steward"].post("/disclosure/budgets/", {"department": tree["education"].pk, "year": 2026, "kind": "budget",
                                              "approved_on": "2026-02-10", "document_no": "财预〔2026〕1号"})
    bd = BudgetDisclosure.objects.get()
    assert c["ha"].post("/disclosure/budgets/", {}).status_code == 403  # only stewards record approvals
    c["hb"].post(f"/disclosure/budgets/{bd.pk}/publish/")
    assert BudgetDisclosure.objects.get().published_at is None  # not finance's budget to publish
    c["ha"].post(f"/disclosure/budgets/{bd.pk}/publish/")
    assert BudgetDisclosure.objects.get().published_at is not None
    assert "逾期" in c["ha"].get("/disclosure/budgets/").content.decode()  # published long after 2 March


def test_a_head_withholds_an_item_on_an_article_and_a_handler_cannot(people):
    _tree, c = people
    form = {"dataset": "power-list", "item_key": "JY-001", "article": "16-internal", "reason": "内部管理事项"}
    assert c["ha"].post("/disclosure/exemptions/", form).status_code == 403
    c["head"].post("/disclosure/exemptions/", form)
    assert Exemption.objects.get().article == "16-internal"


def test_the_fee_calculator_and_the_annual_report_answer_anyone(people):
    c = Client()
    page = c.get("/portal/requests/fees/?requests_in_month=31&pages=120").content.decode()
    assert 'id="fee-per-request">200' in page and 'id="fee-per-page">1100' in page  # 70×10 + 20×20
    assert c.get(f"/portal/requests/annual-report/{timezone.localdate().year}/").status_code == 200
    assert c.get(f"/portal/requests/annual-report/{timezone.localdate().year + 1}/").status_code == 404
    xlsx = c.get(f"/portal/requests/annual-report/{timezone.localdate().year}.xlsx")
    assert xlsx.content[:2] == b"PK"
    _tree, staff = people
    assert staff["ha"].get("/disclosure/annual-report/?year=2026").status_code == 200


def test_the_dashboard_panel_counts_the_departments_overdue_requests(people):
    from qingfeng.disclosure import actions

    tree, c = people
    then = timezone.now() - timezone.timedelta(days=60)
    actions.register_request("system", department=tree["education"], channel="online", applicant_kind="person",
                             applicant_name="吴海燕", description="公交线网优化方案", at=then, received_at=then)
    page = c["ha"].get("/").content.decode()
    assert 'id="panel-disclosure"' in page and "逾期未答复" in page
    assert 'id="panel-disclosure"' not in c["hb"].get("/").content.decode()  # nothing in finance's scope


def test_the_open_data_pages_have_an_english_version(db):
    c = Client()
    c.post("/i18n/setlang/", {"language": "en", "next": "/portal/open/"})
    html = c.get("/portal/open/").content.decode()
    assert "Disclosure is the rule and secrecy the exception" in html and "Power list" in html
    assert "Processing fee calculator" in c.get("/portal/requests/fees/").content.decode()


def test_anyone_files_a_request_online_and_follows_it_with_the_code_only(people):
    tree, c = people
    anon = Client()
    page = anon.post("/portal/requests/new/", {
        "department": tree["education"].pk, "applicant_kind": "person", "applicant_name": "郑立新",
        "contact": "13700002222", "applicant_id": "", "description": "本市学校周边交通整治方案"}).content.decode()
    req = DisclosureRequest.objects.get()
    assert req.channel == "online" and req.number in page and req.tracking_hash
    code = page.split('id="filed-code">')[1].split("<")[0]
    assert code not in req.tracking_hash  # only the keyed hash is kept
    assert req.number in c["ha"].get("/disclosure/").content.decode()  # it lands in the agency's register
    tracked = anon.get("/portal/requests/track/", {"code": code.lower()}).content.decode()
    assert "办理中" in tracked and "郑立新" not in tracked and "13700002222" not in tracked
    assert "没有找到" in anon.get("/portal/requests/track/", {"code": "AAAAA-BBBBB"}).content.decode()


def test_exemptions_keep_to_the_deciders_data_scope(people, make_user):
    """A head withholds for their own department only; its staff see the decision, another department's do
    not and cannot revoke it; a city-wide decision is a whole-city supervisor's, seen by no department."""
    from django.core.exceptions import PermissionDenied

    from qingfeng.disclosure import actions

    tree, c = people
    form = {"dataset": "power-list", "item_key": "JY-002", "article": "16-internal", "reason": "内部管理事项甲"}
    c["head"].post("/disclosure/exemptions/", {**form, "department": tree["finance"].pk})
    assert not Exemption.objects.exists()  # finance is not the education head's to decide for
    c["head"].post("/disclosure/exemptions/", form)
    ex = Exemption.objects.get()
    assert ex.department == tree["education"]
    assert "内部管理事项甲" in c["ha"].get("/disclosure/exemptions/").content.decode()
    assert "内部管理事项甲" not in c["hb"].get("/disclosure/exemptions/").content.decode()
    other_head = make_user("headb", "department_head", "own", tree["finance"])
    with pytest.raises(PermissionDenied):
        actions.revoke_exemption(other_head, ex)
    c_other = Client()
    c_other.force_login(other_head)
    assert c_other.post(f"/disclosure/exemptions/{ex.pk}/revoke/").status_code == 404
    supervisor = make_user("sup", "supervisor", "all", tree["city"])
    city_wide = actions.exempt_item(supervisor, dataset="power-list", item_key="JY-003", article="14-secret", reason="全市甲")
    assert city_wide.department is None
    assert "全市甲" not in c["head"].get("/disclosure/exemptions/").content.decode()
    with pytest.raises(PermissionDenied):
        actions.revoke_exemption(make_user("headc", "department_head", "own", tree["education"]), city_wide)
    actions.revoke_exemption(supervisor, ex)
    assert Exemption.objects.get(pk=ex.pk).revoked_at is not None
