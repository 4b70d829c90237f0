"""双随机 pages: draws and results in the user's scope, a draw's page (commitment, seed, selection and its
verification), and the portal: every draw's published inputs, commitment, seed and selection (also as JSON,
for ``qingfeng inspections verify-draw``) and the published results."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from qingfeng.core.models import Role
from qingfeng.web.access import role_required

from . import actions, policies
from .models import Draw, Result

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)


@require_GET
@role_required(*STAFF)
def draw_list(request):
    return render(request, "inspections/list.html", {
        "draws": policies.visible_draws(request.user).select_related("item", "department")[:200],
        "results": policies.visible_results(request.user).select_related("drawn__draw", "drawn__target")[:300],
    })


@require_GET
@role_required(*STAFF)
def draw_detail(request, pk):
    draw = policies.visible_draws(request.user).select_related("item", "department").filter(pk=pk).first()
    if draw is None:
        raise Http404
    return render(request, "inspections/draw.html", _draw_context(draw))


def _draw_context(draw):
    data = actions.published(draw)
    return {"draw": draw, "published": data, "problems": actions.verify_draw(draw) if draw.seed else None,
            "targets": len(data["inputs"]["targets"]), "inspectors": len(data["inputs"]["inspectors"]),
            "excluded": len(data["inputs"]["excluded"]), "selection": data["selection"] or []}


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
