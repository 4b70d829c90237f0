"""Investment-project gates: a gate opens only with its documents recorded, every objection resolved and —
at 建设实施 — each general contract's wage account and deposit (or guarantee, or a valid exemption) in
place; involved departments object, outsiders cannot; the snapshots rules read carry the gate dates."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingfeng.core.models import LedgerEvent
from qingfeng.projects import actions, gates, snapshots
from qingfeng.projects.stages import REQUIRED, DocKind, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db, calendar_days, make_user):
    from qingfeng.core.actions import create_department

    root = create_department("test", code="000", name="市政府")
    owner = create_department("test", code="300", name="市住房和城乡建设局", parent=root)
    hr = create_department("test", code="400", name="市人力资源和社会保障局", parent=root)
    other = create_department("test", code="500", name="市教育局", parent=root)
    return {"owner": owner, "hr": hr, "other": other,
            "handler": make_user("builder", "handler", "own", owner), "hr_user": make_user("hr", "handler", "own", hr),
            "outsider": make_user("teacher", "handler", "own", other),
            "sup": make_user("sup", "supervisor", "all", root)}


def _to_funding(c):
    p = actions.register_project(c["handler"], code="XM1", name="城南污水处理厂", owner=c["owner"], departments=[c["hr"]])
    for stage in (Stage.DECISION, Stage.PLAN, Stage.FUNDING):
        for kind in REQUIRED[stage]:
            actions.record_document(c["handler"], p, kind=kind, reference=f"{kind}-1", issued_on=date(2026, 3, 2))
        actions.pass_gate(c["handler"], p)
    for kind in REQUIRED[Stage.CONSTRUCTION]:
        actions.record_document(c["handler"], p, kind=kind, reference=f"{kind}-1", issued_on=date(2026, 4, 1))
    p.refresh_from_db()
    return p


def _kinds(p):
    return {b.kind for b in gates.blockers(p)}


def test_a_gate_needs_its_documents(city):
    p = actions.register_project(city["handler"], code="XM1", name="城南污水处理厂", owner=city["owner"])
    assert p.stage == Stage.SITE and _kinds(p) == {"document"}
    with pytest.raises(ValidationError):
        actions.pass_gate(city["handler"], p)
    actions.record_document(city["handler"], p, kind=DocKind.PROPOSAL, reference="云发改〔2026〕1号", issued_on=date(2026, 3, 2))
    actions.record_document(city["handler"], p, kind=DocKind.SITE_OPINION, reference="用字第1号", issued_on=date(2026, 3, 5))
    assert actions.pass_gate(city["handler"], p).stage == Stage.DECISION


def test_the_construction_gate_stays_shut_without_wage_account_and_deposit(city):
    p = _to_funding(city)
    contract = actions.add_contract(city["handler"], p, code="HT1", contractor="云川建工集团", value=Decimal("50000000"),
                                    signed_on=date(2026, 3, 10))
    assert _kinds(p) == {"wage_account", "wage_security"}
    actions.open_wage_account(city["handler"], contract, bank="云川农商银行", account_no="6230001", opened_on=date(2026, 3, 12))
    with pytest.raises(ValidationError, match="保证金"):
        actions.pass_gate(city["handler"], p)
    with pytest.raises(ValidationError):  # 0.1% is below the 0.5% floor of 人社部发〔2021〕65号
        actions.lodge_wage_security(city["handler"], contract, kind="deposit", rate=Decimal("0.001"), lodged_on=date(2026, 3, 16))
    with pytest.raises(ValidationError):  # a 50-million contract cannot be exempted as a small one
        actions.lodge_wage_security(city["handler"], contract, kind="exempt", exemption="small_contract", lodged_on=date(2026, 3, 16))
    sec = actions.lodge_wage_security(city["handler"], contract, kind="deposit", rate=Decimal("0.02"), lodged_on=date(2026, 3, 16))
    assert sec.amount == Decimal("1000000.00")
    assert actions.pass_gate(city["handler"], p).stage == Stage.CONSTRUCTION


def test_an_open_objection_blocks_the_gate_until_resolved(city):
    p = _to_funding(city)
    contract = actions.add_contract(city["handler"], p, code="HT1", contractor="云川建工集团", value=Decimal("2000000"),
                                    signed_on=date(2026, 3, 10))
    actions.open_wage_account(city["handler"], contract, bank="云川农商银行", account_no="6230001", opened_on=date(2026, 3, 12))
    actions.lodge_wage_security(city["handler"], contract, kind="exempt", exemption="small_contract", lodged_on=date(2026, 3, 16))
    assert gates.blockers(p) == []
    with pytest.raises(PermissionDenied):  # a department not involved in the project may not object
        actions.lodge_objection(city["outsider"], p, department=city["other"], text="不同意")
    o = actions.lodge_objection(city["hr_user"], p, department=city["hr"], text="实名制系统未接入。")
    assert o.stage == Stage.CONSTRUCTION and _kinds(p) == {"objection"}
    with pytest.raises(ValidationError, match="异议"):
        actions.pass_gate(city["handler"], p)
    with pytest.raises(PermissionDenied):  # the objecting department cannot wave its own objection through for the owner
        actions.resolve_objection(city["hr_user"], o, resolution="算了")
    actions.resolve_objection(city["handler"], o, resolution="已接入实名制系统。")
    assert actions.pass_gate(city["handler"], p).stage == Stage.CONSTRUCTION
    events = list(LedgerEvent.objects.filter(action__startswith="project.").values_list("action", flat=True))
    assert "project.objection_lodged" in events and "project.objection_resolved" in events
    assert events.count("project.gate_passed") == 4


def test_only_the_owner_department_manages_and_scope_hides_projects(city):
    from qingfeng.projects.policies import visible_projects

    p = actions.register_project(city["handler"], code="XM1", name="城南污水处理厂", owner=city["owner"], departments=[city["hr"]])
    with pytest.raises(PermissionDenied):
        actions.record_document(city["hr_user"], p, kind=DocKind.PROPOSAL, reference="x", issued_on=date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        actions.register_project(city["outsider"], code="XM2", name="别人的项目", owner=city["owner"])
    assert list(visible_projects(city["hr_user"])) == [p]  # involved
    assert list(visible_projects(city["outsider"])) == []
    assert list(visible_projects(city["sup"])) == [p]


def test_snapshots_carry_gate_dates_and_safeguards(city):
    p = _to_funding(city)
    contract = actions.add_contract(city["handler"], p, code="HT1", contractor="云川建工集团", value=Decimal("50000000"),
                                    signed_on=date(2026, 3, 10), advance_funding=True)
    actions.open_wage_account(city["handler"], contract, bank="云川农商银行", account_no="6230001", opened_on=date(2026, 3, 12))
    actions.lodge_wage_security(city["handler"], contract, kind="guarantee", rate=Decimal("0.015"), lodged_on=date(2026, 3, 16))
    actions.pass_gate(city["handler"], p)
    row = snapshots.projects().to_pylist()[0]
    assert row["project_code"] == "XM1" and row["stage"] == Stage.CONSTRUCTION
    assert row["funds_on"] == date(2026, 4, 1) and row["started_on"] is not None
    c = snapshots.contracts().to_pylist()[0]
    assert (c["security_kind"], c["security_rate_bp"], c["advance_funding"]) == ("guarantee", 150, 1)


def test_deposit_rates_follow_their_basis_and_a_raise_without_top_up_is_short(city):
    from qingfeng.screening.actions import run_screening

    p = _to_funding(city)
    contract = actions.add_contract(city["handler"], p, code="HT1", contractor="云川建工集团", value=Decimal("50000000"),
                                    signed_on=date(2026, 3, 10))
    actions.open_wage_account(city["handler"], contract, bank="云川农商银行", account_no="6230001", opened_on=date(2026, 3, 12))
    with pytest.raises(ValidationError):  # 0.5% only as a reduced rate (two clean years)
        actions.lodge_wage_security(city["handler"], contract, kind="deposit", rate=Decimal("0.005"), lodged_on=date(2026, 3, 16))
    sec = actions.lodge_wage_security(city["handler"], contract, kind="deposit", rate=Decimal("0.005"), rate_basis="reduced",
                                      lodged_on=date(2026, 3, 16))
    assert sec.amount == Decimal("250000.00")
    actions.pass_gate(city["handler"], p)
    assert not run_screening("test", rule_ids=["WAG-001"]).findings.exists()
    # Arrears: the rate goes up to 3% but the deposit is not topped up.
    actions.adjust_wage_security(city["handler"], contract, rate=Decimal("0.03"), rate_basis="raised",
                                 lodged_on=date(2026, 6, 1), amount=Decimal("250000.00"))
    finding = run_screening("test", rule_ids=["WAG-001"]).findings.get()
    assert finding.subject_key == "HT1" and "short" in finding.evidence["problems"]
    assert LedgerEvent.objects.filter(action="project.wage_security_adjusted").count() == 1
