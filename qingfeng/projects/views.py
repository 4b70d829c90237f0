"""Project pages: the list with each project's stage and what blocks its next gate, registering a project,
and a project's page (documents, estimate, contracts and wage safeguards, objections, passing the gate)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.alerts.policies import visible_alerts
from qingfeng.core.policies import has_role
from qingfeng.web.access import role_required

from . import actions, gates, policies, wages
from .forms import (
    AdjustSecurityForm,
    ContractForm,
    DocumentForm,
    EstimateForm,
    ObjectionForm,
    ProjectForm,
    ResolveForm,
    WageAccountForm,
    WageSecurityForm,
)
from .models import Contract, Objection, Project
from .stages import ORDER, Stage

STAFF = tuple(policies.ROLES)


@require_GET
@role_required(*STAFF)
def project_list(request):
    projects = policies.visible_projects(request.user).select_related("owner").prefetch_related("objections")[:300]
    rows = [{"p": p, "open": sum(1 for o in p.objections.all() if o.is_open)} for p in projects]
    can_register = has_role(request.user, *policies.DEPARTMENT_ROLES)
    return render(request, "projects/list.html", {"rows": rows, "can_register": can_register})


@require_http_methods(["GET", "POST"])
@role_required(*policies.DEPARTMENT_ROLES)
def project_new(request):
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = actions.register_project(request.user, code=d["code"], name=d["name"], owner=d["owner"],
                                         departments=d["departments"], budget_line=d["budget_line"])
            messages.success(request, _("项目已登记。"))
            return redirect(p.get_absolute_url())
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc)
    return render(request, "projects/new.html", {"form": form})


def _project(request, pk) -> Project:
    p = policies.visible_projects(request.user).filter(pk=pk).first()
    if p is None:
        raise Http404
    return p


@require_GET
@role_required(*STAFF)
def project_detail(request, pk):
    p = _project(request, pk)
    manages = policies.manages(request.user, p)
    contracts = list(p.contracts.select_related("wage_account", "wage_security"))
    objecting = policies.objecting_departments(request.user, p)
    passed = dict(p.passages.values_list("stage", "passed_on"))
    stages = [{"value": s, "label": Stage(s).label, "passed_on": passed.get(s), "current": s == p.stage,
               "done": ORDER.index(s) < ORDER.index(p.stage)} for s in ORDER]
    codes = [c.code for c in contracts]
    alerts = (visible_alerts(request.user).filter(Q(rule_id__startswith="PRJ-") | Q(rule_id__startswith="WAG-"))
              .filter(Q(subject_key=p.code) | Q(subject_key__startswith=f"{p.code}|") | Q(subject_key__in=codes))
              .order_by("-pk")[:50])
    return render(request, "projects/detail.html", {
        "p": p, "alerts": alerts, "wage_months": wages.monthly(p.code), "stages": stages, "blockers": gates.blockers(p), "manages": manages, "contracts": contracts,
        "documents": p.documents.all(), "objections": p.objections.select_related("department"),
        "resolves": policies.resolves(request.user, p),
        "forms": {
            "document": DocumentForm(auto_id="id_doc_%s") if manages else None,
            "estimate": EstimateForm(auto_id="id_est_%s", initial={"estimate": p.estimate, "investment": p.investment})
            if manages else None,
            "contract": ContractForm(auto_id="id_con_%s") if manages else None,
            "objection": ObjectionForm(auto_id="id_obj_%s", departments=objecting) if objecting else None,
        },
    })


@require_POST
@role_required(*STAFF)
def project_act(request, pk, verb):
    p = _project(request, pk)
    u, post = request.user, request.POST
    try:
        if verb == "document":
            d = _valid(DocumentForm(post))
            actions.record_document(u, p, **d)
        elif verb == "estimate":
            d = _valid(EstimateForm(post))
            actions.set_estimate(u, p, **d)
        elif verb == "contract":
            d = _valid(ContractForm(post))
            actions.add_contract(u, p, **d)
        elif verb == "wage_account":
            d = _valid(WageAccountForm(post))
            actions.open_wage_account(u, get_object_or_404(Contract, pk=d.pop("contract"), project=p), **d)
        elif verb == "wage_security":
            d = _valid(WageSecurityForm(post))
            actions.lodge_wage_security(u, get_object_or_404(Contract, pk=d.pop("contract"), project=p), **d)
        elif verb == "adjust_security":
            d = _valid(AdjustSecurityForm(post))
            actions.adjust_wage_security(u, get_object_or_404(Contract, pk=d.pop("contract"), project=p), **d)
        elif verb == "objection":
            d = _valid(ObjectionForm(post, departments=policies.objecting_departments(u, p)))
            actions.lodge_objection(u, p, department=d["department"], text=d["text"])
        elif verb == "resolve":
            d = _valid(ResolveForm(post))
            actions.resolve_objection(u, get_object_or_404(Objection, pk=d["objection"], project=p), resolution=d["text"])
        elif verb == "pass":
            actions.pass_gate(u, p)
        else:
            raise Http404
        messages.success(request, _("已提交。"))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
    return redirect(p.get_absolute_url())


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError(_("请检查填写的内容：%(errors)s") % {"errors": "；".join(
            f"{form.fields[k].label if k in form.fields else k}：{' '.join(v)}" for k, v in form.errors.items())})
    return dict(form.cleaned_data)
