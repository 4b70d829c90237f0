"""The demo city (scale 0.02, every domain's data) screened on DuckDB and on Spark gives the same findings:
the same subjects of the same rules, with the same evidence values."""

import pytest

from qingfeng.screening.actions import run_screening
from qingfeng.screening.models import Finding
from qingfeng.screening.parity import canonical_findings, differences

pytestmark = [pytest.mark.spark, pytest.mark.django_db]


def test_the_demo_city_gives_identical_findings_on_both_engines(spark):
    from qingfeng.demo.run import generate, populate

    city, data = generate(20261127, 0.02)
    summary = populate(city, data)  # imports, every domain, and the DuckDB run the demo makes
    duck = Finding.objects.filter(run_id=summary["run"])
    carried = run_screening("test", engine="spark", session_options={"spark": spark})

    assert carried.status == "done", carried.error
    left = canonical_findings(duck.values("rule_id", "subject_key", "evidence", "evidence_rows"))
    right = canonical_findings(carried.findings.values("rule_id", "subject_key", "evidence", "evidence_rows"))
    assert len(left) > 100
    assert differences(left, right) == []
    assert {rule_id for rule_id, _s in left} >= {f"FIN-{i:03d}" for i in range(1, 15)}
