"""The people registries and ID-bearing records imported from files, as a data steward does it: CSV in
GB18030 and XLSX through ``import_file`` (what the page and the CLI call). Each row is loaded or refused
with its line, field and reason; raw ID numbers are stored nowhere; a second import changes nothing; only
data stewards import."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from qingfeng.core.models import LedgerEvent, Person
from qingfeng.people.identifiers import make_credit_code, make_id_number
from qingfeng.records.imports import import_file

from .conftest import OFFICIAL_ID, SPOUSE_ID

pytestmark = pytest.mark.django_db

NEW_ID = make_id_number("539905", date(1988, 11, 2), 21)
BAD_ID = NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")  # wrong check character
CHILD_ID = make_id_number("539901", date(2001, 6, 30), 22)
HOLDER_ID = make_id_number("539906", date(1979, 2, 14), 23)
COMPANY = make_credit_code("539900", 7100)
BROKEN = make_credit_code("539900", 7101)
RAW_IDS = (NEW_ID, BAD_ID, CHILD_ID, HOLDER_ID, OFFICIAL_ID, SPOUSE_ID)


def write(tmp_path: Path, name: str, rows: list[list], fmt: str) -> Path:
    """The same table as a GB18030 CSV or as an XLSX workbook (every cell as text, as a steward types it)."""
    if fmt == "csv":
        path = tmp_path / f"{name}.csv"
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        path.write_bytes(buffer.getvalue().encode("gb18030"))
        return path
    path = tmp_path / f"{name}.xlsx"
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def changes(fn):
    """Rows of every table and every ledger event, to show that an import changed nothing."""
    def snapshot():
        return {m._meta.label: sorted(map(str, m.objects.values_list())) for m in apps.get_models()
                if m._meta.app_label in ("core", "people", "records")}
    before = snapshot()
    result = fn()
    after = snapshot()
    return result, {k for k in after if after[k] != before[k]}


def assert_no_raw_id_stored():
    """No table, no ledger event and no file under the data directory holds a raw ID number."""
    for model in apps.get_models():
        text = str(list(model.objects.values_list()))
        for raw in RAW_IDS:
            assert raw not in text, f"raw ID number in {model._meta.label}"
    for path in Path(settings.DATA_DIR).rglob("*"):
        if path.is_file():
            text = str(pq.read_table(path).to_pylist()) if path.suffix == ".parquet" else path.read_bytes().decode("latin-1")
            for raw in RAW_IDS:
                assert raw not in text, f"raw ID number in {path}"


ROSTER = [
    ["工号", "姓名", "部门编码", "岗位", "领导岗位", "编制类型", "人员状态", "退休、死亡或离职日期", "身份证号"],
    ["S200", "", "", "教师", "否", "事业编制", "在职", "", ""],  # 2: an existing person gets a post
    ["S300", "欧阳晓", "101", "科员", "否", "行政编制", "在职", "", NEW_ID],  # 3: a new person on the staff list
    ["S301", "秦岚", "101", "科员", "否", "行政编制", "在职", "", BAD_ID],  # 4: bad check character
    ["S302", "", "", "", "", "行政编制", "在职", "", ""],  # 5: unknown, no name or department
    ["S200", "", "", "", "", "", "退休", "", ""],  # 6: repeats S200 (the key)
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_roster_file(people_world, tmp_path, fmt):
    path = write(tmp_path, "编制名册", ROSTER, fmt)
    report = import_file(path, "roster", actor=people_world["users"]["steward"])
    assert (report.status, report.read, report.loaded, report.rejected) == ("committed", 5, 2, 3)
    name = path.name
    assert report.rejection_lines() == [
        f"{name} 第4行 字段「身份证号」：身份证号校验位不符（GB 11643）：号码有误",
        f"{name} 第5行 字段「工号」：人员名单中没有该工号；新增人员须同时填写姓名和部门编码",
        f"{name} 第6行 字段「工号」：与第2行重复（工号「S200」），保留前一行",
    ]
    assert report.rejections[0].value == BAD_ID[:6] + "********" + BAD_ID[-4:]
    new = Person.objects.select_related("post", "roster").get(staff_no="S300")
    assert (new.name, new.department.code, new.post.title, new.roster.establishment, new.roster.birth_date) == (
        "欧阳晓", "101", "科员", "administrative", date(1988, 11, 2))
    assert new.id_masked == NEW_ID[:6] + "********" + NEW_ID[-4:]
    assert Person.objects.get(staff_no="S200").post.title == "教师"
    event = LedgerEvent.objects.get(action="import.loaded")
    assert (event.data["dataset"], event.data["read"], event.data["loaded"], event.data["rejected"]) == ("roster", 5, 2, 3)
    assert_no_raw_id_stored()

    again, changed = changes(lambda: import_file(path, "roster", actor=people_world["users"]["steward"]))
    assert (again.status, again.read, again.loaded, again.rejected) == ("duplicate", 5, 2, 3) and not changed
    assert "未作任何更改" in again.summary()


DECLARATIONS = [
    ["报告人工号", "报告年度", "报告日期", "亲属关系", "亲属姓名", "亲属身份证号", "工作单位及职务"],
    ["S100", "2025", "2026-01-18", "配偶", "柳如眉", SPOUSE_ID, "云川晨曦咨询有限公司监事"],  # 2
    ["S100", "2025", "2026-01-18", "子女", "韩晓", CHILD_ID, "学生"],  # 3
    ["S200", "2025", "2026年1月20日", "父母", "周建国", BAD_ID, ""],  # 4: bad number …
    ["S200", "2025", "2026-01-20", "配偶", "吴涛", "", ""],  # 5: … so the whole declaration waits
    ["S999", "2025", "2026-01-20", "", "", "", ""],  # 6: nobody
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_declarations_file(people_world, tmp_path, fmt):
    from qingfeng.people.models import Declaration

    path = write(tmp_path, "个人有关事项报告", DECLARATIONS, fmt)
    report = import_file(path, "declarations", actor=people_world["users"]["steward"])
    assert (report.status, report.read, report.loaded, report.rejected) == ("committed", 5, 2, 3)
    name = path.name
    assert report.rejection_lines() == [
        f"{name} 第4行 字段「亲属身份证号」：身份证号校验位不符（GB 11643）：号码有误",
        f"{name} 第5行：工号 S200 的 2025 年度报告第 4 行有误，整份未导入",
        f"{name} 第6行 字段「报告人工号」：人员名单中没有该工号",
    ]
    declaration = Declaration.objects.get(official__staff_no="S100", year=2025)
    assert sorted(declaration.relatives.values_list("relation", "id_masked")) == [
        ("child", CHILD_ID[:6] + "********" + CHILD_ID[-4:]), ("spouse", SPOUSE_ID[:6] + "********" + SPOUSE_ID[-4:])]
    assert not Declaration.objects.filter(official__staff_no="S200").exists()
    event = LedgerEvent.objects.get(action="declaration.loaded")
    assert "柳如眉" not in str(event.data) and "韩晓" not in str(event.data)
    assert_no_raw_id_stored()

    again, changed = changes(lambda: import_file(path, "declarations", actor=people_world["users"]["steward"]))
    assert (again.status, again.loaded, again.rejected) == ("duplicate", 2, 3) and not changed

    edited = write(tmp_path, "更正", [DECLARATIONS[0], DECLARATIONS[1]], fmt)  # the same year without the child
    refused = import_file(edited, "declarations", actor=people_world["users"]["steward"])
    assert refused.status == "rejected" and "已录入，内容与本次不同" in refused.rejection_lines()[0]
    assert declaration.relatives.count() == 2


BUSINESS = [
    ["统一社会信用代码", "企业名称", "登记状态", "成立日期", "人员类型", "人员姓名", "人员身份证号", "持股比例（%）", "任职或持股起"],
    [COMPANY, "云川青禾建材有限公司", "存续", "2019/4/2", "法定代表人", "欧阳晓", NEW_ID, "", "2019-04-02"],  # 2
    [COMPANY, "云川青禾建材有限公司", "存续", "2019/4/2", "股东", "欧阳晓", NEW_ID, "60%", "2019-04-02"],  # 3
    [COMPANY, "云川青禾建材有限公司", "", "", "股东", "韩晓", CHILD_ID, "40", "2021-07-01"],  # 4
    [BROKEN, "云川远山贸易有限公司", "存续", "", "股东", "孙立", HOLDER_ID, "120", ""],  # 5: share over 100 …
    [BROKEN, "云川远山贸易有限公司", "存续", "", "法定代表人", "孙立", HOLDER_ID, "", ""],  # 6: … so the company waits
    [COMPANY[:-1] + "0" if COMPANY[-1] != "0" else COMPANY[:-1] + "1", "假代码公司", "", "", "", "", "", "", ""],  # 7
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_business_registry_file(people_world, tmp_path, fmt):
    from qingfeng.people.models import Company

    path = write(tmp_path, "市场主体登记", BUSINESS, fmt)
    report = import_file(path, "business_registry", actor=people_world["users"]["steward"])
    assert (report.status, report.read, report.loaded, report.rejected) == ("committed", 6, 3, 3)
    name = path.name
    assert report.rejection_lines() == [
        f"{name} 第5行 字段「持股比例（%）」：持股比例应为 0 到 100 之间的数（可带 %）",
        f"{name} 第6行：企业 {BROKEN} 的登记数据第 5 行有误，整份未导入",
        f"{name} 第7行 字段「统一社会信用代码」：统一社会信用代码校验位不符（GB 32100）：代码有误",
    ]
    company = Company.objects.get(credit_code=COMPANY)
    assert (company.name, company.established_on) == ("云川青禾建材有限公司", date(2019, 4, 2))
    assert sorted((r.kind, r.holder_name, r.share) for r in company.roles.all()) == [
        ("legal_rep", "欧阳晓", None), ("shareholder", "欧阳晓", 60), ("shareholder", "韩晓", 40)]
    assert not Company.objects.filter(credit_code=BROKEN).exists()
    assert report.changes["新增企业"] == 1 and report.changes["写入企业人员"] == 3
    assert_no_raw_id_stored()

    again, changed = changes(lambda: import_file(path, "business_registry", actor=people_world["users"]["steward"]))
    assert (again.status, again.loaded, again.rejected) == ("duplicate", 3, 3) and not changed


PAYROLL = [
    ["明细编号", "发放单位编码", "工资所属月份", "工资系统人员编号", "姓名", "身份证号", "实发金额"],
    ["PR1", "100", "2025-03-01", "S100", "韩立诚", OFFICIAL_ID, "9,000.00"],
    ["PR2", "201", "2025-03-01", "S200", "周静", BAD_ID, "6,100.00"],
    ["PR3", "201", "2025-03-01", "X1", "无名", "", "100.00"],
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_payroll_file_ids_are_hashed_and_a_bad_number_refuses_its_row(people_world, tmp_path, fmt):
    from qingfeng.core.crypto import keyed_hash
    from qingfeng.records import warehouse

    path = write(tmp_path, "工资", PAYROLL, fmt)
    report = import_file(path, "payroll", actor=people_world["users"]["steward"])
    assert (report.status, report.read, report.loaded, report.rejected) == ("committed", 3, 2, 1)
    assert report.rejection_lines() == [f"{path.name} 第3行 字段「身份证号（密钥散列）」：身份证号校验位不符（GB 11643）：号码有误"]
    assert report.matched_columns["id_hash"] == "身份证号" and "身份证号" not in report.ignored_columns
    stored = pq.read_table(warehouse.committed_files("payroll")[0]).to_pylist()
    assert [(r["payroll_id"], r["id_hash"]) for r in stored] == [("PR1", keyed_hash(OFFICIAL_ID)), ("PR3", None)]
    assert_no_raw_id_stored()
    again, changed = changes(lambda: import_file(path, "payroll", actor=people_world["users"]["steward"]))
    assert again.status == "duplicate" and not changed


def test_life_events_need_a_valid_number(people_world, tmp_path):
    rows = [["通报编号", "身份证号码", "姓名", "事项", "发生日期"], ["N1", OFFICIAL_ID, "韩立诚", "退休", "2025-06-30"],
            ["N2", BAD_ID, "周静", "死亡", "2025-07-01"], ["N3", "", "某人", "离职", "2025-07-02"]]
    report = import_file(write(tmp_path, "通报", rows, "csv"), "life_events", actor="steward")
    assert (report.loaded, report.rejected) == (1, 2)
    assert [(r.line, r.field) for r in report.rejections] == [(3, "id_hash"), (4, "id_hash")]
    assert report.rejections[1].reason == "必填字段为空"
    assert_no_raw_id_stored()


def test_only_data_stewards_import(people_world, tmp_path, client_as):
    path = write(tmp_path, "编制名册", ROSTER, "csv")
    for name in ("handler", "head", "supervisor"):
        with pytest.raises(PermissionDenied):
            import_file(path, "roster", actor=people_world["users"][name])
        upload = SimpleUploadedFile("编制名册.csv", path.read_bytes(), content_type="text/csv")
        assert client_as(name).post("/imports/", {"dataset": "roster", "file": upload}).status_code == 403
    assert not Person.objects.filter(staff_no="S300").exists()
    assert not LedgerEvent.objects.filter(action="import.loaded").exists()


def test_the_import_page_takes_a_registry_file_and_offers_its_template(people_world, tmp_path, client_as):
    client = client_as("steward")
    page = client.get("/imports/").content.decode()
    assert 'value="business_registry"' in page and "/imports/template/declarations.xlsx" in page
    upload = SimpleUploadedFile("登记.csv", write(tmp_path, "登记", BUSINESS, "csv").read_bytes(), content_type="text/csv")
    html = client.post("/imports/", {"dataset": "business_registry", "file": upload}).content.decode()
    assert '<div class="value" id="report-read">6</div>' in html and '<div class="value" id="report-rejected">3</div>' in html
    table = html[html.index('id="report-rejections"'):]
    assert "持股比例（%）" in table and "统一社会信用代码" in table
    template = client.get("/imports/template/roster.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(template.content))["数据"]
    assert [c.value for c in sheet[1]][:3] == ["工号", "姓名", "部门编码"]
    payroll = openpyxl.load_workbook(io.BytesIO(client.get("/imports/template/payroll.xlsx").content))["数据"]
    headers = [c.value for c in payroll[1]]
    assert "身份证号" in headers and "身份证号（密钥散列）" not in headers  # the steward fills in the number, not its hash


def test_cli_imports_a_registry_file(people_world, tmp_path, capsys):
    from qingfeng import cli

    path = write(tmp_path, "市场主体登记", BUSINESS, "csv")
    code = cli.main(["import", "business_registry", str(path), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # imported, with refused rows
    assert (report["status"], report["read"], report["loaded"], report["rejected"], report["balanced"]) == ("committed", 6, 3, 3, True)
    assert report["rejections"][0]["message"].endswith("持股比例应为 0 到 100 之间的数（可带 %）")
    assert cli.main(["import", "business_registry", str(path)]) == 1
    assert "内容与已登记的一致，未作任何更改" in capsys.readouterr().out
