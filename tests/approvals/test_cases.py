"""Online approval through the actions: application with a tracking code, the one-time notice (once, listed
materials only, within its period), supplement, acceptance, special procedures with a written notice,
extensions within the ceiling, decisions with reasons and remedies, delivery, fees and intermediaries only as
listed, every step in the ledger, and the AB pair moving the queue while A is away."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingfeng.approvals import actions, backup
from qingfeng.approvals.models import CaseStatus, EventType, PostGap
from qingfeng.core.models import LedgerEvent

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(item, files):
    case, code = actions.submit_application(item=item, applicant_kind="enterprise", applicant_name="云川市育才培训学校",
                                            applicant_id="91530100MA6K8L9X2Q", phone="13800001234",
                                            files=files("M1", "M2"), now=at("2026-03-02 09:00:00"))
    return case, code


def test_application_gets_a_number_a_tracking_code_and_the_item_version_in_force(applied, city):
    case, code = applied
    assert case.number.startswith("QF2026") and case.status == CaseStatus.RECEIVED
    assert actions.case_by_tracking_code(code) == case
    assert actions.case_by_tracking_code(code.lower().replace("-", "")) == case
    assert actions.case_by_tracking_code("AAAA-BBBB-CCCC") is None
    assert case.version.number == 1 and case.handler == city["a"] and case.approver == city["boss"]
    assert case.applicant_phone_masked == "138****1234" and "MA6K" not in case.applicant_id_masked
    assert sorted(case.materials.values_list("code", flat=True)) == ["M1", "M2"]
    assert LedgerEvent.objects.filter(action="approval_case.apply", object_id=str(case.pk)).exists()


def test_the_one_time_notice_lists_listed_materials_once_and_within_its_period(applied, users, files):
    case, _code = applied
    with pytest.raises(ValidationError, match="不在该事项的申请材料清单中"):
        actions.request_materials(users["a"], case, codes=["M3", "X9"], now=at("2026-03-03 10:00:00"))
    with pytest.raises(PermissionDenied):
        actions.request_materials(users["finance"], case, codes=["M3"], now=at("2026-03-03 10:00:00"))
    actions.request_materials(users["a"], case, codes=["M3"], notice="请补交办学场所证明", now=at("2026-03-03 10:00:00"))
    case.refresh_from_db()
    assert case.status == CaseStatus.MATERIALS_REQUESTED
    with pytest.raises(ValidationError, match="一次性告知"):
        actions.request_materials(users["a"], case, codes=["M1"], now=at("2026-03-04 10:00:00"))
    with pytest.raises(ValidationError, match="补齐"):
        actions.supply_materials(case, files={}, now=at("2026-03-05 10:00:00"))
    actions.supply_materials(case, files=files("M3"), now=at("2026-03-05 10:00:00"))
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED and case.materials.filter(round=2, code="M3").exists()


def test_no_notice_after_the_notice_period_the_case_counts_as_accepted(applied, users):
    """Received Monday 2 March 2026: the notice period ends Monday 9 March."""
    case, _code = applied
    with pytest.raises(ValidationError, match="视为受理"):
        actions.request_materials(users["a"], case, codes=["M3"], now=at("2026-03-10 09:00:00"))
    actions.refresh_open_cases("scheduler", now=at("2026-03-10 09:00:00"))
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.deemed_accepted and case.accepted_at == at("2026-03-02 09:00:00")


def test_full_life_cycle_with_a_special_procedure_and_an_extension(applied, users):
    case, _code = applied
    actions.accept_case(users["a"], case, now=at("2026-03-02 15:00:00"))
    case.refresh_from_db()
    assert case.due_at == at("2026-03-16 23:59:59") and case.current_step == "review"
    with pytest.raises(ValidationError, match="书面告知"):
        actions.suspend_case(users["a"], case, reason_code="expert_review", notice="", now=at("2026-03-05 10:00:00"))
    actions.suspend_case(users["a"], case, reason_code="expert_review", notice="组织专家评审，所需时间不计入办理期限",
                         now=at("2026-03-05 10:00:00"))
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED and case.due_at is None
    with pytest.raises(ValidationError, match="特别程序"):
        actions.decide_case(users["boss"], case, decision="approve", now=at("2026-03-06 10:00:00"))
    actions.resume_case(users["a"], case, now=at("2026-03-10 15:00:00"))
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.due_at == at("2026-03-20 23:59:59")
    with pytest.raises(PermissionDenied):
        actions.extend_case(users["a"], case, days=5, reason="情况复杂", now=at("2026-03-12 10:00:00"))
    with pytest.raises(ValidationError, match="超过该事项可延长"):
        actions.extend_case(users["boss"], case, days=11, reason="情况复杂", now=at("2026-03-12 10:00:00"))
    _event, counted = actions.extend_case(users["boss"], case, days=5, reason="需现场核查", now=at("2026-03-12 10:00:00"))
    case.refresh_from_db()
    assert counted and case.due_at == at("2026-03-27 23:59:59")
    actions.complete_step(users["a"], case, step="review", now=at("2026-03-16 10:00:00"))
    with pytest.raises(ValidationError, match="说明理由"):
        actions.decide_case(users["boss"], case, decision="refuse", reasons="", remedies="可申请复议", now=at("2026-03-17 10:00:00"))
    actions.decide_case(users["boss"], case, decision="approve", reasons="符合条件", now=at("2026-03-17 10:00:00"))
    actions.deliver_case(users["a"], case, method="电子证照", now=at("2026-03-18 10:00:00"))
    case.refresh_from_db()
    assert case.status == CaseStatus.DELIVERED and case.decision == "approve"
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["apply", "accept", "suspend", "resume", "extend", "step_done", "decide", "deliver"]
    actions_logged = list(LedgerEvent.objects.filter(object_type="approvals.approvalcase", object_id=str(case.pk))
                          .values_list("action", flat=True))
    assert actions_logged == [f"approval_case.{k}" for k in kinds]


def test_an_extension_asked_after_expiry_is_recorded_but_does_not_count(applied, users):
    case, _code = applied
    actions.accept_case(users["a"], case, now=at("2026-03-02 15:00:00"))
    _event, counted = actions.extend_case(users["boss"], case, days=5, reason="补充材料", now=at("2026-03-17 09:00:00"))
    case.refresh_from_db()
    assert not counted and case.due_at == at("2026-03-16 23:59:59")
    assert LedgerEvent.objects.filter(action="approval_case.extend", data__late_extensions=1).exists()


def test_refusals_need_reasons_and_remedies(applied, users):
    case, _code = applied
    with pytest.raises(ValidationError, match="复议"):
        actions.refuse_acceptance(users["a"], case, reasons="不属于本机关职权", remedies="", now=at("2026-03-02 15:00:00"))
    actions.refuse_acceptance(users["a"], case, reasons="不属于本机关职权", remedies="可于六十日内申请行政复议",
                              now=at("2026-03-02 15:00:00"))
    case.refresh_from_db()
    assert case.status == CaseStatus.NOT_ACCEPTED


def test_fees_and_intermediaries_only_as_listed(applied, users):
    case, _code = applied
    with pytest.raises(ValidationError, match="不在该事项的收费清单中"):
        actions.record_fee(users["a"], case, fee_code="F9", amount="50", now=at("2026-03-03 10:00:00"))
    with pytest.raises(ValidationError, match="超出收费标准"):
        actions.record_fee(users["a"], case, fee_code="F1", amount="10.01", now=at("2026-03-03 10:00:00"))
    actions.record_fee(users["a"], case, fee_code="F1", amount="10", now=at("2026-03-03 10:00:00"))
    with pytest.raises(ValidationError, match="中介服务清单"):
        actions.require_intermediary(users["a"], case, service_code="S9", org="某咨询公司", now=at("2026-03-03 10:00:00"))
    actions.require_intermediary(users["a"], case, service_code="S1", org="某鉴定公司", now=at("2026-03-03 10:00:00"))
    assert case.events.filter(kind__in=[EventType.FEE, EventType.INTERMEDIARY]).count() == 2


def test_as_away_moves_the_queue_to_b_who_acts_for_a(applied, users, city):
    case, _code = applied
    monday, tuesday = date(2026, 3, 2), date(2026, 3, 3)
    assert case in backup.queue_for(city["a"], monday) and case not in backup.queue_for(city["b"], monday)
    actions.record_absence(users["a"], person=city["a"], start=tuesday, end=date(2026, 3, 4), kind="leave")
    assert case not in backup.queue_for(city["a"], tuesday) and case in backup.queue_for(city["b"], tuesday)
    assert backup.acting_person(city["a"], tuesday) == city["b"]
    event = actions.accept_case(users["b"], case, now=at("2026-03-03 10:00:00"))
    assert (event.staff_no, event.acting_for) == ("E002", "E001")


def test_a_and_b_may_not_both_be_away_and_an_unplanned_clash_is_counted(city, users):
    actions.record_absence(users["a"], person=city["a"], start=date(2026, 3, 5), end=date(2026, 3, 9))
    with pytest.raises(ValidationError, match="AB岗不能同时离岗"):
        actions.record_absence(users["b"], person=city["b"], start=date(2026, 3, 9), end=date(2026, 3, 10))
    actions.record_absence(users["boss"], person=city["b"], start=date(2026, 3, 6), end=date(2026, 3, 9), unplanned=True,
                           note="突发疾病")
    gaps = sorted(PostGap.objects.values_list("day", flat=True))
    assert gaps == [date(2026, 3, 6), date(2026, 3, 9)]  # Saturday 7 and Sunday 8 March are not working days
    assert backup.acting_person(city["a"], date(2026, 3, 6)) is None
    assert LedgerEvent.objects.filter(action="backup_pair.gap_counted").count() == 1


def test_only_the_person_or_the_head_records_an_absence(city, users):
    with pytest.raises(PermissionDenied):
        actions.record_absence(users["b"], person=city["a"], start=date(2026, 3, 5), end=date(2026, 3, 5))
    actions.record_absence(users["boss"], person=city["a"], start=date(2026, 3, 5), end=date(2026, 3, 5))


def test_decided_cases_fill_table_two_of_the_disclosure_annual_report(applied, users):
    """Table 二 (第二十条第五、六项) counts the year's decisions on 行政许可 items from the cases, refusals too: on
    the public report page and in its XLSX; a case not yet decided is not counted."""
    import io

    from django.test import Client
    from openpyxl import load_workbook

    from qingfeng.disclosure import annual_report

    case, _code = applied
    assert [d["count"] for d in annual_report.decisions(2026)] == [0, 0, 0]
    actions.accept_case(users["a"], case, now=at("2026-03-02 15:00:00"))
    actions.complete_step(users["a"], case, step="review", now=at("2026-03-05 10:00:00"))
    actions.decide_case(users["boss"], case, decision="refuse", reasons="办学场所不符合条件", remedies="可申请行政复议",
                        now=at("2026-03-06 10:00:00"))
    assert {d["type"]: d["count"] for d in annual_report.decisions(2026)} == {"licensing": 1, "penalty": 0, "enforcement": 0}
    assert annual_report.decisions(2025)[0]["count"] == 0
    page = Client().get("/portal/requests/annual-report/2026/").content.decode()
    assert 'id="ar-decisions-licensing">1<' in page
    book = load_workbook(io.BytesIO(Client().get("/portal/requests/annual-report/2026.xlsx").content))
    sheet = book["二、主动公开"]
    assert [c.value for c in sheet[3]] == ["行政许可", 1]
