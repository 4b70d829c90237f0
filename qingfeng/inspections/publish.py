"""Rows of the public inspection datasets (disclosure's open data): every draw with its commitment and seed, and
every published result (the outcome, not the inspectors' notes)."""

from django.utils import timezone

from .models import Draw, Result


def draw_rows():
    for d in Draw.objects.select_related("item", "department").order_by("-committed_at"):
        yield {"number": d.number, "item": d.item.name, "department": d.department.name, "commitment": d.commitment,
               "inputs_hash": d.inputs_hash, "committed_at": d.committed_at, "seed": d.seed, "drawn_at": d.drawn_at}


def result_rows():
    for r in (Result.objects.filter(published_at__isnull=False).select_related("drawn__draw__item", "drawn__target")
              .order_by("-published_at")):
        yield {"key": f"{r.drawn.draw.number}|{r.drawn.target.key}", "draw": r.drawn.draw.number, "item": r.drawn.draw.item.name,
               "target": r.drawn.target.name, "credit_code": r.drawn.target.key, "checked_on": r.checked_on,
               "outcome": str(r.get_outcome_display()), "published_on": timezone.localtime(r.published_at).date()}
