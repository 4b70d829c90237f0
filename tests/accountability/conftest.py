import pytest


@pytest.fixture
def city(db, make_user):
    """市政府 → 市政府办公室 (a deputy mayor), 财政局 (局长, 副局长) → 国库支付中心 (主任); 教育局 (局长).
    The deputy mayor oversees 财政局; supervisors and heads hold logins."""
    from qingfeng.core.actions import create_department
    from qingfeng.core.models import Person, Post
    from qingfeng.people.actions import assign_oversight

    root = create_department("test", code="000", name="市政府")
    office = create_department("test", code="010", name="市政府办公室", parent=root)
    finance = create_department("test", code="100", name="市财政局", parent=root)
    treasury = create_department("test", code="101", name="市国库支付中心", parent=finance)
    education = create_department("test", code="200", name="市教育局", parent=root)

    def person(no, name, dept, title, leader=True):
        post, _ = Post.objects.get_or_create(department=dept, title=title, is_leader=leader)
        return Person.objects.create(staff_no=no, name=name, department=dept, post=post)

    people = {
        "mayor": person("M1", "王副市长", office, "副市长"),
        "fin_head": person("F1", "李局长", finance, "局长"),
        "fin_deputy": person("F2", "赵副局长", finance, "副局长"),
        "treasury_head": person("T1", "陈主任", treasury, "主任"),
        "edu_head": person("E1", "刘局长", education, "局长"),
        "clerk": person("F9", "周科员", finance, "科员", leader=False),
    }
    assign_oversight("test", people["mayor"], finance)
    users = {
        "sup": make_user("sup", "supervisor", "all", office),
        "fin": make_user("fin", "department_head", "own_and_below", finance),
        "edu": make_user("edu", "department_head", "own", education),
    }
    return {"root": root, "office": office, "finance": finance, "treasury": treasury, "education": education, **people,
            **users}
