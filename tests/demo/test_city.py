"""The demo city: deterministic, the promised size, and ground truth that the real pipeline confirms."""

import pyarrow.compute as pc
import pytest

from qingfeng.demo import catalogue
from qingfeng.demo.city import RULES, content_hash
from qingfeng.demo.run import generate, populate, render

SMALL = 0.02  # about 19,000 payments: every rule still gets at least three planted subjects
# The JSON summary of `qingfeng demo --json`, as docs/demo.md documents it.
DOCUMENTED_KEYS = {"seed", "scale", "departments", "staff", "payments", "budgets", "accounts", "run", "run_status", "alerts",
                   "rules", "recall", "unplanted_alerts", "seconds", "logins", "data_dir"}
DOCUMENTED_RULE_KEYS = {"id", "domain", "title", "planted", "found", "recall", "unplanted_alerts", "error"}


def test_the_same_seed_builds_the_same_city_and_another_seed_a_different_one():
    first, data = generate(7, SMALL)
    again, data_again = generate(7, SMALL)
    other, data_other = generate(8, SMALL)
    assert content_hash(data, first) == content_hash(data_again, again)
    assert content_hash(data, first) != content_hash(data_other, other)


def test_the_full_city_has_the_promised_size_and_plants_every_rule():
    city, data = generate(20261127, 1.0)
    depts = city.departments_table()
    assert depts.num_rows >= 100
    assert set(depts.column("level").to_pylist()) == {1, 2, 3}  # 市政府 → 委办局 → 下属单位
    assert city.staff.num_rows >= 3000
    assert data.payments.num_rows >= 300_000
    assert set(city.accounts.column("kind").to_pylist()) >= {"zero_balance", "basic", "own_funds"}
    for rule in RULES:
        assert 15 <= len(data.truth[rule]) <= 40, rule


def test_clean_purposes_carry_no_sensitive_word_and_planted_ones_each_carry_one():
    city, data = generate(20261127, SMALL)
    planted = set(data.truth["FIN-012"])
    purposes = data.payments.column("purpose")
    for word in catalogue.SEED_SENSITIVE_WORDS:
        ids = data.payments.filter(pc.match_substring(purposes, word)).column("payment_id").to_pylist()
        assert set(ids) <= planted, word


@pytest.mark.django_db
def test_every_planted_violation_is_found_and_no_clean_record_raises_an_alert():
    """The loop end to end: import through the records importer, screen with the catalogue, raise alerts."""
    from qingfeng.alerts.models import Alert

    city, data = generate(20261127, SMALL)
    summary = populate(city, data)
    assert summary["run_status"] == "done"
    by_rule = {r["id"]: r for r in summary["rules"]}
    for rule in RULES:
        row = by_rule[rule]
        assert row["planted"] >= 3 and row["error"] is None, row
        assert (row["recall"], row["unplanted_alerts"]) == (1.0, 0), row
    assert summary["recall"] == 1.0 and summary["unplanted_alerts"] == 0
    assert set(summary) == DOCUMENTED_KEYS - {"data_dir"}  # main() adds data_dir
    assert all(set(r) == DOCUMENTED_RULE_KEYS for r in summary["rules"])
    assert Alert.objects.count() == sum(r["planted"] for r in summary["rules"])  # every domain's plants, one alert each
    assert "100.0%" in render(summary)


@pytest.mark.django_db
def test_each_role_gets_a_login_and_the_handler_and_head_open_onto_alerts():
    from django.contrib.auth import authenticate

    from qingfeng.alerts.models import Alert
    from qingfeng.core import policies
    from qingfeng.core.models import Role

    city, data = generate(20261127, SMALL)
    summary = populate(city, data)
    assert {x["role"] for x in summary["logins"]} == set(Role.values)
    users = {x["username"]: authenticate(username=x["username"], password=x["password"]) for x in summary["logins"]}
    assert all(users.values())
    handler, head = users["handler"], users["head"]
    assert policies.scope_queryset(handler, Alert.objects.all()).exists()
    seen_by_handler = set(policies.scope_queryset(handler, Alert.objects.all()).values_list("pk", flat=True))
    seen_by_head = set(policies.scope_queryset(head, Alert.objects.all()).values_list("pk", flat=True))
    assert seen_by_handler <= seen_by_head  # the head leads the handler's bureau
    assert len(policies.visible_department_ids(head)) > len(policies.visible_department_ids(handler))
    assert policies.scope_queryset(users["supervisor"], Alert.objects.all()).count() == Alert.objects.count()
    assert not policies.scope_queryset(users["sysadmin"], Alert.objects.all()).exists()


@pytest.mark.django_db
def test_the_benchmark_streams_the_city_and_reports_every_figure(tmp_path):
    """A tiny run of `qingfeng bench screening`: the streamed city is the built one, and the figures are all there."""
    from qingfeng.demo.bench import run_bench, write_city
    from qingfeng.demo.city import City

    city = City(seed=20261127, scale=SMALL)
    streamed = write_city(city, tmp_path / "streamed")
    assert streamed["truth"] == city.build().truth
    result = run_bench(City(seed=20261127, scale=SMALL), tmp_path / "bench")
    assert result["screening"]["status"] == "done" and result["screening"]["rules"] == len(RULES)
    assert (result["recall"], result["unplanted_alerts"]) == (1.0, 0)
    assert result["floor_seconds"] > 0 and result["ratio"] > 0
    assert result["import"]["rows_per_second"] > 0 and result["screening"]["rows_per_second"] > 0


def test_every_key_of_the_json_summary_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "demo.md").read_text()
    for key in DOCUMENTED_KEYS | DOCUMENTED_RULE_KEYS | {"generate", "database", "registries", "import", "screening", "total"}:
        assert f"`{key}`" in doc or f'"{key}"' in doc, key


def test_the_plants_are_built_against_the_catalogue_defaults():
    """The generator's thresholds are the rules' default parameters: a changed default must change the plants."""
    from qingfeng.demo import city as c
    from qingfeng.screening.catalogue import load_catalogue

    rules = load_catalogue().rules
    expected = {
        ("FIN-004", "personal_transfer_threshold"): c.PERSONAL_TRANSFER_THRESHOLD,
        ("FIN-005", "cash_single_limit"): c.CASH_SINGLE_LIMIT,
        ("FIN-006", "cash_monthly_limit"): c.CASH_MONTHLY_LIMIT,
        ("FIN-007", "cash_annual_limit"): c.CASH_ANNUAL_LIMIT,
        ("FIN-009", "december_share"): c.DECEMBER_SHARE,
        ("FIN-009", "min_annual_total"): c.MIN_ANNUAL_TOTAL,
        ("FIN-010", "procurement_threshold"): c.PROCUREMENT_THRESHOLD,
        ("FIN-010", "near_ratio"): c.NEAR_RATIO,
        ("FIN-014", "card_min_amount"): c.CARD_MIN_AMOUNT,
    }
    for (rule_id, name), value in expected.items():
        assert rules[rule_id].default_params()[name] == value, (rule_id, name)
    assert set(rules["FIN-014"].default_params()["card_classes"]) == catalogue.CARD_CLASSES
    assert tuple(rules["FIN-014"].default_params()["card_exception_words"]) == catalogue.CARD_EXCEPTION_WORDS
    assert rules["FIN-010"].default_params()["window_days"] < 45  # the near-miss pair is 45 days apart
    assert rules["FIN-011"].default_params()["window_days"] < c.CLEAN_REPEAT_GAP_DAYS


@pytest.mark.django_db
def test_each_planted_purpose_carries_a_word_of_the_seeded_registry():
    from qingfeng.screening.models import SensitiveWord

    words = set(SensitiveWord.objects.filter(active=True).values_list("word", flat=True))
    assert set(catalogue.SEED_SENSITIVE_WORDS) <= words
    assert all(any(w in purpose for w in words) for purpose in catalogue.SENSITIVE_PURPOSES)
