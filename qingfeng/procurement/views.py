"""Procurement pages: the coverage of every indicator and the latest processes in the user's scope, the
dashboard panel, and the public OCDS export (compiled releases, JSON Lines)."""


from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from qingfeng.core.policies import has_role
from qingfeng.records.errors import ImportError_
from qingfeng.web.access import IMPORT_READ_ROLES, IMPORT_WRITE_ROLES, role_required
from qingfeng.web.uploads import saved_upload

from . import coverage, export, policies
from .ocds import OcdsError, import_ocds


@require_GET
@role_required(*policies.ROLES)
def overview(request):
    codes = policies.visible_department_codes(request.user)
    return render(request, "procurement/overview.html", {
        "coverage": coverage.coverage(codes), "processes": coverage.processes(codes, limit=50),
        "may_import": has_role(request.user, *IMPORT_READ_ROLES)})


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


@require_GET
def ocds_release(request, ocid):
    """One process's compiled release, linked from each row of the open-data procurement dataset."""
    release = next(export.compiled_releases(ocid=ocid), None)
    if release is None:
        raise Http404(gettext("没有这个采购项目"))
    return JsonResponse(release, json_dumps_params={"ensure_ascii": False})


class OcdsUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("OCDS 文件"),
                           help_text=gettext_lazy("发布包、记录包、发布或 JSON Lines；编码自动识别（UTF-8、UTF-16、GB18030、ISO-8859-1）"))

    def clean_file(self):
        """Size first, then the bytes must look like JSON (a NUL byte or another first character is refused)."""
        from qingfeng.security.parameters import IMPORT_UPLOAD_MAX_BYTES
        from qingfeng.security.uploads import check_size

        upload = self.cleaned_data["file"]
        check_size(upload, int(IMPORT_UPLOAD_MAX_BYTES.value()))
        head = upload.read(4096)
        upload.seek(0)
        start = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00")[:1]
        if (b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))) or start not in (b"{", b"["):
            raise ValidationError(gettext("文件内容不是 JSON"))
        return upload


@require_http_methods(["GET", "POST"])
@role_required(*IMPORT_READ_ROLES)
def ocds_import(request):
    """Upload one OCDS file: compiled per ocid, mapped and imported like ``qingfeng import-ocds``; the full
    report is shown (every release, every field read, every dataset's rows). Data stewards only may upload."""
    if request.method == "GET":
        return render(request, "procurement/ocds_import.html", {"form": OcdsUploadForm(), "may_upload": has_role(request.user, *IMPORT_WRITE_ROLES)})
    if not has_role(request.user, *IMPORT_WRITE_ROLES):
        raise PermissionDenied(gettext("只有数据管理员可以导入数据。"))
    form = OcdsUploadForm(request.POST, request.FILES)
    context = {"form": form, "may_upload": True}
    if not form.is_valid():
        return render(request, "procurement/ocds_import.html", context, status=400)
    try:
        with saved_upload(form.cleaned_data["file"], "upload.json") as path:
            report = import_ocds([path], actor=request.user)
    except (OcdsError, ImportError_) as exc:
        form.add_error("file", gettext("导入失败：%(reason)s") % {"reason": exc})
        return render(request, "procurement/ocds_import.html", context, status=400)
    return render(request, "procurement/ocds_import.html", {"form": OcdsUploadForm(), "may_upload": True,
                                                            "report": report, "lines": report.summary_lines()})
