"""Demo domain "conduct": a quarter's 明察暗访 of 云川市's window units and bureaus — announced and unannounced
visits, findings by category with evidence, rectification, re-checks and published decisions — and spot checks
of approval cases against what applicants report. Planted: CND-001 (a finding left open past its deadline, one
rectified late), CND-002 (a rectification never re-checked), CND-003 (a case recorded four days after the
applicant handed it in; the spot check also opens a 弄虚作假 finding, not yet due).

Clean findings are rectified within a week and re-checked within two working days; clean spot checks match.
"""

from collections import defaultdict
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone


def _file(name="现场照片.pdf"):
    return ContentFile(b"%PDF-1.4 demo conduct evidence\n", name=name)


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.approvals.models import ApprovalCase
    from qingfeng.conduct import actions as ca
    from qingfeng.conduct.models import Category, Measure, Mode
    from qingfeng.core.models import Department, Person

    now = timezone.now()
    bureaus = list(Department.objects.filter(depth=1).order_by("code"))
    home = Department.objects.filter(name__endswith="督查室").first() or Department.objects.filter(parent__isnull=True).first()
    if len(bureaus) < 8:
        return {}
    truth: dict[str, list[str]] = defaultdict(list)
    start = now - timedelta(days=60)
    plan = ca.create_plan(actor, title="窗口单位和机关作风明察暗访", home=home, starts_on=timezone.localtime(start).date(),
                          ends_on=timezone.localtime(now).date() + timedelta(days=30), focus="服务态度、办事效率、工作纪律、八项规定",
                          at=start)

    def visit(i, days_ago, mode=Mode.UNANNOUNCED):
        return ca.record_visit(actor, plan, department=bureaus[i], mode=mode, place="办事大厅窗口",
                               summary="以办事群众身份现场体验办事流程。", at=now - timedelta(days=days_ago))

    def official(dept):
        return Person.objects.filter(department=dept).order_by("staff_no").first()

    def finding(v, category, facts, days_ago, who=None):
        return ca.record_finding(actor, v, category=category, facts=facts, official=who, files=[_file()],
                                 at=now - timedelta(days=days_ago))

    # Clean: found, rectified within a week, re-checked in two days, decided and published (one named).
    for i, (category, facts, measure, named) in enumerate((
            (Category.ATTITUDE, "窗口人员对群众咨询态度生硬，不予解释。", Measure.CRITICISM, True),
            (Category.DISCIPLINE, "工作时间两名工作人员离岗，窗口无人。", Measure.ADMONISHMENT, False),
            (Category.BANQUET, "在农家乐以公务接待名义组织聚餐，费用由单位报销。", Measure.PARTY_WARNING, True),
            (Category.VEHICLE, "周末将公务用车停放在住宅小区，用于私人事务。", Measure.CRITICISM, False))):
        v = visit(i, 50 - i, Mode.ANNOUNCED if i % 2 else Mode.UNANNOUNCED)
        f = finding(v, category, facts, 50 - i, official(bureaus[i]))
        ca.rectify(actor, f, text="已约谈当事人并建立台账，制度已修订。", files=[_file("整改报告.pdf")], at=now - timedelta(days=44 - i))
        ca.recheck(actor, f, passed=True, note="复查整改到位。", at=now - timedelta(days=43 - i))
        ca.decide(actor, f, measure=measure, summary=f"{bureaus[i].name}{facts}已责令整改并作出处理。", name_official=named,
                  at=now - timedelta(days=42 - i))
    # Clean: found three days ago, not due yet.
    finding(visit(4, 3), Category.EFFICIENCY, "同一事项要求群众往返三次补交材料。", 3)
    # CND-001: left open past the deadline; rectified after the deadline (then re-checked at once).
    f = finding(visit(5, 40), Category.RECEPTION, "接待上级检查超标准安排宴请并饮酒。", 40)
    truth["CND-001"].append(f.number)
    f = finding(visit(6, 45), Category.EFFICIENCY, "承诺时限内未办结的件数占三成。", 45)
    ca.rectify(actor, f, text="已清理积压件。", files=[_file("清理台账.pdf")], at=now - timedelta(days=5))
    ca.recheck(actor, f, passed=True, note="积压件已清零。", at=now - timedelta(days=4))
    truth["CND-001"].append(f.number)
    # CND-002: rectified on time twelve days ago, nobody went back.
    f = finding(visit(7, 25), Category.GIFTS, "节日期间收受服务对象购物卡。", 25)
    ca.rectify(actor, f, text="购物卡已全部退还并上交说明。", files=[_file("退还凭证.pdf")], at=now - timedelta(days=20))
    truth["CND-002"].append(f.number)

    # Spot checks of approval cases: most match; one was recorded four days after the applicant handed it in.
    cases = list(ApprovalCase.objects.select_related("department").order_by("pk")[:6])
    for n, case in enumerate(cases):
        received = timezone.localtime(case.received_at).date()
        decided = timezone.localtime(case.decided_at).date() if case.decided_at else None
        gamed = n == len(cases) - 1
        ca.record_spot_check(actor, case, actual_received_on=received - timedelta(days=4 if gamed else 0),
                             actual_decided_on=decided, method="电话回访申请人并核对收件回执",
                             at=now - timedelta(days=1))
        if gamed:
            truth["CND-003"].append(case.number)
    return {rule: sorted(keys) for rule, keys in truth.items()}
