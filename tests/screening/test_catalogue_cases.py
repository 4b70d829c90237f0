"""Every rule of the catalogue passes the validator, and every case of its cases.yaml gives exactly the
expected subject keys when run through the real DuckDB engine."""

import pytest

from qingfeng.screening.cases import run_case
from qingfeng.screening.catalogue import load_catalogue
from qingfeng.screening.validator import check_rule

CATALOGUE = load_catalogue()
CASES = [pytest.param(rule, case, id=f"{rule.id}-{case.label}-{case.name}") for rule in CATALOGUE for case in rule.cases]


def test_catalogue_reads_without_broken_rules():
    assert CATALOGUE.broken == {}
    assert len(CATALOGUE) >= 14


@pytest.mark.parametrize("rule", list(CATALOGUE), ids=lambda r: r.id)
def test_rule_passes_the_validator(rule):
    assert [str(p) for p in check_rule(rule)] == []


@pytest.mark.django_db
@pytest.mark.usefixtures("calendar_days")
@pytest.mark.parametrize(("rule", "case"), CASES)
def test_case_gives_the_expected_subjects(rule, case):
    assert run_case(rule, case) == sorted(case.expect), case.note or case.name
