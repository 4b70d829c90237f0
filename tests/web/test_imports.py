"""The data steward's import page: upload → row report; past batches; templates. Supervisors read only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

HEADER = "支付凭证号,付款单位编码,付款账号,收款人名称,收款账号,收款人类型,支付金额,支付时间,结算方式,用途,预算项目编码,部门经济分类\n"
GOOD = "P001,101,11001,某公司,62220001,单位,1200.00,2026-03-05 10:00,转账,办公用品,B01,30201\n"
BAD_AMOUNT = "P002,101,11001,某公司,62220001,单位,一千元,2026-03-05 11:00,转账,办公用品,B01,30201\n"
BAD_DATE = "P003,101,11001,某公司,62220001,单位,300.00,2026-02-30,现金,差旅,B01,30211\n"


def _csv(text: str, name: str = "支付流水.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_upload_shows_the_row_report_with_line_field_and_reason(client_for):
    response = client_for("steward").post("/imports/", {"dataset": "payments", "file": _csv(HEADER + GOOD + BAD_AMOUNT + BAD_DATE)})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="value" id="report-read">3</div>' in html
    assert '<div class="value" id="report-loaded">1</div>' in html
    assert '<div class="value" id="report-rejected">2</div>' in html
    table = html[html.index('id="report-rejections"'):]
    assert "一千元" in table and "支付金额" in table and "支付时间" in table
    assert '<td class="num">3</td>' in table and '<td class="num">4</td>' in table  # file lines (the header is line 1)
    assert "支付流水.csv" in html  # the batch list keeps the uploaded name


def test_importing_the_same_file_twice_says_so_and_adds_no_batch(client_for):
    from qingfeng.records.models import ImportBatch

    client = client_for("steward")
    client.post("/imports/", {"dataset": "payments", "file": _csv(HEADER + GOOD)})
    html = client.post("/imports/", {"dataset": "payments", "file": _csv(HEADER + GOOD, "again.csv")}).content.decode()
    assert "此前已经导入" in html
    assert ImportBatch.objects.count() == 1


def test_a_file_that_cannot_be_read_gives_a_chinese_reason(client_for):
    response = client_for("steward").post("/imports/", {"dataset": "payments", "file": _csv("甲,乙\n1,2\n")})
    assert response.status_code == 400
    assert "导入失败" in response.content.decode()


def test_uploaded_files_do_not_outlive_their_import(client_for, settings):
    """The upload is saved under incoming/ for the importer and removed afterwards, read or refused."""
    from pathlib import Path

    from qingfeng.records.models import ImportBatch

    client = client_for("steward")
    client.post("/imports/", {"dataset": "payments", "file": _csv(HEADER + GOOD)})
    client.post("/imports/", {"dataset": "payments", "file": _csv("甲,乙\n1,2\n")})
    assert ImportBatch.objects.count() == 1
    assert [p for p in (Path(settings.DATA_DIR) / "incoming").rglob("*")] == []


def test_batch_page_lists_every_rejected_row(client_for):
    from qingfeng.records.models import ImportBatch

    client_for("steward").post("/imports/", {"dataset": "payments", "file": _csv(HEADER + GOOD + BAD_AMOUNT)})
    batch = ImportBatch.objects.get()
    html = client_for("supervisor").get(f"/imports/{batch.pk}/").content.decode()
    assert "一千元" in html and "支付流水.csv" in html


def test_supervisor_reads_the_page_but_cannot_upload(client_for):
    client = client_for("supervisor")
    html = client.get("/imports/").content.decode()
    assert "导入记录" in html and 'enctype="multipart/form-data"' not in html
    response = client.post("/imports/", {"dataset": "payments", "file": _csv(HEADER + GOOD)})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["handler_a", "head_a", "sysadmin", "nobody"])
def test_import_pages_are_refused_to_other_roles(client_for, name):
    client = client_for(name)
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/template/payments.xlsx").status_code == 403


def test_template_download_is_an_xlsx_with_the_contracts_chinese_headers(client_for):
    response = client_for("steward").get("/imports/template/payments.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = {str(c.value) for row in workbook.worksheets[0].iter_rows(max_row=3) for c in row if c.value}
    assert any("支付凭证号" in c for c in cells)
    assert client_for("steward").get("/imports/template/departments.xlsx").status_code == 404
    assert client_for("steward").get("/imports/template/nothing.xlsx").status_code == 404
