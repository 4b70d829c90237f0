"""Fixtures for tickets: a small department tree with a responsibility list, people per role, and the
designated tip-off reader. The router reads the real citizen messages when ../shared/data is present."""

import pytest
from django.test import Client

PASSWORD = "Qingfeng-Test-2026"


@pytest.fixture
def city(db, calendar_days, make_user):
    from qingfeng.core.actions import create_department
    from qingfeng.tickets import actions
    from qingfeng.tickets.models import Service

    root = create_department("test", code="000", name="市政府")
    office = create_department("test", code="010", name="市政府督查室", parent=root)
    housing = create_department("test", code="300", name="市住房和城乡建设局", parent=root)
    estate = create_department("test", code="301", name="市物业管理中心", parent=housing)
    labour = create_department("test", code="400", name="市人力资源和社会保障局", parent=root)
    transport = create_department("test", code="500", name="市交通运输局", parent=root)
    for dept, category, words in ((housing, "城乡建设", "物业 小区 施工 违建"), (labour, "劳动和社会保障", "社保 工资 欠薪 养老"),
                                  (transport, "交通运输", "公交 出租车 驾校")):
        actions.set_responsibility("test", department=dept, category=category, keywords=words)
    users = {
        "dispatcher": make_user("dispatcher", "supervisor", "all", office, password=PASSWORD),
        "reader": make_user("reader", "supervisor", "all", office, password=PASSWORD),
        "housing_head": make_user("housing_head", "department_head", "own_and_below", housing, password=PASSWORD),
        "housing_handler": make_user("housing_handler", "handler", "own", housing, password=PASSWORD),
        "estate_handler": make_user("estate_handler", "handler", "own", estate, password=PASSWORD),
        "labour_handler": make_user("labour_handler", "handler", "own", labour, password=PASSWORD),
        "secadmin": make_user("secadmin", "security_admin", password=PASSWORD),
        "sysadmin": make_user("sysadmin", "system_admin", password=PASSWORD),
    }
    actions.designate_reader(users["secadmin"], users["reader"])
    return {"root": root, "office": office, "housing": housing, "estate": estate, "labour": labour, "transport": transport,
            "users": users, "service": Service.objects.get(code="CX"), "services": {s.code: s for s in Service.objects.all()}}


@pytest.fixture
def client_as(city):
    def login(name: str) -> Client:
        client = Client()
        client.force_login(city["users"][name])
        return client

    return login


@pytest.fixture
def file_ticket(city):
    """file_ticket(title, text, **kw) → a ticket submitted through the portal action (routing off unless asked)."""
    from qingfeng.tickets import actions

    def make(title="小区门口施工噪音扰民", text="某某小区门口道路施工每天夜里十二点还在施工，噪音严重影响休息。", route=False, **kw):
        kw.setdefault("service", city["service"])
        kw.setdefault("kind", "complaint")
        return actions.submit_ticket("portal", title=title, description=text, route=route, **kw)

    return make
