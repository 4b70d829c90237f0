import io

import pytest
from openpyxl import load_workbook

from qingfeng.records.templates import xlsx_template


@pytest.fixture
def towns(db, calendar_days):
    """市政府 → 江口镇, 北山镇, 财政局; a steward, a handler in each town, a supervisor."""
    from qingfeng.core.actions import create_department

    city = create_department("test", code="000", name="市政府")
    return {"city": city, "a": create_department("test", code="801", name="江口镇", parent=city),
            "b": create_department("test", code="802", name="北山镇", parent=city),
            "finance": create_department("test", code="100", name="财政局", parent=city)}


@pytest.fixture
def users(towns, make_user):
    return {"steward": make_user("steward", "data_steward", "all", towns["finance"]),
            "ha": make_user("ha", "handler", "own", towns["a"]),
            "hb": make_user("hb", "handler", "own", towns["b"]),
            "sup": make_user("sup", "supervisor", "all", towns["city"])}


def filled_template(dataset: str, rows: list[dict], path):
    """The dataset's own import template with ``rows`` ({Chinese header: value}) typed into its data sheet."""
    wb = load_workbook(io.BytesIO(xlsx_template(dataset)))
    sheet = wb["数据"]
    headers = [c.value for c in sheet[1]]
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            sheet.cell(row=r, column=headers.index(header) + 1, value=value)
    wb.save(path)
    return path
