"""Fixtures for the pages: two departments' alerts raised through the real alert actions, and a logged-in
client per role."""

import hashlib
import json

import pytest
from django.test import Client
from django.utils import timezone

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users here are fixtures, not a test of password storage: skip PBKDF2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _payment(payment_id: str, dept_code: str, payee: str, amount: str) -> dict:
    return {"payment_id": payment_id, "payer_department_code": dept_code, "payee_name": payee, "payee_account": "6222000011112222",
            "payee_type": "personal", "amount": amount, "paid_at": "2025-12-27 10:00:00", "settlement_method": "cash"}


@pytest.fixture
def raise_findings(db, calendar_days):
    """raise_findings([(rule_id, subject_key, department_code, evidence_row), ...], now=None) → {subject_key: Alert}."""
    from qingfeng.alerts.actions import raise_alerts
    from qingfeng.alerts.models import Alert
    from qingfeng.screening.models import Finding, Run

    def make(rows, now=None):
        run = Run.objects.create(started_at=timezone.now(), finished_at=timezone.now(), status=Run.Status.DONE, actor="test")
        for rule_id, subject, code, row in rows:
            evidence = {"subject_key": subject, "department_code": code, "amount": row["amount"]}
            Finding.objects.create(run=run, rule_id=rule_id, rule_version="1.0.0", subject_key=subject, department_code=code,
                                   params={"cash_single_limit": 20000}, evidence=evidence, evidence_rows=[row],
                                   evidence_hash=hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest())
        raise_alerts(run, "screening", now=now)
        return {a.subject_key: a for a in Alert.objects.filter(subject_key__in=[r[1] for r in rows])}

    return make


@pytest.fixture
def world(dept_tree, make_user, raise_findings):
    """Department A = 财政局 (with 国库科 below), department B = 教育局. One alert each, and the people."""
    alerts = raise_findings([
        ("FIN-005", "PAY-A-001", "101", _payment("PAY-A-001", "101", "张三建材经营部", "38000.00")),
        ("FIN-005", "PAY-B-001", "200", _payment("PAY-B-001", "200", "李四文具店", "26000.00")),
    ])
    users = {
        "handler_a": make_user("handler_a", "handler", "own_and_below", dept_tree["finance"]),
        "head_a": make_user("head_a", "department_head", "own_and_below", dept_tree["finance"]),
        "handler_b": make_user("handler_b", "handler", "own", dept_tree["education"]),
        "supervisor": make_user("supervisor", "supervisor", "all", dept_tree["city"]),
        "steward": make_user("steward", "data_steward", "all", dept_tree["city"]),
        "sysadmin": make_user("sysadmin", "system_admin"),
        "nobody": make_user("nobody", None, department=dept_tree["city"]),
    }
    return {"alert_a": alerts["PAY-A-001"], "alert_b": alerts["PAY-B-001"], "users": users, "depts": dept_tree}


@pytest.fixture
def client_for(world):
    """client_for("handler_a") → a test client logged in as that user."""

    def login(name: str) -> Client:
        client = Client()
        client.force_login(world["users"][name])
        return client

    return login
