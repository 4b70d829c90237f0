"""A rule may list only its first evidence ids and say how many there are in all (evidence_ids_total)."""

from qingfeng.screening.catalogue import get_rule, load_catalogue
from qingfeng.screening.findings import EVIDENCE_IDS_TOTAL, EVIDENCE_ROWS_PER_FINDING, hits_from_rows


def test_the_total_column_counts_the_ids_and_stays_out_of_the_evidence():
    rule = get_rule("FIN-013")
    columns = ["subject_key", "department_code", "evidence_ids", "payment_count", EVIDENCE_IDS_TOTAL]
    listed = ",".join(f"P{i:04d}" for i in range(EVIDENCE_ROWS_PER_FINDING))
    outcome = hits_from_rows(rule, columns, [("D1|2025|abroad", "D1", listed, 250, 250), ("D2|2025|abroad", "D2", "P1,P2", 2, None)])
    first, second = outcome.hits
    assert first.evidence_ids_total == 250 and len(first.evidence_ids) == EVIDENCE_ROWS_PER_FINDING
    assert EVIDENCE_IDS_TOTAL not in first.evidence and first.evidence["payment_count"] == 250
    assert second.evidence_ids == ["P1", "P2"] and second.evidence_ids_total == 2


def test_rules_that_cut_their_ids_cut_them_at_the_storage_cap():
    # a rule cutting at fewer ids than a finding keeps would store less evidence than before
    cutting = [r for r in load_catalogue().rules.values() if EVIDENCE_IDS_TOTAL in r.sql]
    assert {r.id for r in cutting} >= {"FIN-009", "FIN-013"}
    for rule in cutting:
        assert f"k <= {EVIDENCE_ROWS_PER_FINDING}" in rule.sql, rule.id
