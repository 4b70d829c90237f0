"""Demo domain "enterprise": key enterprises and investment projects of 云川市, leaders of the bureaus paired
with them, visits, enterprise requests answered through the ticket life cycle, and project timelines — with
planted cases of ENT-001 (a bureau named three times this year for attitude or obstruction), ENT-002 (a permit
held past its target, a 立项 that took too long) and ENT-003 (a pairing never visited, one visited long ago).

Clean requests are signed within an hour and answered the same day (so no ticket rule fires on them); a
second bureau gets two conduct complaints (one short of ENT-001); clean stages sit inside their targets.
"""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

COMPANIES = (("云川国林木业有限公司", "木材加工", "口岸加工"), ("云川口岸物流集团有限公司", "物流", "口岸物流"),
             ("云川绿源食品有限公司", "食品加工", "农产品加工"), ("云川北方新能源有限公司", "新能源", "新能源"),
             ("云川华信电子有限公司", "电子信息", "招商引资"), ("云川松江旅游开发有限公司", "文旅", "文旅康养"))


def _code(i: int) -> str:
    return f"9123{i:04d}MA0DEMO{i:02d}X"[:18].ljust(18, "0")


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.core.models import Department, Person
    from qingfeng.enterprise import actions as ea
    from qingfeng.enterprise.models import Category, Stage
    from qingfeng.tickets import actions as ta

    now = timezone.now()
    today = timezone.localdate()
    bureaus = list(Department.objects.filter(depth=1).order_by("code"))
    leaders = list(Person.objects.filter(department__depth=1, post__is_leader=True).select_related("department")
                   .order_by("staff_no")[:12])
    if len(bureaus) < 6 or len(leaders) < 6:
        return {}
    truth: dict[str, list[str]] = defaultdict(list)
    companies = [ea.register_enterprise(actor, name=n, credit_code=_code(i), industry=ind, group=g)
                 for i, (n, ind, g) in enumerate(COMPANIES, start=1)]

    # Pairings: the first four visited a fortnight ago (clean); the fifth never visited in 100 days; the sixth
    # last visited 120 days ago (ENT-003).
    pairings = []
    for i, company in enumerate(companies):
        leader = leaders[i]
        since = today - timedelta(days=100 if i == 4 else 200)
        p = ea.pair(actor, leader=leader, department=leader.department, enterprise=company, since=since)
        pairings.append(p)
        if i < 4:
            ea.record_visit(actor, p, visited_on=today - timedelta(days=14 + i), summary=f"走访{company.name}，了解生产经营和用工情况。")
        elif i == 5:
            ea.record_visit(actor, p, visited_on=today - timedelta(days=120), summary="年初走访，企业反映融资困难。")
    truth["ENT-003"] += [str(pairings[4].pk), str(pairings[5].pk)]

    # Requests through tickets: answered on time; three conduct complaints against one bureau (ENT-001), two
    # against another (clean).
    named, near = bureaus[2], bureaus[3]
    plan = [(0, Category.REQUEST, bureaus[1], "申请协调用电增容", "二期生产线投产需要增容，请协调供电部门尽快勘查。"),
            (1, Category.REQUEST, bureaus[4], "口岸通关时间咨询", "请明确旺季口岸通关延时服务的申请办法和办理时限。"),
            (2, Category.COMPLAINT, bureaus[5], "稳岗补贴迟迟未到账", "上半年稳岗补贴申请已审核通过，三个月仍未拨付。"),
            (0, Category.ATTITUDE, named, "窗口人员态度生硬", "办理环评备案时窗口人员多次推诿，称不归本窗口管。"),
            (1, Category.OBSTRUCTION, named, "补件要求反复变化", "同一事项先后三次要求补充不同材料，未一次性告知。"),
            (3, Category.ATTITUDE, named, "电话咨询无人应答", "工作时间多次拨打咨询电话无人接听，到现场又被要求网上申报。"),
            (2, Category.OBSTRUCTION, near, "现场核查一拖再拖", "申请现场核查已过两周，仍未安排人员。"),
            (5, Category.ATTITUDE, near, "办事人员言语不当", "窗口人员对企业经办人言语不耐烦，拒绝解释驳回原因。")]
    for n, (who, category, dept, title, text) in enumerate(plan):
        at = now - timedelta(hours=30 - n)
        req = ea.raise_request(actor, pairings[who], title=title, description=text, department=dept, category=category,
                               at=at)
        ta.sign_ticket(actor, req.ticket, at=at + timedelta(minutes=30))
        ta.reply_ticket(actor, req.ticket, text="已核实办理，并向企业当面说明。", at=at + timedelta(hours=2))
    for n in (3, 4, 5):
        truth["ENT-001"].append(f"{named.code}|{timezone.localtime(now - timedelta(hours=30 - n)).year}")
    truth["ENT-001"] = sorted(set(truth["ENT-001"]))

    # Project timelines. Clean: a project in construction, every stage inside its target.
    def project(i, name, days_ago, dept):
        return ea.register_project(actor, enterprise=companies[i], name=name, department=dept,
                                   signed_on=today - timedelta(days=days_ago), investment=50000 + 10000 * i)

    def stage(p, st, title, dept, start_ago, took=None):
        m = ea.open_milestone(actor, p, stage=st, title=title, department=dept, started_on=today - timedelta(days=start_ago))
        if took is not None:
            ea.reach_milestone(actor, m, reached_on=today - timedelta(days=start_ago - took))
        return m

    reform, land, housing = bureaus[6 % len(bureaus)], bureaus[7 % len(bureaus)], bureaus[8 % len(bureaus)]
    p = project(0, "国林木业城二期", 200, reform)
    stage(p, Stage.APPROVAL, "企业投资项目备案", reform, 195, 10)
    stage(p, Stage.PERMIT, "建设用地规划许可证", land, 180, 40)
    stage(p, Stage.PERMIT, "建筑工程施工许可证", housing, 135, 25)
    stage(p, Stage.START, "开工", housing, 110, 15)
    stage(p, Stage.COMPLETION, "主体工程建设", housing, 95)
    # Planted: a permit held 80 days (target 60), and a 立项 that took 45 days (target 30).
    p = project(1, "口岸冷链物流中心", 150, reform)
    stage(p, Stage.APPROVAL, "企业投资项目核准", reform, 140, 20)
    m = stage(p, Stage.PERMIT, "建设工程规划许可证", land, 80)
    truth["ENT-002"].append(m.key)
    p = project(3, "风电装备产业园", 90, reform)
    m = stage(p, Stage.APPROVAL, "企业投资项目核准", reform, 85, 45)
    truth["ENT-002"].append(m.key)
    stage(p, Stage.PERMIT, "建设用地规划许可证", land, 38)
    return {rule: sorted(keys) for rule, keys in truth.items()}
