"""The 三重一大 pages as a department uses them: a topic drafted, reviewed by someone else, tabled, a meeting with
attendance, the principal refused before the others, a decision, closing and the verified minutes; the portal
lists the decision without members' names; another department sees none of it."""

import re

import pytest
from django.urls import reverse

from qingfeng.core.models import Person, Post
from qingfeng.decisions.models import Meeting, Topic

pytestmark = pytest.mark.django_db
PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def office(dept_tree, calendar_days, make_user):
    d = dept_tree["finance"]
    post = Post.objects.create(department=d, title="局领导", is_leader=True)
    leaders = [Person.objects.create(staff_no=f"L{i}", name=n, department=d, post=post)
               for i, n in enumerate(("王局长", "李副局长", "张副局长", "赵组长"))]
    return {"dept": d, "leaders": leaders, "head": make_user("head", "department_head", "own", d),
            "clerk": make_user("clerk", "handler", "own", d), "edu": make_user("edu", "department_head", "own", dept_tree["education"])}


def _client(client, user):
    client.force_login(user)
    return client


def test_a_department_runs_a_topic_through_its_meeting(client, office):
    c = _client(client, office["head"])
    r = c.post(reverse("decisions:list"), {"form": "topic", "department": office["dept"].pk, "title": "城区道路改造资金安排",
                                           "proposal": "安排资金 800 万元。", "amount": "8000000"})
    topic = Topic.objects.get()
    assert r.status_code == 302 and r.url == topic.get_absolute_url()
    c.post(reverse("decisions:list"), {"form": "meeting", "department": office["dept"].pk, "title": "局党组会",
                                       "held_at": "2026-12-01T09:00", "principal": office["leaders"][0].pk,
                                       "members": [p.pk for p in office["leaders"][1:]]})
    meeting = Meeting.objects.get()
    r = c.post(reverse("decisions:topic_act", args=[topic.pk, "table"]), {"meeting": meeting.pk}, follow=True)
    assert "未经合法性审查" in r.content.decode() and not meeting.items.exists()
    c.post(reverse("decisions:topic_act", args=[topic.pk, "request_review"]))
    r = c.post(reverse("decisions:topic_act", args=[topic.pk, "review"]), {"lawful": "1", "opinion": "合法。"}, follow=True)
    assert "不能审查自己的议题" in r.content.decode()  # the drafter may not review his own topic
    _client(c, office["clerk"]).post(reverse("decisions:topic_act", args=[topic.pk, "review"]), {"lawful": "1", "opinion": "合法。"})
    c = _client(c, office["head"])
    c.post(reverse("decisions:topic_act", args=[topic.pk, "table"]), {"meeting": meeting.pk})
    item = meeting.items.get()
    act = reverse("decisions:meeting_act", args=[meeting.pk, "attendance"])
    c.post(act, {"present": [p.pk for p in office["leaders"]]})
    opinion = reverse("decisions:meeting_act", args=[meeting.pk, "opinion"])
    r = c.post(opinion, {"item": item.pk, "person": office["leaders"][0].pk, "stance": "agree"}, follow=True)
    assert "最后发表意见" in r.content.decode()
    for p in office["leaders"][1:] + office["leaders"][:1]:
        c.post(opinion, {"item": item.pk, "person": p.pk, "stance": "agree", "text": "同意"})
    c.post(reverse("decisions:meeting_act", args=[meeting.pk, "decide"]), {"item": item.pk, "outcome": "approved", "text": "同意。"})
    c.post(reverse("decisions:meeting_act", args=[meeting.pk, "close"]))
    page = c.get(meeting.get_absolute_url()).content.decode()
    assert "已锁定，校验一致" in page and Meeting.objects.get().minutes_hash in page
    portal = client.get(reverse("decisions:portal")).content.decode()
    assert "城区道路改造资金安排" in portal and "王局长" not in portal and "李副局长" not in portal


def test_another_department_sees_none_of_it(client, office):
    from qingfeng.decisions import actions

    topic = actions.create_topic("办公室", department=office["dept"], title="内部议题", proposal="x")
    c = _client(client, office["edu"])
    assert c.get(topic.get_absolute_url()).status_code == 404
    assert "内部议题" not in c.get(reverse("decisions:list")).content.decode()
    assert c.post(reverse("decisions:topic_act", args=[topic.pk, "request_review"])).status_code == 404


def test_the_pages_have_an_english_version(client, office):
    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/decisions/"})
    assert "Major decisions" in client.get(reverse("decisions:portal")).content.decode()
    assert "Random inspections" in client.get(reverse("inspections:portal")).content.decode()
    client.force_login(office["head"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/decisions/"})
    page = client.get(reverse("decisions:list")).content.decode()
    assert "New topic" in page and "Schedule a meeting" in page


def test_the_dashboard_panel_shows_circulated_decisions_in_scope(client, office):
    from qingfeng.decisions import actions

    topic = actions.create_topic("办公室", department=office["dept"], title="公务用车更新", proposal="x")
    actions.record_circulated_decision("办公室", topic, outcome="approved", text="会签同意。")
    client.force_login(office["head"])
    page = client.get("/").content.decode()
    assert 'id="panel-decisions"' in page and "以传阅会签代替会议" in page
    client.force_login(office["edu"])
    assert 'id="panel-decisions"' not in client.get("/").content.decode()


def test_a_department_publishes_its_major_matter_amount(client, office):
    from qingfeng.decisions.models import MajorMatterCatalogue

    client.force_login(office["head"])
    client.post(reverse("decisions:list"), {"form": "catalogue", "department": office["dept"].pk, "threshold": "500000",
                                            "effective_from": "2026-01-01", "basis": "财政局“三重一大”事项目录（2026）"})
    assert MajorMatterCatalogue.objects.get().threshold == 500000
    page = client.get(reverse("decisions:list")).content.decode()
    assert "500000" in page
    assert page.count('id="catalogue"') == 1  # once, in the page, not also pasted into the <title>
    assert re.search(r"<title>[^<]*</title>", page)
    client.force_login(office["edu"])
    assert "财政局“三重一大”" not in client.get(reverse("decisions:list")).content.decode()
