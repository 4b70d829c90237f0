"""A small world for the people tests: an official of 财政局 with declared relatives, a business registry in
which his spouse holds shares of a supplier of 国库科, payments to that supplier, and logins per role."""

from datetime import date

import pyarrow as pa
import pytest
from django.test import Client

from qingfeng.people.identifiers import make_credit_code, make_id_number

OFFICIAL_ID = make_id_number("539901", date(1972, 5, 17), 11)
SPOUSE_ID = make_id_number("539902", date(1974, 8, 2), 12)
SPOUSE = "柳如眉"  # a name no other fixture uses, so finding it in a response means a leak
SPOUSE_EMPLOYER = "云川晨曦咨询有限公司监事"
SUPPLIER = make_credit_code("539900", 7001)
OTHER = make_credit_code("539900", 7002)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people_world(dept_tree, make_user):
    from qingfeng.core.models import Person, Post
    from qingfeng.people import actions
    from qingfeng.records.imports import import_arrow

    head_post = Post.objects.create(department=dept_tree["finance"], title="局长", is_leader=True)
    official = Person.objects.create(staff_no="S100", name="韩立诚", department=dept_tree["finance"], post=head_post)
    clerk = Person.objects.create(staff_no="S200", name="周静", department=dept_tree["school"])
    actions.load_roster("test", [
        {"staff_no": "S100", "id_number": OFFICIAL_ID, "establishment": "administrative"},
        {"staff_no": "S200", "id_number": make_id_number("539903", date(1990, 1, 9), 13), "establishment": "public_institution"},
    ])
    actions.record_declaration("test", official, year=2024, submitted_on=date(2025, 1, 20), relatives=[
        {"relation": "spouse", "name": SPOUSE, "id_number": SPOUSE_ID, "employer": SPOUSE_EMPLOYER},
    ])
    actions.load_business_registry("test", [
        {"credit_code": SUPPLIER, "name": "云川鼎盛办公用品有限公司"},
        {"credit_code": OTHER, "name": "云川瑞德贸易有限公司"},
    ], [
        {"credit_code": SUPPLIER, "kind": "legal_rep", "holder_name": "马骏", "holder_id_number": make_id_number("539904", date(1980, 3, 3), 14)},
        {"credit_code": SUPPLIER, "kind": "shareholder", "holder_name": "柳 如眉", "holder_id_number": SPOUSE_ID, "share": 40},
        {"credit_code": OTHER, "kind": "shareholder", "holder_name": "韓立誠",
         "holder_region": "539901", "share": 10},
    ])
    actions.run_matching("test")
    payments = pa.Table.from_pylist([
        {"payment_id": f"P{i}", "payer_department_code": "101", "payer_account": "ZB101", "payee_name": "云川鼎盛办公用品有限公司",
         "payee_account": "4001", "payee_type": "unit", "amount": "12000.00", "paid_at": f"2025-03-0{i} 10:00:00",
         "settlement_method": "transfer", "economic_class": "30201"} for i in range(3, 6)
    ] + [{"payment_id": "P9", "payer_department_code": "201", "payer_account": "ZB201", "payee_name": "云川鼎盛办公用品有限公司",
          "payee_account": "4001", "payee_type": "unit", "amount": "800.00", "paid_at": "2025-03-06 10:00:00",
          "settlement_method": "transfer", "economic_class": "30201"}])
    import_arrow(payments, "payments", source_name="test-payments", actor="test")
    users = {
        "supervisor": make_user("supervisor", "supervisor", "all", dept_tree["city"]),
        "handler": make_user("handler", "handler", "own_and_below", dept_tree["finance"]),
        "head": make_user("head", "department_head", "own_and_below", dept_tree["finance"]),
        "handler_b": make_user("handler_b", "handler", "own", dept_tree["education"]),
        "steward": make_user("steward", "data_steward", "all", dept_tree["city"]),
    }
    from qingfeng.people.models import Company

    return {"official": official, "clerk": clerk, "users": users, "depts": dept_tree,
            "supplier": Company.objects.get(credit_code=SUPPLIER)}


@pytest.fixture
def client_as(people_world):
    def login(name: str) -> Client:
        client = Client()
        client.force_login(people_world["users"][name])
        return client

    return login
