"""Conduct inspections: the unit never sees plans or visits in advance, only the findings against it; a
rectification needs evidence and a failed re-check sends it back; a spot check that finds the recorded dates
gamed opens a 弄虚作假 finding; a decision publishes only what the rules allow (no ID or phone number, the
official's name and post only when the decision names them)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "Qingfeng-Test-2026"


def _pdf(name="证据.pdf"):
    return ContentFile(b"%PDF-1.4 evidence", name=name)


@pytest.fixture
def world(dept_tree, make_user, calendar_days):
    from qingfeng.conduct import actions
    from qingfeng.core.models import Person, Post

    sup = make_user("li.supervisor", "supervisor", "all", dept_tree["city"])
    school = make_user("liu.handler", "handler", "own", dept_tree["school"])
    budget = make_user("qian.handler", "handler", "own", dept_tree["budget"])
    post = Post.objects.create(department=dept_tree["school"], title="教务处主任")
    official = Person.objects.create(staff_no="S0101", name="周建国", department=dept_tree["school"], post=post,
                                     id_masked="230103********5678")
    today = timezone.localdate()
    plan = actions.create_plan("test", title="作风暗访", home=dept_tree["city"], starts_on=today, ends_on=today)
    visit = actions.record_visit(sup, plan, department=dept_tree["school"], mode="unannounced", summary="暗访")
    finding = actions.record_finding(sup, visit, category="banquet", facts="以公务接待名义聚餐。", official=official,
                                     files=[_pdf()])
    return {"sup": sup, "school_h": school, "budget_h": budget, "official": official, "plan": plan, "visit": visit,
            "finding": finding, **dept_tree}


def test_the_unit_sees_its_finding_but_never_the_plan_or_visit(world):
    from qingfeng.conduct import policies

    assert not policies.visible_plans(world["school_h"]).exists() and not policies.visible_visits(world["school_h"]).exists()
    assert policies.visible_findings(world["school_h"]).get() == world["finding"]
    assert not policies.visible_findings(world["budget_h"]).exists()
    school, budget = Client(), Client()
    school.login(username="liu.handler", password=PASSWORD)
    budget.login(username="qian.handler", password=PASSWORD)
    page = school.get(world["finding"].get_absolute_url())
    assert page.status_code == 200 and world["visit"].get_absolute_url() not in page.content.decode()
    assert school.get(world["plan"].get_absolute_url()).status_code == 403
    assert school.get(world["visit"].get_absolute_url()).status_code == 403
    assert budget.get(world["finding"].get_absolute_url()).status_code == 404


def test_rectification_needs_evidence_and_a_failed_recheck_sends_it_back(world):
    from qingfeng.conduct import actions
    from qingfeng.conduct.models import Status

    f = world["finding"]
    with pytest.raises(ValidationError, match="佐证"):
        actions.rectify(world["school_h"], f, text="已整改")
    actions.rectify(world["school_h"], f, text="已整改", files=[_pdf("整改.pdf")])
    actions.recheck(world["sup"], f, passed=False, note="未退还费用")
    assert f.status == Status.OPEN and f.rectified_at is None and f.recheck_rounds == 1
    actions.rectify(world["school_h"], f, text="费用已退还", files=[_pdf("退款.pdf")])
    actions.recheck(world["sup"], f, passed=True, note="到位")
    assert f.status == Status.CLOSED and f.closed_at is not None and f.evidence.count() == 3


def test_a_decision_publishes_no_private_data_and_names_only_when_it_says_so(world):
    from qingfeng.conduct import actions

    f = world["finding"]
    for summary in ("当事人身份证号230103198001015678", "联系电话13900001111", "周建国以公务接待名义聚餐"):
        with pytest.raises(ValidationError, match="不能包含"):
            actions.decide(world["sup"], f, measure="criticism", summary=summary)
    actions.decide(world["sup"], f, measure="criticism", summary="第一中学以公务接待名义聚餐，给予通报批评。")
    html = Client().get("/portal/naming/").content.decode()
    assert "以公务接待名义聚餐，给予通报批评" in html and "周建国" not in html and "教务处主任" not in html
    assert "S0101" not in html and "230103" not in html


def test_a_named_decision_shows_name_and_post(world):
    from qingfeng.conduct import actions

    actions.decide(world["sup"], world["finding"], measure="admonishment", summary="周建国以公务接待名义聚餐。",
                   name_official=True)
    html = Client().get("/portal/naming/").content.decode()
    assert "周建国（教务处主任）" in html and "230103" not in html


def test_a_spot_check_with_gamed_dates_opens_a_falsification_finding(world, item):
    from qingfeng.approvals import actions as approvals
    from qingfeng.conduct import actions
    from qingfeng.conduct.models import Category

    received = timezone.now() - timedelta(days=3)
    case, _code = approvals.submit_application(item=item, applicant_kind="enterprise", applicant_name="某公司", now=received)
    day = timezone.localtime(received).date()
    same = actions.record_spot_check(world["sup"], case, actual_received_on=day, method="回访")
    assert not hasattr(same, "finding") or same.finding is None
    gamed = actions.record_spot_check(world["sup"], case, actual_received_on=day - timedelta(days=4), method="回执")
    assert gamed.received_gap == 4 and gamed.finding.category == Category.FALSIFIED
    assert gamed.finding.department == case.department


def test_staff_pages_render(world):
    sup = Client()
    sup.force_login(world["sup"])
    for url in ("/conduct/", world["plan"].get_absolute_url(), world["visit"].get_absolute_url(),
                world["finding"].get_absolute_url(), "/conduct/spot-checks/"):
        assert sup.get(url).status_code in (200, 302), url


def test_evidence_downloads_only_within_scope(world):
    e = world["finding"].evidence.get()
    school, budget = Client(), Client()
    school.login(username="liu.handler", password=PASSWORD)
    budget.login(username="qian.handler", password=PASSWORD)
    response = school.get(f"/conduct/evidence/{e.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert budget.get(f"/conduct/evidence/{e.pk}/").status_code == 404
