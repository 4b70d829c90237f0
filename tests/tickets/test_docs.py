"""The docs keep up with the code: every policy parameter, rule, Open311 endpoint and CLI subcommand of the
tickets and oversight apps is named in docs/tickets.md or docs/oversight.md."""

from pathlib import Path

import pytest

from qingfeng.oversight import parameters as oversight_parameters
from qingfeng.oversight import signals
from qingfeng.screening.catalogue import load_catalogue
from qingfeng.tickets import parameters as ticket_parameters

DOCS = Path(__file__).resolve().parents[2] / "docs"
TICKETS = (DOCS / "tickets.md").read_text(encoding="utf-8")
OVERSIGHT = (DOCS / "oversight.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("param", ticket_parameters.ALL, ids=lambda p: p.name)
def test_every_ticket_parameter_is_documented(param):
    assert f"`{param.name}`" in TICKETS


@pytest.mark.parametrize("name", ["OVERSIGHT_SIGN_FOR_DAYS", "OVERSIGHT_YELLOW_DAYS", "OVERSIGHT_FINAL_REPORT_NEEDS_EVIDENCE"])
def test_every_oversight_parameter_is_documented(name):
    assert getattr(oversight_parameters, name.removeprefix("OVERSIGHT_")).name == name
    assert f"`{name}`" in OVERSIGHT


def test_every_rule_and_signal_is_documented():
    catalogue = load_catalogue()
    for rule in catalogue:
        if rule.domain == "tickets":
            assert rule.id in TICKETS, rule.id
        if rule.domain == "oversight":
            assert rule.id in OVERSIGHT, rule.id
    assert set(signals.RULES.values()) <= {r.id for r in catalogue if r.domain == "oversight"}


def test_open311_endpoints_and_commands_are_documented():
    for text in ("services.{xml,json}", "services/{code}", "requests.{xml,json}", "requests/{id}", "tokens/{token}",
                 "qingfeng router evaluate", "qingfeng router predict", "qingfeng bench intake"):
        assert text in TICKETS, text
