"""From a rule's result rows to findings: subject key, owning department, evidence row and record rows.

A rule returns one row per hit. ``subject_key`` names the hit, the routing column (``department_code``
unless rule.yaml says otherwise) names the department that must answer, and an optional ``evidence_ids``
column lists the keys of the records behind it (payment ids joined by ','). Those records are fetched
once per run for all rules together, so evidence costs one more scan, not one per rule.
"""

from dataclasses import dataclass, field

from . import evidence as ev
from .catalogue import Rule

EVIDENCE_IDS = "evidence_ids"
# Optional: a rule that lists only its first ids in evidence_ids says here how many there are in all.
EVIDENCE_IDS_TOTAL = "evidence_ids_total"
# A storage guard, not a policy: a finding keeps at most this many record rows (the rule orders them).
EVIDENCE_ROWS_PER_FINDING = 100


@dataclass
class Hit:
    subject_key: str
    department_code: str
    evidence: dict
    evidence_ids: list[str]
    evidence_ids_total: int = 0
    evidence_rows: list[dict] = field(default_factory=list)


@dataclass
class RuleOutcome:
    rule: Rule
    params: dict
    hits: list[Hit] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""
    duplicates: int = 0  # rows whose subject key repeated an earlier row's (the first is kept)
    null_subjects: int = 0  # rows without a subject key (dropped)

    def summary(self) -> dict:
        out = {"version": self.rule.version, "params": ev.json_safe(self.params), "hits": len(self.hits),
               "seconds": round(self.seconds, 4), "content_hash": self.rule.content_hash}
        if self.error:
            out["error"] = self.error
        if self.duplicates:
            out["duplicates"] = self.duplicates
        if self.null_subjects:
            out["null_subjects"] = self.null_subjects
        return out


def _split_ids(value) -> list[str]:
    """Keys in order, each once (a group's string_agg may list thousands of payments)."""
    if value is None:
        return []
    parts = map(str, value) if isinstance(value, (list, tuple)) else str(value).split(",")
    keys = dict.fromkeys(map(str.strip, parts))  # C-level loops: a group may list a million ids
    keys.pop("", None)
    return list(keys)


def hits_from_rows(rule: Rule, columns: list[str], rows: list[tuple]) -> RuleOutcome:
    outcome = RuleOutcome(rule, {})
    seen: set[str] = set()
    for values in rows:
        data = dict(zip(columns, values, strict=True))
        subject = data.get("subject_key")
        if subject is None or str(subject) == "":
            outcome.null_subjects += 1
            continue
        subject = str(subject)
        if subject in seen:
            outcome.duplicates += 1
            continue
        seen.add(subject)
        ids = _split_ids(data.pop(EVIDENCE_IDS, None))
        total = data.pop(EVIDENCE_IDS_TOTAL, None)
        dept = data.get(rule.routing)
        outcome.hits.append(Hit(
            subject_key=subject, department_code="" if dept is None else str(dept), evidence=ev.row(data),
            evidence_ids=ids[:EVIDENCE_ROWS_PER_FINDING], evidence_ids_total=max(len(ids), int(total or 0)),
        ))
    return outcome


def attach_evidence(session, outcomes: list[RuleOutcome], *, known: dict | None = None, first: dict | None = None) -> None:
    """Fill every hit's evidence rows with one query per evidence dataset.

    An incremental run passes ``known`` (dataset → {key: row}: JSON-safe rows it already holds, which
    records never edited in place keep valid) and ``first`` (dataset → relations to look in before the
    whole dataset: the new batch's rows), so only the rest is looked up across the warehouse.
    """
    wanted: dict[str, set[str]] = {}
    for outcome in outcomes:
        for hit in outcome.hits:
            wanted.setdefault(outcome.rule.evidence_dataset, set()).update(hit.evidence_ids)
    for dataset, keys in wanted.items():
        held = (known or {}).get(dataset, {})
        rows = {k: held[k] for k in keys if k in held}
        for relation in [*(first or {}).get(dataset, ()), None]:
            missing = sorted(keys - rows.keys())
            if not missing:
                break
            rows.update({k: ev.row(v) for k, v in session.fetch_rows(dataset, missing, relation=relation).items()})  # each record once
        for outcome in outcomes:
            if outcome.rule.evidence_dataset != dataset:
                continue
            for hit in outcome.hits:
                hit.evidence_rows = [rows[k] for k in hit.evidence_ids if k in rows]
                if hit.evidence_ids_total > len(hit.evidence_ids):
                    hit.evidence["evidence_rows_total"] = hit.evidence_ids_total
