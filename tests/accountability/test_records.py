"""Accountability records: signed copies checked by content, talks and their follow-up, no appointment notice
before the pre-appointment talk, the talk compliance matrix, sanctions linked to their cases, 容错纠错
decisions shown on the case, 学法 compliance, and the data scope of every page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.accountability import actions, compliance
from qingfeng.accountability.models import LeniencyStatus, PledgeKind, TalkKind
from qingfeng.core.models import LedgerEvent

pytestmark = pytest.mark.django_db


def _pdf(name="承诺书.pdf", body=b"%PDF-1.4 signed"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def test_a_signed_copy_must_be_what_its_name_says(city):
    with pytest.raises(ValidationError, match="不符"):
        actions.record_pledge(city["fin"], person=city["fin_deputy"], kind=PledgeKind.PLEDGE, year=2025,
                              signed_on=date(2025, 3, 1), signed_copy=_pdf(body=b"<html>not a pdf</html>"))
    with pytest.raises(ValidationError, match="只接受"):
        actions.record_pledge(city["fin"], person=city["fin_deputy"], kind=PledgeKind.PLEDGE, year=2025,
                              signed_on=date(2025, 3, 1), signed_copy=_pdf(name="承诺书.exe"))
    pledge = actions.record_pledge(city["fin"], person=city["fin_deputy"], kind=PledgeKind.PLEDGE, year=2025,
                                   signed_on=date(2025, 3, 1), signed_copy=_pdf())
    assert len(pledge.sha256) == 64
    assert LedgerEvent.objects.filter(action="accountability.pledge_recorded", object_id=str(pledge.pk)).exists()
    with pytest.raises(ValidationError, match="已登记"):
        actions.record_pledge(city["fin"], person=city["fin_deputy"], kind=PledgeKind.PLEDGE, year=2025,
                              signed_on=date(2025, 3, 2), signed_copy=_pdf())


def test_a_head_records_only_for_his_own_departments(city):
    with pytest.raises(PermissionDenied):
        actions.record_pledge(city["edu"], person=city["fin_deputy"], kind=PledgeKind.PLEDGE, year=2025,
                              signed_on=date(2025, 3, 1), signed_copy=_pdf())
    with pytest.raises(PermissionDenied):
        actions.record_sanction(city["fin"], person=city["clerk"], kind="criticism", decided_on=date(2025, 5, 1),
                                facts="违规报销。", basis="问责条例第七条")


def test_no_appointment_notice_before_the_pre_appointment_talk(city):
    with pytest.raises(ValidationError, match="任前廉政谈话"):
        actions.issue_appointment(city["fin"], person=city["clerk"], post="副局长", notice_no="云财任〔2025〕1号",
                                  issued_on=date(2025, 6, 1))
    # A reminder talk is not a pre-appointment talk, and a talk after the notice date does not count.
    actions.record_talk(city["fin"], kind=TalkKind.REMINDER, leader=city["fin_head"], participants=[city["clerk"]],
                        held_on=date(2025, 5, 1), issues="报销凭证不全。", follow_up_due=date(2025, 6, 30))
    talk = actions.record_talk(city["fin"], kind=TalkKind.APPOINTMENT, leader=city["fin_head"], participants=[city["clerk"]],
                               held_on=date(2025, 6, 5), issues="任前提醒：廉洁用权。", commitments="严守纪律。")
    with pytest.raises(ValidationError, match="任前廉政谈话"):
        actions.issue_appointment(city["fin"], person=city["clerk"], post="副局长", notice_no="云财任〔2025〕1号",
                                  issued_on=date(2025, 6, 1))
    notice = actions.issue_appointment(city["fin"], person=city["clerk"], post="副局长", notice_no="云财任〔2025〕1号",
                                       issued_on=date(2025, 6, 5))
    assert notice.talk == talk


def test_reminder_talks_need_a_follow_up_that_is_overdue_when_missed(city):
    with pytest.raises(ValidationError, match="回访期限"):
        actions.record_talk(city["fin"], kind=TalkKind.ADMONISHMENT, leader=city["fin_head"], participants=[city["clerk"]],
                            held_on=date(2025, 5, 1), issues="多次迟到早退。")
    talk = actions.record_talk(city["fin"], kind=TalkKind.ADMONISHMENT, leader=city["fin_head"], participants=[city["clerk"]],
                               held_on=date(2025, 5, 1), issues="多次迟到早退。", follow_up_due=date(2025, 6, 1))
    assert talk.follow_up_overdue(date(2025, 6, 2)) and not talk.follow_up_overdue(date(2025, 6, 1))
    talk = actions.record_follow_up(city["fin"], talk, on=date(2025, 6, 1), note="已整改，考勤正常。")
    assert not talk.follow_up_overdue(date(2025, 7, 1))
    event = LedgerEvent.objects.filter(action="accountability.talk_recorded").last()
    assert "迟到" not in str(event.data)  # texts enter the ledger as hashes


def test_the_matrix_lists_who_has_not_talked_with_whom(city):
    rows = compliance.matrix_rows(2025, compliance.ALL)
    pairs = {(r.leader.staff_no, r.head.staff_no): r for r in rows}
    assert set(pairs) == {("M1", "F1"), ("F1", "T1")}  # 分管 and 上下级; deputies and other bureaus owe nothing
    assert all(not r.talks for r in rows)
    actions.record_talk(city["sup"], kind=TalkKind.ANNUAL, leader=city["mayor"],
                        participants=[city["fin_head"], city["edu_head"]], held_on=date(2025, 3, 1), issues="年度集体廉政谈话。")
    rows = compliance.matrix_rows(2025, compliance.ALL)
    assert [r.talks != [] for r in rows if r.leader.staff_no == "M1"] == [True]
    assert compliance.matrix_rows(2026, compliance.ALL)[0].talks == []
    # A head of education sees none of the finance duties.
    assert compliance.matrix_rows(2025, {city["education"].pk}) == []


def test_sanction_links_and_leniency_decision_show_on_the_case(city, client):
    from qingfeng.alerts.models import Alert

    alert = Alert.objects.create(rule_id="FIN-005", rule_version="1", subject_key="P1", title="单笔提现超限",
                                 department=city["finance"])
    sanction = actions.record_sanction(city["sup"], person=city["fin_deputy"], kind="criticism",
                                       decided_on=date(2025, 5, 1), facts="超限额提取现金。", basis="问责条例", alerts=[alert])
    with pytest.raises(ValidationError, match="三个区分开来"):
        actions.apply_leniency(city["fin"], applicant=city["fin_deputy"], request="exempt", distinctions=[],
                               statement="为保障抢险急需。", sanction=sanction)
    item = actions.apply_leniency(city["fin"], applicant=city["fin_deputy"], request="mitigate",
                                  distinctions=["public_good"], statement="为保障防汛抢险急需提取现金，未谋私利。",
                                  corrected="已补办审批手续。", sanction=sanction)
    with pytest.raises(PermissionDenied):
        actions.decide_leniency(city["fin"], item, status=LeniencyStatus.MITIGATED, grounds="……")
    with pytest.raises(ValidationError, match="不能认定为免责"):
        actions.decide_leniency(city["sup"], item, status=LeniencyStatus.EXEMPTED, grounds="……")
    actions.decide_leniency(city["sup"], item, status=LeniencyStatus.MITIGATED, grounds="出于公心、及时纠错，从轻处理。")
    client.force_login(city["sup"])
    page = client.get(alert.get_absolute_url()).content.decode()
    assert sanction.number in page and "从轻或减轻" in page and "出于公心、及时纠错" in page
    page = client.get(sanction.get_absolute_url()).content.decode()
    assert "为推动发展的无意过失" in page and f"#{alert.pk}" in page


def test_study_compliance_uses_the_rule_parameters(city):
    actions.record_study(city["fin"], kind="lecture", title="民法典专题讲座", held_on=date(2025, 4, 1),
                         department=city["finance"], attendees=[city["fin_head"], city["fin_deputy"]])
    actions.record_study(city["fin"], kind="pre_meeting", title="会前学法：预算法", held_on=date(2025, 6, 1),
                         department=city["finance"], attendees=[city["fin_head"]])
    with pytest.raises(ValidationError, match="成绩"):
        actions.record_study(city["fin"], kind="exam", title="年度学法考试", held_on=date(2025, 11, 1),
                             department=city["finance"], attendees=[city["fin_head"]])
    actions.record_study(city["fin"], kind="exam", title="年度学法考试", held_on=date(2025, 11, 1),
                         department=city["finance"], attendees=[city["fin_head"], city["fin_deputy"]],
                         scores={city["fin_head"]: 88, city["fin_deputy"]: 90})
    params = compliance.rule_params("ACC-005")
    short = {r.person.staff_no: r.short(params) for r in compliance.study_rows(2025, {city["finance"].pk})}
    assert short == {"F1": False, "F2": True}  # the deputy attended one session only


def test_pages_are_scoped(city, client):
    actions.record_talk(city["fin"], kind=TalkKind.ANNUAL, leader=city["fin_head"], participants=[city["treasury_head"]],
                        held_on=date(2025, 3, 1), issues="年度廉政谈话。")
    client.force_login(city["edu"])
    assert client.get("/accountability/people/F1/").status_code == 404
    assert "李局长" not in client.get("/accountability/talks/?year=2025").content.decode()
    assert "李局长" not in client.get("/accountability/?year=2025").content.decode()
    client.force_login(city["fin"])
    page = client.get("/accountability/people/T1/").content.decode()
    assert "年度廉政谈话" in page
    assert client.get("/accountability/matrix/?year=2025").status_code == 200
    for url in ("/accountability/study/", "/accountability/leniency/", "/accountability/sanctions/"):
        assert client.get(url).status_code == 200


def test_appointment_form_refuses_without_a_talk(city, client):
    client.force_login(city["fin"])
    response = client.post("/accountability/appointments/new/", {
        "staff_no": "F9", "post": "副局长", "notice_no": "云财任〔2025〕9号", "issued_on": (date.today() - timedelta(days=1)).isoformat()})
    assert response.status_code == 200 and "先谈话、后任职" in response.content.decode()


def test_a_batch_of_signed_copies_is_refused_whole_when_one_copy_is_bad(city):
    from qingfeng.accountability.models import Pledge

    items = [{"person": city["fin_head"], "kind": "letter", "year": 2025, "signed_on": date(2025, 3, 1), "signed_copy": _pdf("a.pdf")},
             {"person": city["fin_deputy"], "kind": "pledge", "year": 2025, "signed_on": date(2025, 3, 1),
              "signed_copy": _pdf("b.pdf", body=b"MZ\x90\x00 executable")}]
    with pytest.raises(ValidationError):
        actions.record_pledges(city["fin"], items)
    assert not Pledge.objects.exists()
    items[1]["signed_copy"] = _pdf("b.pdf")
    assert actions.record_pledges(city["fin"], items) == 2
    assert {p.file.read() for p in Pledge.objects.all()} == {b"%PDF-1.4 signed"}


def test_docs_name_every_parameter_rule_and_ledger_event():
    from pathlib import Path

    from qingfeng.accountability import parameters

    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs" / "accountability.md").read_text(encoding="utf-8")
    source = (root / "qingfeng" / "accountability" / "actions.py").read_text(encoding="utf-8")
    import re

    events = set(re.findall(r'"accountability\.([a-z_]+)"', source))
    names = [p.name for p in vars(parameters).values() if isinstance(p, parameters.Parameter)]
    rules = [f.name for f in (root / "qingfeng" / "rules" / "accountability").iterdir()]
    assert events and names and rules
    assert [e for e in events if e not in doc] == []
    assert [n for n in names if n not in doc] == [] and [r for r in rules if r not in doc] == []


def test_dashboard_panel_counts_in_scope(city, client):
    actions.open_campaign(city["sup"], year=2025, sign_due_on=date(2025, 3, 31), closes_on=date(2025, 12, 31))
    client.force_login(city["fin"])
    page = client.get("/").content.decode()
    assert "panel-accountability" in page and "应谈未谈" in page
    client.force_login(city["sup"])
    assert "panel-accountability" in client.get("/").content.decode()


def test_a_handler_applies_for_leniency_on_his_alert_and_the_decision_shows_there(city, make_user, client):
    from qingfeng.alerts.models import Alert

    handler = make_user("clerk", "handler", "own", city["finance"])
    alert = Alert.objects.create(rule_id="FIN-005", rule_version="1", subject_key="P9", title="单笔提现超限",
                                 department=city["finance"])
    client.force_login(handler)
    page = client.get(alert.get_absolute_url()).content.decode()
    assert f"/accountability/leniency/new/?alert={alert.pk}" in page and "据此登记问责" not in page
    response = client.post("/accountability/leniency/new/", {
        "staff_no": handler.person.staff_no, "alert": alert.pk, "request": "exempt", "distinctions": ["exploration"],
        "statement": "试行“容缺受理”时先行支付，当时尚无明确规定。"})
    assert response.status_code == 302
    assert client.post("/accountability/leniency/new/", {
        "staff_no": "F2", "alert": alert.pk, "request": "exempt", "distinctions": ["exploration"],
        "statement": "替别人申请。"}).status_code == 200  # a handler applies only for himself
    from qingfeng.accountability.models import Leniency

    item = Leniency.objects.get()
    actions.decide_leniency(city["sup"], item, status=LeniencyStatus.EXEMPTED, grounds="符合探索性试验情形，予以免责。")
    page = client.get(alert.get_absolute_url()).content.decode()
    assert "予以免责" in page and "符合探索性试验情形" in page
    client.force_login(city["sup"])
    assert f"/accountability/sanctions/new/?alerts={alert.pk}" in client.get(alert.get_absolute_url()).content.decode()


def test_a_sanction_from_a_ticket_shows_on_the_ticket_page(city, calendar_days, client):
    from qingfeng.tickets import actions as ticket_actions
    from qingfeng.tickets.models import Service

    ticket = ticket_actions.submit_ticket("portal", title="窗口工作人员态度恶劣", description="办理社保时工作人员推诿、态度恶劣。",
                                          route=False, service=Service.objects.get(code="CX"), kind="complaint")
    sanction = actions.record_sanction(city["sup"], person=city["clerk"], kind="circulated", decided_on=date(2025, 6, 1),
                                       facts="窗口服务态度恶劣，群众投诉属实。", basis="问责条例", tickets=[ticket])
    client.force_login(city["sup"])
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert sanction.number in page and "通报批评" in page
    assert ticket.number in client.get(sanction.get_absolute_url()).content.decode()


def test_the_integrity_file_shows_imported_notices_and_whether_a_talk_preceded_them(city, client):
    import pyarrow as pa

    from qingfeng.records.imports import import_arrow

    actions.record_talk(city["fin"], kind=TalkKind.APPOINTMENT, leader=city["fin_head"], participants=[city["clerk"]],
                        held_on=date(2025, 5, 1), issues="任前廉政谈话。")
    rows = [{"appointment_id": "RM1", "department_code": "100", "staff_no": "F9", "post": "科长", "notice_on": date(2025, 5, 3)},
            {"appointment_id": "RM2", "department_code": "100", "staff_no": "F9", "post": "副局长", "notice_on": date(2024, 3, 1)}]
    report = import_arrow(pa.Table.from_pylist(rows), "hr_appointments", source_name="hr.xlsx", actor="test")
    assert report.status == "committed" and not report.rejected
    client.force_login(city["fin"])
    page = client.get("/accountability/people/F9/").content.decode()
    assert "科长" in page and "副局长" in page and page.count("通知前无任前谈话") == 1


def test_a_sanctioned_handler_reads_his_sanction_and_applies_against_it(city, make_user, client):
    handler = make_user("clerk2", "handler", "own", city["finance"])
    other = actions.record_sanction(city["sup"], person=city["fin_deputy"], kind="criticism", decided_on=date(2025, 5, 1),
                                    facts="违规公务接待。", basis="问责条例")
    mine = actions.record_sanction(city["sup"], person=handler.person, kind="criticism", decided_on=date(2025, 5, 1),
                                   facts="台账不全。", basis="问责条例")
    client.force_login(handler)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert "申请容错纠错" in client.get(mine.get_absolute_url()).content.decode()
    response = client.post("/accountability/leniency/new/", {
        "staff_no": handler.person.staff_no, "sanction": mine.number, "request": "mitigate",
        "distinctions": ["experience"], "statement": "新岗位首月，缺乏经验，已补齐台账。"})
    assert response.status_code == 302 and mine.leniency.count() == 1
