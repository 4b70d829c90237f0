"""A rule may list only its first evidence ids and say how many there are in all (evidence_ids_total)."""

import re

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
    top_n = re.compile(rf"(min|max)_by\(.*, {EVIDENCE_ROWS_PER_FINDING}\)|k <= {EVIDENCE_ROWS_PER_FINDING}\b", re.S)
    for rule in cutting:
        assert top_n.search(rule.sql), rule.id


def test_rows_encoded_once_hash_as_the_whole_canonical_document_and_are_stored_as_they_are(db):
    """A run encodes a finding's rows once, for the hash and for storage; the hash is the one of the whole
    canonical document, so hashes stored before still match."""
    import hashlib
    import json

    from django.utils import timezone

    from qingfeng.screening.evidence import EncodedRows, encode_rows, evidence_hash
    from qingfeng.screening.models import Finding, Run

    shared = {"payment_id": "P-1", "amount": "120.50", "purpose": "差旅费 \"报销\"", "paid_at": "2025-12-01 10:00:00"}
    rows = [shared, {"payment_id": "P-2", "amount": "3.00", "purpose": None}, shared]
    evidence = {"subject_key": "D1|2025", "share": 0.5, "year": 2025}
    encoded = encode_rows(rows)
    assert isinstance(encoded, EncodedRows) and encoded == rows
    whole = json.dumps({"evidence": evidence, "evidence_rows": rows}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert evidence_hash(evidence, encoded) == evidence_hash(evidence, rows) == hashlib.sha256(whole.encode()).hexdigest()
    assert evidence_hash(evidence, encode_rows([])) == evidence_hash(evidence, [])
    run = Run.objects.create(engine="duckdb", started_at=timezone.now())
    Finding.objects.create(run=run, rule_id="FIN-009", rule_version="1", subject_key="D1|2025", evidence=evidence,
                           evidence_rows=encoded, evidence_hash=evidence_hash(evidence, encoded))
    assert Finding.objects.get(run=run).evidence_rows == rows


def test_evidence_columns_follow_the_contract_whatever_order_the_json_kept():
    from qingfeng.web.evidence import evidence_table

    table = evidence_table([{"purpose": "办公", "amount": "1.00", "payment_id": "P-1", "note": "x"}], 10, dataset="payments")
    assert [k for k, _label in table.columns] == ["payment_id", "amount", "purpose", "note"]
