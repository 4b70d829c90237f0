"""依申请公开: the three clocks (correction 7 working days, third party 15 with the clock stopped, answer 20 + 20),
answers by type with the article a refusal needs, the fee calculator's thresholds, and the annual report's
statutory table counted from the register."""

import json
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingfeng.core import ledger
from qingfeng.disclosure import actions, annual_report, fees
from qingfeng.disclosure.models import Status

pytestmark = pytest.mark.django_db


def _at(y, m, d, h=10):
    return timezone.make_aware(datetime(y, m, d, h))


@pytest.fixture
def office(db, calendar_days, make_user):
    from qingfeng.core.actions import create_department

    root = create_department("test", code="000", name="市政府")
    a = create_department("test", code="300", name="市住房和城乡建设局", parent=root)
    b = create_department("test", code="500", name="市交通运输局", parent=root)
    return {"a": a, "b": b, "ha": make_user("ha", "handler", "own", a), "hb": make_user("hb", "handler", "own", b),
            "sup": make_user("sup", "supervisor", "all", root), "steward": make_user("steward", "data_steward", "all", root)}


def _request(o, received, actor="system", name="王晓晴", dept="a"):
    return actions.register_request(actor, department=o[dept], channel="online", received_at=received,
                                    applicant_kind="person", applicant_name=name, contact="13912345678",
                                    description="老旧小区改造资金安排", at=received if isinstance(actor, str) else None)


def test_the_answer_is_due_twenty_working_days_after_receipt_skipping_the_holidays(office):
    req = _request(office, _at(2026, 9, 28))  # National Day week (10/1–10/8) falls inside
    assert timezone.localtime(req.correction_due_at).date().isoformat() == "2026-10-13"  # 7 working days (10/10 is a make-up day)
    assert timezone.localtime(req.due_at).date().isoformat() == "2026-10-30"
    assert req.applicant_contact_masked == "139****5678"
    events = ledger.head().data
    assert "王晓晴" not in str(events) and "13912345678" not in str(events)


def test_a_correction_restarts_the_clock_and_the_third_party_period_does_not_count(office):
    req = _request(office, _at(2026, 3, 2))
    req = actions.ask_correction("system", req, note="请明确时间范围", at=_at(2026, 3, 4))
    assert req.status == Status.CORRECTION and req.due_at is None  # not counting while waiting
    req = actions.receive_correction("system", req, at=_at(2026, 3, 10))
    assert timezone.localtime(req.due_at).date().isoformat() == "2026-04-08"  # 20 working days from 3/10 (清明 4/4–4/6)
    before = req.due_at
    req = actions.consult_third_party("system", req, at=_at(2026, 3, 16))
    assert timezone.localtime(req.third_party_due_at).date().isoformat() == "2026-04-07"
    req = actions.record_third_party_reply("system", req, objects=True, at=_at(2026, 3, 20))
    assert (req.due_at - before).days == 7  # 3/16–3/20 (five working days) stopped the clock
    with pytest.raises(ValidationError):
        actions.ask_correction("system", req, note="再补正", at=_at(2026, 3, 21))  # once only


def test_an_extension_counts_only_when_asked_before_the_deadline(office):
    req = _request(office, _at(2026, 3, 2))
    due = req.due_at
    req = actions.extend_request("system", req, reason="需调取档案", at=_at(2026, 3, 20))
    assert (req.due_at - due).days >= 28  # 20 more working days
    late = _request(office, _at(2026, 3, 2), name="李建国")
    with pytest.raises(ValidationError):
        actions.extend_request("system", late, reason="来不及了", at=_at(2026, 4, 10))


def test_a_refusal_must_cite_an_article_and_the_letter_quotes_it(office):
    req = _request(office, _at(2026, 3, 2))
    with pytest.raises(ValidationError):
        actions.answer_request("system", req, decision="refuse", at=_at(2026, 3, 10))
    req = actions.answer_request("system", req, decision="refuse", article="16-process", at=_at(2026, 3, 10))
    assert "第十六条第一款" in req.answer_text and "过程性信息" in req.answer_text
    assert "行政复议" in req.answer_text and "王晓晴" not in req.answer_text
    other = actions.answer_request("system", _request(office, _at(2026, 3, 2)), decision="not_this_agency",
                                   other_agency="市自然资源和规划局", at=_at(2026, 3, 10))
    assert "第三十六条第（五）项" in other.answer_text and "市自然资源和规划局" in other.answer_text


def test_only_the_receiving_department_registers_and_answers(office):
    with pytest.raises(PermissionDenied):
        _request(office, _at(2026, 3, 2), actor=office["hb"])
    req = _request(office, timezone.now() - timezone.timedelta(days=1), actor=office["ha"])
    with pytest.raises(PermissionDenied):
        actions.answer_request(office["hb"], req, decision="disclose")
    actions.answer_request(office["ha"], req, decision="disclose")


def test_fees_follow_the_thresholds_of_the_2020_measures(office):
    assert [fees.per_request_rate(n) for n in (1, 10, 11, 30, 31, 40, 41)] == [0, 0, 100, 100, 200, 200, 300]
    assert fees.month_total(12) == Decimal(200)
    assert fees.per_page(30).amount == 0
    assert fees.per_page(31).amount == 10
    assert fees.per_page(100).amount == 700
    assert fees.per_page(201).amount == 700 + 2000 + 40
    # The eleventh request of the month, answered by request, costs 100 元.
    for day in range(1, 12):
        req = _request(office, _at(2026, 3, day))
    req = actions.answer_request("system", req, decision="disclose", fee_method="per_request", at=_at(2026, 3, 20))
    assert req.fee == 100 and "100 元" in req.answer_text


def test_the_annual_report_counts_each_answer_in_its_statutory_row(office):
    a = _request(office, _at(2025, 12, 20))  # carried over from 2025
    actions.answer_request("system", a, decision="refuse", article="15", at=_at(2026, 1, 10))
    b = _request(office, _at(2026, 3, 2))
    actions.answer_request("system", b, decision="disclose", at=_at(2026, 3, 10))
    _request(office, _at(2026, 11, 20))  # still open → carried into 2027
    table = annual_report.table(2026)
    rows = {r["key"]: r["total"] for r in table["results"]}
    assert table["new"]["total"] == 2 and table["carried"]["total"] == 1
    assert rows["refuse:15"] == 1 and rows["disclosed"] == 1 and table["total"]["total"] == 2
    assert table["carry_on"]["total"] == 1


def test_the_command_writes_the_annual_report(office, tmp_path, capsys):
    from openpyxl import load_workbook

    from qingfeng.cli import main

    req = _request(office, _at(2026, 3, 2))
    actions.answer_request("system", req, decision="not_exist", at=_at(2026, 3, 10))
    out = tmp_path / "report.xlsx"
    assert main(["disclosure", "annual-report", "--year", "2026", "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["new"] == 1 and summary["results"]["unable:not_held"] == 1
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "一、本年新收政府信息公开申请数量" in cells
