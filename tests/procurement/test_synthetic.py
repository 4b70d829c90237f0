"""The demo's procurement year: every procurement rule finds exactly the planted subjects — nothing more — so
the clean market really sits inside every Cardinal fence and each plant outside it."""

import pytest

from qingfeng.procurement.names import name_key
from qingfeng.procurement.synthetic import DEMO_PARAMETERS, build
from qingfeng.screening.cases import table
from qingfeng.screening.catalogue import load_catalogue
from qingfeng.screening.engines import open_session

pytestmark = pytest.mark.django_db


def test_every_procurement_rule_finds_exactly_the_planted_subjects(calendar_days):
    rows, truth = build(2025, [f"D{i:02d}" for i in range(1, 9)])
    # the importer's derivation adds the name keys; here the rows go straight to the engine
    for r in rows["awards"]:
        r["supplier_name_key"] = name_key(r["supplier_name"])
    for r in rows["debarments"]:
        r["name_key"] = name_key(r["name"])
    rules = [r for r in load_catalogue() if r.domain == "procurement"]
    assert {r.id for r in rules} == set(truth)
    found = {}
    with open_session("duckdb", sources={n: table(n, r) for n, r in rows.items()}) as session:
        for rule in rules:
            params = {**rule.default_params(), **{k: v for (rid, k), v in DEMO_PARAMETERS.items() if rid == rule.id}}
            result = session.execute(rule.sql, params)
            found[rule.id] = sorted(str(r[result.columns.index("subject_key")]) for r in result.rows)
    assert found == {k: sorted(v) for k, v in truth.items()}
