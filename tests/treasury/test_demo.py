"""The demo's treasury domain: through the records importer and the lease actions, every treasury and lease rule
finds exactly what was planted (recall 1.0) and nothing else (no alert on a clean notice, allocation, use or lease)."""

import pytest

from qingfeng.demo.city import City
from qingfeng.demo.run import evaluate

pytestmark = pytest.mark.django_db

RULES = ["FIN-015", "FIN-016", "FIN-017", "FIN-018", "LND-101", "LND-102", "LND-103"]


def test_every_treasury_rule_finds_what_the_demo_planted_and_nothing_else():
    from qingfeng.core.actions import seed_calendar
    from qingfeng.demo import actions as demo_actions
    from qingfeng.demo.domains import treasury
    from qingfeng.screening.actions import run_screening

    city = City(seed=20261127, scale=0.02)
    seed_calendar("demo", range(city.year - 1, city.year + 2))
    departments = demo_actions.load_departments("demo", city)
    demo_actions.load_staff("demo", city, departments)
    truth = treasury.populate(city, actor="demo")
    assert sorted(truth) == RULES
    run = run_screening("demo", rule_ids=RULES)
    rows = {r["id"]: r for r in evaluate(run, truth)}
    for rule_id in RULES:
        row = rows[rule_id]
        assert (row["error"], row["recall"], row["unplanted_alerts"]) == (None, 1.0, 0), row
