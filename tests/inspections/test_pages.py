"""双随机 pages: the organising department publishes a commitment, draws, the drawn inspector enters the result and
publishes it; the portal serves the draw as JSON that verifies, and the result."""

import json

import pytest
from django.urls import reverse

from qingfeng.core.models import Person
from qingfeng.inspections import actions, draw
from qingfeng.inspections.models import Draw, Result

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau(dept_tree, calendar_days, make_user):
    d = dept_tree["finance"]
    actions.add_item("system", code="SJ-1", name="食品经营者检查", department=d, basis="《食品安全法》")
    actions.add_targets("system", [(f"91350100MA{i:07d}Y", f"某超市{i}", "D", None) for i in range(5)])
    inspector_user = make_user("insp", "handler", "own", d)
    others = [Person.objects.create(staff_no=f"J{i}", name=f"执法员{i}", department=d) for i in range(3)]
    actions.add_inspectors("system", [inspector_user.person, *others])
    return {"head": make_user("head", "department_head", "own", d), "insp": inspector_user,
            "edu": make_user("edu", "department_head", "own", dept_tree["education"])}


def test_commit_draw_enter_publish_and_verify_from_the_portal(client, bureau):
    client.force_login(bureau["head"])
    item = actions.Item.objects.get()
    r = client.post(reverse("inspections:list"), {"item": item.pk, "ratio_a": 0, "ratio_b": 0, "ratio_c": 0, "ratio_d": 1,
                                                  "per_target": 2})
    d = Draw.objects.get()
    assert r.status_code == 302 and d.commitment in client.get(d.get_absolute_url()).content.decode()
    client.post(reverse("inspections:act", args=[d.pk, "draw"]))
    d.refresh_from_db()
    assert d.seed and d.drawn.count() == 5
    published = client.get(reverse("inspections:portal_draw_json", args=[d.number])).json()
    assert draw.verify(published) == []
    mine = d.drawn.filter(inspectors__person=bureau["insp"].person).first()
    client.force_login(bureau["insp"])
    client.post(reverse("inspections:act", args=[d.pk, "result"]), {"drawn": mine.pk, "outcome": "no_issue",
                                                                     "summary": "冷库温度记录完整。", "checked_on": "2026-11-20"})
    result = Result.objects.get()
    client.post(reverse("inspections:act", args=[d.pk, "publish"]), {"result": result.pk})
    client.logout()
    portal = client.get(reverse("inspections:portal")).content.decode()
    assert mine.target.name in portal and "未发现问题" in portal and "冷库温度" not in portal  # the outcome, not the notes
    page = client.get(reverse("inspections:portal_draw", args=[d.number])).content.decode()
    assert "结果一致" in page and json.loads(d.inputs)["draw"] == d.number


def test_another_department_cannot_draw_or_see(client, bureau):
    d = actions.commit_draw("system", actions.Item.objects.get(), ratios={"D": 1})
    client.force_login(bureau["edu"])
    assert client.get(d.get_absolute_url()).status_code == 404
    assert client.post(reverse("inspections:act", args=[d.pk, "draw"])).status_code == 404


def test_the_dashboard_panel_counts_in_scope(client, bureau):
    d = actions.perform_draw("system", actions.commit_draw("system", actions.Item.objects.get(), ratios={"D": 1}))
    client.force_login(bureau["head"])
    page = client.get("/").content.decode()
    assert 'id="panel-inspections"' in page and d.drawn.count() == 5
    client.force_login(bureau["edu"])
    assert 'id="panel-inspections"' not in client.get("/").content.decode()


def test_the_pools_page_adds_items_targets_and_inspectors(client, bureau, dept_tree):
    from qingfeng.inspections.models import Inspector, Item, Target

    client.force_login(bureau["head"])
    url = reverse("inspections:pools")
    client.post(url, {"form": "item", "code": "SJ-2", "name": "特种设备检查", "department": dept_tree["finance"].pk, "basis": "《特种设备安全法》"})
    client.post(url, {"form": "targets", "rows": "91350100MA0000001Z,某电梯公司,C\n91350100MA0000002Z，某锅炉厂，d"})
    r = client.post(url, {"form": "targets", "rows": "123,坏行,A"}, follow=True)
    assert "格式应为" in r.content.decode()
    client.post(url, {"form": "inspectors", "staff": bureau["head"].person.staff_no})
    assert Item.objects.filter(code="SJ-2").exists()
    assert Target.objects.get(key="91350100MA0000002Z").risk_class == "D"
    assert Inspector.objects.filter(person=bureau["head"].person).exists()
    client.force_login(bureau["edu"])
    client.post(url, {"form": "item", "code": "SJ-3", "name": "x", "department": dept_tree["finance"].pk, "basis": "y"})
    assert not Item.objects.filter(code="SJ-3").exists()  # not a department the user organises
