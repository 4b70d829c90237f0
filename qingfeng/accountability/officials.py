"""Who the leading officials are and which annual integrity talks they owe.

A leading official holds a post marked as a leading post; the principal head (主要负责人) holds a leading post
whose title is not a deputy's (副…). Every year a leader talks with the principal heads of the departments he
oversees (分管, people.Oversight) and a principal head with the principal heads of the departments directly
below his own (层层谈话). The rule ACC-004 computes the same pairs in SQL from the same registries."""

from collections import defaultdict
from dataclasses import dataclass

from qingfeng.core.models import Department, Person


def is_principal(person: Person) -> bool:
    post = person.post
    return bool(post and post.is_leader and not post.title.startswith("副"))


def leading_officials(people=None) -> list[tuple[Person, bool]]:
    qs = people if people is not None else Person.objects.all()
    qs = qs.filter(post__is_leader=True).select_related("post", "department").order_by("department__path", "staff_no")
    return [(p, is_principal(p)) for p in qs]


def principals_by_department() -> dict[int, list[Person]]:
    out: dict[int, list[Person]] = defaultdict(list)
    for p, principal in leading_officials():
        if principal:
            out[p.department_id].append(p)
    return out


@dataclass(frozen=True)
class Duty:
    leader: Person
    head: Person
    basis: str  # "oversight" (分管) or "line" (上下级主要负责人)


def talk_duties(departments=None) -> list[Duty]:
    """The required annual talks; ``departments`` (ids) keeps the duties whose leader or head works there."""
    from qingfeng.people.models import Oversight

    heads = principals_by_department()
    duties: dict[tuple[int, int], Duty] = {}
    for o in Oversight.objects.select_related("person__department", "person__post", "department"):
        for head in heads.get(o.department_id, []):
            if head.pk != o.person_id:
                duties.setdefault((o.person_id, head.pk), Duty(o.person, head, "oversight"))
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent in Department.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children[parent].append(pk)
    for dept_id, leaders in heads.items():
        for child in children.get(dept_id, []):
            for leader in leaders:
                for head in heads.get(child, []):
                    duties.setdefault((leader.pk, head.pk), Duty(leader, head, "line"))
    out = list(duties.values())
    if departments is not None:
        out = [d for d in out if d.leader.department_id in departments or d.head.department_id in departments]
    return sorted(out, key=lambda d: (d.leader.department.path, d.leader.staff_no, d.head.department.path, d.head.staff_no))
