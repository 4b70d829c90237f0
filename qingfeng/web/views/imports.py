"""The data steward's import page: upload a file for a dataset, read the row report (every row loaded or
rejected with its line, field and reason), browse past batches, download the XLSX templates.
Supervisors may read the page and the batches; only data stewards may upload."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qingfeng.core.policies import has_role
from qingfeng.records.contract import DATASETS, FILES, importable, importable_names
from qingfeng.records.errors import ImportError_
from qingfeng.records.imports import import_file
from qingfeng.records.policies import visible_batches
from qingfeng.records.templates import xlsx_template

from ..access import IMPORT_READ_ROLES, IMPORT_WRITE_ROLES, role_required
from ..forms import ImportForm
from ..uploads import saved_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCHES_PER_PAGE = 20
REJECTED_ROWS_SHOWN = 500  # a page, not a dump: the full list is in the batch's rejected rows


def _page_context(request, form, **extra) -> dict:
    batches = Paginator(visible_batches(request.user).order_by("-pk"), BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return {"form": form, "batches": batches, "may_upload": has_role(request.user, *IMPORT_WRITE_ROLES),
            "datasets": [importable(n) for n in importable_names()], "dataset_names": _dataset_names(), **extra}


def _dataset_names() -> dict[str, str]:
    return {d.name: d.zh for d in (*DATASETS.values(), *FILES.values())}


def _shown_rejections(report) -> list:
    """The first rejections; a file kind's fields by its own Chinese labels (the contract's are other columns)."""
    shown = report.rejections[:REJECTED_ROWS_SHOWN]
    if report.dataset not in FILES:
        return shown
    schema = FILES[report.dataset]
    return [replace(r, field=schema.column(r.field).zh if r.field else "") for r in shown]


@require_http_methods(["GET", "POST"])
@role_required(*IMPORT_READ_ROLES)
def import_page(request):
    if request.method == "GET":
        return render(request, "web/imports.html", _page_context(request, ImportForm()))
    if not has_role(request.user, *IMPORT_WRITE_ROLES):
        raise PermissionDenied(_("只有数据管理员可以导入数据。"))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "web/imports.html", _page_context(request, form), status=400)
    upload = form.cleaned_data["file"]
    try:
        with saved_upload(upload, "upload") as path:
            report = import_file(path, form.cleaned_data["dataset"], actor=request.user, progress=False,
                                 source_name=upload.name)
    except ImportError_ as exc:
        form.add_error("file", _("导入失败：%(reason)s") % {"reason": exc})
        return render(request, "web/imports.html", _page_context(request, form), status=400)
    return render(request, "web/imports.html", _page_context(
        request, ImportForm(), report=report, rejections=_shown_rejections(report), shown=REJECTED_ROWS_SHOWN))


@require_GET
@role_required(*IMPORT_READ_ROLES)
def batch_detail(request, pk):
    batch = get_object_or_404(visible_batches(request.user), pk=pk)
    rejected = batch.rejected_rows.all()
    return render(request, "web/import_batch.html", {
        "batch": batch, "rejected": rejected[:REJECTED_ROWS_SHOWN], "rejected_total": rejected.count(),
        "shown": REJECTED_ROWS_SHOWN, "dataset_name": _dataset_names().get(batch.dataset, batch.dataset),
    })


@require_GET
@role_required(*IMPORT_READ_ROLES)
def template_download(request, dataset):
    if dataset not in importable_names():
        raise Http404
    response = HttpResponse(xlsx_template(dataset), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{importable(dataset).zh}-导入模板.xlsx")
    return response
