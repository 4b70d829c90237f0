"""三重一大 pages: topics, meetings and decisions in the user's scope; a topic's dossier; a meeting's record
with the minutes' verification; and the public list of decisions on the portal (no opinions, no names)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qingfeng.core.models import Role
from qingfeng.web.access import role_required

from . import actions, policies
from .models import Decision, MeetingStatus, Method

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)


@require_GET
@role_required(*STAFF)
def decision_list(request):
    user = request.user
    return render(request, "decisions/list.html", {
        "topics": policies.visible_topics(user).select_related("department")[:200],
        "meetings": policies.visible_meetings(user).select_related("department")[:200],
        "decisions": policies.visible_decisions(user).select_related("department", "topic")[:200],
    })


@require_GET
@role_required(*STAFF)
def topic_detail(request, pk):
    topic = policies.visible_topics(request.user).select_related("department").filter(pk=pk).first()
    if topic is None:
        raise Http404
    return render(request, "decisions/topic.html", {"topic": topic, "gaps": actions.dossier_gaps(topic),
                                                    "decision": Decision.objects.filter(topic=topic).first()})


@require_GET
@role_required(*STAFF)
def meeting_detail(request, pk):
    meeting = policies.visible_meetings(request.user).select_related("department", "principal").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    items = []
    for item in meeting.items.select_related("topic"):
        items.append({"item": item, "opinions": item.opinions.select_related("member__person"),
                      "recusals": item.recusals.select_related("member__person"),
                      "decision": Decision.objects.filter(item=item).first()})
    return render(request, "decisions/meeting.html", {
        "meeting": meeting, "members": meeting.members.select_related("person"), "items": items,
        "quorum": actions.has_quorum(meeting),
        "problems": actions.verify_minutes(meeting) if meeting.status == MeetingStatus.CLOSED else None})


@require_GET
def portal(request):
    decisions = (Decision.objects.filter(method=Method.MEETING).select_related("department", "topic", "item__meeting")
                 .order_by("-decided_at")[:300])
    return render(request, "decisions/portal.html", {"decisions": decisions})
