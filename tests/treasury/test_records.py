"""Non-tax revenue, appropriations and reserve-fund uses arrive as XLSX files filled in from their templates, through
the records importer, and the treasury rules read the latest extract of each notice or allocation."""

import pytest

from qingfeng.records.imports import import_file
from qingfeng.screening.actions import run_screening
from qingfeng.screening.models import Finding

from .conftest import filled_template

pytestmark = pytest.mark.django_db


def hits(run) -> list[tuple[str, str]]:
    return sorted(Finding.objects.filter(run=run).values_list("rule_id", "subject_key"))


def test_non_tax_extracts_from_the_template_are_screened_on_their_latest_picture(users, tmp_path):
    def notice(no, as_of, **kw):
        return {"缴款通知书号": no, "执收单位编码": "100", "收入类别": "罚没收入", "应缴金额": "5,000.00",
                "开具日期": "2025-03-03", "数据截止日期": as_of, **kw}

    first = filled_template("non_tax_revenue", [
        notice("N1", "2025-04-30"),
        notice("N2", "2025-04-30", 已收缴金额="5000", 收缴日期="2025-03-10", 已缴库金额="5000", 缴库日期="2025-03-11"),
    ], tmp_path / "非税-4月.xlsx")
    report = import_file(first, "non_tax_revenue", actor=users["steward"])
    assert (report.loaded, report.rejected) == (2, 0)
    assert hits(run_screening("test", rule_ids=["FIN-015", "FIN-016"])) == [("FIN-015", "N1")]

    later = filled_template("non_tax_revenue", [
        notice("N1", "2025-05-31", 已收缴金额="5000", 收缴日期="2025-05-06"),  # paid at last, still held in May
    ], tmp_path / "非税-5月.xlsx")
    assert import_file(later, "non_tax_revenue", actor=users["steward"]).loaded == 1
    assert hits(run_screening("test", rule_ids=["FIN-015", "FIN-016"])) == [("FIN-016", "N1")]


def test_appropriations_and_reserve_fund_uses_from_their_templates(users, tmp_path):
    allocations = filled_template("appropriations", [
        {"指标文号": "ZB-1", "用款单位编码": "801", "下达单位编码": "100", "项目名称": "耕地地力保护补贴",
         "资金类型": "惠民惠农补贴", "下达金额": "800,000", "下达日期": "2025-03-03", "数据截止日期": "2025-06-30"},
        {"指标文号": "ZB-2", "用款单位编码": "801", "项目名称": "道路改造工程", "资金类型": "项目资金",
         "下达金额": "800,000", "下达日期": "2025-03-03", "数据截止日期": "2025-06-30"},
    ], tmp_path / "指标.xlsx")
    uses = filled_template("reserve_fund_uses", [
        {"动用编号": "R1", "用款单位编码": "100", "动用金额": "300000", "批准日期": "2025-05-12",
         "政府批准文号": "云政预〔2025〕3号", "用途类别": "日常运转", "用途": "办公楼维修"},
        {"动用编号": "R2", "用款单位编码": "100", "动用金额": "300000", "批准日期": "2025-05-12",
         "政府批准文号": "云政预〔2025〕4号", "用途类别": "突发应急事件", "用途": "防汛抢险", "突发事件或信访件编号": "YJ-7"},
    ], tmp_path / "备用金.xlsx")
    assert import_file(allocations, "appropriations", actor=users["steward"]).loaded == 2
    assert import_file(uses, "reserve_fund_uses", actor=users["steward"]).loaded == 2
    run = run_screening("test", rule_ids=["FIN-017", "FIN-018"])
    assert hits(run) == [("FIN-017", "ZB-1"), ("FIN-018", "R1")]
    assert Finding.objects.get(run=run, subject_key="R1").evidence["reason"] == "outside_purpose"
