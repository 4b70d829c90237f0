"""Excel export: Chinese headers, the scoped rows only, and no formula runs when the file is opened."""

import io

import pytest
from openpyxl import load_workbook

from qingfeng.alerts import policies
from qingfeng.alerts.actions import raise_alerts
from qingfeng.alerts.exports import HEADERS, alerts_xlsx, neutralise
from qingfeng.alerts.models import Alert

pytestmark = pytest.mark.django_db


def sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_prefixed(text):
    assert neutralise(text) == "'" + text


def test_ordinary_values_are_left_alone():
    assert neutralise("财政局") == "财政局" and neutralise(-5) == -5 and neutralise("a=b") == "a=b"


def test_the_export_has_chinese_headers_and_only_the_rows_given(users, calendar_days, make_run):
    raise_alerts(make_run([("FIN-004", "=cmd|' /C calc'!A0", "100", {"a": 1}), ("FIN-004", "PB", "200", {"b": 1})]), "test")
    ws = sheet(alerts_xlsx(policies.visible_alerts(users["handler_a"])))
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert len(rows) == 2
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert row["责任部门"] == "财政局" and row["状态"] == "已派发"
    assert row["对象"] == "'=cmd|' /C calc'!A0"
    assert all(c.data_type != "f" for c in ws[2])


def test_an_empty_queryset_gives_a_sheet_with_headers_only(db):
    assert [r for r in sheet(alerts_xlsx(Alert.objects.none())).iter_rows(values_only=True)] == [HEADERS]
