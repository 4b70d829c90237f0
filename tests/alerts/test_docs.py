"""docs/alerts.md describes every transition, parameter and ledger event the code has."""

import re
from pathlib import Path

from qingfeng.alerts import lifecycle, parameters

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "alerts.md").read_text(encoding="utf-8")


def test_every_transition_is_documented():
    for verb in lifecycle.TRANSITIONS:
        assert f"`{verb}`" in DOC, verb


def test_every_parameter_is_documented():
    for parameter in parameters.ALL:
        assert f"`{parameter.name}`" in DOC, parameter.name


def test_every_ledger_event_the_actions_write_is_documented():
    source = (ROOT / "qingfeng" / "alerts" / "actions.py").read_text(encoding="utf-8")
    actions = set(re.findall(r'"(alerts?\.[a-z_]+)"', source)) - {"alerts.alert"}  # that one is an object type
    assert actions >= {"alert.created", "alert.answered", "alerts.raised"}
    for action in actions:
        assert f"`{action}`" in DOC, action
