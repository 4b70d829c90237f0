"""State changes the demo makes: the city's department tree, its staff and posts, and one login per role.

Departments and logins go through core.actions (one ledger event each); the thousands of staff rows are
one bulk action with one ledger event that records how many were loaded and the hash of their content.
"""

import hashlib
from dataclasses import asdict, dataclass

import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction

from qingfeng.core import ledger
from qingfeng.core.actions import create_department, create_user
from qingfeng.core.models import Department, Person, Post, Role, Scope

from .city import City


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    role_zh: str
    scope: str
    department: str  # the name of the person's department, "" for the administrators

    def as_dict(self) -> dict:
        return asdict(self)


def load_departments(actor, city: City) -> dict[str, Department]:
    """The tree 市政府 → 委办局 → 下属单位, parents first."""
    made: dict[str, Department] = {}
    for d in city.departments:
        made[d.code] = create_department(actor, code=d.code, name=d.name, parent=made.get(d.parent_code))
    return made


@transaction.atomic
def load_staff(actor, city: City, departments: dict[str, Department]) -> int:
    """Posts (one per title per department) and people, in bulk; returns how many people were loaded."""
    staff = city.staff.to_pydict()
    titles = sorted({(code, post, leader) for code, post, leader in
                     zip(staff["department_code"], staff["post"], staff["is_leader"], strict=True)})
    posts = Post.objects.bulk_create([Post(department=departments[code], title=post, is_leader=leader)
                                      for code, post, leader in titles])
    post_of = {(p.department.code, p.title): p for p in posts}
    Person.objects.bulk_create([
        Person(staff_no=no, name=name, department=departments[code], post=post_of[(code, post)])
        for no, name, code, post in zip(staff["staff_no"], staff["name"], staff["department_code"], staff["post"], strict=True)
    ], batch_size=2000)
    digest = hashlib.sha256("\n".join(f"{no},{code},{post}" for no, code, post in
                                      zip(staff["staff_no"], staff["department_code"], staff["post"], strict=True)).encode())
    ledger.append(actor, "demo.staff_loaded", object_type="core.person", object_id="demo", data={
        "people": len(staff["staff_no"]), "posts": len(posts), "seed": city.seed, "scale": city.scale,
        "sha256": digest.hexdigest()})
    return len(staff["staff_no"])


def _planted_per_unit(truth: dict[str, list[str]], payments) -> dict[str, int]:
    """How many planted subjects each budget unit answers for (its code starts every aggregate key)."""
    count: dict[str, int] = {}
    ids = {k for keys in truth.values() for k in keys if "|" not in k}
    if ids:
        mask = pc.is_in(payments.column("payment_id"), value_set=pa.array(sorted(ids)))
        for code in payments.filter(mask).column("payer_department_code").to_pylist():
            count[code] = count.get(code, 0) + 1
    for keys in truth.values():
        for k in keys:
            if "|" in k:
                code = k.split("|", 1)[0]
                count[code] = count.get(code, 0) + 1
    return count


def _person(city: City, code: str, posts: tuple[str, ...]) -> Person:
    """The first member of staff of ``code`` holding one of ``posts`` (in staff-number order)."""
    staff = city.staff
    mask = pc.and_(pc.equal(staff.column("department_code"), code), pc.is_in(staff.column("post"), value_set=pa.array(posts)))
    rows = staff.filter(mask).column("staff_no").to_pylist()
    no = rows[0] if rows else staff.filter(pc.equal(staff.column("department_code"), code)).column("staff_no")[0].as_py()
    return Person.objects.get(staff_no=no)


def demo_password(username: str) -> str:
    """Passwords are deterministic so the demo can print them; they are for this throw-away database only."""
    return f"Demo-{username}-2025"


def create_logins(actor, city: City, truth: dict[str, list[str]], payments) -> list[Login]:
    """One login per role. The handler sits in the unit with the most planted violations and the department
    head leads that unit's bureau, so both open the demo to a queue of real alerts."""
    planted = _planted_per_unit(truth, payments)
    units = [d for d in city.payers if d.level == 3]
    unit = max(units, key=lambda d: (planted.get(d.code, 0), d.code))
    bureau = next(d for d in city.departments if d.code == unit.parent_code)
    supervisor_home = next(d for d in city.departments if d.name.endswith("督查室"))
    steward_home = next(d for d in city.departments if d.name.endswith("国库支付中心"))
    head_title = city.staff.filter(pc.equal(city.staff.column("department_code"), bureau.code)).column("post")[0].as_py()
    plan = [
        ("sysadmin", Role.SYSTEM_ADMIN, Scope.SELF, None),
        ("secadmin", Role.SECURITY_ADMIN, Scope.SELF, None),
        ("auditadmin", Role.AUDIT_ADMIN, Scope.SELF, None),
        ("supervisor", Role.SUPERVISOR, Scope.ALL, _person(city, supervisor_home.code, ("主任",))),
        ("head", Role.DEPARTMENT_HEAD, Scope.OWN_AND_BELOW, _person(city, bureau.code, (head_title,))),
        ("handler", Role.HANDLER, Scope.OWN, _person(city, unit.code, ("会计",))),
        ("steward", Role.DATA_STEWARD, Scope.OWN, _person(city, steward_home.code, ("科长", "科员"))),
    ]
    logins = []
    for username, role, scope, person in plan:
        password = demo_password(username)
        create_user(actor, username=username, password=password, person=person, roles=[(role, scope, [])])
        logins.append(Login(username, password, str(role), str(Role(role).label), str(scope),
                            person.department.name if person else ""))
    return logins

