"""Open data on the portal, generated from the publication catalogue: an index, one page per dataset, CSV,
JSON and Atom (one feed per dataset and one for all); the request guide with the fee calculator and the
annual reports. Anonymous, read-only, cacheable."""

import csv
import io

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from . import actions, catalogue, fees
from . import annual_report as report
from .forms import FeeForm, PublicRequestForm, TrackForm
from .regulation import ApplicantKind, Article

ROWS_SHOWN = 200  # an HTML page shows the newest rows; CSV and JSON carry them all
FEED_ENTRIES = 50


def _publication(slug):
    pub = catalogue.get(slug)
    if pub is None:
        raise Http404
    return pub


@require_GET
@cache_control(public=True, max_age=300)
def index(request):
    rows = []
    for pub in catalogue.publications():
        withheld = [(Article(a).label, n) for a, n in catalogue.withheld_summary(pub.slug)]
        rows.append({"pub": pub, "count": len(catalogue.published_rows(pub)), "withheld": withheld})
    return render(request, "disclosure/open_index.html", {"rows": rows})


@require_GET
@cache_control(public=True, max_age=300)
def dataset(request, slug):
    pub = _publication(slug)
    rows = catalogue.published_rows(pub)
    withheld = [(Article(a).label, n) for a, n in catalogue.withheld_summary(slug)]
    table = [(r[pub.key], [r[f.name] for f in pub.fields]) for r in rows[:ROWS_SHOWN]]
    return render(request, "disclosure/open_dataset.html", {"pub": pub, "table": table, "count": len(rows),
                                                            "withheld": withheld, "shown": min(len(rows), ROWS_SHOWN)})


def _filename(pub, ext):
    return f"{pub.slug}-{timezone.localdate():%Y%m%d}.{ext}"


@require_GET
@cache_control(public=True, max_age=300)
def dataset_csv(request, slug):
    pub = _publication(slug)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([str(f.label) for f in pub.fields])
    writer.writerow([f.name for f in pub.fields])  # machine-readable names under the Chinese header
    for row in catalogue.published_rows(pub):
        writer.writerow(["" if row[f.name] is None else row[f.name] for f in pub.fields])
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(pub, "csv")}"'
    return response


@require_GET
@cache_control(public=True, max_age=300)
def dataset_json(request, slug):
    pub = _publication(slug)
    body = {"dataset": pub.slug, "title": str(pub.title), "description": str(pub.description), "basis": str(pub.basis),
            "generated_at": timezone.now().isoformat(),
            "fields": [{"name": f.name, "label": str(f.label)} for f in pub.fields],
            "withheld": [{"article": a, "label": str(Article(a).label), "items": n} for a, n in catalogue.withheld_summary(slug)],
            "rows": catalogue.published_rows(pub)}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _feed(request, title, link, entries):
    feed = feedgenerator.Atom1Feed(title=title, link=request.build_absolute_uri(link),
                                   description=title, language="zh-cn",
                                   feed_url=request.build_absolute_uri(request.path))
    for pub, row in entries:
        key = str(row[pub.key])
        page = request.build_absolute_uri(reverse("disclosure:dataset", args=[pub.slug]))
        text = "；".join(f"{f.label}：{'' if row[f.name] is None else row[f.name]}" for f in pub.fields)
        when = row.get(pub.date_field) if pub.date_field else None
        links = {"link": f"{page}#{key}"}
        if pub.ocds_field and row.get(pub.ocds_field):
            links["enclosures"] = [feedgenerator.Enclosure(str(row[pub.ocds_field]), "0", "application/json")]
        feed.add_item(title=f"{pub.title}：{row.get(pub.title_field or pub.key)}", description=text,
                      unique_id=f"tag:qingfeng,{pub.slug}:{key}", updateddate=_when(when), **links)
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _when(value):
    from datetime import date, datetime, time

    if not value:
        return timezone.now()
    parsed = datetime.fromisoformat(value) if "T" in value or " " in value else datetime.combine(date.fromisoformat(value), time(0))
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


@require_GET
@cache_control(public=True, max_age=300)
def dataset_feed(request, slug):
    pub = _publication(slug)
    entries = [(pub, row) for row in catalogue.published_rows(pub)[:FEED_ENTRIES]]
    return _feed(request, str(pub.title), reverse("disclosure:dataset", args=[slug]), entries)


@require_GET
@cache_control(public=True, max_age=300)
def feed_all(request):
    entries = []
    for pub in catalogue.publications():
        if pub.date_field:
            entries += [(pub, row) for row in catalogue.published_rows(pub)[:FEED_ENTRIES]]
    entries.sort(key=lambda e: e[1].get(e[0].date_field) or "", reverse=True)
    return _feed(request, _("清风公开数据更新"), reverse("disclosure:open"), entries[:FEED_ENTRIES])


@require_GET
@cache_control(public=True, max_age=300)
def requests_guide(request):
    pub = catalogue.get("disclosure-requests")
    rows = catalogue.published_rows(pub) if pub else []
    years = sorted({r["year"] for r in rows} | {timezone.localdate().year - 1}, reverse=True)
    return render(request, "disclosure/requests_guide.html", {"rows": rows, "years": years, "fee_form": FeeForm()})


@require_http_methods(["GET", "POST"])
def request_new(request):
    """File a request online; the applicant gets the request number, the answer deadline and a private code."""
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            req = actions.register_request("portal", department=d["department"], channel="online",
                                           received_at=timezone.now(), applicant_kind=d["applicant_kind"],
                                           applicant_name=d["applicant_name"], contact=d["contact"],
                                           applicant_id=d["applicant_id"], description=d["description"], tracking=True)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            return render(request, "disclosure/request_filed.html", {"req": req, "code": req.tracking_code})
    return render(request, "disclosure/request_new.html", {"form": form})


@require_GET
def request_track(request):
    form = TrackForm(request.GET or None)
    req = None
    if form.is_bound and form.is_valid():
        req = actions.request_by_tracking_code(form.cleaned_data["code"])
        if req is None:
            form.add_error("code", _("没有找到该查询码对应的申请，请核对。"))
    return render(request, "disclosure/request_track.html", {"form": form, "req": req})


@require_GET
def fee_calculator(request):
    form = FeeForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        n, pages = form.cleaned_data["requests_in_month"], form.cleaned_data["pages"]
        result = {"this_request": fees.per_request(n), "month_total": fees.month_total(n), "pages": fees.per_page(pages)}
    return render(request, "disclosure/fees.html", {"form": form, "result": result})


@require_GET
@cache_control(public=True, max_age=300)
def annual_report(request, year):
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return render(request, "disclosure/annual_report.html", {
        "year": year, "table": report.table(year), "active": report.active(year), "columns": ApplicantKind.choices,
        "xlsx_url": reverse("disclosure:annual_report_xlsx", args=[year]), "public": True})


@require_GET
def annual_report_xlsx(request, year):
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return report_xlsx_response(year, report.table(year), _("全市"))


def report_xlsx_response(year, table, who):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "三、依申请公开"
    ws.append([f"{who}{year}年政府信息公开工作年度报告 — 三、收到和处理政府信息公开申请情况"])
    ws.append(["", *[str(label) for _k, label in ApplicantKind.choices], "总计"])
    keys = ApplicantKind.values

    def line(label, row):
        ws.append([str(label), *[row[k] for k in keys], row["total"]])

    line("一、本年新收政府信息公开申请数量", table["new"])
    line("二、上年结转政府信息公开申请数量", table["carried"])
    for r in table["results"]:
        line(f"三、本年度办理结果 {r['label']}", r)
    line("三、本年度办理结果（七）总计", table["total"])
    line("四、结转下年度继续办理", table["carry_on"])
    active = report.active(year)
    sheet = wb.create_sheet("二、主动公开")
    sheet.append([f"{who}{year}年政府信息公开工作年度报告 — 二、主动公开政府信息情况"])
    sheet.append(["信息内容（第二十条第五、六项）", "本年处理决定数量"])
    for d in active["decisions"]:
        sheet.append([d["label"], d["count"]])
    sheet.append([])
    sheet.append(["当年批复的部门预决算", active["budgets"]["due"]])
    sheet.append(["其中按期公开", active["budgets"]["on_time"]])
    sheet.append(["逾期公开或未公开", active["budgets"]["late"]])
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.xlsx"'
    return response


