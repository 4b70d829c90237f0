"""Land records come in through the ordinary importer from the contract's XLSX templates (Chinese headers and
option labels), and the land rules screen them with the real engine and the screening clock."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from qingfeng.records.imports import import_file
from qingfeng.records.templates import xlsx_template

pytestmark = pytest.mark.django_db


def _filled(tmp_path, dataset, rows):
    wb = load_workbook(io.BytesIO(xlsx_template(dataset)))
    sheet = wb.worksheets[0]
    headers = [c.value for c in sheet[1]]
    for row in rows:
        sheet.append([row.get(h.rstrip("*").strip() if h else h) for h in headers])
    path = tmp_path / f"{dataset}.xlsx"
    wb.save(path)
    return path, headers


def test_template_to_import_to_findings(tmp_path, calendar_days):
    from qingfeng.screening.actions import run_screening

    path, headers = _filled(tmp_path, "land_parcels", [
        {"宗地编号": "Z1", "供地部门编码": "220", "土地用途": "商业", "面积（平方米）": 10000, "基准地价（元/平方米）": 1000},
        {"宗地编号": "Z2", "供地部门编码": "220", "土地用途": "工业", "面积（平方米）": 20000, "基准地价（元/平方米）": 300},
    ])
    assert "土地用途" in " ".join(h for h in headers if h)
    report = import_file(path, "land_parcels", actor="steward")
    assert (report.status, report.loaded, report.rejected) == ("committed", 2, 0), report.rejection_lines()
    path, _h = _filled(tmp_path, "land_transfers", [
        {"出让编号": "T1", "宗地编号": "Z1", "出让部门编码": "220", "出让方式": "协议", "意向用地者数": 1,
         "成交日期": date(2026, 3, 2), "成交价款（元）": 12000000, "受让人": "云川某公司"},
        {"出让编号": "T2", "宗地编号": "Z2", "出让部门编码": "220", "出让方式": "挂牌", "意向用地者数": 2,
         "公告日期": date(2026, 1, 20), "招标投标/拍卖/挂牌开始日期": date(2026, 2, 16), "挂牌截止日期": date(2026, 3, 2),
         "成交日期": date(2026, 3, 2), "成交价款（元）": 7000000, "结果公示日期": date(2026, 3, 5), "受让人": "云川新材公司"},
    ])
    report = import_file(path, "land_transfers", actor="steward")
    assert (report.status, report.loaded, report.rejected) == ("committed", 2, 0), report.rejection_lines()
    run = run_screening("test", rule_ids=["LND-001", "LND-002", "LND-003", "LND-004", "LND-005"])
    assert {(f.rule_id, f.subject_key) for f in run.findings.all()} == {("LND-001", "T1")}
