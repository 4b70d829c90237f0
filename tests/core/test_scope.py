"""Data scope and the separation of the three administrators."""

import pytest
from django.core.exceptions import ValidationError

from qingfeng.core import policies
from qingfeng.core.actions import grant_role
from qingfeng.core.models import Department


@pytest.mark.django_db
def test_department_paths_support_subtree_queries(dept_tree):
    finance = dept_tree["finance"]
    assert set(finance.subtree().values_list("code", flat=True)) == {"100", "101", "102"}
    assert dept_tree["treasury"].depth == 2
    assert [d.code for d in dept_tree["treasury"].ancestors()] == ["000", "100"]


@pytest.mark.django_db
def test_moving_a_department_moves_its_subtree(dept_tree):
    finance = dept_tree["finance"]
    finance.parent = dept_tree["education"]
    finance.save()
    assert Department.objects.get(code="101").path.startswith(dept_tree["education"].path)


@pytest.mark.django_db
@pytest.mark.parametrize("scope,expected", [
    ("own", {"100"}),
    ("own_and_below", {"100", "101", "102"}),
    ("all", "ALL"),
])
def test_scopes(dept_tree, make_user, scope, expected):
    user = make_user("u", "handler", scope, dept_tree["finance"])
    ids = policies.visible_department_ids(user)
    got = ids if ids == "ALL" else set(Department.objects.filter(pk__in=ids).values_list("code", flat=True))
    assert got == expected


@pytest.mark.django_db
def test_custom_scope(dept_tree, make_user):
    user = make_user("u", "supervisor", "custom", dept_tree["finance"], departments=[dept_tree["school"]])
    assert policies.visible_department_ids(user) == {dept_tree["school"].pk}


@pytest.mark.django_db
def test_picker_follows_scope(dept_tree, make_user):
    user = make_user("u", "department_head", "own_and_below", dept_tree["education"])
    assert set(policies.departments_for_picker(user).values_list("code", flat=True)) == {"200", "201"}


@pytest.mark.django_db
def test_one_account_holds_at_most_one_admin_role(make_user):
    user = make_user("root1", "system_admin")
    with pytest.raises(ValidationError):
        grant_role("test", user, "audit_admin")
    with pytest.raises(ValidationError):
        grant_role("test", user, "supervisor", "all")


@pytest.mark.django_db
def test_administrators_see_no_business_data(make_user):
    user = make_user("sec", "security_admin")
    assert policies.visible_department_ids(user) == set()


@pytest.mark.django_db
def test_role_grants_are_ledgered(dept_tree, make_user):
    from qingfeng.core.models import LedgerEvent

    make_user("u", "handler", "own", dept_tree["finance"])
    assert LedgerEvent.objects.filter(action="role.granted", data__user="u").exists()


@pytest.mark.django_db
def test_system_admin_edits_calendar_through_the_console_and_it_is_ledgered(client, make_user, calendar_days):
    from qingfeng.core.models import CalendarDay, LedgerEvent

    make_user("sysadmin", "system_admin")
    client.login(username="sysadmin", password="Qingfeng-Test-2026")
    resp = client.post("/admin/core/calendarday/add/", {"date": "2026-07-01", "layer": "local", "is_workday": "", "kind": "local", "name": "建党节（本地）"})
    assert resp.status_code == 302, resp.content[:500]
    assert CalendarDay.objects.get(date="2026-07-01", layer="local").is_workday is False
    assert LedgerEvent.objects.filter(action="calendar.day_set", data__date="2026-07-01").exists()


@pytest.mark.django_db
def test_audit_admin_reads_the_ledger_but_cannot_change_it(client, make_user):
    make_user("auditor", "audit_admin")
    client.login(username="auditor", password="Qingfeng-Test-2026")
    assert client.get("/admin/core/ledgerevent/").status_code == 200
    assert client.get("/admin/core/calendarday/add/").status_code == 403
