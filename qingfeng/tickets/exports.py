"""The ticket list as Excel: what a department or supervisor may already see on the list page, never a
citizen's contact or a tip-off (tip-offs are a different table and never pass through here)."""

from io import BytesIO

from openpyxl import Workbook

HEADERS = ["工单编号", "类别", "类型", "标题", "承办部门", "状态", "受理时间", "派单时间", "办理期限", "答复时间",
           "退单次数", "满意度", "解决情况"]


def _cell(value):
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _time(dt):
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def tickets_xlsx(queryset) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "工单"
    ws.append(HEADERS)
    for t in queryset.select_related("service", "department").iterator(chunk_size=1000):
        ws.append([_cell(x) for x in (t.number, t.service.name, t.get_kind_display(), t.title,
                                      t.department.name if t.department_id else "", t.get_status_display(),
                                      _time(t.received_at), _time(t.dispatched_at), _time(t.due_at), _time(t.replied_at),
                                      t.bounce_count, t.get_satisfaction_display() if t.satisfaction else "",
                                      t.get_resolution_display() if t.resolution else "")])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
