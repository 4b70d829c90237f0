"""The publication catalogue: what is registered is public in every format (page, CSV, JSON, Atom); an item is
withheld only by a ledgered exemption citing an article, and the portal says how many and on which article;
only declared fields leave the server. Budgets are published with their 三公 figures and the 20-day clock."""

import json
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from qingfeng.core import ledger
from qingfeng.disclosure import actions, catalogue
from qingfeng.disclosure.catalogue import Field, Publication

pytestmark = pytest.mark.django_db

ROWS = [{"no": "A-1", "title": "第一项", "day": date(2026, 3, 1), "secret": "不应公开的内部字段"},
        {"no": "A-2", "title": "第二项", "day": date(2026, 3, 5), "secret": "不应公开的内部字段"}]


def _rows():
    return ROWS


@pytest.fixture
def sample(db):
    yield catalogue.register(Publication(slug="test-items", title="测试数据集", rows=_rows, key="no",
                                         date_field="day", title_field="title", owner="tests",
                                         fields=(Field("no", "编号"), Field("title", "名称"), Field("day", "日期"))))
    catalogue.unregister("test-items")


def test_every_format_publishes_the_declared_fields_only(sample):
    c = Client()
    page = c.get("/portal/open/test-items/").content.decode()
    csv_text = c.get("/portal/open/test-items.csv").content.decode("utf-8-sig")
    body = json.loads(c.get("/portal/open/test-items.json").content)
    feed = c.get("/portal/open/test-items/feed.atom").content.decode()
    for text in (page, csv_text, json.dumps(body, ensure_ascii=False), feed):
        assert "第一项" in text and "第二项" in text and "内部字段" not in text
    assert [r["no"] for r in body["rows"]] == ["A-2", "A-1"]  # newest first
    assert "测试数据集" in c.get("/portal/open/").content.decode()


def test_an_exempt_item_disappears_everywhere_and_the_portal_names_the_article(sample, make_user, dept_tree):
    handler = make_user("h", "handler", "own", dept_tree["finance"])
    with pytest.raises(PermissionDenied):
        actions.exempt_item(handler, dataset="test-items", item_key="A-1", article="16-process", reason="过程稿")
    head = make_user("head", "department_head", "own", dept_tree["finance"])
    with pytest.raises(ValidationError):
        actions.exempt_item(head, dataset="test-items", item_key="A-1", article="", reason="没有条款")
    ex = actions.exempt_item(head, dataset="test-items", item_key="A-1", article="16-process", reason="讨论稿")
    assert ledger.head().action == "disclosure.exempted" and ledger.head().data["article"] == "16-process"
    c = Client()
    body = json.loads(c.get("/portal/open/test-items.json").content)
    assert [r["no"] for r in body["rows"]] == ["A-2"]
    assert body["withheld"] == [{"article": "16-process", "label": body["withheld"][0]["label"], "items": 1}]
    assert "第一项" not in c.get("/portal/open/test-items/feed.atom").content.decode()
    assert "过程性信息" in c.get("/portal/open/test-items/").content.decode()
    actions.revoke_exemption(head, ex)
    assert len(json.loads(c.get("/portal/open/test-items.json").content)["rows"]) == 2


def test_a_budget_is_due_twenty_days_after_approval_and_publishes_its_sangong_figures(dept_tree, calendar_days):
    from qingfeng.records.imports import import_arrow
    from qingfeng.records.warehouse import arrow_schema

    steward = "system"
    rows = [{"department_code": "200", "year": 2026, "budget_line": "L1", "economic_class": "30217", "amount": "12000.00"},
            {"department_code": "200", "year": 2026, "budget_line": "L1", "economic_class": "30201", "amount": "50000.00"},
            {"department_code": "100", "year": 2026, "budget_line": "L2", "economic_class": "30217", "amount": "99999.00"}]
    table = pa.Table.from_pylist([{**r, "amount": Decimal(r["amount"]), "budget_line_name": None, "supplementary": None}
                                  for r in rows], schema=arrow_schema("budgets"))
    import_arrow(table, "budgets", source_name="test-budgets", actor=steward)
    bd = actions.record_approval(steward, department=dept_tree["education"], year=2026, kind="budget",
                                 approved_on=date(2026, 2, 10), at=timezone.make_aware(datetime(2026, 2, 11)))
    assert timezone.localtime(bd.publish_due_at).date() == date(2026, 3, 2)  # 3/2 is the 20th day (a Monday)
    bd = actions.publish_budget(steward, bd, at=timezone.make_aware(datetime(2026, 3, 3, 9)))
    assert bd.figures["total"] == "62000.00" and bd.figures["sangong"]["reception"] == "12000.00"
    assert ledger.head().data["late"] is True
    actions.record_approval(steward, department=dept_tree["finance"], year=2026, kind="budget",
                            approved_on=date(2026, 1, 5), at=timezone.make_aware(datetime(2026, 1, 6)))
    rows = {r["department"]: r for r in json.loads(Client().get("/portal/open/budgets.json").content)["rows"]}
    assert (rows["教育局"]["on_time"], rows["教育局"]["reception"]) == (False, "12000.00")
    assert (rows["财政局"]["published_on"], rows["财政局"]["total"]) == (None, None)  # overdue and unpublished: listed
