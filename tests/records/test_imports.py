"""Importing files: every row is loaded or rejected with file, line, field and reason; a batch is
idempotent across encodings and formats; nothing is visible until its batch is committed."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.exceptions import PermissionDenied

from qingfeng.core.models import LedgerEvent
from qingfeng.records import actions, contract, warehouse
from qingfeng.records.imports import ImportError_, import_arrow, import_file, import_rows
from qingfeng.records.models import ImportBatch, RejectedRow
from qingfeng.records.templates import xlsx_template

pytestmark = pytest.mark.django_db

HEADER = "支付凭证号,付款单位编码,付款账号,收款人名称,收款账号,收款人类型,支付金额,支付时间,结算方式,用途,预算项目编码,经济分类"
GOOD_ROWS = [
    "ZF001,101,11006001,北京某某办公用品有限公司,6222001,单位,\"1,234.50\",2026-03-05 14:30:00,转账,购买办公用品,L-001,30201",
    "ZF002,101,11006001,张三,6222002,个人,1.2万元,2026年3月5日 14时30分,现金,差旅费报销,,30211",
    "ZF003,102,11006002,某某酒店,6222003,单位,（880.00）,2026/3/6,公务卡,接待退款,L-002,30217",
]


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def payments_csv(tmp_path, rows=GOOD_ROWS, name="payments.csv", encoding="utf-8"):
    return write(tmp_path / name, "\n".join([HEADER, *rows]) + "\n", encoding)


def test_gb18030_file_with_chinese_headers_and_content_is_read(tmp_path):
    report = import_file(payments_csv(tmp_path, encoding="gb18030"), "payments", actor="steward")
    assert (report.encoding, report.read, report.loaded, report.rejected, report.status) == ("GB18030", 3, 3, 0, "committed")
    rows = warehouse.read("payments").to_pylist()
    assert [r["payee_name"] for r in rows] == ["北京某某办公用品有限公司", "张三", "某某酒店"]
    assert [r["amount"] for r in rows] == [Decimal("1234.50"), Decimal("12000.00"), Decimal("-880.00")]
    assert [r["settlement_method"] for r in rows] == ["transfer", "cash", "official_card"]
    assert [r["payee_type"] for r in rows] == ["unit", "personal", "unit"]
    assert rows[1]["paid_at"] == dt.datetime(2026, 3, 5, 14, 30) and rows[2]["paid_at"] == dt.datetime(2026, 3, 6)
    assert rows[1]["budget_line"] is None


def test_the_same_content_in_another_encoding_or_row_order_is_already_imported(tmp_path):
    first = import_file(payments_csv(tmp_path, encoding="gb18030"), "payments", actor="steward")
    events = LedgerEvent.objects.count()
    bom = import_file(payments_csv(tmp_path, name="bom.csv", encoding="utf-8-sig"), "payments", actor="steward")
    shuffled = import_file(payments_csv(tmp_path, rows=GOOD_ROWS[::-1], name="again.csv"), "payments", actor="steward")
    assert bom.encoding == "UTF-8"
    for again in (bom, shuffled):
        assert again.status == "duplicate" and again.batch_id == first.batch_id
        assert f"already imported as batch {first.batch_id}" in again.summary()
        assert again.as_dict()["new_batch"] is False
    assert ImportBatch.objects.count() == 1 and LedgerEvent.objects.count() == events
    assert warehouse.committed_files("payments") == [warehouse.root() / "payments" / f"batch-{first.batch_id}.parquet"]


def test_the_same_payments_typed_into_excel_are_already_imported(tmp_path):
    first = import_file(payments_csv(tmp_path, encoding="gb18030"), "payments", actor="steward")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.zh for c in contract.get("payments").columns])
    ws.append(["ZF003", 102, 11006002, "某某酒店", 6222003, "单位", -880, dt.date(2026, 3, 6), "公务卡", "接待退款", "L-002", 30217])
    ws.append(["ZF002", 101, 11006001, "张三", 6222002, "个人", 12000, dt.datetime(2026, 3, 5, 14, 30), "现金", "差旅费报销", None, 30211])
    ws.append(["ZF001", "101", "11006001", "北京某某办公用品有限公司", "6222001", "单位", 1234.5, 46086.604166666664, "转账",
               "购买办公用品", "L-001", "30201"])
    wb.save(tmp_path / "payments.xlsx")
    again = import_file(tmp_path / "payments.xlsx", "payments", actor="steward")
    assert (again.status, again.batch_id, again.rejected) == ("duplicate", first.batch_id, 0)


def test_bad_rows_are_rejected_with_file_line_field_and_reason_and_the_counts_balance(tmp_path):
    rows = GOOD_ROWS + [
        "ZF004,101,11006001,某公司,6222004,单位,abc,2026-03-07,转账,,,30201",         # line 5
        "",                                                                             # line 6: blank, not a row
        "ZF001,101,11006001,某公司,6222001,单位,5,2026-03-07,转账,,,30201",            # line 7: duplicate key
        "ZF005,101,11006001,某公司,6222005,公司,5,2026-02-30,,,,30201",                # line 8: three bad fields
        "ZF006,101,11006001,某公司,6222006,单位,5,2026-03-07,转账,,,30201,多余",        # line 9: a value with no header
        "ZF007,,11006001,某公司,6222007,单位,12.345,46088,转账,,,30201",               # line 10
    ]
    report = import_file(payments_csv(tmp_path, rows=rows), "payments", actor="steward")
    assert (report.read, report.loaded, report.rejected) == (8, 3, 5)
    assert report.loaded + report.rejected == report.read and report.as_dict()["balanced"]
    assert "读取 8 行 = 入库 3 行 + 拒收 5 行" in report.summary()
    assert report.rejection_lines() == [
        "payments.csv 第5行 字段「支付金额」：无法识别的金额「abc」",
        "payments.csv 第7行 字段「支付凭证号」：与第2行重复（支付凭证号「ZF001」），保留前一行",
        "payments.csv 第8行 字段「收款人类型」：不在可选值中的取值「公司」，可选：单位、个人",
        "payments.csv 第8行 字段「支付时间」：不存在的日期「2026-02-30」",
        "payments.csv 第8行 字段「结算方式」：必填字段为空",
        "payments.csv 第9行：有 1 个值没有对应的表头（「多余」），请检查分隔符、引号或多余的列",
        "payments.csv 第10行 字段「付款单位编码」：必填字段为空",
        "payments.csv 第10行 字段「支付金额」：金额「12.345」超过两位小数（精确到分）",
    ]
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert (batch.rows_read, batch.rows_loaded, batch.rows_rejected) == (8, 3, 5)
    stored = list(RejectedRow.objects.filter(batch=batch).values_list("line", "field", "value", "reason"))
    assert stored[0] == (5, "amount", "abc", "无法识别的金额「abc」") and len(stored) == 8
    assert warehouse.read("payments").num_rows == 3


def test_quoted_line_breaks_keep_line_numbers_as_the_file_shows_them(tmp_path):
    rows = ['ZF010,101,A,"多行\n名称",B,单位,1,2026-03-05,转账,,,30201', "ZF011,101,A,某公司,B,单位,x,2026-03-05,转账,,,30201"]
    report = import_file(payments_csv(tmp_path, rows=rows), "payments", actor="steward")
    assert report.rejection_lines() == ["payments.csv 第4行 字段「支付金额」：无法识别的金额「x」"]


def test_a_missing_required_column_fails_the_whole_file_before_anything_is_written(tmp_path):
    path = write(tmp_path / "short.csv", "支付凭证号,收款人名称\nZF001,某公司\n")
    with pytest.raises(ImportError_, match="short.csv 缺少必填列：「付款单位编码」"):
        import_file(path, "payments", actor="steward")
    assert not ImportBatch.objects.exists() and not LedgerEvent.objects.exists()
    assert not list(warehouse.root().rglob("*.parquet"))


def test_a_file_with_a_header_and_no_rows_is_not_a_batch(tmp_path):
    with pytest.raises(ImportError_, match="empty.csv：只有表头，没有数据行"):
        import_file(write(tmp_path / "empty.csv", HEADER + "\n\n"), "payments", actor="steward")
    with pytest.raises(ImportError_, match="blank.csv：文件为空，没有表头行"):
        import_file(write(tmp_path / "blank.csv", "\n"), "payments", actor="steward")
    assert not ImportBatch.objects.exists()


def test_a_file_whose_every_row_is_rejected_is_recorded_without_a_parquet_file(tmp_path):
    rows = ["ZF001,101,A,某公司,B,单位,abc,2026-03-05,转账,,,30201", "ZF002,101,A,某公司,B,单位,1,昨天,转账,,,30201"]
    report = import_file(payments_csv(tmp_path, rows=rows), "payments", actor="steward")
    assert (report.status, report.read, report.loaded, report.rejected) == ("rejected", 2, 0, 2)
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch.status == "rejected" and batch.file_name == "" and batch.rejected_rows.count() == 2
    assert LedgerEvent.objects.filter(action="import.rejected", object_id=str(batch.pk)).exists()
    assert warehouse.committed_files("payments") == [] and not list(warehouse.root().rglob("*.parquet"))


def test_commit_appends_a_ledger_event_with_the_content_hash(tmp_path):
    report = import_file(payments_csv(tmp_path), "payments", actor="steward")
    event = LedgerEvent.objects.get(action="import.committed")
    assert event.object_id == str(report.batch_id) and event.actor == "steward"
    assert event.data["content_hash"] == report.content_hash == ImportBatch.objects.get().content_hash
    assert (event.data["read"], event.data["loaded"], event.data["rejected"]) == (3, 3, 0)


def test_excel_serial_dates_and_a_header_below_blank_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    table = [
        ["部门编码", "预算年度", "预算项目编码", "经济分类", "年初预算金额", "追加金额"],
        ["101", 2026, "L-001", "30201", 1200000, None],
        [101, 2026.0, "L-002", 30211, "12.5万元", 0.1 + 0.2],
        ["102", "二〇二六", "L-003", "30201", 5, None],
    ]
    for r, values in enumerate(table, start=3):  # rows 1–2 stay empty: the header is the first non-empty row
        for c, value in enumerate(values, start=2):
            ws.cell(row=r, column=c, value=value)
    wb.save(tmp_path / "budgets.xlsx")
    report = import_file(tmp_path / "budgets.xlsx", "budgets", actor="steward")
    assert (report.read, report.loaded, report.rejected) == (3, 2, 1)
    assert report.rejection_lines() == ["budgets.xlsx 第6行 字段「预算年度」：无法识别的整数「二〇二六」"]
    rows = warehouse.read("budgets").to_pylist()
    assert rows[1]["department_code"] == "101" and rows[1]["economic_class"] == "30211"
    assert rows[1]["amount"] == Decimal("125000.00") and rows[1]["supplementary"] == Decimal("0.30")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.zh for c in contract.get("payments").columns])
    ws.append(["ZF001", "101", "A", "某公司", "B", "单位", 10, 46086.604166666664, "转账", None, None, "30201"])
    ws.append(["ZF002", "101", "A", "某公司", "B", "单位", 10, dt.datetime(2026, 3, 6, 9, 0), "转账", None, None, "30201"])
    wb.save(tmp_path / "payments.xlsx")
    import_file(tmp_path / "payments.xlsx", "payments", actor="steward")
    assert [r["paid_at"] for r in warehouse.read("payments").to_pylist()] == [dt.datetime(2026, 3, 5, 14, 30), dt.datetime(2026, 3, 6, 9)]


def test_parquet_files_with_typed_or_text_columns_import_alike(tmp_path):
    report = import_file(payments_csv(tmp_path), "payments", actor="steward")
    typed = warehouse.read("payments")
    pq.write_table(typed, tmp_path / "typed.parquet")
    again = import_file(tmp_path / "typed.parquet", "payments", actor="steward")
    assert again.status == "duplicate" and again.batch_id == report.batch_id

    text = pa.table({c.zh: pa.array(["ZF100", "ZF101"]) if c.name == "payment_id" else typed.column(c.name).slice(0, 2).cast(pa.string())
                     for c in contract.get("payments").columns})
    pq.write_table(text, tmp_path / "text.parquet")
    report = import_file(tmp_path / "text.parquet", "payments", actor="steward")
    assert (report.source_format, report.loaded, report.rejected) == ("parquet", 2, 0)


def test_rows_and_arrow_tables_import_through_the_same_checks():
    rows = [{"凭证号": "R1", "单位编码": "101", "付款账号": "A", "收款人": "某公司", "收款账号": "B", "收款类型": "个人",
             "金额": "1.5万", "时间": "2026-03-05", "结算方式": "现金", "经济分类": "30201"},
            {"凭证号": "R2", "单位编码": "101", "付款账号": "A", "收款人": "某公司", "收款账号": "B", "收款类型": "个人",
             "金额": "?", "时间": "2026-03-05", "结算方式": "现金", "经济分类": "30201"}]
    report = import_rows(rows, "payments", source_name="api", actor="system")
    assert report.rejection_lines() == ["api 第2行 字段「支付金额」：无法识别的金额「?」"]
    table = pa.table({"payment_id": ["T1", "T2", "T1"], "payer_department_code": ["101"] * 3, "payer_account": ["A"] * 3,
                      "payee_name": ["x"] * 3, "payee_account": ["B"] * 3, "payee_type": ["unit", "单位", "unit"],
                      "amount": pa.array([Decimal("1.00"), Decimal("2.00"), Decimal("3.00")], pa.decimal128(18, 2)),
                      "paid_at": pa.array([dt.datetime(2026, 3, 5)] * 3, pa.timestamp("ns")),
                      "settlement_method": ["transfer"] * 3, "economic_class": ["30201"] * 3})
    report = import_arrow(table, "payments", source_name="demo", actor="demo")
    assert (report.loaded, report.rejected) == (2, 1)
    assert report.rejection_lines() == ["demo 第3行 字段「支付凭证号」：与第1行重复（支付凭证号「T1」），保留前一行"]


def test_a_key_already_in_an_earlier_batch_is_rejected_unless_the_batch_is_corrected(tmp_path):
    first = import_file(payments_csv(tmp_path), "payments", actor="steward")
    changed = [GOOD_ROWS[0].replace('"1,234.50"', "1234.60"), "ZF009,101,A,某公司,B,单位,9,2026-03-09,转账,,,30201"]
    overlap = import_file(payments_csv(tmp_path, rows=changed, name="march.csv"), "payments", actor="steward")
    assert (overlap.loaded, overlap.rejected) == (1, 1)
    assert overlap.rejection_lines()[0].startswith(f"march.csv 第2行 字段「支付凭证号」：已在批次 {first.batch_id} 中导入")

    fixed = GOOD_ROWS[:1] + [GOOD_ROWS[1].replace("1.2万元", "1.3万元")] + GOOD_ROWS[2:]
    correction = import_file(payments_csv(tmp_path, rows=fixed, name="fix.csv"), "payments", actor="steward", supersedes=first.batch_id)
    assert (correction.loaded, correction.rejected) == (3, 0)
    assert ImportBatch.objects.get(pk=correction.batch_id).supersedes_id == first.batch_id
    assert warehouse.committed_batches() == [overlap.batch_id, correction.batch_id]
    amounts = {r["payment_id"]: r["amount"] for r in warehouse.read("payments").to_pylist()}
    assert amounts == {"ZF001": Decimal("1234.50"), "ZF002": Decimal("13000.00"), "ZF003": Decimal("-880.00"), "ZF009": Decimal("9.00")}
    with pytest.raises(ImportError_, match="已被更正过"):
        import_file(payments_csv(tmp_path, name="again.csv"), "payments", actor="steward", supersedes=first.batch_id)


def test_every_rejection_is_counted_but_stored_rows_are_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(actions, "MAX_STORED_REJECTIONS", 5)
    rows = GOOD_ROWS + [f"X{i},101,A,某公司,B,单位,bad,2026-03-05,转账,,,30201" for i in range(20)]
    report = import_file(payments_csv(tmp_path, rows=rows), "payments", actor="steward")
    batch = ImportBatch.objects.get(pk=report.batch_id)
    assert batch.rows_rejected == report.rejected == 20 and len(report.rejections) == 20
    assert batch.rejected_rows.count() == 5


def test_only_committed_batches_are_listed_and_orphans_are_cleaned(tmp_path):
    report = import_file(payments_csv(tmp_path), "payments", actor="steward")
    orphan = warehouse.root() / "payments" / "batch-999.parquet"
    temp = warehouse.write_temp(warehouse.read("payments"), "payments")
    orphan.write_bytes(temp.read_bytes())
    assert warehouse.committed_files("payments") == [warehouse.root() / "payments" / f"batch-{report.batch_id}.parquet"]
    assert sorted(warehouse.clean_orphans()) == sorted([orphan, temp])
    assert [p.name for p in (warehouse.root() / "payments").iterdir()] == [f"batch-{report.batch_id}.parquet"]


def test_a_business_user_without_the_data_steward_role_may_not_import(tmp_path, make_user, dept_tree):
    handler = make_user("handler", "handler", "own", dept_tree["treasury"])
    with pytest.raises(PermissionDenied):
        import_file(payments_csv(tmp_path), "payments", actor=handler)
    steward = make_user("steward", "data_steward", "all", dept_tree["finance"])
    assert import_file(payments_csv(tmp_path), "payments", actor=steward).status == "committed"
    assert ImportBatch.objects.get().actor == "steward"


def test_registry_snapshots_and_unknown_datasets_cannot_be_imported(tmp_path):
    with pytest.raises(ImportError_, match="不能导入"):
        import_file(payments_csv(tmp_path), "departments", actor="steward")
    with pytest.raises(ImportError_, match="未知数据集"):
        import_file(payments_csv(tmp_path), "nope", actor="steward")


@pytest.mark.parametrize("dataset", ["budgets", "payments", "accounts"])
def test_the_template_explains_every_column_and_its_example_row_imports(tmp_path, dataset):
    ds = contract.get(dataset)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_template(dataset)))
    data, notes = wb["数据"], wb["填写说明"]
    assert [c.value for c in data[1]] == [c.zh for c in ds.columns]
    explained = {row[1].value: row for row in notes.iter_rows(min_row=5, max_row=4 + len(ds.columns))}
    assert set(explained) == set(ds.column_names)
    for column in ds.columns:
        assert explained[column.name][3].value == ("是" if column.required else "否")
    example = [row for row in notes.iter_rows(values_only=True)][-1]
    data.append(list(example[: len(ds.columns)]))
    wb.save(tmp_path / f"{dataset}.xlsx")
    report = import_file(tmp_path / f"{dataset}.xlsx", dataset, actor="steward")
    assert (report.read, report.loaded, report.rejected) == (1, 1, 0), report.rejection_lines()
