"""Demo domain "decisions": 三重一大 in two bureaus of 云川市 that have published a major-matter catalogue
(¥5,000,000 — above any single finance payment of the demo city and any 30-day sum to one payee in it, so
only what is planted here crosses it). Clean meetings table topics with their full dossier, take opinions
with the principal last, decide, close and link the payments that carry the decision out. Planted: major
payments with no decision and one decided after it was paid (DEC-001), a payment split in three under the
amount (DEC-002), decisions taken by circulation (DEC-003) and a major works contract signed with no decision
(DEC-004; the clean one is linked to its meeting's decision).

Payments are imported through the records importer with their own budget line, on working days, by transfer
to unit payees, so that no finance rule sees them.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

THRESHOLD = Decimal("5000000")
CLASS = "31005"  # 基础设施建设


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    import pyarrow as pa

    from qingfeng.core.calendar import WorkCalendar
    from qingfeng.core.models import Department, Person
    from qingfeng.decisions import actions as da
    from qingfeng.decisions.models import Outcome
    from qingfeng.records.imports import import_arrow

    bureaus = list(Department.objects.filter(depth=1).exclude(name="市政府办公室").order_by("code"))
    if len(bureaus) < 8:
        return {}
    year = city.year
    cal = WorkCalendar.load(date(year, 1, 1), date(year, 12, 31))
    workdays = [d for d in (date(year, 1, 1) + timedelta(days=i) for i in range(330)) if cal.is_workday(d)]
    accounts = city.accounts.to_pydict()
    zero = {c: n for c, n, k in zip(accounts["department_code"], accounts["account_no"], accounts["kind"], strict=True)
            if k == "zero_balance"}
    truth: dict[str, list[str]] = defaultdict(list)
    payments, budgets, payee_accounts, tenders, contracts = [], [], {}, [], []

    def pay(dept, n, day, amount, payee):
        pid = f"JC{year}{dept.code}{n:03d}"
        payments.append({"payment_id": pid, "payer_department_code": dept.code, "payer_account": zero[dept.code],
                         "payee_name": payee, "payee_account": payee_accounts.setdefault(payee, f"6228{int(dept.code):06d}{len(payee_accounts):06d}"),
                         "payee_type": "unit", "amount": Decimal(amount), "paid_at": datetime.combine(day, datetime.min.time()).replace(hour=10),
                         "settlement_method": "transfer", "purpose": "重大项目建设资金", "budget_line": f"{dept.code}-ZD01",
                         "economic_class": CLASS})
        return pid

    def contract(dept, n, day, amount, title):
        ocid = f"ocds-yc{year}-jc-{dept.code}-{n}"
        tenders.append({"ocid": ocid, "department_code": dept.code, "title": title, "status": "complete",
                        "procurement_method": "open", "main_category": "works", "value_amount": Decimal(amount), "currency": "CNY"})
        contracts.append({"ocid": ocid, "contract_id": "HT1", "status": "active", "amount": Decimal(amount), "currency": "CNY",
                          "signed_at": datetime.combine(day, datetime.min.time()).replace(hour=15)})
        return ocid

    for b, dept in enumerate((bureaus[3], bureaus[6])):
        if dept.code not in zero:
            continue
        da.set_catalogue(actor, dept, threshold=THRESHOLD, effective_from=date(year, 1, 1),
                         basis=f"{dept.name}“三重一大”事项目录（{year} 年版）")
        budgets.append({"department_code": dept.code, "year": year, "budget_line": f"{dept.code}-ZD01",
                        "budget_line_name": "重大项目建设", "economic_class": CLASS, "amount": Decimal("200000000")})
        people = list(Person.objects.filter(department=dept).select_related("post").order_by("-post__is_leader", "staff_no")[:5])
        principal, members = people[0], people
        payee = f"云川城建第{b + 1}工程有限公司"
        for k in range(2):  # clean: decided at a meeting, then paid and linked
            day = workdays[40 + 60 * k + b]
            held = _at(day, 9)
            topic = da.create_topic(actor, department=dept, title=f"{dept.name}重大项目资金安排（第{k + 1}批）",
                                    proposal="项目必要性、可行性及资金来源说明。", amount=Decimal("6000000"),
                                    touches_public=(k == 1), at=held - timedelta(days=60))
            da.request_legality_review(actor, topic, at=held - timedelta(days=55))
            da.record_legality_review(actor, topic, lawful=True, opinion="经审查，程序合法、内容合法。", at=held - timedelta(days=44))
            if topic.touches_public:
                da.record_consultation(actor, topic, start=(held - timedelta(days=42)).date(), end=(held - timedelta(days=5)).date(),
                                       feedback="收到意见 23 条，采纳 9 条，未采纳的已说明理由。")
            meeting = da.schedule_meeting(actor, department=dept, title=f"{dept.name}党组会议", principal=principal,
                                          members=members, held_at=held, at=held - timedelta(days=3))
            item = da.table_topic(actor, meeting, topic)
            da.record_attendance(actor, meeting, members[:4])
            for p in members[1:4]:
                da.record_opinion(actor, item, p, stance="agree", text="同意。", at=held + timedelta(minutes=10))
            da.record_opinion(actor, item, principal, stance="agree", text="同意，按程序实施。", at=held + timedelta(minutes=30))
            decision = da.decide(actor, item, outcome=Outcome.APPROVED, text="同意安排资金 600 万元。", at=held + timedelta(minutes=40))
            da.close_meeting(actor, meeting, at=held + timedelta(hours=2))
            pid = pay(dept, 1 + k, workdays[45 + 60 * k + b], "6000000", payee)
            da.link_execution(actor, decision, kind="payment", reference=pid, at=held + timedelta(days=5))
            if k == 0:
                ocid = contract(dept, 1, workdays[42 + b], "6000000", topic.title)
                da.link_execution(actor, decision, kind="contract", reference=f"{ocid}/HT1", at=held + timedelta(days=3))
        # DEC-001: a major payment with no decision at all
        truth["DEC-001"].append(pay(dept, 10, workdays[150 + b], "5200000", f"云川市政第{b + 1}建设公司"))
        # DEC-001: paid first, decided afterwards (补会)
        late = pay(dept, 11, workdays[170 + b], "7500000", f"云川路桥第{b + 1}公司")
        topic = da.create_topic(actor, department=dept, title="道路提升工程追加资金", proposal="追加资金说明。",
                                amount=Decimal("7500000"), at=_at(workdays[160 + b]))
        decision = da.record_circulated_decision(actor, topic, outcome=Outcome.APPROVED, text="同意追加。", at=_at(workdays[185 + b]))
        da.link_execution(actor, decision, kind="payment", reference=late, at=_at(workdays[186 + b]))
        truth["DEC-001"].append(late)
        truth["DEC-003"].append(decision.number)
        # DEC-002: three parts under the amount to one payee within 20 days, adding up to more than it
        split_payee = f"云川绿化第{b + 1}工程公司"
        for j, amount in enumerate(("2100000", "1980000", "2050000")):
            pay(dept, 20 + j, workdays[200 + b + 6 * j], amount, split_payee)
        truth["DEC-002"].append(f"{dept.code}|{payments[-1]['payee_account']}|{year}")
        # DEC-004: a works contract above the amount, signed with no decision
        truth["DEC-004"].append(f"{contract(dept, 2, workdays[195 + b], '5600000', '片区综合整治工程')}|HT1")
        # DEC-003: a purchase decided by countersigning, without a meeting
        topic = da.create_topic(actor, department=dept, title="公务用车更新", proposal="更新 4 辆。", amount=Decimal("800000"),
                                at=_at(workdays[210 + b]))
        truth["DEC-003"].append(da.record_circulated_decision(actor, topic, outcome=Outcome.APPROVED, text="会签同意。",
                                                              at=_at(workdays[212 + b])).number)
    for dataset, rows in (("budgets", budgets), ("payments", payments), ("tenders", tenders), ("contracts", contracts)):
        report = import_arrow(pa.Table.from_pylist(rows), dataset, source_name=f"demo-decisions-{dataset}-{city.seed}", actor=actor)
        if report.rejected or report.status != "committed":
            raise RuntimeError(f"三重一大演示数据导入异常：{report.summary()}\n" + "\n".join(report.rejection_lines(limit=5)))
    return dict(truth)
