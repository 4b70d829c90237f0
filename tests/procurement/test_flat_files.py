"""A city without OCDS imports the same datasets from Excel or CSV with Chinese headers (the usual templates),
and the debarment list from a file: the supplier-name key is derived on import, traditional characters and all."""

import io

import openpyxl
import pyarrow.parquet as pq
import pytest

from qingfeng.records import warehouse
from qingfeng.records.imports import import_file
from qingfeng.records.templates import xlsx_template

pytestmark = pytest.mark.django_db


def test_tenders_and_awards_from_gb18030_csv(tmp_path):
    tenders = tmp_path / "采购项目.csv"
    tenders.write_bytes("项目编号,采购单位编码,项目名称,采购方式,招标文件发出时间,投标截止时间,投标人数,预算金额\n"
                        "YC-2025-001,101,办公家具,公开招标,2025年3月3日 9时,2025-03-13 09:00,1,\"1,200,000.00\"\n"
                        "YC-2025-002,101,打印纸,询价,2025/3/5,2025/3/10,3,12万元\n".encode("gb18030"))
    report = import_file(tenders, "tenders", actor="test")
    assert (report.loaded, report.rejected) == (2, 0)
    awards = tmp_path / "中标结果.csv"
    awards.write_text("项目编号,结果编号,结果状态,供应商标识,中标供应商,中标金额,中标日期\n"
                      "YC-2025-001,1,active,S1,雲川市恆達建材股份有限公司,1180000,2025-03-20\n", encoding="utf-8")
    report = import_file(awards, "awards", actor="test")
    assert (report.loaded, report.rejected) == (1, 0)
    (path,) = warehouse.committed_files("awards")
    row = pq.read_table(path).to_pylist()[0]
    assert row["supplier_name"] == "雲川市恆達建材股份有限公司"
    assert row["supplier_name_key"] == "云川市恒达建材股份有限公司"


def test_debarment_list_from_the_xlsx_template(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_template("debarments")))
    sheet = book.worksheets[0]
    headers = [c.value.rstrip("*") if c.value else c.value for c in sheet[1]]
    values = {"名单编号": "JZ-1", "企业名称": "ＹＣ 恆達建材（集團）有限公司", "禁止起始日期": "2025-01-01", "禁止截止日期": "2027-12-31",
              "统一社会信用代码": "91530100MA6K000017"}
    sheet.append([values.get(h) for h in headers])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    report = import_file(path, "debarments", actor="test")
    assert (report.loaded, report.rejected) == (1, 0), report.rejection_lines()
    row = pq.read_table(warehouse.committed_files("debarments")[0]).to_pylist()[0]
    assert row["name_key"] == "yc恒达建材集团有限公司"
