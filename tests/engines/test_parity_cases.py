"""Every rule's cases give the same findings on DuckDB and on Spark: the same subject keys (those the case
expects) and the same evidence values once engine differences that keep the meaning are normalised."""

import pytest

from qingfeng.screening.cases import case_result
from qingfeng.screening.catalogue import load_catalogue
from qingfeng.screening.parity import canonical_rows

CATALOGUE = load_catalogue()
CASES = [pytest.param(rule, case, id=f"{rule.id}-{case.label}-{case.name}") for rule in CATALOGUE for case in rule.cases]

pytestmark = [pytest.mark.spark, pytest.mark.django_db, pytest.mark.usefixtures("calendar_days")]


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_case_gives_the_same_findings_on_duckdb_and_spark(rule, case, spark):
    duck = case_result(rule, case)
    carried = case_result(rule, case, engine="spark", spark=spark)
    keys = sorted(str(row[carried.columns.index("subject_key")]) for row in carried.rows)
    assert keys == sorted(case.expect), case.note or case.name
    assert canonical_rows(carried.columns, carried.rows) == canonical_rows(duck.columns, duck.rows)
