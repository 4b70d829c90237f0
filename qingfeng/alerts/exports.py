"""Excel export of an alert list. The caller passes the user's scoped queryset; nothing here widens it."""

import io
from datetime import datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import AnswerKind, Severity, Status, Verdict

HEADERS = ("编号", "规则", "规则版本", "标题", "对象", "等级", "责任部门编码", "责任部门", "承办人", "状态", "派发时间",
           "答复期限", "期限暂定", "是否逾期", "督办级别", "答复方式", "核查结论", "答复时间", "销号时间", "发现时间")
WIDTHS = (8, 10, 9, 40, 28, 10, 12, 20, 10, 10, 18, 18, 9, 9, 9, 10, 10, 18, 18, 18)

# A spreadsheet treats a cell starting with these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _local(dt: datetime | None):
    return timezone.localtime(dt).replace(tzinfo=None) if dt else None


def alerts_xlsx(queryset, *, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("预警清单")
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    labels = {**dict(Severity.choices), **dict(Status.choices)}
    answers, verdicts = dict(AnswerKind.choices), dict(Verdict.choices)
    rows = queryset.select_related("department", "assignee").order_by("pk")
    for a in rows.iterator(chunk_size=2000):
        values = (
            a.pk, a.rule_id, a.rule_version, a.title, a.subject_key, str(labels.get(a.severity, a.severity)), a.department.code,
            a.department.name, a.assignee.name if a.assignee else "", str(labels.get(a.status, a.status)), _local(a.dispatched_at),
            _local(a.due_at), "是" if a.due_provisional else "", "是" if a.is_overdue(now) else "", a.escalation_level,
            str(answers.get(a.answer_kind, "")), str(verdicts.get(a.verdict, "")), _local(a.answered_at), _local(a.closed_at),
            _local(a.created_at),
        )
        cells = []
        for value in values:
            cell = WriteOnlyCell(ws, value=neutralise(value))
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, str):
                cell.data_type = "s"  # never let openpyxl read a leading "=" as a formula
            cells.append(cell)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
