"""A hostile rule in the catalogue, through the whole screening run (the engine's own lock-down is tested in
tests/screening/test_engine.py): the run refuses it with the reason, the other rules still run, and nothing
from outside the contract's views reaches a finding or a file."""

import shutil

import pytest

from qingfeng.config.settings import BASE_DIR

pytestmark = pytest.mark.django_db

HOSTILE = {
    "HOS-001": "SELECT content AS subject_key, '101' AS department_code FROM read_text('/etc/passwd')",
    "HOS-002": "SELECT payment_id AS subject_key, payer_department_code AS department_code FROM payments; SET enable_external_access = true",
    "HOS-003": "SELECT * FROM (SELECT getenv('HOME') AS subject_key, '101' AS department_code)",
    "HOS-004": "COPY (SELECT payment_id AS subject_key, payer_department_code AS department_code FROM payments) TO '{leak}'",
    "HOS-005": "SELECT payment_id AS subject_key, payer_department_code AS department_code FROM read_parquet('{other}/**/*.parquet')",
}


@pytest.fixture
def catalogue_with_hostile_rules(tmp_path, settings):
    root = tmp_path / "rules"
    shutil.copytree(BASE_DIR / "rules" / "finance" / "FIN-005", root / "finance" / "FIN-005")
    yaml = (root / "finance" / "FIN-005" / "rule.yaml").read_text()
    cases = (root / "finance" / "FIN-005" / "cases.yaml").read_text()
    for rule_id, sql in HOSTILE.items():
        folder = root / "finance" / rule_id
        folder.mkdir()
        (folder / "rule.yaml").write_text(yaml.replace("FIN-005", rule_id))
        (folder / "rule.sql").write_text(sql.format(leak=tmp_path / "leak.csv", other=tmp_path.parent) + "\n")
        (folder / "cases.yaml").write_text(cases)
    settings.QINGFENG = {**settings.QINGFENG, "RULES_DIR": str(root)}
    return tmp_path


def test_hostile_rules_are_refused_by_the_run_and_the_honest_one_still_runs(catalogue_with_hostile_rules):
    from qingfeng.screening.actions import run_screening
    from qingfeng.screening.models import Finding

    run = run_screening("sandbox-test")
    assert run.status == "done"
    assert "error" not in run.rules["FIN-005"] or not run.rules["FIN-005"]["error"]
    for rule_id in HOSTILE:
        assert run.rules[rule_id]["error"].startswith("未通过校验"), run.rules[rule_id]  # refused before the engine
        assert run.rules[rule_id]["hits"] == 0
    assert not Finding.objects.filter(rule_id__startswith="HOS").exists()
    assert not (catalogue_with_hostile_rules / "leak.csv").exists()
