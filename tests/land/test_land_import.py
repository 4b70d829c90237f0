"""Land records come in through the ordinary importer from the contract's XLSX templates (Chinese headers and
option labels), and the land rules screen them with the real engine and the screening clock."""

import io
from datetime import date
from decimal import Decimal

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


def test_land_page_shows_only_transfers_in_scope(client, tmp_path, calendar_days, make_user):
    import pyarrow as pa

    from qingfeng.core.actions import create_department
    from qingfeng.records.imports import import_arrow

    root = create_department("test", code="000", name="市政府")
    land = create_department("test", code="220", name="市自然资源和规划局", parent=root)
    other = create_department("test", code="230", name="江北县自然资源局", parent=root)
    rows = [{"transfer_id": t, "parcel_id": "Z1", "department_code": d, "method": "auction", "intending_users": 3,
             "deal_on": date(2026, 3, 2), "price": Decimal("1000.00"), "grantee": "云川某公司"} for t, d in (("T-CITY", "220"), ("T-COUNTY", "230"))]
    report = import_arrow(pa.Table.from_pylist(rows), "land_transfers", source_name="t", actor="steward")
    assert report.status == "committed"
    client.force_login(make_user("land.handler", "handler", "own", land))
    page = client.get("/land/").content.decode()
    assert "T-CITY" in page and "T-COUNTY" not in page and "拍卖" in page
    client.force_login(make_user("county.handler", "handler", "own", other))
    page = client.get("/land/").content.decode()
    assert "T-COUNTY" in page and "T-CITY" not in page


def test_concluded_transfers_are_published_as_open_data(client, tmp_path, calendar_days):
    import pyarrow as pa

    from qingfeng.core.actions import create_department
    from qingfeng.records.imports import import_arrow

    create_department("test", code="220", name="市自然资源和规划局")
    parcel = [{"parcel_id": "Z9", "department_code": "220", "location": "滨江路北侧", "land_use": "commercial",
               "area_m2": Decimal("5000"), "benchmark_price_m2": Decimal("900")}]
    assert import_arrow(pa.Table.from_pylist(parcel), "land_parcels", source_name="p", actor="steward").status == "committed"
    rows = [{"transfer_id": "T-PUB", "parcel_id": "Z9", "department_code": "220", "method": "listing", "intending_users": 2,
             "deal_on": date(2026, 3, 2), "price": Decimal("6100000.00"), "grantee": "云川置业有限公司",
             "result_published_on": date(2026, 3, 6)}]
    assert import_arrow(pa.Table.from_pylist(rows), "land_transfers", source_name="t", actor="steward").status == "committed"
    published = client.get("/portal/open/land-transfers.json").json()
    row = next(r for r in (published["rows"] if isinstance(published, dict) else published) if r["transfer_id"] == "T-PUB")
    assert (row["land_use"], row["method"], row["department"], row["grantee"]) == ("商业", "挂牌", "市自然资源和规划局", "云川置业有限公司")
    assert "T-PUB" in client.get("/portal/open/land-transfers/").content.decode()
