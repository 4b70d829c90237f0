"""The power and responsibility list: every field checked (committed ≤ statutory, steps ≤ committed, a basis
for every power, fee and intermediary), untyped powers and weak bases flagged, changes proposed by the
department, reviewed by the legal office and published with an effective date, and the list in and out of Excel."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingfeng.approvals import actions, powerlist, queries
from qingfeng.approvals.models import VersionStatus
from qingfeng.approvals.spreadsheets import power_list_xlsx, read_power_list
from qingfeng.core.models import LedgerEvent

from .conftest import ITEM, at

pytestmark = pytest.mark.django_db


def messages(raw) -> list[str]:
    return [p.message for p in powerlist.problems(powerlist.normalise(raw))]


def test_a_complete_item_has_no_problems_and_reads_labels_or_codes():
    content = powerlist.normalise(ITEM)
    assert powerlist.problems(content) == []
    assert content["power_type"] == "licensing" and content["case_type"] == "promised"
    assert content["steps"] == [{"code": "review", "name": "审查", "days": 6}, {"code": "decide", "name": "决定", "days": 3}]
    assert content["fees"][0]["amount"] == "10.00" and content["bases"][0]["rank"] == "law"


@pytest.mark.parametrize(("change", "expected"), [
    ({"committed_days": 25}, "承诺时限（25 个工作日）不得超过法定时限（20 个工作日）"),
    ({"steps": "review|审查|8\ndecide|决定|3"}, "各环节时限之和（11 个工作日）不得超过承诺时限（10 个工作日）"),
    ({"bases": ""}, "至少需要一项法律依据"),
    ({"fees": "F1|证书工本费|10|"}, "须写明收费依据"),
    ({"intermediaries": "S1|校舍安全鉴定|"}, "须写明设定依据"),
    ({"case_type": "承诺件", "committed_days": 0, "steps": ""}, "当日办结的事项请选“即办件”"),
    ({"materials": "M1|申请书|\nM1|申请书副本|"}, "申请材料编码 M1 重复"),
    ({"responsibilities": "inspect|科室|核查|失职"}, "不在本事项的办理环节中"),
    ({"power_type": "许可吧"}, "权力类型应为"),
])
def test_each_rule_of_the_list_is_checked(change, expected):
    assert any(expected in m for m in messages({**ITEM, **change})), messages({**ITEM, **change})


def test_steps_may_add_up_to_exactly_the_committed_limit_and_a_same_day_item_may_be_zero():
    assert messages({**ITEM, "steps": "review|审查|7\ndecide|决定|3"}) == []
    same_day = {**ITEM, "case_type": "即办件", "statutory_days": 0, "committed_days": 0, "extension_days": 0,
                "steps": "decide|当场决定|0", "responsibilities": "decide|窗口|当场审查|违法准予"}
    assert messages(same_day) == []


def test_untyped_powers_and_weak_bases_are_flagged():
    assert powerlist.flags(powerlist.normalise(ITEM)) == []
    other = powerlist.normalise({**ITEM, "power_type": "其他"})
    assert "other_type" in powerlist.flags(other)
    document_only = powerlist.normalise({**ITEM, "bases": "某市民办学校管理办法|第五条|规范性文件"})
    assert powerlist.flags(document_only) == ["insufficient_basis"]
    penalty_by_rule = powerlist.normalise({**ITEM, "power_type": "行政处罚", "bases": "某省规章|第九条|地方政府规章"})
    assert powerlist.flags(penalty_by_rule) == []  # 规章 may set warnings and fines
    licence_by_rule = powerlist.normalise({**ITEM, "bases": "某省规章|第九条|地方政府规章"})
    assert powerlist.flags(licence_by_rule) == ["insufficient_basis"]  # but not a licence


def test_a_change_is_proposed_reviewed_by_the_legal_office_and_published_on_its_date(item, users):
    changed = {**ITEM, "committed_days": 8, "steps": "review|审查|5\ndecide|决定|3"}
    with pytest.raises(PermissionDenied):
        actions.propose_item(users["finance"], code="EDU-001", content=changed)
    proposal = actions.propose_item(users["a"], code="EDU-001", content=changed, reason="承诺提速", now=at("2026-03-02 09:00:00"))
    assert proposal.status == VersionStatus.PROPOSED and proposal.number == 2
    with pytest.raises(ValidationError, match="待审核"):
        actions.propose_item(users["b"], code="EDU-001", content=changed)
    with pytest.raises(PermissionDenied):
        actions.review_item(users["boss"], proposal, approve=True, effective_from=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="溯及既往"):
        actions.review_item(users["reviewer"], proposal, approve=True, effective_from=date(2026, 2, 1))
    actions.review_item(users["reviewer"], proposal, approve=True, effective_from=date(2026, 4, 1), opinion="同意")
    assert queries.current_version(item, date(2026, 3, 31)).committed_days == 10
    assert queries.current_version(item, date(2026, 4, 1)).committed_days == 8
    assert [v.number for v in queries.history(item)] == [2, 1]
    assert LedgerEvent.objects.filter(action="power_item.proposed", data__changed=["committed_days", "steps"]).exists()
    assert LedgerEvent.objects.filter(action="power_item.published", object_id=str(proposal.pk)).exists()


def test_the_legal_office_returns_a_proposal_with_an_opinion_and_the_proposer_cannot_review_it(item, users, make_user):
    proposal = actions.propose_item(users["reviewer"], code="LEG-001", department=users["reviewer"].person.department,
                                    content={**ITEM, "name": "法律援助申请"}, now=at("2026-03-02 09:00:00"))
    with pytest.raises(PermissionDenied, match="不能审核自己"):
        actions.review_item(users["reviewer"], proposal, approve=True, effective_from=date(2026, 4, 1))
    colleague = make_user("zhou.legal", "handler", "own", proposal.item.department)
    with pytest.raises(ValidationError, match="审核意见"):
        actions.review_item(colleague, proposal, approve=False)
    actions.review_item(colleague, proposal, approve=False, opinion="依据位阶需核实")
    proposal.refresh_from_db()
    assert proposal.status == VersionStatus.RETURNED and queries.current_version(proposal.item) is None


def test_the_list_goes_out_to_excel_and_comes_back_unchanged(item):
    workbook = power_list_xlsx(queries.current_list())
    rows, problems = read_power_list(io.BytesIO(workbook))
    assert problems == [] and len(rows) == 1
    assert rows[0]["code"] == "EDU-001" and rows[0]["department_code"] == "200"
    assert powerlist.normalise(rows[0]["content"]) == powerlist.content_of(queries.current_version(item))
    result = actions.import_power_list("steward", io.BytesIO(workbook))
    assert result["unchanged"] == ["EDU-001"] and result["proposed"] == []


def test_an_excel_import_proposes_changed_and_new_items_or_nothing_at_all(item, city):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(power_list_xlsx(queries.current_list())))
    items = wb["事项"]
    items["G2"] = 8  # committed days of EDU-001, and its review step down to 5 so the steps still fit
    wb["办理环节"]["D2"] = 5
    items.append(["EDU-002", "校外培训机构审批", "200", "行政许可", "承诺件", 20, 15, 0])
    wb["法律依据"].append(["EDU-002", "国务院办公厅关于规范校外培训机构发展的意见", "", "规范性文件"])
    buf = io.BytesIO()
    wb.save(buf)
    result = actions.import_power_list("steward", io.BytesIO(buf.getvalue()), now=at("2026-03-02 09:00:00"))
    assert sorted(result["proposed"]) == ["EDU-001", "EDU-002"]
    assert item.versions.get(number=2).committed_days == 8
    assert item.versions.get(number=2).status == VersionStatus.PROPOSED

    wb["事项"]["G3"] = 30  # now above its statutory limit: the whole file is refused
    wb["事项"].append(["EDU-003", "", "999", "行政许可", "承诺件", 20, 10, 0])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ValidationError) as refused:
        actions.import_power_list("steward", io.BytesIO(buf.getvalue()))
    text = " ".join(refused.value.messages)
    assert "EDU-002：承诺时限（30 个工作日）不得超过法定时限" in text and "部门编码 999 不存在" in text


def test_excel_cells_that_look_like_formulas_stay_text(item, users):
    proposal = actions.propose_item(users["a"], code="EDU-001", content={**ITEM, "name": "=HYPERLINK(\"x\")"},
                                    now=at("2026-03-02 09:00:00"))
    actions.review_item(users["reviewer"], proposal, approve=True, effective_from=date(2026, 3, 2))
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(power_list_xlsx([proposal])))
    assert wb["事项"]["B2"].value == "'=HYPERLINK(\"x\")" and wb["事项"]["B2"].data_type == "s"


def test_chinese_labels_are_read_whatever_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        content = powerlist.normalise({**ITEM, "power_type": "Penalty"})
        assert content["power_type"] == "penalty" and content["case_type"] == "promised"
        assert powerlist.normalise(ITEM)["bases"][0]["rank"] == "law"
