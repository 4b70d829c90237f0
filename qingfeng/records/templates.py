"""Excel import templates, made from the data contract so they never drift from what the importer accepts.

Sheet 1 (数据) has the header row in Chinese, text format on code columns (so "001" keeps its zeros) and
drop-down lists on enum columns; sheet 2 (填写说明) explains each column with an example value.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import contract

TYPE_ZH = {
    "string": "文本",
    "enum": "选项",
    "decimal": "金额（元，最多两位小数）",
    "date": "日期",
    "timestamp": "日期时间",
    "integer": "整数",
}
TYPE_HINT = {
    "decimal": "可写 1234.50、1,234.50、¥1,234.50、1.2万元；负数写 -12.50 或 (12.50)",
    "date": "可写 2026-03-05、2026/3/5、2026年3月5日，或 Excel 日期",
    "timestamp": "可写 2026-03-05 14:30:00、2026年3月5日 14时30分，或 Excel 日期时间；按北京时间",
    "integer": "如 2026",
}
NUMBER_FORMATS = {"string": "@", "enum": "@", "decimal": "#,##0.00", "date": "yyyy-mm-dd",
                  "timestamp": "yyyy-mm-dd hh:mm:ss", "integer": "0"}
EXAMPLES = {
    "budgets": {"department_code": "101001", "year": "2026", "budget_line": "2026-101001-001", "budget_line_name": "日常公用经费",
                "economic_class": "30201", "amount": "1,200,000.00", "supplementary": "50,000.00"},
    "payments": {"payment_id": "ZF2026030500001", "payer_department_code": "101001", "payer_account": "110060001018000123456",
                 "payee_name": "某某办公用品有限公司", "payee_account": "6222020200112233445", "payee_type": "单位",
                 "amount": "12,580.00", "paid_at": "2026-03-05 14:30:00", "settlement_method": "转账",
                 "purpose": "购买办公用品", "budget_line": "2026-101001-001", "economic_class": "30201"},
    "accounts": {"department_code": "101001", "account_no": "110060001018000123456", "account_name": "某某局零余额账户",
                 "bank": "某某银行某某支行", "kind": "零余额账户"},
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
OPTIONAL_FONT = Font(bold=True)
MAX_TEMPLATE_ROWS = 100_000  # rows that carry the drop-down lists


def enum_choices(column: contract.Column) -> list[str]:
    """The spellings offered for an enum: its Chinese labels when it has them."""
    labels = [label for label, stored in column.labels.items() if label != stored]
    return labels or list(column.values)


def _example(dataset: contract.Dataset, column: contract.Column) -> str:
    value = EXAMPLES.get(dataset.name, {}).get(column.name)
    if value is not None:
        return value
    if column.type == "enum":
        return enum_choices(column)[0]
    return {"decimal": "1,234.50", "date": "2026-03-05", "timestamp": "2026-03-05 14:30:00", "integer": "2026"}.get(column.type, "")


def template_columns(ds: contract.Dataset) -> list[contract.Column]:
    """The columns a file fills in: a derived column (``imports.register_derivation``) is filled as its raw
    column — an ID number, not its keyed hash — in place of what it yields."""
    from .imports import DERIVATIONS

    derivation = DERIVATIONS.get(ds.name)
    if derivation is None:
        return list(ds.columns)
    derived = [c for c in ds.columns if c.name in derivation.columns]
    zh = next((h for h in derivation.headers if not h.isascii()), derivation.headers[0])
    raw = contract.Column(derivation.headers[0], "string", zh, derivation.headers[0], required=any(c.required for c in derived),
                          aliases=tuple(h for h in derivation.headers[1:] if h != zh), pii=True)
    columns = []
    for column in ds.columns:
        if column is derived[0]:
            columns.append(raw)
        elif column not in derived:
            columns.append(column)
    return columns


def xlsx_template(dataset: str) -> bytes:
    """The import template of ``dataset`` as .xlsx bytes."""
    ds = contract.importable(dataset)
    columns = template_columns(ds)
    wb = Workbook()
    data = wb.active
    data.title = "数据"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.zh)
        cell.font = REQUIRED_FONT if column.required else OPTIONAL_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        data.column_dimensions[letter].width = max(14, len(column.zh) * 2 + 4)
        data.column_dimensions[letter].number_format = NUMBER_FORMATS[column.type]
        if column.type == "enum":
            choices = DataValidation(type="list", formula1='"' + ",".join(enum_choices(column)) + '"', allow_blank=not column.required,
                                     errorTitle="取值无效", error=f"请从列表中选择：{'、'.join(enum_choices(column))}")
            choices.add(f"{letter}2:{letter}{MAX_TEMPLATE_ROWS}")
            data.add_data_validation(choices)
    data.freeze_panes = "A2"

    notes = wb.create_sheet("填写说明")
    notes.append([f"{ds.zh}（{ds.name}）导入模板", "", "", "", "", "", "", ""])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append(["在「数据」工作表第 1 行表头下逐行填写，一行一条记录；不要改动表头。红色表头为必填列。"
                  f"同一文件内「{'、'.join(ds.column(k).zh for k in ds.key)}」不得重复。也可导入 CSV（UTF-8 或 GBK）或 Parquet 文件，表头相同即可。"])
    notes.append([])
    header = ["表头", "字段名", "类型", "必填", "可选值", "也可用的表头", "示例", "填写提示", "English"]
    notes.append(header)
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in columns:
        notes.append([
            column.zh, column.name, TYPE_ZH[column.type], "是" if column.required else "否",
            "、".join(enum_choices(column)) if column.type == "enum" else "",
            "、".join(column.aliases), _example(ds, column), TYPE_HINT.get(column.type, ""), column.en,
        ])
    notes.append([])
    notes.append(["示例行"] + [""] * 8)
    notes[notes.max_row][0].font = Font(bold=True)
    notes.append([c.zh for c in columns])
    notes.append([_example(ds, c) for c in columns])
    for letter, width in zip("ABCDEFGHI", (16, 24, 22, 6, 26, 26, 24, 48, 28), strict=True):
        notes.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
