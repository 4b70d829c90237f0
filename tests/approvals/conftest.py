"""Fixtures of approvals: a city with a legal office, one published item with steps, materials, a fee and an
intermediary service, its staff with an AB pair, and a clock set to real 2026 dates."""

from datetime import date, datetime

import pytest
from django.utils import timezone

PASSWORD = "Qingfeng-Test-2026"
ITEM = {
    "name": "民办学校办学许可", "power_type": "行政许可", "case_type": "承诺件",
    "statutory_days": 20, "committed_days": 10, "extension_days": 10,
    "bases": "中华人民共和国民办教育促进法|第十八条|法律\n中华人民共和国行政许可法|第四十二条|法律",
    "steps": "review|审查|6\ndecide|决定|3",
    "materials": "M1|申请书|\nM2|举办者资格证明|\nM3|办学场所证明|",
    "fees": "F1|证书工本费|10.00|价格主管部门收费文件",
    "intermediaries": "S1|校舍安全鉴定|建设工程质量管理条例",
    "responsibilities": "review|审批科|审查材料与现场核查|未按规定审查导致不符合条件者获批\ndecide|分管领导|作出决定|违法准予或违法不予",
}


@pytest.fixture(autouse=True)
def _chinese():
    """The messages these tests read are the Chinese source strings, whichever language an earlier test left active."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


def at(text: str) -> datetime:
    """A Beijing wall-clock time, aware."""
    return timezone.make_aware(datetime.fromisoformat(text))


@pytest.fixture
def city(dept_tree, calendar_days):
    """dept_tree plus 司法局 (the legal office), with 教育局 staff: a handler pair (A, B) and a head."""
    from qingfeng.approvals import actions
    from qingfeng.core.actions import create_department
    from qingfeng.core.models import Person, Post

    legal = create_department("test", code="300", name="司法局", parent=dept_tree["city"])
    actions.designate_legal_office("test", legal)
    edu = dept_tree["education"]
    post = Post.objects.create(department=edu, title="审批科科员")
    leader = Post.objects.create(department=edu, title="分管副局长", is_leader=True)
    people = {
        "a": Person.objects.create(staff_no="E001", name="王甲", department=edu, post=post),
        "b": Person.objects.create(staff_no="E002", name="李乙", department=edu, post=post),
        "boss": Person.objects.create(staff_no="E010", name="赵局", department=edu, post=leader),
        "boss_b": Person.objects.create(staff_no="E011", name="钱副", department=edu, post=leader),
    }
    actions.set_backup_pair("test", post=post, primary=people["a"], backup_person=people["b"])
    actions.set_backup_pair("test", post=leader, primary=people["boss"], backup_person=people["boss_b"])
    return {**dept_tree, "legal": legal, "post": post, "leader_post": leader, **people}


@pytest.fixture
def item(city):
    """民办学校办学许可 of 教育局, published from 2025-01-01: 20 statutory / 10 committed working days, +10."""
    from qingfeng.approvals import actions

    version = actions.propose_item("test", code="EDU-001", department=city["education"], content=ITEM,
                                   handling_post=city["post"], approving_post=city["leader_post"],
                                   now=at("2024-12-01 09:00:00"))
    actions.review_item("legal-office", version, approve=True, effective_from=date(2025, 1, 1), opinion="合法",
                        now=at("2024-12-05 09:00:00"))
    return version.item


@pytest.fixture
def users(city, make_user):
    from qingfeng.core.models import Person

    def link(username, role, scope, person):
        user = make_user(username, role, scope, password=PASSWORD)
        person.user = user
        person.save(update_fields=["user"])
        return user

    reviewer_person = Person.objects.create(staff_no="L001", name="孙法", department=city["legal"])
    return {
        "a": link("wang.a", "handler", "own", city["a"]),
        "b": link("li.b", "handler", "own", city["b"]),
        "boss": link("zhao.boss", "department_head", "own_and_below", city["boss"]),
        "reviewer": link("sun.legal", "handler", "own", reviewer_person),
        "supervisor": make_user("chen.supervisor", "supervisor", "all", city["city"], password=PASSWORD),
        "finance": make_user("finance.handler", "handler", "own", city["finance"], password=PASSWORD),
        "steward": make_user("steward", "data_steward", "all", city["city"], password=PASSWORD),
    }


@pytest.fixture
def files():
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(*codes):
        return {c: SimpleUploadedFile(f"{c}.pdf", f"%PDF-1.4 {c}".encode(), content_type="application/pdf") for c in codes}

    return make
