"""The demo's approvals domain: through the real actions and importer, every approval rule finds exactly what was
planted (recall 1.0, no alert on anything not planted) — on a working day and on a day off alike, since the
cards that depend on the moment are planted relative to it."""

import pytest

from qingfeng.demo.city import City
from qingfeng.demo.run import evaluate

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("when", ["2026-11-27 10:30:00", "2026-10-03 10:30:00"], ids=["working-day", "national-day-holiday"])
def test_every_approval_rule_finds_what_the_demo_planted_and_nothing_else(when):
    from qingfeng.approvals.actions import approval_rule_ids, registry_snapshot
    from qingfeng.core.actions import seed_calendar
    from qingfeng.demo import actions as demo_actions
    from qingfeng.demo.domains import approvals
    from qingfeng.screening.actions import run_screening

    city = City(seed=20261127, scale=0.02)
    seed_calendar("demo", range(city.year - 1, city.year + 2))
    departments = demo_actions.load_departments("demo", city)
    demo_actions.load_staff("demo", city, departments)
    truth = approvals.plant(city, actor="demo", now=at(when))
    rules = approval_rule_ids()
    assert sorted(truth) == rules  # every approval rule has planted subjects
    run = run_screening("demo", rule_ids=rules, registries=registry_snapshot(at(when)))
    rows = {r["id"]: r for r in evaluate(run, truth)}
    for rule_id in rules:
        row = rows[rule_id]
        assert (row["error"], row["recall"], row["unplanted_alerts"]) == (None, 1.0, 0), row
