"""三重一大: no tabling without the dossier (legality review with its working days, the consultation when the
public is touched), quorum, recusal prompts from the business registry, the principal speaks last, a head
overriding the majority gives a reason, and minutes frozen at close (verify fails when forced)."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingfeng.core import ledger
from qingfeng.core.models import Person
from qingfeng.decisions import actions
from qingfeng.decisions.models import Decision, Method, Opinion, Outcome

pytestmark = pytest.mark.django_db

CLERK = "办公室"


@pytest.fixture
def body(dept_tree, calendar_days):
    d = dept_tree["finance"]
    people = [Person.objects.create(staff_no=f"M{i}", name=n, department=d) for i, n in enumerate(("局长", "副局长甲", "副局长乙", "纪检组长", "总会计师"))]
    return {"dept": d, "principal": people[0], "members": people}


def _ready_topic(body, *, touches_public=False, companies=()):
    t = actions.create_topic(CLERK, department=body["dept"], title="城区道路改造资金安排", proposal="安排资金 800 万元。",
                             touches_public=touches_public, interested_companies=companies)
    actions.request_legality_review(CLERK, t)
    actions.record_legality_review("司法局", t, lawful=True, opinion="程序合法，内容合法。")
    return t


def _meeting(body, held_at=None):
    m = actions.schedule_meeting(CLERK, department=body["dept"], title="局党组会", principal=body["principal"],
                                 members=body["members"], held_at=held_at or timezone.now())
    return m


def test_a_topic_without_a_legality_review_cannot_be_tabled(body):
    m = _meeting(body)
    t = actions.create_topic(CLERK, department=body["dept"], title="办公楼维修", proposal="维修方案。")
    with pytest.raises(ValidationError, match="未经合法性审查"):
        actions.table_topic(CLERK, m, t)
    actions.request_legality_review(CLERK, t)
    with pytest.raises(ValidationError, match="未经合法性审查"):
        actions.table_topic(CLERK, m, t)
    actions.record_legality_review("司法局", t, lawful=False, opinion="缺少上位法依据。")
    with pytest.raises(ValidationError, match="不合法"):
        actions.table_topic(CLERK, m, t)
    assert not m.items.exists()


def test_the_review_is_allowed_seven_working_days(body):
    t = actions.create_topic(CLERK, department=body["dept"], title="x", proposal="y")
    # Requested Friday 2025-09-26: make-up Sunday 28th, 29th, 30th, the National Day break, 9th, 10th, make-up Saturday 11th, 13th.
    t = actions.request_legality_review("system", t, at=timezone.make_aware(datetime(2025, 9, 26, 10)))
    assert timezone.localtime(t.review_due_at).date() == date(2025, 10, 13)


def test_a_topic_touching_the_public_needs_thirty_days_of_consultation_and_its_feedback(body):
    m = _meeting(body)
    t = _ready_topic(body, touches_public=True)
    with pytest.raises(ValidationError, match="征求意见"):
        actions.table_topic(CLERK, m, t)
    with pytest.raises(ValidationError, match="少于 30 日"):
        actions.record_consultation(CLERK, t, start=date(2025, 3, 1), end=date(2025, 3, 20), feedback="收到 12 条意见。")
    actions.record_consultation(CLERK, t, start=date(2025, 3, 1), end=date(2025, 3, 30), feedback="收到 12 条意见，采纳 5 条。")
    assert actions.table_topic(CLERK, m, t).order == 1


def _speak_all(m, item, body, stance="agree", principal=None):
    for p in body["members"][1:]:
        actions.record_opinion(CLERK, item, p, stance=stance)
    actions.record_opinion(CLERK, item, body["principal"], stance=principal or stance)


def test_no_opinion_without_a_quorum(body):
    m = _meeting(body)
    item = actions.table_topic(CLERK, m, _ready_topic(body))
    actions.record_attendance(CLERK, m, body["members"][:2])  # 2 of 5: not more than half
    with pytest.raises(ValidationError, match="半数"):
        actions.record_opinion(CLERK, item, body["members"][1], stance="agree")
    with pytest.raises(ValidationError, match="半数"):
        actions.decide(CLERK, item, outcome=Outcome.APPROVED, text="同意。")
    actions.record_attendance(CLERK, m, body["members"][:3])
    assert actions.record_opinion(CLERK, item, body["members"][1], stance="agree")


def test_the_principal_cannot_record_an_opinion_before_the_others(body):
    m = _meeting(body)
    item = actions.table_topic(CLERK, m, _ready_topic(body))
    actions.record_attendance(CLERK, m, body["members"])
    actions.record_opinion(CLERK, item, body["members"][1], stance="agree")
    with pytest.raises(ValidationError, match="最后发表意见"):
        actions.record_opinion(CLERK, item, body["principal"], stance="agree")
    for p in body["members"][2:]:
        actions.record_opinion(CLERK, item, p, stance="agree")
    last = actions.record_opinion(CLERK, item, body["principal"], stance="agree")
    assert list(Opinion.objects.filter(item=item).order_by("at", "pk"))[-1] == last


def test_a_head_overriding_the_majority_must_give_the_reason(body):
    m = _meeting(body)
    item = actions.table_topic(CLERK, m, _ready_topic(body))
    actions.record_attendance(CLERK, m, body["members"])
    _speak_all(m, item, body, stance="disagree", principal="agree")
    with pytest.raises(ValidationError, match="说明理由"):
        actions.decide(CLERK, item, outcome=Outcome.APPROVED, text="同意安排资金。")
    d = actions.decide(CLERK, item, outcome=Outcome.APPROVED, text="同意安排资金。", override_reason="汛期前必须完工。")
    assert d.override_reason and "副局长甲" in d.dissent


def test_members_linked_to_an_interested_company_are_prompted_to_recuse(body):
    from qingfeng.people.models import Company, CompanyRole, LinkStatus, PersonLink

    company = Company.objects.create(credit_code="91350100MA2XXXXX1X", name="云川路桥建设有限公司")
    role = CompanyRole.objects.create(company=company, kind="shareholder", holder_name="副局长乙的配偶")
    PersonLink.objects.create(role=role, person=body["members"][2], target_key="t", fingerprint="f", score=1.0, method="id",
                              status=LinkStatus.AUTO)
    m = _meeting(body)
    item = actions.table_topic(CLERK, m, _ready_topic(body, companies=[company]))
    actions.record_attendance(CLERK, m, body["members"])
    prompt = item.recusals.get()
    assert prompt.member.person == body["members"][2] and "云川路桥" in prompt.reason
    with pytest.raises(ValidationError, match="回避"):
        actions.record_opinion(CLERK, item, body["members"][2], stance="agree")
    actions.answer_recusal(CLERK, prompt, recuse=True)
    for p in (body["members"][1], body["members"][3], body["members"][4]):
        actions.record_opinion(CLERK, item, p, stance="agree")
    actions.record_opinion(CLERK, item, body["principal"], stance="agree")  # the recused member is not waited for
    assert actions.decide(CLERK, item, outcome=Outcome.APPROVED, text="同意。").method == Method.MEETING


def test_a_member_whose_declared_relative_is_the_candidate_is_prompted_to_recuse(body):
    from qingfeng.core.crypto import keyed_hash
    from qingfeng.people.models import Declaration, DeclaredRelative

    candidate = Person.objects.create(staff_no="C1", name="候选人", department=body["dept"], id_hash=keyed_hash("110101199001011234"))
    declaration = Declaration.objects.create(official=body["members"][3], year=2025, submitted_on=date(2025, 1, 31))
    DeclaredRelative.objects.create(declaration=declaration, official=body["members"][3], relation="child", name="候选人",
                                    id_hash=keyed_hash("110101199001011234"))
    t = actions.create_topic(CLERK, department=body["dept"], title="拟任科长人选", proposal="推荐人选。",
                             interested_people=[candidate])
    actions.request_legality_review(CLERK, t)
    actions.record_legality_review("司法局", t, lawful=True, opinion="程序合法。")
    item = actions.table_topic(CLERK, _meeting(body), t)
    prompt = item.recusals.get()
    assert prompt.member.person == body["members"][3] and "子女" in prompt.reason


def _closed(body):
    m = _meeting(body)
    item = actions.table_topic(CLERK, m, _ready_topic(body))
    actions.record_attendance(CLERK, m, body["members"])
    _speak_all(m, item, body)
    actions.decide(CLERK, item, outcome=Outcome.APPROVED, text="同意安排资金 800 万元。")
    return actions.close_meeting(CLERK, m), item


def test_minutes_cannot_change_after_close_and_verify_fails_if_forced(body):
    m, item = _closed(body)
    assert m.minutes_hash and actions.verify_minutes(m) == []
    with pytest.raises(ValidationError, match="已闭会"):
        actions.record_opinion(CLERK, item, body["members"][1], stance="disagree")
    with pytest.raises(ValidationError, match="已闭会"):
        actions.record_attendance(CLERK, m, body["members"][:3])
    # Forced past the actions, straight in the database: an opinion turned round.
    Opinion.objects.filter(item=item, member__person=body["members"][1]).update(stance="disagree")
    assert any("闭会后被改动" in p for p in actions.verify_minutes(m))


def test_verify_fails_when_minutes_and_their_hash_are_rewritten_together(body):
    from qingfeng.core import crypto
    from qingfeng.decisions.models import Meeting

    m, item = _closed(body)
    Opinion.objects.filter(item=item, member__person=body["members"][1]).update(text="保留意见")
    forged = actions.minutes_document(m)
    Meeting.objects.filter(pk=m.pk).update(minutes=forged, minutes_hash=crypto.digest(forged.encode()))
    assert any("台账" in p for p in actions.verify_minutes(m))
    assert ledger.verify().ok  # the ledger itself is intact: it is the witness


def test_circulated_decisions_are_recorded_as_such_and_only_approved_ones_carry_payments(body):
    t = actions.create_topic(CLERK, department=body["dept"], title="采购公务用车", proposal="购置 3 辆。")
    d = actions.record_circulated_decision(CLERK, t, outcome=Outcome.APPROVED, text="传阅同意。")
    assert d.method == Method.CIRCULATION
    actions.link_execution(CLERK, d, kind="payment", reference="PAY-1")
    with pytest.raises(ValidationError, match="已关联"):
        actions.link_execution(CLERK, d, kind="payment", reference="PAY-1")
    t2 = actions.create_topic(CLERK, department=body["dept"], title="x", proposal="y")
    refused = actions.record_circulated_decision(CLERK, t2, outcome=Outcome.REJECTED, text="不同意。")
    with pytest.raises(ValidationError, match="未通过"):
        actions.link_execution(CLERK, refused, kind="contract", reference="HT-1")
    assert Decision.objects.count() == 2


def test_only_the_departments_own_staff_record(body, make_user, dept_tree):
    outsider = make_user("edu", "department_head", "own", dept_tree["education"])
    with pytest.raises(PermissionDenied):
        actions.create_topic(outsider, department=body["dept"], title="x", proposal="y")
    with pytest.raises(PermissionDenied):
        actions.create_topic(outsider, department=body["dept"], title="x", proposal="y", at=timezone.now() - timedelta(days=1))


def test_once_a_legal_office_is_designated_only_its_staff_record_the_review(body, dept_tree, make_user):
    """The legal office designated for the power list (法制审核机构) also reviews 三重一大 topics: a staff member
    elsewhere, even one who may see the topic, is refused; the office's handler (a unit below it) records it."""
    from qingfeng.approvals.actions import designate_legal_office
    from qingfeng.core.actions import create_department

    legal = create_department("test", code="300", name="司法局", parent=dept_tree["city"])
    section = create_department("test", code="301", name="法制审核科", parent=legal)
    designate_legal_office("test", legal)
    t = actions.create_topic(CLERK, department=body["dept"], title="城区道路改造资金安排", proposal="安排资金 800 万元。")
    actions.request_legality_review(CLERK, t)
    colleague = make_user("fin_handler", "handler", "own", dept_tree["finance"])  # sees the topic, not the legal office
    with pytest.raises(PermissionDenied, match="法制审核机构"):
        actions.record_legality_review(colleague, t, lawful=True, opinion="同意。")
    reviewer = make_user("legal_handler", "handler", "custom", section, departments=[dept_tree["finance"]])
    t = actions.record_legality_review(reviewer, t, lawful=True, opinion="程序合法，内容合法。")
    assert t.review_lawful and t.reviewed_by
    assert ledger.head().action == "decisions.reviewed"
