"""Cardinal's documented behaviours, one fixture each, written from its documentation (docs/cli/indicators):
final awards only, cancelled processes excluded, other currencies skipped, the R024/R058 exclusions, IQR fences
with statrs-style quartiles, indicators skipped when the quartiles are all zero, thresholds per method."""

import pytest

from qingfeng.screening.cases import run_case
from qingfeng.screening.catalogue import Case, get_rule

pytestmark = pytest.mark.django_db

SPREAD = [0.100, 0.102, 0.104, 0.106, 0.108, 0.110, 0.112]  # seven processes; Q1≈0.1008, Q3≈0.1092


def market(last_d: float, **changes) -> dict:
    """Eight open tenders won by W at 1000 against S at 1000·(1+d); ``changes`` alter the eighth (P8)."""
    given = {"tenders": [], "awards": [], "bids": []}
    for i, d in enumerate(SPREAD + [last_d], 1):
        o = f"P{i}"
        given["tenders"].append({"ocid": o, "department_code": "D01", "status": "complete", "procurement_method": "open"})
        given["awards"].append({"ocid": o, "award_id": "A1", "status": "active", "supplier_id": "W"})
        given["bids"] += [{"ocid": o, "bid_id": "B1", "tenderer_id": "W", "status": "valid", "amount": 1000},
                          {"ocid": o, "bid_id": "B2", "tenderer_id": "S", "status": "valid", "amount": round(1000 * (1 + d), 2)}]
    p8 = {k: [r for r in v if r["ocid"] == "P8"] for k, v in given.items()}
    if "tender" in changes:
        p8["tenders"][0].update(changes["tender"])
    if "award" in changes:
        p8["awards"][0].update(changes["award"])
    if "winner_bid" in changes:
        p8["bids"][0].update(changes["winner_bid"])
    if "extra_award" in changes:
        given["awards"].append({"ocid": "P8", "award_id": "A2", "supplier_id": "S", **changes["extra_award"]})
    return given


def hits(rule_id: str, given: dict, **params) -> list[str]:
    return run_case(get_rule(rule_id), Case("fixture", "edge", given, ()), params)


def test_r024_flags_a_second_bid_below_the_lower_fence():
    assert hits("PRC-003", market(0.001)) == ["P8"]


def test_r058_flags_a_second_bid_above_the_upper_fence():
    assert hits("PRC-011", market(0.5)) == ["P8"]


@pytest.mark.parametrize("change", [
    {"award": {"status": "pending"}},                                    # final awards only: a pending award drops the process
    {"tender": {"status": "cancelled"}},                                 # cancelled processes are excluded
    {"winner_bid": {"currency": "USD"}},                                 # amounts in another currency are skipped
    {"winner_bid": {"amount": 1002}},                                    # the winner did not bid lowest
    {"extra_award": {"status": "active"}},                               # more than one active award
    {"award": {"supplier_count": 2}},                                    # an award with several suppliers
    {"winner_bid": {"tenderer_count": 2}},                               # a bid by several tenderers
], ids=["pending-award", "cancelled", "other-currency", "winner-not-lowest", "two-active-awards",
        "several-suppliers", "consortium-bid"])
def test_r024_documented_exclusions(change):
    assert hits("PRC-003", market(0.001, **change)) == []


def test_cancelled_and_unsuccessful_awards_do_not_drop_the_process():
    """Only a pending award drops a process; cancelled and unsuccessful awards are ignored."""
    assert hits("PRC-003", market(0.001, extra_award={"status": "cancelled"})) == ["P8"]
    assert hits("PRC-003", market(0.001, extra_award={"status": "unsuccessful"})) == ["P8"]


def test_indicator_is_skipped_when_the_quartiles_are_all_zero():
    given = market(0.0)
    for b in given["bids"]:
        if b["tenderer_id"] == "S":
            b["amount"] = 1000 if b["ocid"] != "P8" else 1500
    assert hits("PRC-011", given) == []          # Q1 = Q3 = 0: skipped, although P8's 0.5 stands out
    assert hits("PRC-003", given) == []          # …and the seven zeros are not all flagged either


def test_fence_multiplier_is_a_parameter():
    assert hits("PRC-003", market(0.09)) == []
    assert hits("PRC-003", market(0.09), iqr_multiplier=0.5) == ["P8"]


@pytest.mark.parametrize("details, days, flagged", [
    ("公开招标", 19, True), ("公开招标", 20, False), ("竞争性磋商", 9, True), ("竞争性磋商", 10, False),
    ("框架协议", 14, True), ("框架协议", 15, False), ("单一来源", 1, False)])
def test_r003_threshold_per_procurement_method(details, days, flagged):
    from datetime import datetime, timedelta

    start = datetime(2025, 3, 3, 9, 0)
    given = {"tenders": [{"ocid": "T1", "department_code": "D01", "status": "active", "procurement_method_details": details,
                          "tender_start": start, "tender_end": start + timedelta(days=days)}]}
    assert hits("PRC-001", given) == (["T1"] if flagged else [])


def test_r018_reads_only_the_number_of_tenderers():
    """Cardinal's R018 implementation reads tender/numberOfTenderers, not the bids."""
    given = {"tenders": [{"ocid": "T1", "department_code": "D01", "procurement_method": "open", "number_of_tenderers": None}],
             "bids": [{"ocid": "T1", "bid_id": "B1", "tenderer_id": "W", "status": "valid"}]}
    assert hits("PRC-002", given) == []
