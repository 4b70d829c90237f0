"""Demo domain "oversight": 督办 tasks of 云川市 — registered from meetings, instructions and annual
commitments, split among bureaus with milestones — and planted cases of each signal: 慢 (overdue, late
sign-for), 浮 (a report pasted again, a milestone claimed without evidence), 僵 (three weeks without an
update), 推 (bounced between two bureaus), 梗 (a final report nobody reviewed) and 懒 (never opened).

A never-opened assignment is also signed for late, so it is planted for 慢 as well. Clean assignments are
signed within two hours, updated recently, reviewed the day they report, and due after the screening.
"""

from collections import defaultdict
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

TASKS = ("背街小巷路面改造", "老旧小区加装电梯", "中小学课后服务全覆盖", "农民工工资专户全覆盖", "城区黑臭水体治理",
         "政务服务“一网通办”", "公交线网优化", "菜市场提质改造", "背街小巷路灯亮化", "社区卫生服务中心标准化建设",
         "营商环境投诉办结率提升", "餐厨垃圾集中收运")
SOURCES = ("meeting", "instruction", "commitment")


def _evidence(name="现场照片.pdf"):
    return ContentFile(b"%PDF-1.4 demo evidence\n", name=name)


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.core.models import Department
    from qingfeng.oversight import actions as oa

    now = timezone.now()
    home = Department.objects.filter(name__endswith="督查室").first() or Department.objects.filter(parent__isnull=True).first()
    bureaus = list(Department.objects.filter(depth=1).exclude(name="市政府办公室").order_by("code"))
    if len(bureaus) < 8:
        return {}
    truth: dict[str, list[str]] = defaultdict(list)
    picks = iter(range(10 ** 6))

    def bureau():
        return bureaus[next(picks) % len(bureaus)]

    def task(i, registered, due_days, depts, milestones=True):
        due = registered + timedelta(days=due_days)
        shares = [(d, n == 0, [("阶段目标完成", registered + timedelta(days=due_days // 2))] if milestones else [])
                  for n, d in enumerate(depts)]
        return oa.register_task(actor, title=TASKS[i % len(TASKS)], source=SOURCES[i % 3], due_at=due, home=home,
                                shares=shares, source_ref=f"云政督〔{registered.year}〕{i + 1}号", at=registered)

    def working(a, at):
        oa.sign_assignment(actor, a, at=at + timedelta(hours=2))
        return a

    def key(a):
        return f"{a.task.number}|{a.department.code}"

    # Clean: signed off on time.
    for i in range(3):
        reg = now - timedelta(days=50)
        t = task(i, reg, 40, [bureau()], milestones=False)
        a = working(t.assignments.get(), reg)
        r = oa.submit_report(actor, a, text=f"{TASKS[i]}已全部完成，经验收合格。", final=True, files=[_evidence()],
                             at=reg + timedelta(days=20))
        oa.review_report("督查员", r, accept=True, at=reg + timedelta(days=21))
        oa.sign_off("督查室主任", a, at=reg + timedelta(days=22))
    # Clean, in progress: green and yellow lights, fresh reports.
    for i, due_days in ((3, 40), (4, 12), (5, 11)):
        reg = now - timedelta(days=10)
        t = task(i, reg, due_days, [bureau(), bureau()])
        for a in t.assignments.all():
            working(a, reg)
            oa.submit_report(actor, a, text=f"{a.department.name}：{TASKS[i]}进展顺利，本周完成{a.pk % 7 + 2}项。",
                             at=now - timedelta(days=1))
    # 慢: overdue while still being worked on, and signed for three days late.
    reg = now - timedelta(days=30)
    a = working(task(6, reg, 28, [bureau()], milestones=False).assignments.get(), reg)
    oa.submit_report(actor, a, text="正在加紧推进，预计下周完成。", at=now - timedelta(days=1))
    truth["OVS-001"].append(key(a))
    reg = now - timedelta(days=9)
    a = task(7, reg, 40, [bureau()], milestones=False).assignments.get()
    oa.sign_assignment(actor, a, at=reg + timedelta(days=3))
    oa.submit_report(actor, a, text="已制定方案。", at=now - timedelta(days=1))
    truth["OVS-001"].append(key(a))
    # 浮: the same report pasted again; a milestone claimed without any evidence.
    reg = now - timedelta(days=12)
    a = working(task(8, reg, 60, [bureau()], milestones=False).assignments.get(), reg)
    oa.submit_report(actor, a, text="高度重视，专题研究，压实责任，强力推进。", at=now - timedelta(days=8))
    oa.submit_report(actor, a, text="高度重视、专题研究、压实责任、强力推进！", at=now - timedelta(days=1))
    truth["OVS-002"].append(key(a))
    a = working(task(9, reg, 60, [bureau()]).assignments.get(), reg)
    oa.submit_report(actor, a, text="阶段目标已完成。", milestone=a.milestones.first(), at=now - timedelta(days=1))
    truth["OVS-002"].append(key(a))
    # 僵: signed a month ago, nothing since.
    reg = now - timedelta(days=30)
    a = working(task(10, reg, 70, [bureau()], milestones=False).assignments.get(), reg)
    oa.submit_report(actor, a, text="已召开动员会。", at=now - timedelta(days=22))
    truth["OVS-003"].append(key(a))
    # 推: bounced by two bureaus before a third took it.
    reg = now - timedelta(days=4)
    first, second, third = bureau(), bureau(), bureau()
    a = task(11, reg, 50, [first], milestones=False).assignments.get()
    oa.bounce_assignment(actor, a, reason="不属本单位职责。", at=reg + timedelta(hours=3))
    b = oa.reassign(actor, a, second, at=reg + timedelta(hours=5))
    oa.bounce_assignment(actor, b, reason="应由其他部门牵头。", at=reg + timedelta(hours=8))
    c = oa.reassign(actor, b, third, at=now - timedelta(hours=6))
    oa.sign_assignment(actor, c, at=now - timedelta(hours=5))
    truth["OVS-004"] += [key(a), key(b)]
    # 梗: a final report waiting two weeks for review.
    reg = now - timedelta(days=25)
    a = working(task(0, reg, 60, [bureau()], milestones=False).assignments.get(), reg)
    oa.submit_report(actor, a, text="已全部完成，请审核销号。", final=True, files=[_evidence("验收报告.pdf")], at=now - timedelta(days=14))
    truth["OVS-005"].append(key(a))
    # 懒: assigned almost a week ago and never opened (so also signed for late: 慢).
    reg = now - timedelta(days=6)
    a = task(1, reg, 60, [bureau()], milestones=False).assignments.get()
    truth["OVS-006"].append(key(a))
    truth["OVS-001"].append(key(a))
    return {rule: sorted(keys) for rule, keys in truth.items()}
