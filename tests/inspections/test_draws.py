"""双随机: a draw by ratio per risk class with at least two inspectors per target, conflicts excluded (registry
links, the inspector of last time); the commitment is published before and the seed after; re-running the
draw from the published inputs gives the same selection; a changed seed is detected; results are entered by
the drawn inspectors and carry the 20-working-day publication clock."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingfeng.core.models import Person
from qingfeng.inspections import actions, draw
from qingfeng.inspections.models import Draw, Target

pytestmark = pytest.mark.django_db
ORG = "市场监管局"


@pytest.fixture
def pools(dept_tree, calendar_days):
    from qingfeng.people.models import Company, CompanyRole, LinkStatus, PersonLink

    d = dept_tree["finance"]
    item = actions.add_item(ORG, code="SJ-001", name="食品经营者检查", department=d, basis="《食品安全法》第八十七条")
    companies = [Company.objects.create(credit_code=f"9135010000000{i:04d}X", name=f"企业{i}") for i in range(40)]
    actions.add_targets(ORG, [(c.credit_code, c.name, "A" if i < 30 else "D", c) for i, c in enumerate(companies)])
    people = [Person.objects.create(staff_no=f"J{i:03d}", name=f"执法员{i}", department=d) for i in range(8)]
    actions.add_inspectors(ORG, people)
    # J000's spouse is a shareholder of 企业0: J000 may never check it.
    role = CompanyRole.objects.create(company=companies[0], kind="shareholder", holder_name="配偶")
    PersonLink.objects.create(role=role, person=people[0], target_key="t", fingerprint="f", score=1, method="id",
                              status=LinkStatus.CONFIRMED)
    return {"item": item, "companies": companies, "people": people}


def _draw(pools, ratios=None):
    d = actions.commit_draw(ORG, pools["item"], ratios=ratios or {"A": 0.1, "D": 1.0})
    return actions.perform_draw(ORG, d)


def test_the_commitment_is_published_before_and_the_seed_after(pools):
    d = actions.commit_draw(ORG, pools["item"], ratios={"A": 0.1, "D": 1.0})
    public = actions.published(d)
    assert public["commitment"] and public["seed"] is None and public["selection"] is None
    assert d.seed == "" and d.sealed_seed.startswith("aes-256-gcm:")
    d = actions.perform_draw(ORG, d)
    assert draw.commitment(d.seed) == public["commitment"]


def test_ratio_per_class_two_inspectors_each_and_conflicts_excluded(pools):
    d = _draw(pools)
    selection = json.loads(d.selection)
    by_class = {c: [s for s in selection if s["class"] == c] for c in ("A", "D")}
    assert len(by_class["A"]) == 3 and len(by_class["D"]) == 10  # ceil(10% of 30), all of 10
    assert all(len(s["inspectors"]) == 2 for s in selection)
    excluded = {tuple(p) for p in json.loads(d.inputs)["excluded"]}
    assert ("J000", pools["companies"][0].credit_code) in excluded
    assert all(("J000" not in s["inspectors"]) for s in selection if s["target"] == pools["companies"][0].credit_code)
    assert d.drawn.count() == 13


def test_the_inspector_of_last_time_is_excluded_next_time(pools):
    first = json.loads(_draw(pools, {"D": 1.0}).selection)
    second = _draw(pools, {"D": 1.0})
    excluded = {tuple(p) for p in json.loads(second.inputs)["excluded"]}
    for s in first:
        for staff in s["inspectors"]:
            assert (staff, s["target"]) in excluded
    for s in json.loads(second.selection):
        before = next(x for x in first if x["target"] == s["target"])
        assert not set(s["inspectors"]) & set(before["inspectors"])


def test_a_draw_re_run_from_the_published_inputs_gives_the_same_selection(pools, tmp_path):
    from qingfeng.cli import main

    d = _draw(pools)
    public = actions.published(d)
    assert draw.run(public["inputs"], public["seed"]) == public["selection"]
    assert draw.verify(public) == [] and actions.verify_draw(d) == []
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(public, ensure_ascii=False))
    assert main(["inspections", "verify-draw", "--file", str(path)]) == 0
    assert main(["inspections", "verify-draw", d.number]) == 0


def test_a_changed_seed_is_detected_by_the_published_commitment(pools, tmp_path):
    from qingfeng.cli import main

    d = _draw(pools)
    public = actions.published(d)
    other = "0" * 64
    forged = {**public, "seed": other, "selection": draw.run(public["inputs"], other)}
    assert any("承诺值" in p for p in draw.verify(forged))
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged, ensure_ascii=False))
    assert main(["inspections", "verify-draw", "--file", str(path)]) == 1
    # Changing seed, selection and commitment together in the database: the ledger kept the published commitment.
    Draw.objects.filter(pk=d.pk).update(seed=other, commitment=draw.commitment(other), selection=draw.canonical(forged["selection"]))
    assert any("台账" in p for p in actions.verify_draw(d))
    assert main(["inspections", "verify-draw", d.number]) == 1


def test_changed_inputs_are_detected(pools):
    public = actions.published(_draw(pools))
    public["inputs"]["targets"] = public["inputs"]["targets"][1:]
    assert any("要素" in p for p in draw.verify(public))


def test_at_least_two_inspectors_per_target(pools):
    with pytest.raises(ValidationError, match="至少"):
        actions.commit_draw(ORG, pools["item"], ratios={"A": 0.1}, per_target=1)


def test_results_are_entered_by_the_drawn_inspectors_with_a_twenty_working_day_clock(pools, make_user, dept_tree):
    d = _draw(pools, {"D": 1.0})
    drawn = d.drawn.first()
    outsider = make_user("x", "handler", "own", dept_tree["finance"])
    with pytest.raises(PermissionDenied):
        actions.enter_result(outsider, drawn, outcome="no_issue", summary="未发现问题", checked_on=date(2025, 9, 26))
    inspector = drawn.inspectors.first().person
    user = make_user("insp", "handler", "all")
    inspector.user = user
    inspector.save()
    user = type(user).objects.get(pk=user.pk)
    r = actions.enter_result(user, drawn, outcome="issue", summary="标签不规范，已责令改正。", checked_on=date(2025, 9, 26))
    assert timezone.localtime(r.publish_due_at).date() == date(2025, 10, 30)  # 20 working days past the National Day break
    r = actions.publish_result(user, r)
    assert r.published_at is not None
    assert Target.objects.count() == 40


def test_a_draw_takes_the_items_departments_inspectors_and_a_joint_draw_adds_the_partners(pools, dept_tree):
    """The inspector pool is the authority's own executive staff: education's officers are never sent on the
    finance bureau's item, unless the draw is a joint one (跨部门联合抽查) with education taking part."""
    import json

    teachers = [Person.objects.create(staff_no=f"E{i:03d}", name=f"教育执法员{i}", department=dept_tree["school"]) for i in range(3)]
    actions.add_inspectors(ORG, teachers)
    alone = actions.commit_draw(ORG, pools["item"], ratios={"A": 0.1, "D": 1.0})
    inputs = json.loads(alone.inputs)
    assert inputs["departments"] == ["100"]
    assert sorted(inputs["inspectors"]) == [f"J{i:03d}" for i in range(8)]
    joint = actions.perform_draw(ORG, actions.commit_draw(ORG, pools["item"], ratios={"A": 0.1, "D": 1.0},
                                                          joint=[dept_tree["education"]]))
    inputs = json.loads(joint.inputs)
    assert inputs["departments"] == ["100", "200"]
    assert {f"E{i:03d}" for i in range(3)} <= set(inputs["inspectors"])
    assert actions.verify_draw(joint) == []  # the published inputs still re-run to the same selection
    with pytest.raises(ValidationError, match="人数不足"):
        actions.commit_draw(ORG, actions.add_item(ORG, code="SJ-009", name="校园食堂检查", department=dept_tree["budget"],
                                                  basis="《食品安全法》"), ratios={"D": 1.0})
