"""The dashboard panel: this year's unsigned letters and pledges, overdue talk follow-ups, required talks not
held and pending 容错纠错 applications, all in the viewer's scope."""

from django.utils import timezone
from django.utils.translation import gettext as _

from . import compliance, policies
from .models import Campaign, LeniencyStatus


def dashboard_panel(request):
    user = request.user
    scope = policies._ids(user)
    if not scope:
        return None
    today = timezone.localdate()
    campaign = Campaign.objects.filter(year__lte=today.year).order_by("-year").first()
    if campaign is None:
        return None
    year = campaign.year
    missing = sum(1 for r in compliance.pledge_rows(year, scope) if r.missing) if campaign.sign_due_on < today else 0
    talks = policies.visible_talks(user).filter(follow_up_due__lt=today, followed_up_on__isnull=True).count()
    not_held = sum(1 for r in compliance.matrix_rows(year, scope) if not r.talks) if campaign.closes_on < today else None
    pending = policies.visible_leniency(user).filter(status=LeniencyStatus.PENDING).count()
    figures = [
        {"label": _("%(year)s 年度文书未签") % {"year": year}, "value": missing, "url": f"/accountability/?year={year}",
         "tone": "warn" if missing else ""},
        {"label": _("谈话回访逾期"), "value": talks, "url": f"/accountability/talks/?year={year}", "tone": "danger" if talks else ""},
        {"label": _("容错纠错待认定"), "value": pending, "url": "/accountability/leniency/"},
    ]
    if not_held is not None:
        figures.insert(2, {"label": _("应谈未谈"), "value": not_held, "url": f"/accountability/matrix/?year={year}&missing=1",
                           "tone": "danger" if not_held else ""})
    return {"title": _("廉政档案与谈话"), "url": "/accountability/", "id": "panel-accountability", "figures": figures}
