"""三员分立: the system administrator manages accounts, the security administrator policies and roles, the
audit administrator reads the logs; none of them can do another's work, and none can alter or delete a
ledger event or a login record."""

import pytest
from django.test import Client

from qingfeng.core.models import LedgerEvent, RoleGrant
from qingfeng.security.models import LoginRecord, PolicySetting

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(dept_tree, make_user):
    out = {}
    for name, role in (("sys", "system_admin"), ("sec", "security_admin"), ("audit", "audit_admin")):
        client = Client()
        client.force_login(make_user(name, role))
        out[name] = client
    out["target"] = make_user("target", None, department=dept_tree["finance"])
    return out


def test_the_system_administrator_creates_and_disables_accounts_but_grants_no_role(admins):
    sys, target = admins["sys"], admins["target"]
    assert sys.post("/security/users/new/", {"username": "zhang", "password": "Initial-Pass-2026"}).status_code == 302
    sys.post(f"/security/users/{target.pk}/deactivate/")
    target.refresh_from_db()
    assert not target.is_active and LedgerEvent.objects.filter(action="user.deactivated", actor="sys").exists()
    sys.post(f"/security/users/{target.pk}/grant/", {"role": "supervisor", "scope": "all"})
    assert not RoleGrant.objects.filter(user=target).exists()
    assert sys.post("/security/policy/", {"LOCKOUT_FAILURES": 3}).status_code == 403


def test_the_security_administrator_grants_roles_and_sets_policy_but_creates_no_account(admins):
    sec, target = admins["sec"], admins["target"]
    sec.post(f"/security/users/{target.pk}/grant/", {"role": "handler", "scope": "own"})
    assert RoleGrant.objects.filter(user=target, role="handler").exists()
    assert LedgerEvent.objects.filter(action="role.granted", actor="sec").exists()
    page = sec.post(f"/security/users/{target.pk}/grant/", {"role": "audit_admin", "scope": "self"}, follow=True)
    assert "三员分立" in page.content.decode() and not RoleGrant.objects.filter(user=target, role="audit_admin").exists()
    form = {p: v for p, v in {"PASSWORD_MIN_LENGTH": 12, "PASSWORD_MIN_CLASSES": 3, "PASSWORD_HISTORY": 5, "PASSWORD_MAX_AGE_DAYS": 90,
                              "LOCKOUT_FAILURES": 3, "LOCKOUT_WINDOW_MINUTES": 10, "LOCKOUT_MINUTES": 30,
                              "LOGIN_RECORD_RETENTION_DAYS": 180}.items()}
    assert sec.post("/security/policy/", form).status_code == 302
    assert PolicySetting.objects.get(name="LOCKOUT_FAILURES").value == 3
    assert LedgerEvent.objects.filter(action="security.policy_set", data__name="LOCKOUT_FAILURES").exists()
    assert sec.post("/security/users/new/", {"username": "li", "password": "Initial-Pass-2026"}).status_code == 403


def test_the_audit_administrator_reads_every_log_and_changes_nothing(admins):
    audit, target = admins["audit"], admins["target"]
    assert audit.get("/security/logins/").status_code == 200
    assert audit.get("/security/logins/?verify=1").status_code == 200
    assert audit.get("/admin/core/ledgerevent/").status_code == 200
    before = LedgerEvent.objects.count()
    for what in ("deactivate", "unlock", "reset-totp", "grant", "revoke"):
        audit.post(f"/security/users/{target.pk}/{what}/", {"role": "handler", "scope": "own"})
    assert audit.post("/security/users/new/", {"username": "x", "password": "Initial-Pass-2026"}).status_code == 403
    assert LedgerEvent.objects.count() == before


@pytest.mark.parametrize("who", ["sys", "sec", "audit"])
def test_no_administrator_can_alter_or_delete_ledger_events_or_login_records(admins, who):
    client = admins[who]
    event, record = LedgerEvent.objects.first(), LoginRecord.objects.first()
    for url in (f"/admin/core/ledgerevent/{event.pk}/change/", f"/admin/core/ledgerevent/{event.pk}/delete/",
                f"/admin/security/loginrecord/{record.pk}/change/", f"/admin/security/loginrecord/{record.pk}/delete/"):
        client.post(url, {"post": "yes", "actor": "forged"})
    client.post("/admin/core/ledgerevent/", {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    assert LedgerEvent.objects.filter(pk=event.pk, actor=event.actor, hash=event.hash).exists()
    assert LoginRecord.objects.filter(pk=record.pk, hash=record.hash).exists()
