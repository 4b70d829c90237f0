"""Procurement pages: the coverage of every indicator and the latest processes in the user's scope, the
dashboard panel, and the public OCDS export (compiled releases, JSON Lines)."""

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from qingfeng.web.access import role_required

from . import coverage, export, policies


@require_GET
@role_required(*policies.ROLES)
def overview(request):
    codes = policies.visible_department_codes(request.user)
    return render(request, "procurement/overview.html", {
        "coverage": coverage.coverage(codes), "processes": coverage.processes(codes, limit=50)})


def dashboard_panel(request):
    """Processes, awarded value and indicator coverage in the user's scope; hidden when there are none."""
    codes = policies.visible_department_codes(request.user)
    if codes is not None and not codes:
        return None
    cov = coverage.coverage(codes)
    if not cov["processes"]:
        return None
    url = reverse("procurement:overview")
    short = sum(1 for r in cov["rows"] if r["insufficient"])
    return {"title": gettext_lazy("政府采购"), "url": url, "id": "procurement-panel",
            "note": gettext_lazy("红旗指标按 Cardinal 的定义计算；数据不足的指标不等于没有风险。"),
            "figures": [{"label": gettext_lazy("采购项目"), "value": cov["processes"], "url": url},
                        {"label": gettext_lazy("中标金额（万元）"), "value": f"{cov['awarded_amount'] / 10000:,.0f}"},
                        {"label": gettext_lazy("有数据不足的指标"), "value": short, "url": f"{url}#coverage",
                         "tone": "warn" if short else ""}]}


@require_GET
@cache_control(public=True, max_age=300)
def ocds_export(request):
    response = StreamingHttpResponse(export.jsonl_lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="procurement-compiled-releases.jsonl"'
    return response
