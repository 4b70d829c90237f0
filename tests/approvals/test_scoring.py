"""Monthly department scores from the municipal template of §1.4: 100 points in weighted parts, −3 for every three
prompts, −5 a yellow card, −10 a red card, each part floored at 0, +1 per 10 % of cases completed early;
half-year and annual scores are the averages of the months."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from qingfeng.approvals import actions, scoring
from qingfeng.approvals.models import MonthlyScore

from .conftest import at

pytestmark = pytest.mark.django_db
TEMPLATE = scoring.shipped_template()


def part(result, code):
    return next(p for p in result["parts"] if p["code"] == code)


def test_the_shipped_template_is_the_municipal_one_and_consistent():
    assert scoring.check_template(TEMPLATE) == []
    weights = {p["zh"]: p["weight"] for p in TEMPLATE["parts"]}
    assert weights == {"政务公开": 10, "流程规范": 14, "期限合法": 14, "收费合理": 8, "满意度评价": 10, "服务态度": 10,
                       "监督检查": 14, "法律责任": 10, "廉洁行政": 10}
    assert TEMPLATE["deductions"] == {"blue_every": 3, "blue_points": 3, "yellow": 5, "red": 10}


def test_a_broken_template_is_refused():
    broken = {**TEMPLATE, "parts": [{**TEMPLATE["parts"][0], "weight": 20}, *TEMPLATE["parts"][1:]]}
    assert any("权重合计" in p for p in scoring.check_template(broken))


def test_signals_deduct_by_colour_and_a_part_never_goes_below_zero():
    counts = scoring.Counts(cards={("APR-016", "blue"): 7, ("APR-007", "yellow"): 1, ("APR-002", "red"): 2}, completed=10, early=3)
    result = scoring.score(TEMPLATE, counts)
    timeliness = part(result, "timeliness")
    assert timeliness["signals"] == {"blue": 7, "yellow": 0, "red": 2}
    assert (timeliness["deducted"], timeliness["score"]) == ("14", "0")  # 6 + 20 > 14
    assert part(result, "fees")["score"] == "3"  # 8 − 5
    assert result["bonus"] == "3" and result["early_share"] == "0.3000"
    assert result["total"] == str(Decimal(100) - 14 - 5 + 3) + ".00"


def test_two_prompts_cost_nothing_and_no_completed_cases_earn_no_bonus():
    result = scoring.score(TEMPLATE, scoring.Counts(cards={("APR-016", "blue"): 2}))
    assert result["total"] == "100.00" and result["bonus"] == "0"


def test_unmapped_approval_rules_deduct_from_the_default_part():
    result = scoring.score(TEMPLATE, scoring.Counts(cards={("APR-099", "red"): 1}))
    assert part(result, "process")["score"] == "4"


def test_half_year_and_annual_scores_are_averages_of_the_months():
    assert scoring.average([Decimal("100"), Decimal("90"), Decimal("85.5")]) == Decimal("91.83")
    assert scoring.average([]) is None


def test_score_month_counts_the_departments_cards_and_early_completions(item, users, files, city):
    early, _code = actions.submit_application(item=item, applicant_kind="citizen", applicant_name="甲", files=files("M1", "M2", "M3"),
                                              now=at("2026-03-02 09:00:00"))
    actions.accept_case(users["a"], early, now=at("2026-03-02 10:00:00"))
    actions.complete_step(users["a"], early, step="review", now=at("2026-03-04 10:00:00"))
    actions.decide_case(users["boss"], early, decision="approve", now=at("2026-03-05 10:00:00"))
    late, _code = actions.submit_application(item=item, applicant_kind="citizen", applicant_name="乙", files=files("M1", "M2", "M3"),
                                             now=at("2026-03-02 09:00:00"))
    actions.accept_case(users["a"], late, now=at("2026-03-02 10:00:00"))
    actions.supervise(users["supervisor"], now=at("2026-03-17 09:00:00"))  # red card (APR-002) and step overruns (APR-003)
    with pytest.raises(PermissionDenied):
        actions.score_month(users["a"], year=2026, month=3)
    [row] = actions.score_month(users["supervisor"], year=2026, month=3, now=at("2026-03-31 18:00:00"))
    assert row.department == city["education"] and row.template.is_default
    details = row.details
    assert part(details, "timeliness")["signals"]["red"] == 1
    assert part(details, "process")["signals"]["yellow"] == 1  # the late case's review step overran too
    assert (details["completed"], details["early"], details["bonus"]) == (1, 1, "10")
    assert row.total == Decimal(100) - 10 - 5 + 10  # every completed case was early: the bonus is at its cap
    again = actions.score_month(users["supervisor"], year=2026, month=3, now=at("2026-03-31 18:00:00"))
    assert MonthlyScore.objects.count() == 1 and again[0].pk == row.pk
