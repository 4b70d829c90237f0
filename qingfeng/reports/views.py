"""The report download page: a month, a department (or the city) and a format. Only departments whose whole
subtree lies in the user's data scope are offered (a report counts the units below), the city only to a user
who sees everything."""

from datetime import timedelta

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from qingfeng.core.models import Department, Role
from qingfeng.core.policies import ALL, visible_department_ids
from qingfeng.web.access import role_required

from .documents import render_docx, render_pdf
from .monthly import build, parse_month

CITY = "city"
TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}


def allowed_departments(user) -> list[Department]:
    ids = visible_department_ids(user, roles_considered={Role.SUPERVISOR, Role.DEPARTMENT_HEAD})
    qs = Department.objects.order_by("path")
    if ids == ALL:
        return list(qs)
    candidates = list(qs.filter(pk__in=ids))
    paths = {d.path: d for d in Department.objects.filter(pk__in=ids)}
    everything = {d.pk: d.path for d in qs.only("pk", "path")}
    return [d for d in candidates
            if all(pk in ids for pk, path in everything.items() if path.startswith(d.path)) and d.path in paths]


class ReportForm(forms.Form):
    month = forms.CharField(label=_("月份"), widget=forms.TextInput(attrs={"type": "month"}))
    department = forms.ChoiceField(label=_("范围"))
    format = forms.ChoiceField(label=_("格式"), choices=[("docx", _("Word 文档（公文格式）")), ("pdf", "PDF")])

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(CITY, _("全市"))] if visible_department_ids(user) == ALL else []
        self.fields["department"].choices = choices + [(d.code, d.name) for d in allowed_departments(user)]

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


@require_GET
@role_required(Role.SUPERVISOR, Role.DEPARTMENT_HEAD)
def monthly(request):
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    form = ReportForm(request.GET if "format" in request.GET else None, user=request.user,
                      initial={"month": last_month, "format": "docx"})
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        department = None if d["department"] == CITY else Department.objects.get(code=d["department"])
        report = build(d["month"], department)
        body = render_docx(report) if d["format"] == "docx" else render_pdf(report)
        response = HttpResponse(body, content_type=TYPES[d["format"]])
        from urllib.parse import quote

        name = quote(f"{report.filename_stem}.{d['format']}")
        response["Content-Disposition"] = f"attachment; filename=\"monthly-report.{d['format']}\"; filename*=UTF-8''{name}"
        return response
    return render(request, "reports/monthly_page.html", {"form": form})
