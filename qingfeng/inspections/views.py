"""双随机 pages: draws and results in the user's scope (with a new draw for the organising department), a draw's
page (commitment, seed, selection and its verification; the draw itself; results entered by the drawn
inspectors and published), and the portal: every draw's published inputs, commitment, seed and selection (also
as JSON, for ``qingfeng inspections verify-draw``) and the published results."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.models import Role
from qingfeng.core.policies import departments_for_picker
from qingfeng.web.access import role_required

from . import actions, forms, policies
from .models import Draw, DrawnTarget, DrawStatus, Item, Result

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)


def _error(request, exc):
    messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))


def _items(user):
    ids = [d.pk for d in departments_for_picker(user) if policies.organises(user, d.pk)]
    return Item.objects.filter(department__in=ids)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def draw_list(request):
    items = _items(request.user)
    form = forms.DrawForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            draw = actions.commit_draw(request.user, form.cleaned_data["item"], ratios=form.ratios(),
                                       per_target=form.cleaned_data["per_target"], joint=form.cleaned_data["joint"])
            messages.success(request, _("已公布抽取要素和种子承诺值；抽取后公布种子。"))
            return redirect(draw.get_absolute_url())
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
    return render(request, "inspections/list.html", {
        "draws": policies.visible_draws(request.user).select_related("item", "department")[:200],
        "results": policies.visible_results(request.user).select_related("drawn__draw", "drawn__target")[:300],
        "form": form if items.exists() else None,
    })


def _draw_context(draw):
    data = actions.published(draw)
    return {"draw": draw, "published": data, "problems": actions.verify_draw(draw) if draw.seed else None,
            "targets": len(data["inputs"]["targets"]), "inspectors": len(data["inputs"]["inspectors"]),
            "excluded": len(data["inputs"]["excluded"]), "selection": data["selection"] or []}


def _draw(request, pk):
    draw = policies.visible_draws(request.user).select_related("item", "department").filter(pk=pk).first()
    if draw is None:
        raise Http404
    return draw


@require_GET
@role_required(*STAFF)
def draw_detail(request, pk):
    draw = _draw(request, pk)
    user = request.user
    organises = policies.organises(user, draw.department_id)
    rows = []
    for d in draw.drawn.select_related("target").prefetch_related("inspectors__person"):
        result = Result.objects.filter(drawn=d).first()
        rows.append({"drawn": d, "result": result,
                     "form": forms.ResultForm(initial={"drawn": d.pk}) if result is None and policies.inspects(user, d) else None,
                     "can_publish": result is not None and result.published_at is None
                     and (organises or policies.inspects(user, d))})
    return render(request, "inspections/draw.html", {**_draw_context(draw), "rows": rows,
                                                     "can_draw": organises and draw.status == DrawStatus.COMMITTED})


@require_POST
@role_required(*STAFF)
def draw_act(request, pk, verb):
    draw = _draw(request, pk)
    u = request.user
    try:
        if verb == "draw":
            actions.perform_draw(u, draw)
        elif verb == "result":
            form = forms.ResultForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写检查结果、情况和日期"))
            d = form.cleaned_data
            drawn = get_object_or_404(DrawnTarget, pk=d["drawn"], draw=draw)
            actions.enter_result(u, drawn, outcome=d["outcome"], summary=d["summary"], checked_on=d["checked_on"])
        elif verb == "publish":
            result = get_object_or_404(Result, pk=request.POST.get("result"), drawn__draw=draw)
            actions.publish_result(u, result)
        else:
            raise Http404
        messages.success(request, _("已提交。"))
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    return redirect(draw.get_absolute_url())


@require_http_methods(["GET", "POST"])
@role_required(Role.DEPARTMENT_HEAD, Role.HANDLER)
def pools(request):
    """一单两库: the item list (items of the user's departments) and the city-wide target and inspector pools."""
    from qingfeng.core.models import Person
    from qingfeng.people.models import Company

    from .models import Inspector, Target

    user = request.user
    departments = departments_for_picker(user).filter(pk__in=[d.pk for d in departments_for_picker(user)
                                                              if policies.organises(user, d.pk)])
    which = request.POST.get("form")
    item_form = forms.ItemForm(request.POST if which == "item" else None, departments=departments)
    targets_form = forms.TargetsForm(request.POST if which == "targets" else None)
    inspectors_form = forms.InspectorsForm(request.POST if which == "inspectors" else None)
    if request.method == "POST":
        try:
            if item_form.is_bound and item_form.is_valid():
                actions.add_item(user, **item_form.cleaned_data)
            elif targets_form.is_bound and targets_form.is_valid():
                rows = targets_form.cleaned_data["rows"]
                companies = {c.credit_code: c for c in Company.objects.filter(credit_code__in=[r[0] for r in rows])}
                actions.add_targets(user, [(code, name, cls, companies.get(code)) for code, name, cls in rows])
            elif inspectors_form.is_bound and inspectors_form.is_valid():
                numbers = inspectors_form.cleaned_data["staff"].split()
                people = list(Person.objects.filter(staff_no__in=numbers))
                missing = sorted(set(numbers) - {p.staff_no for p in people})
                if missing:
                    raise ValidationError(_("人员名册中没有：%(numbers)s") % {"numbers": "、".join(missing)})
                actions.add_inspectors(user, people)
            else:
                raise ValidationError(_("请检查填写的内容"))
            messages.success(request, _("已提交。"))
            return redirect("inspections:pools")
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
    return render(request, "inspections/pools.html", {
        "items": Item.objects.filter(department__in=departments).select_related("department"),
        "targets": Target.objects.filter(active=True).order_by("risk_class", "key")[:500],
        "target_count": Target.objects.filter(active=True).count(),
        "inspectors": Inspector.objects.filter(active=True).select_related("person__department")[:500],
        "item_form": item_form if departments.exists() else None, "targets_form": targets_form,
        "inspectors_form": inspectors_form})


@require_GET
def portal(request):
    draws = Draw.objects.select_related("item", "department").order_by("-committed_at")[:100]
    results = (Result.objects.filter(published_at__isnull=False).select_related("drawn__draw__item", "drawn__target")
               .order_by("-published_at")[:300])
    return render(request, "inspections/portal.html", {"draws": draws, "results": results})


@require_GET
def portal_draw(request, number):
    draw = get_object_or_404(Draw.objects.select_related("item", "department"), number=number)
    return render(request, "inspections/portal_draw.html", _draw_context(draw))


@require_GET
def portal_draw_json(request, number):
    draw = get_object_or_404(Draw.objects.select_related("item"), number=number)
    response = JsonResponse(actions.published(draw), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{draw.number}.json"'
    return response
