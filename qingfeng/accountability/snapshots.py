"""Snapshots of the accountability tables for the rules (qingfeng/rules/accountability)."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import Campaign, Pledge, StudyAttendance, Talk
from .officials import leading_officials


def _now():
    return timezone.localtime(timezone.now()).replace(tzinfo=None)


def officials(span=None) -> pa.Table:
    as_of = _now()
    rows = [{"staff_no": p.staff_no, "department_code": p.department.code, "is_principal": int(principal), "as_of": as_of}
            for p, principal in leading_officials()]
    return pa.Table.from_pylist(rows, schema=arrow_schema("accountability_officials"))


def campaigns(span=None) -> pa.Table:
    as_of = _now()
    rows = [{"year": c.year, "sign_due_on": c.sign_due_on, "closes_on": c.closes_on, "as_of": as_of}
            for c in Campaign.objects.order_by("year")]
    return pa.Table.from_pylist(rows, schema=arrow_schema("accountability_campaigns"))


def pledges(span=None) -> pa.Table:
    rows = [{"pledge_id": p.pk, "staff_no": p.person.staff_no, "department_code": p.department.code, "kind": p.kind,
             "year": p.year, "signed_on": p.signed_on}
            for p in Pledge.objects.select_related("person", "department").order_by("pk").iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("accountability_pledges"))


def talks(span=None) -> pa.Table:
    as_of = _now()
    rows = [{"talk_no": t.number, "kind": t.kind, "leader_staff_no": t.leader.staff_no, "department_code": t.department.code,
             "held_on": t.held_on, "follow_up_due": t.follow_up_due, "followed_up_on": t.followed_up_on, "as_of": as_of}
            for t in Talk.objects.select_related("leader", "department").order_by("pk").iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("accountability_talks"))


def talk_participants(span=None) -> pa.Table:
    through = Talk.participants.through.objects.values_list("talk__number", "person__staff_no", "person__department__code")
    rows = [{"talk_no": t, "staff_no": s, "department_code": d} for t, s, d in through.order_by("talk_id", "person_id")]
    return pa.Table.from_pylist(rows, schema=arrow_schema("accountability_talk_participants"))


def study(span=None) -> pa.Table:
    qs = StudyAttendance.objects.values_list("session__number", "person__staff_no", "session__kind", "session__held_on", "score")
    rows = [{"session_no": n, "staff_no": s, "kind": k, "held_on": d, "score": score} for n, s, k, d, score in qs.order_by("pk")]
    return pa.Table.from_pylist(rows, schema=arrow_schema("accountability_study"))


