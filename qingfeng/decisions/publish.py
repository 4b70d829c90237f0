"""Rows of the public decisions dataset (disclosure's open data): decisions taken at meetings, without opinions
or names; the minutes hash lets anyone holding a copy of the minutes check it."""

from django.utils import timezone

from .models import Decision, Method


def decision_rows():
    for d in (Decision.objects.filter(method=Method.MEETING).select_related("department", "topic", "item__meeting")
              .order_by("-decided_at")):
        yield {"number": d.number, "department": d.department.name, "topic": d.topic.title,
               "outcome": str(d.get_outcome_display()), "text": d.text, "decided_on": timezone.localtime(d.decided_at).date(),
               "meeting": d.item.meeting.number if d.item_id else "", "minutes_hash": d.item.meeting.minutes_hash if d.item_id else ""}
