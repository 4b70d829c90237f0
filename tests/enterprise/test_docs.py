"""docs/enterprise.md and docs/conduct.md list every rule of their domain with each of its parameters, and every
policy parameter of their app."""

from pathlib import Path

import pytest

from qingfeng.screening.catalogue import load_catalogue

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("domain", ["enterprise", "conduct"])
def test_every_rule_and_parameter_is_documented(domain):
    import importlib

    text = (DOCS / f"{domain}.md").read_text(encoding="utf-8")
    rules = [r for r in load_catalogue() if r.domain == domain]
    assert len(rules) == 3
    missing = [r.id for r in rules if r.id not in text]
    missing += [f"{r.id}.{name}" for r in rules for name in r.params if f"`{name}`" not in text]
    parameters = importlib.import_module(f"qingfeng.{domain}.parameters")
    missing += [p.name for p in vars(parameters).values() if hasattr(p, "basis") and f"`{p.name}`" not in text]
    assert missing == []
