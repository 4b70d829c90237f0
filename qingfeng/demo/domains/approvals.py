"""Demo domain "approvals": 云川市's power list (ten items of eight bureaus, published through the legal office
of 市司法局), AB posts, a year of cases from the city's older approval system imported as events, a few cases
handled on the platform through the real actions, and planted cases of every approval rule APR-001…019.

Clean cases move one working day per step, are recorded minutes after they happen, use the listed fee and
spread their intermediary work over eight firms in turn; their start days are spread evenly over the year's
working days so no department has a month-end burst. The open cases whose cards depend on the moment of the
run (prompt, yellow, red) are planted relative to the demo's own clock, so they appear whatever day it runs;
on a day off, a case due on the next working day is both prompted and yellow (docs/approvals.md §4).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pyarrow as pa
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

SOURCE = "云川市行政审批系统（旧）"
FIRMS = tuple(f"云川{n}工程咨询有限公司" for n in ("恒信", "正源", "华川", "明达", "宏图", "远景", "诚实", "安泰"))
DOMINANT_FIRM = "云川环科环境咨询有限公司"
CLEAN_AT_SCALE_1 = 600
PLANTS_PER_RULE = 3


def _lines(rows) -> str:
    return "\n".join("|".join(str(x) for x in row) for row in rows)


def _item(name, dept, power_type, case_type, statutory, committed, extension, steps, materials, fees=(), services=(),
          bases=(("中华人民共和国行政许可法", "第四十二条", "法律"),)):
    return {"dept": dept, "content": {
        "name": name, "power_type": power_type, "case_type": case_type, "statutory_days": statutory, "committed_days": committed,
        "extension_days": extension, "bases": _lines(bases), "steps": _lines(steps),
        "materials": _lines((f"M{i}", m, "") for i, m in enumerate(materials, start=1)),
        "fees": _lines(fees), "intermediaries": _lines(services),
        "responsibilities": _lines([(s[0], "承办科室", f"{s[1]}：按清单审查并在时限内办结", "无正当理由超时、违规准予或不予") for s in steps]),
    }}


ITEMS = {
    "SC-001": _item("食品经营许可", "市市场监督管理局", "行政许可", "承诺件", 20, 10, 10, [("review", "审查", 5), ("decide", "决定", 3)],
                    ["申请书", "营业执照", "食品安全管理制度", "经营场所平面图"],
                    bases=[("中华人民共和国食品安全法", "第三十五条", "法律")]),
    "ZJ-001": _item("建筑工程施工许可", "市住房和城乡建设局", "行政许可", "承诺件", 20, 7, 10, [("review", "审查", 4), ("approve", "审批", 2)],
                    ["申请表", "用地批准手续", "施工合同", "施工图审查合格书"],
                    services=[("S1", "施工图设计文件审查", "建设工程质量管理条例第十一条")],
                    bases=[("中华人民共和国建筑法", "第八条", "法律")]),
    "ZR-001": _item("建设用地规划许可（上报）", "市自然资源和规划局", "行政许可", "上报件", 40, 30, 10,
                    [("prelim", "初审", 20), ("decide", "决定", 10)], ["申请书", "建设项目批准文件", "用地红线图"],
                    services=[("S1", "地质灾害危险性评估", "地质灾害防治条例第二十一条")],
                    bases=[("中华人民共和国城乡规划法", "第三十七条", "法律")]),
    "JT-001": _item("道路货物运输经营许可", "市交通运输局", "行政许可", "承诺件", 20, 10, 10, [("review", "审查", 5), ("decide", "决定", 3)],
                    ["申请表", "车辆行驶证", "驾驶人从业资格证"], fees=[("F1", "道路运输证工本费", "10.00", "省价格主管部门收费文件")],
                    bases=[("中华人民共和国道路运输条例", "第二十四条", "行政法规")]),
    "SH-001": _item("建设项目环境影响报告表审批", "市生态环境局", "行政许可", "承诺件", 20, 15, 10,
                    [("review", "技术审查", 8), ("expert", "专家审查", 4), ("decide", "决定", 2)], ["申请函", "环境影响报告表"],
                    services=[("S1", "环境影响报告表编制", "中华人民共和国环境影响评价法第十九条")],
                    bases=[("中华人民共和国环境影响评价法", "第二十二条", "法律")]),
    "MZ-001": _item("社会团体成立登记", "市民政局", "行政确认", "承诺件", 20, 10, 0, [], ["登记申请书", "章程草案", "验资报告"],
                    bases=[("社会团体登记管理条例", "第九条", "行政法规")]),
    "RS-001": _item("劳务派遣经营许可", "市人力资源和社会保障局", "行政许可", "承诺件", 20, 8, 10, [("review", "审查", 5), ("decide", "决定", 2)],
                    ["申请书", "营业执照", "注册资本证明"], bases=[("中华人民共和国劳动合同法", "第五十七条", "法律")]),
    "WS-001": _item("医疗机构执业登记", "市卫生健康委员会", "行政许可", "承诺件", 20, 12, 10, [("review", "审查", 7), ("decide", "决定", 3)],
                    ["申请书", "设置批准书", "房屋产权证明", "医务人员资格证"], fees=[("F1", "执业许可证工本费", "5.00", "省价格主管部门收费文件")],
                    bases=[("医疗机构管理条例", "第十五条", "行政法规")]),
    "CG-001": _item("户外广告设置审批", "市城市管理局", "其他", "承诺件", 20, 10, 0, [("review", "审查", 5)], ["申请表", "设计效果图"],
                    bases=[("云川市户外广告设置管理办法", "第八条", "规范性文件")]),
    "CF-001": _item("对未取得食品经营许可从事经营活动的处罚", "市市场监督管理局", "行政处罚", "承诺件", 90, 60, 30,
                    [("investigate", "调查", 40), ("decide", "决定", 10)], [],
                    bases=[("中华人民共和国食品安全法", "第一百二十二条", "法律")]),
}
CASE_ITEMS = ("SC-001", "ZJ-001", "ZR-001", "JT-001", "SH-001", "MZ-001", "RS-001", "WS-001")


class Days:
    """Working-day arithmetic on the real calendar, as naive Beijing wall-clock times."""

    def __init__(self, first: date, last: date):
        from qingfeng.core.calendar import WorkCalendar

        self.calendar = WorkCalendar.load(first, last)

    def is_workday(self, day: date) -> bool:
        return self.calendar.is_workday(day)

    def after(self, day: date, n: int) -> date:
        while n > 0:
            day += timedelta(days=1)
            n -= self.calendar.is_workday(day)
        return day

    def before(self, day: date, n: int) -> date:
        while n > 0:
            day -= timedelta(days=1)
            n -= self.calendar.is_workday(day)
        return day

    def first_from(self, day: date) -> date:
        while not self.calendar.is_workday(day):
            day += timedelta(days=1)
        return day

    def workdays(self, first: date, last: date) -> list[date]:
        out, day = [], first
        while day <= last:
            if self.calendar.is_workday(day):
                out.append(day)
            day += timedelta(days=1)
        return out


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second))


class Events:
    """Builds the other system's event rows, case by case."""

    def __init__(self, staff: dict[str, tuple[str, str]]):
        self.rows: list[dict] = []
        self.staff = staff  # item → (handler staff no, approver staff no)
        self.n = 0

    def case(self, item: str, dept_code: str, prefix: str = "YC") -> "CaseEvents":
        self.n += 1
        return CaseEvents(self, f"{prefix}-{self.n:06d}", item, dept_code)


class CaseEvents:
    def __init__(self, book: Events, case_id: str, item: str, dept: str):
        self.book, self.case_id, self.item, self.dept = book, case_id, item, dept
        self.handler, self.approver = book.staff.get(item, ("", ""))
        self.k = 0

    def add(self, kind: str, when: datetime, *, recorded: datetime | None = None, by: str | None = None, **extra) -> str:
        self.k += 1
        event_id = f"{self.case_id}-{self.k:02d}"
        staff = {"decide": self.approver, "extend": self.approver}.get(kind, self.handler) if by is None else by
        if kind in ("apply", "materials_supplied", "withdraw"):
            staff = None  # the applicant's own steps
        self.book.rows.append({
            "event_id": event_id, "source": SOURCE, "case_id": self.case_id, "item_code": self.item, "department_code": self.dept,
            "event_type": kind, "step": extra.pop("step", None), "occurred_at": when,
            "recorded_at": recorded or when + timedelta(minutes=3), "staff_no": staff,
            "decision": extra.pop("decision", None), "reason": extra.pop("reason", None), "remedy": extra.pop("remedy", None),
            "reason_code": None, "days": None, "materials": extra.pop("materials", None), "fee_code": extra.pop("fee_code", None),
            "amount": extra.pop("amount", None), "intermediary_code": extra.pop("intermediary_code", None),
            "intermediary_org": extra.pop("intermediary_org", None),
        })
        return event_id


REASON = "经审查不符合法定条件"
REMEDY = "如不服本决定，可自收到之日起六十日内申请行政复议，或者六个月内提起行政诉讼。"


def _materials(item: str) -> str:
    return ",".join(f"M{i}" for i in range(1, ITEMS[item]["content"]["materials"].count("\n") + 2)) if ITEMS[item]["content"]["materials"] else ""


def _steps(item: str) -> list[tuple[str, int]]:
    text = ITEMS[item]["content"]["steps"]
    return [(line.split("|")[0], int(line.split("|")[2])) for line in text.splitlines()] if text else []


def clean_case(book: Events, days: Days, item: str, dept: str, d0: date, firm: str | None, variant: int = 0) -> None:
    """Applied, accepted the next working day, one working day per step, delivered the day after."""
    c = book.case(item, dept)
    refused_early = variant % 11 == 5
    materials = _materials(item).split(",")
    c.add("apply", at(d0, 9, 10 + variant % 40), materials=",".join(materials[:-1] if refused_early else materials))
    day = d0
    if variant % 7 == 3:  # a timely one-time notice and the supplement
        day = days.after(d0, 2)
        c.add("materials_request", at(day, 11), materials="M1", reason="请补交清晰的申请书原件扫描件")
        day = days.after(day, 1)
        c.add("materials_supplied", at(day, 9, 30), materials="M1")
    if refused_early:  # refused, with reasons and remedies, before acceptance (a material was missing)
        c.add("not_accept", at(days.after(day, 1), 10), reason="申请材料不齐全且无法补正", remedy=REMEDY)
        return
    day = days.after(day, 1)
    c.add("accept", at(day, 10))
    fee = ITEMS[item]["content"]["fees"]
    if fee:
        code, _name, amount, _basis = fee.split("|")
        c.add("fee", at(day, 11), fee_code=code, amount=Decimal(amount))
    if firm:
        c.add("intermediary", at(day, 14), intermediary_code="S1", intermediary_org=firm)
    steps = _steps(item)
    for code, _budget in steps[:-1]:
        day = days.after(day, 1)
        c.add("step_done", at(day, 15), step=code)
        if ITEMS[item]["content"]["case_type"] == "上报件" and code == "prelim":
            c.add("forward", at(day, 15, 10))
    day = days.after(day, 1)
    refuse = variant % 13 == 7
    c.add("decide", at(day, 15), step=steps[-1][0] if steps else None, decision="refuse" if refuse else "approve",
          reason=REASON if refuse else None, remedy=REMEDY if refuse else None)
    c.add("deliver", at(days.after(day, 1), 10), reason="电子证照")


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    return plant(city, actor=actor, now=timezone.now(), progress=progress)


def plant(city, *, actor, now: datetime, progress: bool = False) -> dict[str, list[str]]:
    """Everything ``populate`` does, observed at ``now`` (tests move it to a day off)."""
    from qingfeng.approvals import actions
    from qingfeng.core.models import Department, Person, Post
    from qingfeng.records.imports import import_arrow
    from qingfeng.records.warehouse import arrow_schema

    today = timezone.localtime(now).date()
    year = city.year
    days = Days(date(year - 1, 12, 1), today + timedelta(days=120))
    departments = {d.name: d for d in Department.objects.filter(name__in={s["dept"] for s in ITEMS.values()} | {"市司法局"})}
    if len(departments) < len({s["dept"] for s in ITEMS.values()}) + 1:
        return {}
    truth: dict[str, list[str]] = defaultdict(list)

    # --- the power list, published by the legal office, and the AB posts that handle it
    actions.designate_legal_office(actor, departments["市司法局"])
    staff: dict[str, tuple[str, str]] = {}
    pairs_done: set[int] = set()
    for code, spec in ITEMS.items():
        dept = departments[spec["dept"]]
        people = list(Person.objects.filter(department=dept).select_related("post").order_by("staff_no"))
        leaders = [p for p in people if p.post and p.post.is_leader]
        workers = [p for p in people if p not in leaders] or people
        handling = workers[0].post or Post.objects.filter(department=dept).first()
        approving = leaders[0].post if leaders else handling
        version = actions.propose_item(actor, code=code, department=dept, content=spec["content"], reason="权力清单梳理（演示）",
                                       handling_post=handling, approving_post=approving,
                                       now=timezone.make_aware(datetime(year - 1, 12, 10, 9)))
        actions.review_item(actor, version, approve=True, effective_from=date(year, 1, 1), opinion="经合法性审查，予以公布",
                            now=timezone.make_aware(datetime(year - 1, 12, 20, 9)))
        for post, a, b in ((handling, workers[0], (workers[1:] or leaders[1:] or people[1:])[0]),
                           (approving, leaders[0] if leaders else workers[0], (leaders[1:] or workers[1:] or people[1:])[0])):
            if post.pk not in pairs_done and a.pk != b.pk:
                actions.set_backup_pair(actor, post=post, primary=a, backup_person=b)
                pairs_done.add(post.pk)
        staff[code] = (workers[0].staff_no, (leaders[0] if leaders else workers[0]).staff_no)
    dept_code = {code: departments[ITEMS[code]["dept"]].code for code in ITEMS}

    # --- a year of clean cases from the older system, start days spread evenly over the working days
    book = Events(staff)
    n_clean = max(15 * len(CASE_ITEMS), round(CLEAN_AT_SCALE_1 * city.scale))
    starts = days.workdays(date(year, 1, 6), date(year, 11, 20))
    firm_turn = defaultdict(int)
    # APR-011: seven in ten of 环评's cases that use an intermediary go to one firm (at least ten such cases).
    sh_cases = [i for i in range(n_clean) if CASE_ITEMS[i % len(CASE_ITEMS)] == "SH-001" and i % 11 != 5]
    dominant = set(sh_cases[: round(len(sh_cases) * 0.7)]) if len(sh_cases) >= 10 else set()
    for i in range(n_clean):
        item = CASE_ITEMS[i % len(CASE_ITEMS)]
        firm = None
        if ITEMS[item]["content"]["intermediaries"]:
            if i in dominant:
                firm = DOMINANT_FIRM
            else:
                firm = FIRMS[firm_turn[item] % len(FIRMS)]
                firm_turn[item] += 1
        clean_case(book, days, item, dept_code[item], starts[(i * 7) % len(starts)], firm, variant=i)
    if dominant:
        truth["APR-011"].append(f"SH-001|{DOMINANT_FIRM}|{year}")

    # --- planted violations in the older system's events, three per rule
    def d(k: int) -> date:
        return starts[(37 * k + 11) % len(starts)]

    for k in range(PLANTS_PER_RULE):
        item = "SC-001"
        c = book.case(item, dept_code[item])  # APR-001: a complete application refused
        c.add("apply", at(d(k), 9), materials=_materials(item))
        c.add("not_accept", at(days.after(d(k), 1), 10), reason="材料形式不符", remedy=REMEDY)
        truth["APR-001"].append(c.case_id)

        c = book.case("MZ-001", dept_code["MZ-001"])  # APR-002: decided two working days after the commitment
        c.add("apply", at(d(k + 3), 9), materials=_materials("MZ-001"))
        accepted = days.after(d(k + 3), 1)
        c.add("accept", at(accepted, 10))
        decided = days.after(accepted, 12)
        c.add("decide", at(decided, 15), decision="approve")
        c.add("deliver", at(days.after(decided, 1), 10), reason="窗口领取")
        truth["APR-002"].append(c.case_id)

        c = book.case("SC-001", dept_code["SC-001"])  # APR-003: review took six working days of its five, case in time
        c.add("apply", at(d(k + 6), 9), materials=_materials("SC-001"))
        accepted = days.after(d(k + 6), 1)
        c.add("accept", at(accepted, 10))
        reviewed = days.after(accepted, 6)
        c.add("step_done", at(reviewed, 15), step="review")
        decided = days.after(reviewed, 1)
        c.add("decide", at(decided, 15), step="decide", decision="approve")
        c.add("deliver", at(days.after(decided, 1), 10))
        truth["APR-003"].append(f"{c.case_id}|review")

        c = book.case("ZR-001", dept_code["ZR-001"])  # APR-004: preliminary review done in time, forwarded late
        c.add("apply", at(d(k + 9), 9), materials=_materials("ZR-001"))
        accepted = days.after(d(k + 9), 1)
        c.add("accept", at(accepted, 10))
        c.add("intermediary", at(accepted, 14), intermediary_code="S1", intermediary_org=FIRMS[k])
        prelim = days.after(accepted, 19)
        c.add("step_done", at(prelim, 15), step="prelim")
        c.add("forward", at(days.after(accepted, 21), 10))
        decided = days.after(prelim, 6)
        c.add("decide", at(decided, 15), step="decide", decision="approve")
        c.add("deliver", at(days.after(decided, 1), 10))
        truth["APR-004"].append(c.case_id)

        c = book.case("RS-001", dept_code["RS-001"])  # APR-005: refusals without reasons or remedies
        c.add("apply", at(d(k + 12), 9), materials="M1" if k % 2 else _materials("RS-001"))
        if k % 2:
            c.add("not_accept", at(days.after(d(k + 12), 1), 10), remedy=REMEDY)
        else:
            accepted = days.after(d(k + 12), 1)
            c.add("accept", at(accepted, 10))
            c.add("step_done", at(days.after(accepted, 1), 15), step="review")
            c.add("decide", at(days.after(accepted, 2), 15), step="decide", decision="refuse", reason="不符合注册资本要求")
            c.add("deliver", at(days.after(accepted, 3), 10))
        truth["APR-005"].append(c.case_id)

        c = book.case("JT-001", dept_code["JT-001"])  # APR-006: a decision with no application in the system
        c.add("decide", at(d(k + 15), 16), decision="approve")
        c.add("deliver", at(days.after(d(k + 15), 1), 10))
        truth["APR-006"].append(c.case_id)

        c = book.case("JT-001", dept_code["JT-001"])  # APR-007: a fee above the standard, or not on the list
        c.add("apply", at(d(k + 18), 9), materials=_materials("JT-001"))
        accepted = days.after(d(k + 18), 1)
        c.add("accept", at(accepted, 10))
        truth["APR-007"].append(c.add("fee", at(accepted, 11), fee_code="F1" if k % 2 else "F9", amount=Decimal("50.00")))
        c.add("step_done", at(days.after(accepted, 1), 15), step="review")
        c.add("decide", at(days.after(accepted, 2), 15), step="decide", decision="approve")
        c.add("deliver", at(days.after(accepted, 3), 10))

        c = book.case("WS-001", dept_code["WS-001"])  # APR-008: delivered twelve working days after the decision
        c.add("apply", at(d(k + 21), 9), materials=_materials("WS-001"))
        accepted = days.after(d(k + 21), 1)
        c.add("accept", at(accepted, 10))
        c.add("fee", at(accepted, 11), fee_code="F1", amount=Decimal("5.00"))
        c.add("step_done", at(days.after(accepted, 1), 15), step="review")
        decided = days.after(accepted, 2)
        c.add("decide", at(decided, 15), step="decide", decision="approve")
        c.add("deliver", at(days.after(decided, 12), 10))
        truth["APR-008"].append(c.case_id)

        c = book.case("SC-001", dept_code["SC-001"])  # APR-009: the notice asks for a material the list does not name
        c.add("apply", at(d(k + 24), 9), materials="M1,M2,M3")
        noticed = days.after(d(k + 24), 2)
        truth["APR-009"].append(c.add("materials_request", at(noticed, 11), materials="M4,X-户口簿", reason="补交平面图和户口簿"))
        supplied = days.after(noticed, 1)
        c.add("materials_supplied", at(supplied, 9), materials="M4,X-户口簿")
        accepted = days.after(supplied, 1)
        c.add("accept", at(accepted, 10))
        c.add("step_done", at(days.after(accepted, 1), 15), step="review")
        c.add("decide", at(days.after(accepted, 2), 15), step="decide", decision="approve")
        c.add("deliver", at(days.after(accepted, 3), 10))

        c = book.case("SC-001", dept_code["SC-001"])  # APR-010: an intermediary service the item does not list
        c.add("apply", at(d(k + 27), 9), materials=_materials("SC-001"))
        accepted = days.after(d(k + 27), 1)
        c.add("accept", at(accepted, 10))
        truth["APR-010"].append(c.add("intermediary", at(accepted, 14), intermediary_code="S9", intermediary_org="云川食安评估中心"))
        c.add("step_done", at(days.after(accepted, 1), 15), step="review")
        c.add("decide", at(days.after(accepted, 2), 15), step="decide", decision="approve")
        c.add("deliver", at(days.after(accepted, 3), 10))

        c = book.case("RS-001", dept_code["RS-001"])  # APR-012: two notices of missing materials
        c.add("apply", at(d(k + 30), 9), materials="M1")
        c.add("materials_request", at(days.after(d(k + 30), 1), 11), materials="M2", reason="补交营业执照")
        c.add("materials_request", at(days.after(d(k + 30), 3), 11), materials="M3", reason="补交注册资本证明")
        supplied = days.after(d(k + 30), 4)
        c.add("materials_supplied", at(supplied, 9), materials="M2,M3")
        accepted = days.after(supplied, 1)
        c.add("accept", at(accepted, 10))
        c.add("step_done", at(days.after(accepted, 1), 15), step="review")
        c.add("decide", at(days.after(accepted, 2), 15), step="decide", decision="approve")
        c.add("deliver", at(days.after(accepted, 3), 10))
        truth["APR-012"].append(c.case_id)

        c = book.case("WS-001", dept_code["WS-001"])  # APR-013: keyed in a week after it happened, five minutes apart
        c.add("apply", at(d(k + 33), 9), materials=_materials("WS-001"))
        accepted = days.after(d(k + 33), 1)
        batch = at(days.after(accepted, 6), 17)
        c.add("accept", at(accepted, 10), recorded=batch)
        c.add("fee", at(accepted, 11), fee_code="F1", amount=Decimal("5.00"), recorded=batch + timedelta(minutes=5))
        c.add("step_done", at(days.after(accepted, 1), 15), step="review", recorded=batch + timedelta(minutes=10))
        c.add("decide", at(days.after(accepted, 2), 15), step="decide", decision="approve", recorded=batch + timedelta(minutes=15))
        c.add("deliver", at(days.after(accepted, 7), 10))
        truth["APR-013"].append(c.case_id)

        c = book.case("SC-001", dept_code["SC-001"])  # APR-014: accepted, reviewed and decided within twenty seconds
        c.add("apply", at(d(k + 36), 9), materials=_materials("SC-001"))
        accepted = days.after(d(k + 36), 1)
        c.add("accept", at(accepted, 10, 0, 0))
        c.add("step_done", at(accepted, 10, 0, 10), step="review")
        c.add("decide", at(accepted, 10, 0, 20), step="decide", decision="approve")
        c.add("deliver", at(days.after(accepted, 1), 10))
        truth["APR-014"].append(c.case_id)

        c = book.case("MZ-001", dept_code["MZ-001"])  # APR-018: the notice came seven working days after receipt
        c.add("apply", at(d(k + 39), 9), materials="M1,M2")
        noticed = days.after(d(k + 39), 7)
        c.add("materials_request", at(noticed, 11), materials="M3", reason="补交验资报告")
        c.add("materials_supplied", at(days.after(noticed, 1), 9), materials="M3")
        c.add("accept", at(days.after(noticed, 1), 15))
        decided = days.after(noticed, 2)
        c.add("decide", at(decided, 15), decision="approve")
        c.add("deliver", at(days.after(decided, 1), 10))
        truth["APR-018"].append(c.case_id)

        c = book.case("OLD-77", dept_code["MZ-001"])  # APR-019: an item code the power list does not have
        c.add("apply", at(d(k + 42), 9))
        c.add("accept", at(days.after(d(k + 42), 1), 10))
        c.add("decide", at(days.after(d(k + 42), 3), 15), decision="approve")
        c.add("deliver", at(days.after(d(k + 42), 4), 10))
        truth["APR-019"].append(c.case_id)

    # APR-015: 劳务派遣 cases of 人社局 all worked in the last three days of December
    month_end = [x for x in days.workdays(date(year, 12, 22), date(year, 12, 31))][-3:]
    if len(month_end) == 3:
        for _n in range(8):
            c = book.case("RS-001", dept_code["RS-001"])
            c.add("apply", at(days.before(month_end[0], 1), 9), materials=_materials("RS-001"))
            c.add("accept", at(month_end[0], 9))
            c.add("step_done", at(month_end[0], 15), step="review")
            c.add("decide", at(month_end[1], 15), step="decide", decision="approve")
            c.add("deliver", at(month_end[2], 10))
        truth["APR-015"].append(f"{dept_code['RS-001']}|{year}-12")

    # Cards that depend on the moment of the run (docs/approvals.md §4), in the older system's events:
    # due on the next working day (prompt), due today or with only the due day left (yellow), due two days ago (red).
    def open_case(due_day: date, book_prefix="YC") -> str:
        c = book.case("MZ-001", dept_code["MZ-001"], book_prefix)
        accepted = days.before(due_day, 10)
        c.add("apply", at(days.before(accepted, 1), 9), materials=_materials("MZ-001"))
        c.add("accept", at(accepted, 10))
        return c.case_id

    due_prompt = days.after(today, 1)
    due_yellow = days.first_from(today)
    working_today = days.is_workday(today)
    for key in (open_case(due_prompt),):
        truth["APR-016"].append(key)
        if not working_today:
            truth["APR-017"].append(key)
    for key in (open_case(due_yellow),):
        truth["APR-016"].append(key)
        truth["APR-017"].append(key)
    truth["APR-002"].append(open_case(days.before(today, 2)))
    for k in range(4):  # clean open cases, accepted yesterday
        c = book.case("RS-001", dept_code["RS-001"])
        accepted = days.before(today, 1)
        c.add("apply", at(days.before(accepted, 1), 9), materials=_materials("RS-001"))
        c.add("accept", at(accepted, 10 + k))

    schema = arrow_schema("approval_events_external")
    table = pa.Table.from_pylist(book.rows, schema=schema)
    report = import_arrow(table, "approval_events_external", source_name=f"demo-approval-events-{city.seed}", actor=actor,
                          progress=progress)
    if report.rejected or report.status != "committed":
        raise RuntimeError(f"审批事件导入异常：{report.summary()}\n" + "\n".join(report.rejection_lines(limit=5)))

    # --- cases handled on the platform, through the real actions
    for key, value in _cases_here(city, actor, days, today, working_today).items():
        truth[key].extend(value)
    return dict(truth)


def _upload(code: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{code}.pdf", f"%PDF-1.4 demo {code}\n".encode(), content_type="application/pdf")


def _cases_here(city, actor, days: Days, today: date, working_today: bool) -> dict[str, list[str]]:
    from qingfeng.approvals import actions
    from qingfeng.approvals.models import PowerItem

    truth: dict[str, list[str]] = defaultdict(list)
    year = city.year

    def moment(day: date, hour: int, minute: int = 0):
        return timezone.make_aware(at(day, hour, minute))

    def apply(code: str, day: date, name: str, materials=None):
        item = PowerItem.objects.get(code=code)
        codes = materials if materials is not None else _materials(code).split(",")
        case, _tracking = actions.submit_application(item=item, applicant_kind="citizen", applicant_name=name,
                                                     files={m: _upload(m) for m in codes}, now=moment(day, 9))
        return case

    # Clean: decided on time, one with a timely notice and the supplement.
    for n, day in enumerate((date(year, 3, 3), date(year, 6, 10), date(year, 9, 16))):
        case = apply("SC-001", day, f"演示申请人{n + 1}")
        if n == 1:
            actions.request_materials(actor, case, codes=["M4"], notice="请补交经营场所平面图", now=moment(days.after(day, 1), 10))
            actions.supply_materials(case, files={"M4": _upload("M4")}, now=moment(days.after(day, 2), 9))
            day = days.after(day, 2)
        accepted = days.after(day, 1)
        actions.accept_case(actor, case, now=moment(accepted, 10))
        actions.complete_step(actor, case, step="review", now=moment(days.after(accepted, 2), 15))
        actions.decide_case(actor, case, decision="approve", reasons="符合条件", now=moment(days.after(accepted, 3), 15))
        actions.deliver_case(actor, case, method="电子证照", now=moment(days.after(accepted, 4), 10))

    # APR-001: a complete application refused.
    case = apply("SC-001", date(year, 4, 8), "演示申请人4")
    actions.refuse_acceptance(actor, case, reasons="经营场所不符合要求", remedies=REMEDY, now=moment(date(year, 4, 9), 10))
    truth["APR-001"].append(case.number)

    # APR-003: the review step overran its five working days; the case was decided in time.
    case = apply("SC-001", date(year, 5, 12), "演示申请人5")
    accepted = days.after(date(year, 5, 12), 1)
    actions.accept_case(actor, case, now=moment(accepted, 10))
    actions.complete_step(actor, case, step="review", now=moment(days.after(accepted, 6), 15))
    actions.decide_case(actor, case, decision="approve", now=moment(days.after(accepted, 7), 15))
    actions.deliver_case(actor, case, method="窗口领取", now=moment(days.after(accepted, 8), 10))
    truth["APR-003"].append(f"{case.number}|review")

    # Open cases whose cards depend on today: prompt, yellow, red (an item without steps: no step card besides).
    def open_here(due_day: date, name: str):
        accepted = days.before(due_day, 10)
        case = apply("MZ-001", days.before(accepted, 1), name)
        actions.accept_case(actor, case, now=moment(accepted, 10))
        return case.number

    prompt = open_here(days.after(today, 1), "演示申请人6")
    truth["APR-016"].append(prompt)
    if not working_today:
        truth["APR-017"].append(prompt)
    yellow = open_here(days.first_from(today), "演示申请人7")
    truth["APR-016"].append(yellow)
    truth["APR-017"].append(yellow)
    truth["APR-002"].append(open_here(days.before(today, 3), "演示申请人8"))
    return truth
