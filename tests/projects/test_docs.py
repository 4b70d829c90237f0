"""docs/projects.md and docs/land.md name every rule of their domains and every inline parameter."""

from pathlib import Path

from qingfeng.projects import parameters
from qingfeng.screening.catalogue import load_catalogue

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_rule_and_parameter_is_documented():
    projects, land = (DOCS / "projects.md").read_text(encoding="utf-8"), (DOCS / "land.md").read_text(encoding="utf-8")
    for rule in load_catalogue():
        if rule.domain in ("projects", "wages"):
            assert rule.id in projects, rule.id
            assert all(f"`{name}`" in projects for name in rule.params), rule.id
        if rule.domain == "land" and rule.id < "LND-100":
            assert rule.id in land, rule.id
            assert all(f"`{name}`" in land for name in rule.params), rule.id
    for p in (parameters.DEPOSIT_MIN_RATE, parameters.DEPOSIT_MAX_RATE, parameters.DEPOSIT_REDUCED_FLOOR,
              parameters.DEPOSIT_EXEMPT_BELOW):
        assert f"`{p.name}`" in projects
