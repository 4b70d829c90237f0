"""Fixtures for alert tests: screening runs and findings made directly (they are plain rows)."""

import hashlib
import json

import pytest
from django.utils import timezone


def evidence_hash(evidence: dict) -> str:
    return hashlib.sha256(json.dumps(evidence, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users here are fixtures, not a test of password storage: skip PBKDF2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_run(db):
    """make_run([(rule_id, subject_key, department_code, evidence), ...]) → a finished Run with findings."""
    from qingfeng.screening.models import Finding, Run

    def make(rows):
        run = Run.objects.create(started_at=timezone.now(), finished_at=timezone.now(), status=Run.Status.DONE, actor="test")
        Finding.objects.bulk_create([
            Finding(run=run, rule_id=rule_id, rule_version="1.0.0", subject_key=subject, department_code=code,
                    params={"threshold": 50000}, evidence=evidence, evidence_rows=[evidence],
                    evidence_hash=evidence_hash(evidence))
            for rule_id, subject, code, evidence in rows
        ])
        return run

    return make


@pytest.fixture
def users(dept_tree, make_user):
    """A handler and a head in 财政局 (100), a handler in 教育局 (200), a city-wide supervisor, a 三员 admin."""
    return {
        "handler_a": make_user("handler_a", "handler", "own", dept_tree["finance"]),
        "head_a": make_user("head_a", "department_head", "own_and_below", dept_tree["finance"]),
        "handler_b": make_user("handler_b", "handler", "own", dept_tree["education"]),
        "supervisor": make_user("supervisor", "supervisor", "all", dept_tree["city"]),
        "sysadmin": make_user("sysadmin", "system_admin"),
    }
