"""督办 tasks: registered and split among departments with milestones, signed for, reported on with evidence,
reviewed (sent back or accepted) and signed off; extensions only before the due date; lights; and the
慢浮僵推梗懒 signals on the pages agreeing with the rules that raise alerts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qingfeng.oversight import actions, signals
from qingfeng.oversight.models import Assignment, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db, calendar_days, make_user):
    from qingfeng.core.actions import create_department

    root = create_department("test", code="000", name="市政府")
    duty = create_department("test", code="010", name="市政府督查室", parent=root)
    a = create_department("test", code="300", name="市住房和城乡建设局", parent=root)
    b = create_department("test", code="500", name="市交通运输局", parent=root)
    c = create_department("test", code="600", name="市城市管理局", parent=root)
    return {"root": root, "duty": duty, "a": a, "b": b, "c": c,
            "sup": make_user("sup", "supervisor", "all", duty), "sup2": make_user("sup2", "supervisor", "all", duty),
            "ha": make_user("ha", "handler", "own", a), "hb": make_user("hb", "handler", "own", b),
            "hc": make_user("hc", "handler", "own", c)}


def _task(o, days=30, at=None, shares=None):
    now = at or timezone.now()
    due = now + timedelta(days=days)
    return actions.register_task("督查室", title="老旧小区改造年度任务", source="commitment", due_at=due, home=o["duty"],
                                 shares=shares or [(o["a"], True, [("完成设计", now + timedelta(days=days // 2))])], at=now)


def _pdf(name="现场照片.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def test_the_full_loop_with_a_send_back(office):
    o = office
    task = _task(o)
    a = task.assignments.get()
    assert a.milestones.count() == 1 and a.status == Status.ASSIGNED
    actions.sign_assignment(o["ha"], a)
    m = a.milestones.get()
    r1 = actions.submit_report(o["ha"], a, text="设计方案已完成。", milestone=m, files=[_pdf()])
    actions.review_report(o["sup"], r1, accept=True)
    m.refresh_from_db()
    assert m.done_at is not None
    with pytest.raises(ValidationError, match="佐证"):
        actions.submit_report(o["ha"], a, text="全部完成。", final=True)
    final = actions.submit_report(o["ha"], a, text="全部完成。", final=True, files=[_pdf("验收单.pdf")])
    with pytest.raises(ValidationError):
        actions.sign_off(o["sup"], a)
    actions.review_report(o["sup"], final, accept=False, note="缺少竣工验收材料")
    a.refresh_from_db()
    assert a.status == Status.RETURNED
    final2 = actions.submit_report(o["ha"], a, text="补充竣工验收材料。", final=True, files=[_pdf("竣工验收.pdf")])
    actions.review_report(o["sup"], final2, accept=True)
    actions.sign_off(o["sup2"], a)
    a.refresh_from_db()
    assert a.status == Status.DONE and signals.light(a) == "done"


def test_the_reporter_cannot_review_and_other_departments_cannot_act(office):
    o = office
    a = _task(o).assignments.get()
    with pytest.raises(PermissionDenied):
        actions.sign_assignment(o["hb"], a)
    with pytest.raises(PermissionDenied):
        actions.register_task(o["ha"], title="x", source="meeting", due_at=timezone.now() + timedelta(days=3), home=o["a"],
                              shares=[(o["a"], True, [])])


def test_extension_only_before_the_due_date(office):
    o = office
    now = timezone.now()
    a = _task(o).assignments.get()
    ext = actions.request_extension(o["ha"], a, new_due_at=a.due_at + timedelta(days=10), reason="拆迁未完成",
                                    progress="已完成 60%")
    actions.review_extension(o["sup"], ext, approve=True)
    a.refresh_from_db()
    assert a.due_at == ext.new_due_at
    late = _task(o, days=5, at=now - timedelta(days=20)).assignments.get()
    with pytest.raises(ValidationError, match="已过完成时限"):
        actions.request_extension(o["ha"], late, new_due_at=now + timedelta(days=5), reason="来不及", progress="无")


def test_lights_green_yellow_red(office):
    o = office
    now = timezone.now()
    green = _task(o, days=30).assignments.get()
    yellow = _task(o, days=2).assignments.get()
    red = _task(o, days=5, at=now - timedelta(days=10)).assignments.get()
    assert [signals.light(x, now) for x in (green, yellow, red)] == ["green", "yellow", "red"]


def test_bounce_and_reassign_count_towards_push(office):
    o = office
    task = _task(o)
    a = task.assignments.get()
    actions.bounce_assignment(o["ha"], a, reason="不属本局职责")
    b = actions.reassign(o["sup"], a, o["b"])
    actions.bounce_assignment(o["hb"], b, reason="应由城管局负责")
    c = actions.reassign(o["sup"], b, o["c"])
    a.refresh_from_db()
    b.refresh_from_db()
    assert "push" in signals.signals(a) and "push" in signals.signals(b) and c.status == Status.ASSIGNED


def _screen(rule_ids):
    from qingfeng.screening.actions import run_screening

    run = run_screening("test", rule_ids=rule_ids)
    return {(f.rule_id, f.subject_key) for f in run.findings.all()}


def test_page_signals_agree_with_the_rules(office):
    """Each planted assignment shows exactly the signals whose rules find it."""
    o = office
    now = timezone.now()
    long_ago = now - timedelta(days=40)
    lazy = _task(o, days=60, at=now - timedelta(days=6), shares=[(o["a"], True, [])]).assignments.get()
    stale = _task(o, days=90, at=long_ago, shares=[(o["b"], True, [])]).assignments.get()
    actions.sign_assignment("handler-b", stale, at=long_ago + timedelta(hours=2))
    stuck = _task(o, days=90, at=long_ago, shares=[(o["c"], True, [])]).assignments.get()
    actions.sign_assignment("handler-c", stuck, at=long_ago + timedelta(hours=2))
    actions.submit_report("handler-c", stuck, text="已完成。", final=True, files=[_pdf()], at=long_ago + timedelta(days=3))
    floated = _task(o, days=90, shares=[(o["a"], True, [])]).assignments.get()
    actions.sign_assignment(o["ha"], floated)
    actions.submit_report(o["ha"], floated, text="正在推进。")
    actions.submit_report(o["ha"], floated, text="正在推进！")
    found = _screen(list(signals.RULES.values()))
    params = signals._params()
    for a in Assignment.objects.select_related("task", "department"):
        page = {signals.RULES[k] for k in signals.signals(a, params=params)}
        rules = {rule for rule, key in found if key == a.key}
        assert page == rules, (a.key, page, rules)
    assert {"OVS-006", "OVS-001"} <= {r for r, k in found if k == lazy.key}
    assert ("OVS-003", stale.key) in found and ("OVS-005", stuck.key) in found and ("OVS-002", floated.key) in found


def test_pages_for_departments_and_supervisors(office, client):
    o = office
    a = _task(o).assignments.get()
    client.force_login(o["ha"])
    assert client.get("/oversight/").status_code == 200
    assert client.get(a.get_absolute_url()).status_code == 200
    a.refresh_from_db()
    assert a.first_opened_at is not None
    assert client.post(f"/oversight/assignments/{a.pk}/sign/").status_code == 302
    client.force_login(o["hb"])
    assert client.get(a.get_absolute_url()).status_code == 404
    client.force_login(o["sup"])
    assert client.get("/oversight/new/").status_code == 200
    assert client.get(f"/oversight/departments/{o['a'].code}/").status_code == 200
    a.refresh_from_db()
    assert a.status == Status.SIGNED
