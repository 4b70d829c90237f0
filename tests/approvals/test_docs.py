"""docs/approvals.md names every parameter, every approval rule, every event type and every key of the benchmark's
JSON, so what the code does and what the page says cannot drift apart silently."""

from pathlib import Path

from qingfeng.approvals import parameters
from qingfeng.approvals.models import EventType
from qingfeng.screening.catalogue import load_catalogue

DOC = (Path(__file__).resolve().parents[2] / "docs" / "approvals.md").read_text(encoding="utf-8")
BENCH_KEYS = ("events", "cases", "generated", "plant_seconds", "import", "snapshot", "screening", "alerts", "supervision_seconds",
              "floor_seconds", "rounds", "ratio", "recall", "unplanted_alerts", "rules", "machine")


def test_every_parameter_is_documented():
    assert [p.name for p in parameters.ALL if f"`{p.name}`" not in DOC] == []


def test_every_approval_rule_is_listed_with_its_title():
    rules = [r for r in load_catalogue() if r.domain == "approvals"]
    assert len(rules) == 19
    assert [r.id for r in rules if f"| {r.id} | {r.title_zh} |" not in DOC] == []


def test_every_event_type_is_explained():
    assert [t for t in EventType.values if t not in DOC] == []


def test_every_key_of_the_benchmark_json_is_documented():
    assert [k for k in BENCH_KEYS if f"`{k}`" not in DOC] == []
