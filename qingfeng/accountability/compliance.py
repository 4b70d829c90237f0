"""The compliance views computed for a page, with the same definitions as the rules (ACC-001, ACC-004,
ACC-005): who still owes the year's letter or pledge, which required talks were not held, who is short of
legal study. ``departments`` is the viewer's scope (a set of ids, or ALL)."""

from collections import defaultdict
from dataclasses import dataclass

from qingfeng.core.policies import ALL

from .models import Pledge, PledgeKind, StudyAttendance, StudyKind, Talk
from .officials import leading_officials, talk_duties


def _in_scope(departments, department_id) -> bool:
    return departments == ALL or department_id in departments


def rule_params(rule_id: str) -> dict:
    from qingfeng.screening.catalogue import load_catalogue
    from qingfeng.screening.parameters import params_in_force

    catalogue = load_catalogue()
    return params_in_force(catalogue.rules[rule_id]) if rule_id in catalogue.rules else {}


@dataclass
class PledgeRow:
    person: object
    principal: bool
    letter: object  # Pledge or None
    pledge: object

    @property
    def missing(self) -> list[str]:
        out = []
        if self.principal and self.letter is None:
            out.append(str(PledgeKind.LETTER.label))
        if self.pledge is None:
            out.append(str(PledgeKind.PLEDGE.label))
        return out


def pledge_rows(year: int, departments) -> list[PledgeRow]:
    signed = {(p.person_id, p.kind): p for p in Pledge.objects.filter(year=year)}
    return [PledgeRow(p, principal, signed.get((p.pk, PledgeKind.LETTER)), signed.get((p.pk, PledgeKind.PLEDGE)))
            for p, principal in leading_officials() if _in_scope(departments, p.department_id)]


@dataclass
class MatrixRow:
    leader: object
    head: object
    basis: str
    talks: list


def matrix_rows(year: int, departments) -> list[MatrixRow]:
    held: dict[tuple[int, int], list[str]] = defaultdict(list)
    for number, leader, participant in Talk.participants.through.objects.filter(talk__held_on__year=year).values_list(
            "talk__number", "talk__leader_id", "person_id"):
        held[(leader, participant)].append(number)
    ids = None if departments == ALL else departments
    return [MatrixRow(d.leader, d.head, d.basis, held.get((d.leader.pk, d.head.pk), []))
            for d in talk_duties(ids) if d.leader.post and d.leader.post.is_leader]


@dataclass
class StudyRow:
    person: object
    sessions: int
    best_score: object

    def short(self, params) -> bool:
        return (self.sessions < int(params.get("min_sessions", 2)) or self.best_score is None
                or float(self.best_score) < float(params.get("pass_score", 60)))


def study_rows(year: int, departments) -> list[StudyRow]:
    sessions: dict[int, set] = defaultdict(set)
    best: dict[int, float] = {}
    for person, session, kind, score in StudyAttendance.objects.filter(session__held_on__year=year).values_list(
            "person_id", "session_id", "session__kind", "score"):
        if kind == StudyKind.EXAM:
            if score is not None and (person not in best or score > best[person]):
                best[person] = score
        else:
            sessions[person].add(session)
    return [StudyRow(p, len(sessions.get(p.pk, ())), best.get(p.pk))
            for p, _principal in leading_officials() if _in_scope(departments, p.department_id)]


def imported_appointments(person) -> list[dict]:
    """The HR system's appointment notices for ``person`` (warehouse), each with the pre-appointment talk that
    preceded it within ACC-003's window, or None (the same test as the rule)."""
    from datetime import timedelta

    import pyarrow.compute as pc

    from qingfeng.records.warehouse import read

    from .models import TalkKind

    table = read("hr_appointments")
    rows = table.filter(pc.equal(table["staff_no"], person.staff_no)).to_pylist() if table.num_rows else []
    window = int(rule_params("ACC-003").get("talk_window_days", 180))
    talks = list(Talk.objects.filter(kind=TalkKind.APPOINTMENT, participants=person).order_by("-held_on"))
    for row in sorted(rows, key=lambda r: r["notice_on"], reverse=True):
        row["talk"] = next((t for t in talks if row["notice_on"] - timedelta(days=window) <= t.held_on <= row["notice_on"]), None)
    return sorted(rows, key=lambda r: r["notice_on"], reverse=True)
