"""The public portal: no login, aggregates only, and the ledger head with how to check it."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from qingfeng.web import charts

from . import aggregates
from .forms import HeadLookupForm


@require_GET
@cache_control(public=True, max_age=300)
def portal(request):
    figures = aggregates.portal_figures()
    return render(request, "disclosure/portal.html", {
        "figures": figures,
        "head": aggregates.current_head(),
        "chart_department": charts.bars(figures["by_department"], "name", "alerts"),
        "chart_rule": charts.rule_bars(figures["by_rule"]),
        "chart_trend": charts.trend_lines(figures["trend"]),
    })


@require_GET
def ledger_page(request):
    form = HeadLookupForm(request.GET or None)
    looked_up, looked_for = None, None
    if form.is_bound and form.is_valid():
        looked_for = form.cleaned_data["seq"]
        looked_up = aggregates.head_at(looked_for)
    return render(request, "disclosure/ledger.html", {
        "head": aggregates.current_head(), "daily": aggregates.daily_heads(), "form": form,
        "looked_up": looked_up, "looked_for": looked_for,
    })
