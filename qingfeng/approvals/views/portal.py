"""The public side of approvals, in the portal's look: the power list in force and its history, each item's
service guide and statistics, the online application with materials, and case tracking by code (status,
clock, the one-time notice with the supplement upload, the decision with its reasons and remedies)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from .. import actions, powerlist, queries, statistics
from ..events import clock_for_case
from ..forms import ApplyForm, SupplementForm, TrackForm
from ..models import CaseStatus, EventType, PowerItem
from ..spreadsheets import power_list_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def services(request):
    current = queries.current_list()
    return render(request, "approvals/portal/services.html", {
        "current": current, "applicable": queries.APPLICABLE_TYPES, "flag_labels": powerlist.FLAGS,
        "upcoming": queries.upcoming(), "track_form": TrackForm()})


@require_GET
def service_detail(request, code):
    item = get_object_or_404(PowerItem.objects.select_related("department"), code=code)
    current = queries.current_version(item)
    history = list(queries.history(item))
    if current is None and not history:
        raise Http404
    figures = next((f for f in statistics.item_statistics() if f.item_code == code), None)
    return render(request, "approvals/portal/service_detail.html", {
        "item": item, "current": current, "history": history, "figures": figures, "flag_labels": powerlist.FLAGS,
        "applicable": current is not None and current.power_type in queries.APPLICABLE_TYPES,
    })


@require_http_methods(["GET", "POST"])
def apply(request, code):
    item = get_object_or_404(PowerItem, code=code)
    version = queries.current_version(item)
    if version is None or version.power_type not in queries.APPLICABLE_TYPES:
        raise Http404
    form = ApplyForm(request.POST or None, request.FILES or None, version=version)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case, tracking = actions.submit_application(item=item, applicant_kind=d["applicant_kind"],
                                                        applicant_name=d["applicant_name"], applicant_id=d["applicant_id"],
                                                        phone=d["phone"], files=form.material_files())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("申请已提交，办件编号 %(number)s。请记下查询码 %(code)s，凭查询码查看办理进度。") % {
                "number": case.number, "code": tracking})
            return redirect("approvals:track", code=tracking)
    return render(request, "approvals/portal/apply.html", {"item": item, "version": version, "form": form})


@require_GET
def track_lookup(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        if actions.case_by_tracking_code(code) is not None:
            return redirect("approvals:track", code=code)
        form.add_error("code", _("没有找到该查询码对应的办件，请核对后重新输入。"))
    return render(request, "approvals/portal/track_lookup.html", {"form": form})


def _wanted(case) -> list[tuple[str, str]]:
    notice = case.events.filter(kind=EventType.MATERIALS_REQUEST).order_by("occurred_at", "pk").first()
    names = {m["code"]: m["name"] for m in case.version.materials}
    return [(c, names.get(c, c)) for c in (notice.data.get("materials") or [])] if notice else []


@require_http_methods(["GET", "POST"])
def track(request, code):
    case = actions.case_by_tracking_code(code)
    if case is None:
        raise Http404
    wanted = _wanted(case)
    supplement = None
    if case.status == CaseStatus.MATERIALS_REQUESTED:
        supplement = SupplementForm(request.POST or None, request.FILES or None, wanted=wanted)
        if request.method == "POST" and supplement.is_valid():
            try:
                actions.supply_materials(case, files=supplement.material_files())
            except ValidationError as exc:
                for message in exc.messages:
                    supplement.add_error(None, message)
            else:
                messages.success(request, _("补正材料已提交，请等待受理。"))
                return redirect("approvals:track", code=code)
    elif request.method == "POST":
        return redirect("approvals:track", code=code)
    clock = clock_for_case(case)
    notices = case.events.filter(kind__in=[EventType.MATERIALS_REQUEST, EventType.SUSPEND, EventType.EXTEND, EventType.NOT_ACCEPT,
                                           EventType.DECIDE, EventType.DELIVER]).order_by("occurred_at", "pk")
    return render(request, "approvals/portal/track.html", {
        "case": case, "clock": clock, "wanted": wanted, "supplement": supplement, "notices": notices,
        "event_labels": dict(EventType.choices), "steps": case.events.order_by("occurred_at", "pk"), "code": code,
    })


@require_GET
@cache_control(public=True, max_age=300)
def stats(request):
    figures = statistics.item_statistics()
    return render(request, "approvals/portal/stats.html", {"figures": figures, "as_of": timezone.now()})


@require_GET
def history(request):
    return render(request, "approvals/portal/history.html", {"versions": queries.history()[:500], "flag_labels": powerlist.FLAGS})


@require_GET
def list_xlsx(request):
    response = HttpResponse(power_list_xlsx(queries.current_list()), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"权力清单-{timezone.localdate():%Y%m%d}.xlsx")
    return response
