"""The power list as an Excel workbook, one sheet per part: items, legal bases, steps, materials, fees,
intermediary services and responsibilities, joined by the item code. ``power_list_xlsx`` writes it (the list in
force, or any versions); ``read_power_list`` reads the same layout back for ``actions.import_power_list``.
"""

import io
from datetime import date

from django.conf import settings
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from qingfeng.alerts.exports import neutralise

from .models import CaseType, LegalRank, PowerType
from .powerlist import flag_labels

ITEMS = "事项"
# sheet → (list field, [(header, key)]) ; the first column of each child sheet is the item code.
CHILDREN = {
    "法律依据": ("bases", [("法律法规名称", "law"), ("条款", "article"), ("位阶", "rank")]),
    "办理环节": ("steps", [("环节编码", "code"), ("环节名称", "name"), ("时限（工作日）", "days")]),
    "申请材料": ("materials", [("材料编码", "code"), ("材料名称", "name"), ("说明", "note")]),
    "收费": ("fees", [("收费编码", "code"), ("收费名称", "name"), ("收费标准（元）", "amount"), ("收费依据", "basis")]),
    "中介服务": ("intermediaries", [("服务编码", "code"), ("服务名称", "name"), ("设定依据", "basis")]),
    "责任事项": ("responsibilities", [("环节", "step"), ("责任岗位", "post"), ("职责", "duty"), ("追责情形", "failure")]),
}
ITEM_COLUMNS = [("事项编码", "code"), ("事项名称", "name"), ("实施部门编码", "department_code"), ("权力类型", "power_type"),
                ("办件类型", "case_type"), ("法定时限（工作日）", "statutory_days"), ("承诺时限（工作日）", "committed_days"),
                ("可延长（工作日）", "extension_days")]
EXPORT_ONLY = [("版本", "number"), ("生效日期", "effective_from"), ("提示", "flags")]


def _labels() -> dict[str, str]:
    """Chinese labels whatever the page's language: the workbook is also the import format."""
    with translation.override(settings.LANGUAGE_CODE):
        return {v: str(label) for choices in (PowerType, CaseType, LegalRank) for v, label in choices.choices}


def _row(ws, values, bold=False):
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=neutralise(value))
        if bold:
            cell.font = Font(bold=True)
        elif isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        cells.append(cell)
    ws.append(cells)


def power_list_xlsx(versions) -> bytes:
    """The workbook of ``versions`` (usually the list in force), labels in Chinese."""
    wb = Workbook(write_only=True)
    items = wb.create_sheet(ITEMS)
    items.freeze_panes = "A2"
    _row(items, [h for h, _k in ITEM_COLUMNS + EXPORT_ONLY], bold=True)
    sheets = {}
    for title, (_field, columns) in CHILDREN.items():
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        _row(ws, ["事项编码"] + [h for h, _k in columns], bold=True)
        sheets[title] = ws
    labels = _labels()
    for v in versions:
        values = {"code": v.item.code, "department_code": v.item.department.code, "name": v.name,
                  "power_type": labels[v.power_type], "case_type": labels[v.case_type], "statutory_days": v.statutory_days,
                  "committed_days": v.committed_days, "extension_days": v.extension_days, "number": v.number,
                  "effective_from": v.effective_from, "flags": "、".join(flag_labels(v.flags))}
        _row(items, [values[k] for _h, k in ITEM_COLUMNS + EXPORT_ONLY])
        for title, (field, columns) in CHILDREN.items():
            for entry in getattr(v, field):
                _row(sheets[title], [v.item.code] + [labels.get(entry.get(k), entry.get(k, "")) if k == "rank" else entry.get(k, "")
                                                      for _h, k in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _records(ws) -> tuple[list[str], list[tuple[int, dict]]]:
    rows = ws.iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    out = []
    for line, values in enumerate(rows, start=2):
        if not any(_text(v) for v in values):
            continue
        out.append((line, {h: _text(v) for h, v in zip(header, values, strict=False) if h}))
    return header, out


def read_power_list(source) -> tuple[list[dict], list[str]]:
    """Items ({code, department_code, content}) and the problems of the workbook's layout (sheet, line, what)."""
    wb = load_workbook(source, read_only=True, data_only=True)
    problems: list[str] = []
    if ITEMS not in wb.sheetnames:
        return [], [f"工作簿缺少“{ITEMS}”工作表（请用导出的清单或模板填写）"]
    header, records = _records(wb[ITEMS])
    missing = [h for h, _k in ITEM_COLUMNS if h not in header]
    if missing:
        return [], [f"“{ITEMS}”工作表缺少列：{'、'.join(missing)}"]
    items: dict[str, dict] = {}
    for line, rec in records:
        code = rec["事项编码"]
        if not code:
            problems.append(f"{ITEMS} 第{line}行：事项编码为空")
            continue
        if code in items:
            problems.append(f"{ITEMS} 第{line}行：事项编码 {code} 重复")
            continue
        content = {k: rec.get(h, "") for h, k in ITEM_COLUMNS if k not in ("code", "department_code")}
        content.update({field: [] for field, _c in CHILDREN.values()})
        items[code] = {"code": code, "department_code": rec["实施部门编码"], "content": content}
    for title, (field, columns) in CHILDREN.items():
        if title not in wb.sheetnames:
            continue
        _header, child = _records(wb[title])
        for line, rec in child:
            code = rec.get("事项编码", "")
            if code not in items:
                problems.append(f"{title} 第{line}行：事项编码 {code or '（空）'} 不在“{ITEMS}”工作表中")
                continue
            items[code]["content"][field].append({k: rec.get(h, "") for h, k in columns})
    return list(items.values()), problems
