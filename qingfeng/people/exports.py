"""The relationship table of a person as xlsx. The caller passes rows already filtered for the user."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from qingfeng.alerts.exports import neutralise

HEADERS = ("类别", "名称", "说明", "其他")
WIDTHS = (16, 36, 48, 40)


def relationship_xlsx(person, rows: list[dict]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("关系")
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    bold = Font(bold=True)
    title = WriteOnlyCell(ws, value=neutralise(f"{person.name}（{person.staff_no}）的关系"))
    title.font = bold
    ws.append([title])
    header = []
    for h in HEADERS:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for r in rows:
        ws.append([WriteOnlyCell(ws, value=neutralise(str(r.get(k) or ""))) for k in ("kind_zh", "name", "detail", "extra")])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
