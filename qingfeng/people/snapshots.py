"""Registry snapshots the people rules read (builders named in ``contract.py``), one Arrow table each,
taken once at the start of a screening run."""

from datetime import timedelta
from decimal import Decimal

import pyarrow as pa

from qingfeng.records.warehouse import arrow_schema

from .models import LINKED, Oversight, PersonLink, ReceptionStandard, RosterEntry


def _table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=arrow_schema(name))


def staff_roster(span=None) -> pa.Table:
    rows = (RosterEntry.objects.select_related("person__department", "person__post")
            .order_by("person__staff_no").values_list(
                "person__staff_no", "person__name", "person__department__code", "person__post__title",
                "person__post__is_leader", "establishment", "status", "joined_on", "left_on", "person__id_hash"))
    return _table("staff_roster", [
        {"staff_no": no, "name": name, "department_code": code, "post": post, "is_leader": int(bool(leader)),
         "establishment": est, "status": status, "joined_on": joined, "left_on": left, "id_hash": id_hash or None}
        for no, name, code, post, leader, est, status, joined, left, id_hash in rows])


def oversight(span=None) -> pa.Table:
    rows = Oversight.objects.order_by("person__staff_no", "department__code").values_list("person__staff_no", "department__code")
    return _table("oversight", [{"staff_no": s, "department_code": d} for s, d in rows])


def company_role_links(span=None) -> pa.Table:
    """Roles whose holder is linked (automatically or by a reviewer) to an official or a declared relative."""
    links = (PersonLink.objects.filter(status__in=LINKED)
             .order_by("pk").values_list("pk", "role__company__credit_code", "role__company__name", "role__kind",
                                         "role__share", "role__start_on", "role__end_on", "person__staff_no",
                                         "relative__relation", "status", "score"))
    return _table("company_role_links", [
        {"link_id": f"L{pk}", "credit_code": code, "company_name": name, "role": kind, "share": share, "start_on": start,
         "end_on": end, "staff_no": staff_no, "holder_kind": "relative" if relation else "self", "relation": relation,
         "link_status": status, "score": Decimal(str(round(score, 2)))}
        for pk, code, name, kind, share, start, end, staff_no, relation, status, score in links])


def counterparties(span=None) -> pa.Table:
    from . import counterparties as cp
    from .parameters import COUNTERPARTY_EVIDENCE_IDS

    return cp.as_table(cp.snapshot(span, int(COUNTERPARTY_EVIDENCE_IDS.value())))


def reception_standards(span=None) -> pa.Table:
    """Each locality's standards with the day before the next one took effect as ``effective_to``."""
    rows = list(ReceptionStandard.objects.order_by("locality", "effective_from")
                .values_list("locality", "per_head_limit", "effective_from"))
    out = []
    for i, (locality, limit, start) in enumerate(rows):
        following = rows[i + 1] if i + 1 < len(rows) and rows[i + 1][0] == locality else None
        out.append({"locality": locality, "per_head_limit": limit, "effective_from": start,
                    "effective_to": following[2] - timedelta(days=1) if following else None})
    return _table("reception_standards", out)
