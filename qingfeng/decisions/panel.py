"""The dashboard panel: this year's meetings and decisions in the user's scope, and those taken by circulation."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import policies
from .models import MeetingStatus, Method, TopicStatus


def dashboard_panel(request):
    user, year = request.user, timezone.localdate().year
    decisions = policies.visible_decisions(user).filter(decided_at__year=year)
    meetings = policies.visible_meetings(user).filter(held_at__year=year)
    topics = policies.visible_topics(user)
    if not (decisions.exists() or meetings.exists() or topics.exists()):
        return None
    url = reverse("decisions:list")
    return {"id": "panel-decisions", "title": _("三重一大集体决策（本年）"), "url": url, "figures": [
        {"label": _("已闭会会议"), "value": meetings.filter(status=MeetingStatus.CLOSED).count()},
        {"label": _("会议决策"), "value": decisions.filter(method=Method.MEETING).count()},
        {"label": _("以传阅会签代替会议"), "value": decisions.exclude(method=Method.MEETING).count(), "tone": "danger"},
        {"label": _("准备中的议题"), "value": topics.filter(status=TopicStatus.DRAFT).count()},
    ]}
