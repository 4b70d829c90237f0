"""Login security as 等保 2.0 第三级 asks: lockout after repeated failures with an unlock path, a second factor
for privileged roles (enrolled at first login), the password policy, and login records apart from the ledger."""

import pyotp
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from qingfeng.core.models import LedgerEvent
from qingfeng.security import actions, archive, records
from qingfeng.security.models import AccountSecurity, LoginEvent, LoginRecord

pytestmark = pytest.mark.django_db
PASSWORD = "Qingfeng-Test-2026"


def post_login(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="pytest")


def enrol(client) -> str:
    """Walk the enrolment page like a user with an authenticator app; returns the secret."""
    page = client.get("/login/enrol/").content.decode()
    secret = page.split('id="totp-secret">')[1].split("<")[0].replace(" ", "")
    response = client.post("/login/enrol/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response["Location"] == "/"
    return secret


def test_a_handler_logs_in_with_the_password_alone_and_the_login_is_recorded(dept_tree, make_user):
    make_user("h", "handler", "own", dept_tree["finance"])
    client = Client()
    assert post_login(client, "h")["Location"] == "/"
    record = LoginRecord.objects.get(event=LoginEvent.LOGIN)
    assert (record.username, record.success, record.ip, record.user_agent) == ("h", True, "10.1.2.3", "pytest")
    client.post("/logout/")
    assert LoginRecord.objects.filter(event=LoginEvent.LOGOUT, username="h").exists()
    assert not LedgerEvent.objects.filter(action__startswith="login").exists()  # records live apart from the ledger


def test_five_failures_in_ten_minutes_lock_the_account_even_against_the_right_password(dept_tree, make_user):
    make_user("h", "handler", "own", dept_tree["finance"])
    client = Client()
    for _ in range(4):
        assert "用户名或密码错误" in post_login(client, "h", "wrong").content.decode()
    assert "已锁定" in post_login(client, "h", "wrong").content.decode()
    refused = post_login(client, "h")
    assert refused.status_code == 200 and "已锁定" in refused.content.decode()
    assert not Client().get("/alerts/").wsgi_request.user.is_authenticated
    events = list(LoginRecord.objects.order_by("seq").values_list("event", flat=True))
    assert events.count(LoginEvent.PASSWORD_FAILED) == 5 and LoginEvent.LOCKED in events and events[-1] == LoginEvent.REFUSED_LOCKED


def test_the_lock_expires_after_its_period(dept_tree, make_user):
    user = make_user("h", "handler", "own", dept_tree["finance"])
    for _ in range(5):
        post_login(Client(), "h", "wrong")
    state = AccountSecurity.objects.get(user=user)
    assert state.is_locked() and not state.is_locked(state.locked_until + timezone.timedelta(seconds=1))


def test_the_security_administrator_unlocks_and_no_one_else_can(dept_tree, make_user):
    user = make_user("h", "handler", "own", dept_tree["finance"])
    secadmin, sysadmin = make_user("sec", "security_admin"), make_user("sys", "system_admin")
    for _ in range(5):
        post_login(Client(), "h", "wrong")
    sys_client = Client()
    sys_client.force_login(sysadmin)
    sys_client.post(f"/security/users/{user.pk}/unlock/")
    assert actions.is_locked(user)
    sec_client = Client()
    sec_client.force_login(secadmin)
    assert sec_client.post(f"/security/users/{user.pk}/unlock/").status_code == 302
    assert not actions.is_locked(user)
    assert post_login(Client(), "h")["Location"] == "/"
    assert LedgerEvent.objects.filter(action="security.account_unlocked", actor="sec").exists()
    assert LoginRecord.objects.filter(event=LoginEvent.UNLOCKED, by="sec").exists()


def test_a_supervisor_enrols_the_second_factor_at_first_login_then_needs_a_code(dept_tree, make_user):
    make_user("sup", "supervisor", "all", dept_tree["city"])
    client = Client()
    assert post_login(client, "sup")["Location"] == "/login/enrol/"
    assert client.get("/alerts/")["Location"].startswith("/login/")  # not logged in before the second factor
    enrol_page = client.get("/login/enrol/").content.decode()
    assert 'src="data:image/svg+xml' in enrol_page  # the QR code is drawn on the server, no outside service
    secret = enrol(client)
    assert client.get("/alerts/").status_code == 200
    client.post("/logout/")

    client = Client()
    assert post_login(client, "sup")["Location"] == "/login/verify/"
    assert client.post("/login/verify/", {"code": "000000"}).status_code == 200
    code = pyotp.TOTP(secret).at(timezone.now().timestamp() + 30)  # the next step: the enrolment used this one
    assert client.post("/login/verify/", {"code": code})["Location"] == "/"
    # the same code is refused a second time (replay)
    again = Client()
    post_login(again, "sup")
    assert again.post("/login/verify/", {"code": code}).status_code == 200
    stored = AccountSecurity.objects.get(user__username="sup").totp_secret
    assert secret not in stored and stored.startswith("sm4:")  # sealed at rest


def test_wrong_second_factor_codes_count_toward_the_lock(dept_tree, make_user):
    make_user("sup", "supervisor", "all", dept_tree["city"])
    client = Client()
    post_login(client, "sup")
    enrol(client)
    client.post("/logout/")
    client = Client()
    post_login(client, "sup")
    for _ in range(5):
        response = client.post("/login/verify/", {"code": "123456"})
    assert response["Location"] == "/login/"
    assert actions.is_locked(AccountSecurity.objects.get(user__username="sup").user)


def test_the_security_administrator_resets_a_lost_second_factor(dept_tree, make_user):
    sup = make_user("sup", "supervisor", "all", dept_tree["city"])
    client = Client()
    post_login(client, "sup")
    enrol(client)
    actions.reset_totp(make_user("sec", "security_admin"), sup)
    assert post_login(Client(), "sup")["Location"] == "/login/enrol/"


def test_any_user_may_turn_on_the_second_factor(dept_tree, make_user):
    handler = make_user("h", "handler", "own", dept_tree["finance"])
    client = Client()
    client.force_login(handler)
    page = client.get("/security/account/totp/").content.decode()
    secret = page.split('id="totp-secret">')[1].split("<")[0].replace(" ", "")
    assert client.post("/security/account/totp/", {"code": pyotp.TOTP(secret).now()})["Location"] == "/security/account/"
    assert post_login(Client(), "h")["Location"] == "/login/verify/"


@pytest.mark.parametrize("password, reason", [
    ("Short-1", "至少 10 位"), ("alllowercaseletters", "至少 3 类"), ("Qingfeng-Test-2026", "最近"),
])
def test_the_password_policy_refuses_short_simple_and_reused_passwords(dept_tree, make_user, password, reason):
    user = make_user("h", "handler", "own", dept_tree["finance"])
    client = Client()
    client.force_login(user)
    page = client.post("/security/password/", {"old": PASSWORD, "new": password, "again": password}).content.decode()
    assert reason in page


def test_the_last_n_passwords_may_not_come_back(dept_tree, make_user):
    user = make_user("h", "handler", "own", dept_tree["finance"])
    actions.change_password(user, user, old=PASSWORD, new="Second-Pass-2026")
    actions.change_password(user, user, old="Second-Pass-2026", new="Third-Pass-2026")
    with pytest.raises(ValidationError, match="最近"):
        actions.change_password(user, user, old="Third-Pass-2026", new=PASSWORD)


def test_an_expired_password_must_be_changed_before_anything_else(dept_tree, make_user, settings):
    user = make_user("h", "handler", "own", dept_tree["finance"])
    AccountSecurity.objects.filter(user=user).update(password_changed_at=timezone.now() - timezone.timedelta(days=91))
    client = Client()
    assert post_login(client, "h")["Location"].startswith("/security/password/")
    assert client.get("/alerts/")["Location"].startswith("/security/password/")
    client.post("/security/password/", {"old": PASSWORD, "new": "Fresh-Pass-2026!", "again": "Fresh-Pass-2026!", "next": "/alerts/"})
    assert client.get("/alerts/").status_code == 200


def test_an_account_created_by_the_system_administrator_must_change_its_initial_password(db, make_user):
    sysadmin = make_user("sys", "system_admin")
    client = Client()
    client.force_login(sysadmin)
    assert client.post("/security/users/new/", {"username": "newbie", "password": "Initial-Pass-2026"}).status_code == 302
    assert LedgerEvent.objects.filter(action="user.created", actor="sys").exists()
    fresh = Client()
    assert post_login(fresh, "newbie", "Initial-Pass-2026")["Location"].startswith("/security/password/")


def test_sessions_end_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_the_admin_console_logs_in_through_the_same_login(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response["Location"] == "/login/?next=/admin/"


def test_login_records_form_a_chain_that_names_a_tampered_record(dept_tree, make_user):
    from django.db import connection

    make_user("h", "handler", "own", dept_tree["finance"])
    for _ in range(3):
        post_login(Client(), "h", "wrong")
    assert records.verify().ok
    with pytest.raises(ValidationError):
        LoginRecord.objects.all().delete()
    with pytest.raises(ValidationError):
        LoginRecord.objects.filter(username="h").update(ip="1.1.1.1")
    with connection.cursor() as c:
        c.execute("UPDATE security_loginrecord SET ip = '8.8.8.8' WHERE seq = 2")
    assert [p for p in records.verify().problems if "#2" in p]


def test_archive_moves_old_records_out_and_the_chain_continues(dept_tree, make_user, settings):
    make_user("h", "handler", "own", dept_tree["finance"])
    for _ in range(3):
        post_login(Client(), "h", "wrong")
    later = timezone.now() + timezone.timedelta(days=181)
    result = archive.archive_login_records("cli", now=later)
    assert result["archived"] == 3 and LoginRecord.objects.count() == 0
    event = LedgerEvent.objects.get(action=records.ARCHIVED_ACTION)
    assert archive.verify_archive(settings.DATA_DIR / event.data["file"], event.data["sha256"]) == []
    post_login(Client(), "h", "wrong")
    assert LoginRecord.objects.get().seq == 4 and records.verify().ok
    with pytest.raises(ValueError):
        archive.archive_login_records("cli", older_than_days=30)  # never less than the legal six months
