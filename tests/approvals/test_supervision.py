"""Electronic supervision with a moving clock: the prompt one working day before the deadline, the yellow card on
the due day and the red card once overdue appear at those moments — for a case handled here and for a case
whose events were imported from another system alike. Each card is an alert with its evidence and basis, and
its handler, approver and supervisor are told in the app and by SMS (the log backend)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from qingfeng.alerts import rulebook
from qingfeng.alerts.models import Alert
from qingfeng.approvals import actions
from qingfeng.approvals.models import ApprovalCase, Notification
from qingfeng.records.imports import import_rows

from .conftest import at

pytestmark = pytest.mark.django_db


def external_events(case_id="YC-OLD-0001", accepted="2026-03-03 10:00:00"):
    """A case from the city's older approval system: received Monday 2 March, accepted Tuesday 3 March 2026."""
    base = {"来源系统": "旧审批系统", "办件编号": case_id, "事项编码": "EDU-001", "办理部门编码": "200", "环节": None,
            "经办人工号": None, "材料编码": None}
    return [
        {**base, "事件编号": f"{case_id}-1", "事件类型": "申请", "发生时间": "2026-03-02 09:00:00",
         "录入时间": "2026-03-02 09:00:05", "材料编码": "M1,M2,M3"},
        {**base, "事件编号": f"{case_id}-2", "事件类型": "受理", "发生时间": accepted, "录入时间": accepted, "经办人工号": "E001"},
        {**base, "事件编号": f"{case_id}-3", "事件类型": "环节办结", "环节": "review", "发生时间": "2026-03-10 16:00:00",
         "录入时间": "2026-03-10 16:00:00", "经办人工号": "E001"},
    ]


@pytest.fixture
def cases(item, users, files):
    """One case handled here (due Monday 16 March) and one imported (due Tuesday 17 March)."""
    here, _code = actions.submit_application(item=item, applicant_kind="citizen", applicant_name="张三", files=files("M1", "M2", "M3"),
                                             now=at("2026-03-02 09:00:00"))
    actions.accept_case(users["a"], here, now=at("2026-03-02 15:00:00"))
    actions.complete_step(users["a"], here, step="review", now=at("2026-03-09 11:00:00"))
    report = import_rows(external_events(), "approval_events_external", source_name="old-system.csv", actor=users["steward"])
    assert report.status == "committed" and report.loaded == 3
    return here.number, "YC-OLD-0001"


def cards(rules=("APR-002", "APR-016", "APR-017")):
    return sorted((a.rule_id, a.subject_key) for a in Alert.objects.filter(rule_id__in=rules))


def test_prompt_yellow_and_red_appear_on_their_days_for_both_sources(cases, users, django_capture_on_commit_callbacks):
    here, imported = cases
    supervisor = users["supervisor"]

    def run(when):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.supervise(supervisor, now=at(when))

    summary = run("2026-03-12 10:00:00")
    assert summary["status"] == "done" and not summary["errors"], summary
    assert cards() == []
    run("2026-03-13 09:00:00")  # Friday: the working day before Monday's deadline
    assert cards() == [("APR-016", here)]
    assert cards(["APR-003"]) == [("APR-003", f"{here}|decide")]  # its last step had three working days, to Thursday
    run("2026-03-16 09:00:00")
    assert cards() == [("APR-016", here), ("APR-016", imported), ("APR-017", here)]
    run("2026-03-17 00:30:00")
    assert ("APR-002", here) in cards() and ("APR-017", imported) in cards() and ("APR-002", imported) not in cards()
    run("2026-03-18 00:30:00")
    assert {("APR-002", here), ("APR-002", imported)} <= set(cards())
    assert {a.severity for a in Alert.objects.filter(rule_id="APR-002")} == {"red"}
    assert {a.severity for a in Alert.objects.filter(rule_id="APR-017")} == {"yellow"}
    assert {a.severity for a in Alert.objects.filter(rule_id="APR-016")} == {"blue"}


def test_a_card_carries_its_clock_as_evidence_and_its_legal_basis(cases, users):
    here, _imported = cases
    actions.supervise(users["supervisor"], now=at("2026-03-17 09:00:00"))
    red = Alert.objects.get(rule_id="APR-002", subject_key=here)
    assert red.department.code == "200" and red.due_at is not None
    evidence = red.finding.evidence
    assert evidence["due_at"].startswith("2026-03-16 23:59:59") and evidence["case_id"] == here
    assert [row["event_type"] for row in red.finding.evidence_rows] == ["apply", "accept", "step_done"]
    basis = rulebook.get("APR-002").basis
    assert any("行政许可法" in b["law"] for b in basis)


def test_handler_approver_and_supervisor_are_told_once_in_the_app_and_by_sms(cases, users, city, django_capture_on_commit_callbacks):
    here, _imported = cases
    with django_capture_on_commit_callbacks(execute=True):
        actions.supervise(users["supervisor"], now=at("2026-03-13 09:00:00"))
    prompt = Alert.objects.get(rule_id="APR-016", subject_key=here)
    told = {(n.role, n.user.username if n.user else None, n.channel) for n in Notification.objects.filter(alert=prompt)}
    assert told == {("handler", "wang.a", "in_app"), ("handler", "wang.a", "sms"), ("approver", "zhao.boss", "in_app"),
                    ("approver", "zhao.boss", "sms"), ("supervisor", "chen.supervisor", "in_app"),
                    ("supervisor", "chen.supervisor", "sms")}
    lines = [json.loads(x) for x in (Path(settings.DATA_DIR) / "sms.log").read_text(encoding="utf-8").splitlines()]
    supervisor_no = users["supervisor"].person.staff_no
    assert {m["staff_no"] for m in lines} == {"E001", "E010", supervisor_no} and all(here in m["text"] for m in lines)
    with django_capture_on_commit_callbacks(execute=True):
        actions.supervise(users["supervisor"], now=at("2026-03-13 10:00:00"))
    assert Notification.objects.filter(alert=prompt).count() == 6  # the same card is not told twice


def test_while_a_is_away_b_is_told_instead(cases, users, city):
    from datetime import date

    here, _imported = cases
    actions.record_absence(users["a"], person=city["a"], start=date(2026, 3, 13), end=date(2026, 3, 13))
    actions.supervise(users["supervisor"], now=at("2026-03-13 09:00:00"))
    prompt = Alert.objects.get(rule_id="APR-016", subject_key=here)
    handlers = {n.person.staff_no for n in Notification.objects.filter(alert=prompt, role="handler")}
    assert handlers == {"E002"}


def test_only_supervisors_run_the_supervision(cases, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.supervise(users["a"], now=at("2026-03-13 09:00:00"))


def test_imported_events_are_checked_by_the_same_rules_as_cases_here(item, users):
    """A refusal without reasons, an unlisted fee and back-filled events, all from the other system."""
    base = {"来源系统": "旧审批系统", "事项编码": "EDU-001", "办理部门编码": "200", "收费项目编码": None, "收费金额": None,
            "决定": None}
    rows = [
        {**base, "事件编号": "X1", "办件编号": "OLD-9", "事件类型": "申请", "发生时间": "2026-03-02 09:00:00", "录入时间": "2026-03-02 09:00:00"},
        {**base, "事件编号": "X2", "办件编号": "OLD-9", "事件类型": "收费", "收费项目编码": "F7", "收费金额": "300",
         "发生时间": "2026-03-03 09:00:00", "录入时间": "2026-03-03 09:00:00"},
        {**base, "事件编号": "X3", "办件编号": "OLD-9", "事件类型": "作出决定", "决定": "不予准予", "发生时间": "2026-03-04 09:00:00",
         "录入时间": "2026-03-12 17:00:00"},
    ]
    assert import_rows(rows, "approval_events_external", source_name="old.xlsx", actor=users["steward"]).loaded == 3
    actions.supervise(users["supervisor"], now=at("2026-03-13 09:00:00"))
    assert {("APR-005", "OLD-9"), ("APR-007", "X2"), ("APR-013", "OLD-9")} <= set(cards(["APR-005", "APR-007", "APR-013"]))


def test_a_card_once_answered_stays_answered_on_the_next_days_runs(cases, users):
    """The evidence of a card is the case up to the moment it broke the rule, so tomorrow's run does not reopen it."""
    from qingfeng.alerts.actions import answer_alert

    here, _imported = cases
    actions.supervise(users["supervisor"], now=at("2026-03-17 09:00:00"))
    red = Alert.objects.get(rule_id="APR-002", subject_key=here)
    answer_alert(users["boss"], red, kind="explanation", text="现场核查延误，已督促办结")
    actions.decide_case(users["boss"], ApprovalCase.objects.get(number=here), decision="approve", now=at("2026-03-18 10:00:00"))
    actions.supervise(users["supervisor"], now=at("2026-03-19 09:00:00"))
    red.refresh_from_db()
    assert red.status == "answered"
