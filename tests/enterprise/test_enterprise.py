"""Enterprise service: only the paired leader raises an enterprise's request, which becomes a ticket flagged as
an enterprise matter and dispatched with the ladder's deadline; a project's timeline counts each stage against
the ENT-002 targets and names the department holding it; a permit linked to an approval case takes the case's
dates; indicators follow the data scope and carry no names; the pages answer within scope."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def world(dept_tree, make_user, calendar_days):
    import importlib

    from django.apps import apps

    from qingfeng.enterprise import actions

    importlib.import_module("qingfeng.tickets.migrations.0002_services").add(apps, None)
    leader = make_user("wang.leader", "department_head", "own_and_below", dept_tree["finance"])
    other = make_user("sun.head", "department_head", "own_and_below", dept_tree["finance"])
    school = make_user("liu.handler", "handler", "own", dept_tree["school"])
    budget = make_user("qian.handler", "handler", "own", dept_tree["budget"])
    today = timezone.localdate()
    company = actions.register_enterprise("test", name="云川华信电子有限公司", credit_code="91230000MA1B2C3D4F")
    project = actions.register_project("test", enterprise=company, name="电子产业园", department=dept_tree["finance"],
                                       signed_on=today - timedelta(days=100))
    pairing = actions.pair("test", leader=leader.person, department=dept_tree["finance"], enterprise=company,
                           project=project, since=today - timedelta(days=100))
    return {"leader": leader, "other": other, "school_h": school, "budget_h": budget, "company": company,
            "project": project, "pairing": pairing, **dept_tree}


def test_only_the_paired_leader_raises_a_request_and_it_becomes_a_dispatched_enterprise_ticket(world):
    from qingfeng.core.models import LedgerEvent
    from qingfeng.enterprise import actions
    from qingfeng.tickets.models import Status

    with pytest.raises(PermissionDenied):
        actions.raise_request(world["other"], world["pairing"], title="用地", description="请协调用地指标。",
                              department=world["school"])
    req = actions.raise_request(world["leader"], world["pairing"], title="用地", description="请协调用地指标。",
                                department=world["school"], category="obstruction")
    t = req.ticket
    assert t.submitter == "enterprise" and t.kind == "complaint" and t.status == Status.DISPATCHED
    assert t.department == world["school"] and t.due_at > t.dispatched_at
    assert req.project == world["project"] and req.raised_by == "wang.leader"
    assert LedgerEvent.objects.filter(action="enterprise.request_raised").count() == 1
    # The school's handler sees it (its ticket), the budget section does not; the leader sees what they raised.
    from qingfeng.enterprise import policies

    assert policies.visible_requests(world["school_h"]).filter(pk=req.pk).exists()
    assert not policies.visible_requests(world["budget_h"]).filter(pk=req.pk).exists()
    assert policies.visible_requests(world["leader"]).filter(pk=req.pk).exists()


def test_timeline_counts_each_stage_against_its_target_and_names_who_holds_it(world):
    from qingfeng.enterprise import actions
    from qingfeng.enterprise.models import Stage
    from qingfeng.enterprise.timeline import timeline

    today = timezone.localdate()
    p = world["project"]
    a = actions.open_milestone("test", p, stage=Stage.APPROVAL, title="备案", department=world["finance"],
                               started_on=today - timedelta(days=95))
    actions.reach_milestone("test", a, reached_on=today - timedelta(days=60))
    actions.open_milestone("test", p, stage=Stage.PERMIT, title="施工许可", department=world["education"],
                           started_on=today - timedelta(days=61))
    tl = timeline(p)
    steps = {s.stage: s for s in tl.steps}
    assert (steps["approval"].elapsed, steps["approval"].target, steps["approval"].over) == (35, 30, True)
    assert steps["approval"].holding is False  # reached: late, but no longer holding anything up
    assert (steps["permit"].elapsed, steps["permit"].target) == (61, 60)
    assert tl.current == Stage.PERMIT and [s.milestone.department for s in tl.held_by] == [world["education"]]
    assert tl.total_days == 100


def test_a_permit_linked_to_an_approval_case_takes_the_case_dates(world, item):
    from qingfeng.approvals import actions as approvals
    from qingfeng.enterprise import actions
    from qingfeng.enterprise.models import Stage

    received = timezone.now() - timedelta(days=20)
    case, _code = approvals.submit_application(item=item, applicant_kind="enterprise", applicant_name="云川华信电子有限公司",
                                               now=received)
    m = actions.open_milestone("test", world["project"], stage=Stage.PERMIT, title="办学许可", department=world["finance"],
                               approval_case=case)
    assert m.department == case.department and m.dates() == (timezone.localtime(received).date(), None)
    with pytest.raises(Exception, match="以办件的决定日期为准"):
        actions.reach_milestone("test", m)


def test_indicators_follow_scope_and_the_portal_shows_departments_and_counts_only(world):
    from qingfeng.core.policies import visible_department_ids
    from qingfeng.enterprise import actions, indicators

    actions.raise_request(world["leader"], world["pairing"], title="态度", description="窗口人员态度生硬。",
                          department=world["school"], category="attitude")
    actions.raise_request(world["leader"], world["pairing"], title="咨询", description="请告知政策。",
                          department=world["budget"])
    assert {r["code"]: r["conduct"] for r in indicators.by_department()} == {"201": 1, "102": 0}
    # An enterprise's own complaint filed on the portal counts too (as a complaint, not as attitude/obstruction).
    from qingfeng.tickets import actions as tickets
    from qingfeng.tickets.models import Service

    own = tickets.submit_ticket("portal", title="证照", description="营业执照变更拖了两周。", route=False,
                                service=Service.objects.get(code="QT"), kind="complaint", submitter="enterprise")
    tickets.dispatch_ticket("test", own, world["budget"])
    row = {r["code"]: r for r in indicators.by_department()}["102"]
    assert (row["requests"], row["complaints"], row["conduct"]) == (2, 1, 0)
    assert [r["code"] for r in indicators.by_department(visible_department_ids(world["school_h"]))] == ["201"]
    html = Client().get("/portal/business/").content.decode()
    assert "第一中学" in html and "云川华信" not in html and "wang.leader" not in html and "态度生硬" not in html


def test_pages_answer_the_leader_and_refuse_outside_scope(world):
    from qingfeng.enterprise import actions

    req = actions.raise_request(world["leader"], world["pairing"], title="用地", description="请协调用地指标。",
                                department=world["school"])
    leader, budget = Client(), Client()
    leader.login(username="wang.leader", password=PASSWORD)
    budget.login(username="qian.handler", password=PASSWORD)
    for url in ("/enterprise/", world["pairing"].get_absolute_url(), world["project"].get_absolute_url(),
                req.get_absolute_url(), world["company"].get_absolute_url(), "/enterprise/indicators/", "/"):
        assert leader.get(url).status_code == 200, url
    for url in (world["pairing"].get_absolute_url(), req.get_absolute_url(), world["project"].get_absolute_url()):
        assert budget.get(url).status_code == 404, url
    assert leader.get("/enterprise/registry/").status_code == 403
    # The raising leader reads the tracking code to give the enterprise; the answering department does not.
    school = Client()
    school.login(username="liu.handler", password=PASSWORD)
    assert req.ticket.code in leader.get(req.get_absolute_url()).content.decode()
    page = school.get(req.get_absolute_url())
    assert page.status_code == 200 and req.ticket.code not in page.content.decode()
    # The dashboard panel counts requests by department within the user's scope: the budget section (inside the
    # leader's finance bureau) shows, the school (outside it) does not.
    actions.raise_request(world["leader"], world["pairing"], title="咨询", description="请告知政策。",
                          department=world["budget"])
    dashboard = leader.get("/").content.decode()
    assert 'id="enterprise-panel"' in dashboard and 'data-department="102"' in dashboard
    assert 'data-department="201"' not in dashboard


def test_pages_read_in_english_when_chosen(world):
    from django.conf import settings

    leader = Client()
    leader.login(username="wang.leader", password=PASSWORD)
    leader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = leader.get(world["project"].get_absolute_url()).content.decode()
    assert "Service timeline" in html and "Current stage" in html
    assert "Business environment: how departments serve enterprises" in Client(
        headers={"accept-language": "en"}).get("/portal/business/").content.decode()
