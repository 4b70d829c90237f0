"""Demo domain "projects": 云川市's land transfers, government investment projects and the migrant-worker
wage records of their sites, with planted cases of every land (LND-001…007), project (PRJ-001…004) and
wage (WAG-001…007) rule.

Projects are registered and moved through their gates by the real actions (documents, contracts, wage
accounts and deposits first, objections lodged and resolved on the way); land, wage and treasury records
go through the records importer. Dates are relative to today so the open deadlines (unpublished results,
idle land, months unpaid) read the same whenever the demo runs. Clean data sit on the permitted side of
every line: results published within three days, listings of two weeks, prices at or above the benchmark,
deposits lodged within a week at 2%, one labour-cost transfer a month, wages paid on the 10th of the next
month at 6,600 a month, leavers settled and confirmed on the day they leave.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

OWNERS = ("市住房和城乡建设局", "市交通运输局", "市水务局")
INVOLVED = ("市发展和改革委员会", "市财政局", "市自然资源和规划局", "市人力资源和社会保障局")
ECONOMIC_CLASS = "31005"  # 基础设施建设: no demo finance payment uses it, so project payments stand apart
DAILY_PAY = 300
WORKDAYS_A_MONTH = 22


def _month(d: date, shift: int = 0) -> date:
    n = d.year * 12 + d.month - 1 + shift
    return date(n // 12, n % 12 + 1, 1)


def _aware(d: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(d, datetime.min.time()).replace(hour=hour))


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.core.models import Department

    depts = {d.name: d for d in Department.objects.filter(name__in=OWNERS + INVOLVED)}
    if not all(n in depts for n in OWNERS + INVOLVED):
        return {}
    today = timezone.localdate()
    truth: dict[str, list[str]] = defaultdict(list)
    _land(city, depts["市自然资源和规划局"], today, actor, truth)
    _Projects(city, depts, today, actor, truth).build()
    return {rule: sorted(keys) for rule, keys in truth.items()}


# ---------------------------------------------------------------------------------------------- land

def _land(city, dept, today, actor, truth):
    import pyarrow as pa

    from qingfeng.records.imports import import_arrow

    parcels, transfers, checks = [], [], []
    base = today - timedelta(days=400)

    def transfer(i, use, *, method="auction", users=3, announce=30, listing=14, price_share=Decimal("1.2"),
                 published_after=3, agreed_in=200, started_after=20, promise=False, unpublished=False, start=None):
        pid, tid = f"YC-TD-{i:03d}", f"YC-CR-{i:03d}"
        area, bench = Decimal(8000 + 500 * i), Decimal(900 + 20 * i)
        parcels.append({"parcel_id": pid, "department_code": dept.code, "location": f"云川市新区第{i}号地块", "land_use": use,
                        "area_m2": area, "benchmark_price_m2": bench})
        start = start or base + timedelta(days=7 * i)
        deal = start + timedelta(days=listing if method == "listing" else 0)
        agreed = deal + timedelta(days=agreed_in)
        actual = agreed + timedelta(days=started_after) if started_after is not None and agreed + timedelta(days=started_after) <= today else None
        transfers.append({
            "transfer_id": tid, "parcel_id": pid, "department_code": dept.code, "method": method, "intending_users": users,
            "announced_on": start - timedelta(days=announce) if method != "agreement" else None,
            "start_on": start if method != "agreement" else None,
            "listing_end_on": deal if method == "listing" else None, "deal_on": deal,
            "price": (area * bench * price_share).quantize(Decimal("0.01")),
            "result_published_on": None if unpublished or method == "agreement" else deal + timedelta(days=published_after),
            "grantee": f"云川{('兴业', '安居', '恒通', '华建', '新材', '智造')[i % 6]}有限公司",
            "project_code": f"QY-{i:03d}" if promise else None, "agreed_start_on": agreed, "actual_start_on": actual,
            "promised_investment_m2": Decimal(3000) if promise else None, "promised_output_m2": Decimal(4000) if promise else None,
        })
        return tid, area

    def check(tid, area, n, share):
        checks.append({"check_id": f"HC-{n:03d}", "transfer_id": tid, "department_code": dept.code,
                       "checked_on": today - timedelta(days=30), "invested": (area * 3000 * share).quantize(Decimal("0.01")),
                       "annual_output": (area * 4000 * share).quantize(Decimal("0.01"))})

    uses = ("residential", "commercial", "tourism", "entertainment")
    for i in range(1, 9):  # clean competitive transfers of operating land
        transfer(i, uses[i % 4], method=("auction", "listing", "tender")[i % 3])
    tid, area = transfer(9, "industrial", method="agreement", users=1, price_share=Decimal("1.0"), promise=True)
    check(tid, area, 1, Decimal("1.05"))  # clean: the promise kept (also: agreement at exactly the benchmark)
    tid, area = transfer(10, "industrial", method="listing", users=2, promise=True)
    check(tid, area, 2, Decimal("1.00"))
    # LND-001: commercial land by agreement; industrial land with three intending users allocated by agreement.
    truth["LND-001"] += [transfer(11, "commercial", method="agreement", users=1)[0],
                         transfer(12, "industrial", method="agreement", users=3)[0]]
    truth["LND-002"] += [transfer(13, "residential", announce=12)[0], transfer(14, "commercial", method="tender", announce=19)[0]]
    truth["LND-003"] += [transfer(15, "residential", method="listing", listing=6)[0],
                         transfer(16, "tourism", method="listing", listing=9)[0]]
    truth["LND-004"] += [transfer(17, "residential", price_share=Decimal("0.5"))[0],
                         transfer(18, "industrial", method="listing", users=2, price_share=Decimal("0.69"))[0]]
    truth["LND-005"] += [transfer(19, "commercial", published_after=30)[0], transfer(20, "residential", unpublished=True)[0]]
    # LND-006: agreed start 13 months ago and never started; started 14 months late.
    truth["LND-006"] += [transfer(21, "industrial", method="listing", users=2, started_after=None, start=today - timedelta(days=800))[0],
                         transfer(22, "commercial", started_after=430, start=today - timedelta(days=900))[0]]
    tid, area = transfer(23, "industrial", method="listing", users=2, promise=True)
    check(tid, area, 3, Decimal("0.4"))
    truth["LND-007"].append(tid)
    tid, area = transfer(24, "industrial", method="listing", users=2, promise=True)
    checks.append({"check_id": "HC-004", "transfer_id": tid, "department_code": dept.code, "checked_on": today - timedelta(days=20),
                   "invested": area * 3000, "annual_output": None})  # invested as promised, nothing produced
    truth["LND-007"].append(tid)
    for dataset, rows in (("land_parcels", parcels), ("land_transfers", transfers), ("land_checks", checks)):
        report = import_arrow(pa.Table.from_pylist(_cents(rows)), dataset, source_name=f"demo-{dataset}-{city.seed}", actor=actor)
        _check(report)


# ------------------------------------------------------------------------------------------ projects

class _Projects:
    def __init__(self, city, depts, today, actor, truth):
        from qingfeng.core.calendar import WorkCalendar

        self.city, self.depts, self.today, self.actor, self.truth = city, depts, today, actor, truth
        self.cal = WorkCalendar.load(today - timedelta(days=800), today + timedelta(days=40))
        self.transfers, self.attendance, self.payroll, self.exits, self.payments, self.budgets = [], [], [], [], [], []
        self.n = 0
        accounts = city.accounts.to_pydict()
        self.zero = {c: n for c, n, k in zip(accounts["department_code"], accounts["account_no"], accounts["kind"], strict=True)
                     if k == "zero_balance"}

    def workday(self, d: date) -> date:
        while not self.cal.is_workday(d):
            d += timedelta(days=1)
        return d

    # A project walked through its gates; ``until`` is the last stage it enters.
    def project(self, name, owner, *, until, start_months_ago=8, estimate=Decimal("80000000"), investment=None,
                late_deposit=False, advance=False, accepted_months_ago=None, final_after_months=None, objection=False):
        from qingfeng.projects import actions as pa_
        from qingfeng.projects.stages import ORDER, DocKind, Stage

        self.n += 1
        code = f"XM{self.today.year}{self.n:03d}"
        owner = self.depts[owner]
        start = self.workday(_month(self.today, -start_months_ago) + timedelta(days=14))
        t0 = start - timedelta(days=200)
        p = pa_.register_project(self.actor, code=code, name=name, owner=owner, budget_line=f"{code}-JS",
                                 departments=[self.depts[n] for n in INVOLVED], at=_aware(t0))
        docs = {Stage.DECISION: 180, Stage.PLAN: 150, Stage.FUNDING: 100, Stage.CONSTRUCTION: 0}
        contract = None
        for stage in ORDER[1:ORDER.index(until) + 1]:
            if stage == Stage.CONSTRUCTION:
                signed = start - timedelta(days=60)
                contract = pa_.add_contract(self.actor, p, code=f"{code}-SG01", contractor=f"云川建工第{self.n}工程公司",
                                            value=estimate * Decimal("0.6"), signed_on=signed, advance_funding=advance)
                pa_.record_document(self.actor, p, kind=DocKind.FUNDS, reference=f"云财建〔{t0.year}〕{self.n}号",
                                    issued_on=signed - timedelta(days=10), at=_aware(signed - timedelta(days=10)))
                pa_.record_document(self.actor, p, kind=DocKind.CONTRACT, reference=contract.code, issued_on=signed,
                                    at=_aware(signed))
                pa_.record_document(self.actor, p, kind=DocKind.PERMIT, reference=f"施许{code}", issued_on=start - timedelta(days=5),
                                    at=_aware(start - timedelta(days=5)))
                pa_.open_wage_account(self.actor, contract, bank="云川农商银行", account_no=f"6230{self.n:04d}0001",
                                      opened_on=signed + timedelta(days=3))
                reduced = self.n == 2  # a contractor with two clean years: 0.5 %, exactly the floor WAG-001 allows
                pa_.lodge_wage_security(self.actor, contract, kind="deposit" if self.n % 2 else "guarantee",
                                        rate=Decimal("0.005") if reduced else Decimal("0.02"),
                                        rate_basis="reduced" if reduced else "standard",
                                        lodged_on=signed + timedelta(days=90 if late_deposit else 5), reference=f"BZ{code}")
                if objection:  # the human-resources bureau holds the gate until the site's real-name system is checked
                    o = pa_.lodge_objection(self.actor, p, department=self.depts["市人力资源和社会保障局"],
                                            text="实名制管理系统尚未接入，请接入后再开工。", at=_aware(start - timedelta(days=4)))
                    pa_.resolve_objection(self.actor, o, resolution="已接入实名制管理系统并完成考勤设备调试。",
                                          at=_aware(start - timedelta(days=1)))
                pa_.pass_gate(self.actor, p, at=_aware(start))
                continue
            if stage == Stage.COMPLETION:
                day = _month(self.today, -(accepted_months_ago or 0)) - timedelta(days=20)
                pa_.record_document(self.actor, p, kind=DocKind.QUALITY, reference=f"质监{code}", issued_on=day, at=_aware(day))
                pa_.pass_gate(self.actor, p, at=_aware(day))
                continue
            if stage == Stage.HANDOVER:
                accepted = self.accepted_on(accepted_months_ago)
                pa_.record_document(self.actor, p, kind=DocKind.ACCEPTANCE, reference=f"竣备{code}", issued_on=accepted,
                                    at=_aware(accepted))
                pa_.pass_gate(self.actor, p, at=_aware(accepted))
                continue
            if stage == Stage.AUDIT:
                final = _month(self.accepted_on(accepted_months_ago), final_after_months) + timedelta(days=3)
                pa_.record_document(self.actor, p, kind=DocKind.FINAL_ACCOUNTS, reference=f"决算{code}", issued_on=final,
                                    at=_aware(final))
                pa_.record_document(self.actor, p, kind=DocKind.HANDOVER, reference=f"移交{code}", issued_on=final,
                                    at=_aware(final))
                pa_.pass_gate(self.actor, p, at=_aware(final))
                continue
            from qingfeng.projects.stages import REQUIRED

            day = start - timedelta(days=docs[stage])
            for kind in REQUIRED[stage]:
                pa_.record_document(self.actor, p, kind=kind, reference=f"{kind}-{code}", issued_on=day, at=_aware(day))
            if stage == Stage.FUNDING:
                pa_.set_estimate(self.actor, p, estimate=estimate)
            pa_.pass_gate(self.actor, p, at=_aware(day))
        spent = investment if investment is not None else estimate * Decimal("0.7")
        pa_.set_estimate(self.actor, p, investment=spent)
        return p, contract, start

    def accepted_on(self, months_ago):
        return _month(self.today, -months_ago) + timedelta(days=9)

    # Wage records of a site from the month construction began up to (not including) ``end``.
    def wages(self, p, contract, start, *, end=None, workers=10, skip_transfer=None, unpaid_month=None, low_month=None,
              gang_month=None, missing_workers_month=None, leavers=()):
        end = end or _month(self.today)
        month, k = _month(start), 0
        acct = contract.wage_account.account_no
        while month < end:
            k += 1
            if skip_transfer != k:
                self.transfers.append({"transfer_id": f"{p.code}-RG{k:02d}", "project_code": p.code, "department_code": p.owner.code,
                                       "contract_code": contract.code, "account_no": acct, "paid_on": month + timedelta(days=4),
                                       "amount": Decimal(DAILY_PAY * WORKDAYS_A_MONTH * workers)})
            pay_day = _month(month, 1) + timedelta(days=9)
            for w in range(1, workers + 1):
                worker = f"{p.code}-G{w:02d}"
                self.attendance.append({"attendance_id": f"{p.code}-KQ{k:02d}{w:02d}", "project_code": p.code,
                                        "department_code": p.owner.code, "contract_code": contract.code, "worker_no": worker,
                                        "work_month": month, "days": WORKDAYS_A_MONTH})
                if pay_day >= self.today or unpaid_month == k or (missing_workers_month == k and w <= 2):
                    continue
                amount = Decimal(DAILY_PAY * WORKDAYS_A_MONTH)
                if low_month == k:
                    amount = Decimal(1500)
                if gang_month == k and w == 1:
                    amount = Decimal(56000)
                self.payroll.append({"line_id": f"{p.code}-GZ{k:02d}{w:02d}", "project_code": p.code,
                                     "department_code": p.owner.code, "contract_code": contract.code, "worker_no": worker,
                                     "pay_month": month, "amount": amount, "paid_on": pay_day})
            month = _month(month, 1)
        for n, (left_ago, settled, confirmed) in enumerate(leavers, 1):
            left = self.today - timedelta(days=left_ago)
            self.exits.append({"exit_id": f"{p.code}-TC{n:02d}", "project_code": p.code, "department_code": p.owner.code,
                               "worker_no": f"{p.code}-T{n:02d}", "left_on": left, "settled_on": left if settled else None,
                               "confirmed": int(confirmed)})

    # Treasury payments on the project's budget line (PRJ-004 reads them): progress payments to the contractor.
    def pay(self, p, contract, start, *, stranger: str | None = None):
        line = p.budget_line
        self.budgets.append({"department_code": p.owner.code, "year": self.today.year, "budget_line": line,
                             "budget_line_name": p.name, "economic_class": ECONOMIC_CLASS, "amount": Decimal("60000000")})
        for k, (payee, amount) in enumerate([(contract.contractor, Decimal("3200000") + self.n * 1000),
                                             (contract.contractor, Decimal("2700000") + self.n * 1000)]
                                            + ([(stranger, Decimal("1350000"))] if stranger else [])):
            day = self.workday(max(start, date(self.today.year, 1, 5)) + timedelta(days=20 + 30 * k))
            day = min(day, self.workday(self.today - timedelta(days=10)), self.workday(date(self.today.year, 11, 16)))
            pid = f"{p.code}-ZF{k + 1:02d}"
            self.payments.append({
                "payment_id": pid, "payer_department_code": p.owner.code, "payer_account": self.zero.get(p.owner.code, f"ZX{p.owner.code}"),
                "payee_name": payee, "payee_account": f"6217{self.n:04d}{k:02d}",
                "payee_type": "unit", "amount": amount, "paid_at": datetime.combine(day, datetime.min.time()).replace(hour=10),
                "settlement_method": "transfer", "purpose": "工程进度款", "budget_line": line, "economic_class": ECONOMIC_CLASS})
            if payee == stranger:
                self.truth["PRJ-004"].append(pid)

    def build(self):
        from qingfeng.projects.stages import Stage

        t = self.truth
        # Clean: built, accepted nine months ago, final accounts four months later, handed over and audited.
        p, c, s = self.project("城南污水处理厂提标改造", "市水务局", until=Stage.AUDIT, start_months_ago=20,
                               accepted_months_ago=9, final_after_months=4, objection=True)
        self.wages(p, c, s, end=_month(self.accepted_on(9)), leavers=[(300, True, True)])
        self.pay(p, c, s)
        # Clean, under construction; WAG-004 (a month paid 1,500 a head) and WAG-007 (a leaver never settled).
        p, c, s = self.project("滨江大道快速化改造", "市交通运输局", until=Stage.CONSTRUCTION)
        self.wages(p, c, s, low_month=3, leavers=[(40, True, True), (20, False, False)])
        t["WAG-004"].append(f"{p.code}|{_month(s, 2):%Y-%m}")
        t["WAG-007"].append(f"{p.code}|{p.code}-T02|{self.today - timedelta(days=20)}")
        self.pay(p, c, s)
        # PRJ-001: 125% of the estimate spent without re-approval; WAG-005: the crew's pay to its leader one month.
        p, c, s = self.project("市体育中心改扩建", "市住房和城乡建设局", until=Stage.CONSTRUCTION, investment=Decimal("100000000"))
        self.wages(p, c, s, gang_month=2)
        t["PRJ-001"].append(p.code)
        t["WAG-005"].append(f"{p.code}|{p.code}-G01|{_month(s, 1):%Y-%m}")
        self.pay(p, c, s)
        # PRJ-002: the contract has the contractor advance funds; WAG-006 and WAG-007 (settled, never confirmed).
        p, c, s = self.project("老城区雨污分流", "市水务局", until=Stage.CONSTRUCTION, advance=True)
        self.wages(p, c, s, missing_workers_month=4, leavers=[(50, True, False)])
        t["PRJ-002"].append(p.code)
        t["WAG-006"].append(f"{p.code}|{_month(s, 3):%Y-%m}")
        t["WAG-007"].append(f"{p.code}|{p.code}-T01|{self.today - timedelta(days=50)}")
        # PRJ-003: accepted eight months ago, no final accounts yet.
        p, c, s = self.project("第二人民医院门诊楼", "市住房和城乡建设局", until=Stage.HANDOVER, start_months_ago=22,
                               accepted_months_ago=8)
        self.wages(p, c, s, end=_month(self.accepted_on(8)))
        t["PRJ-003"].append(p.code)
        # PRJ-004: a consultancy paid from the project's line without any contract of the project.
        p, c, s = self.project("城北综合管廊", "市住房和城乡建设局", until=Stage.CONSTRUCTION)
        self.wages(p, c, s)
        self.pay(p, c, s, stranger="云川远景工程咨询有限公司")
        # WAG-001: the deposit lodged three months after the contract was signed.
        p, c, s = self.project("东湖片区道路微循环", "市交通运输局", until=Stage.CONSTRUCTION, late_deposit=True)
        self.wages(p, c, s)
        t["WAG-001"].append(c.code)
        # WAG-002: no labour-cost transfer in the construction's third month.
        p, c, s = self.project("江北水厂二期", "市水务局", until=Stage.CONSTRUCTION)
        self.wages(p, c, s, skip_transfer=3)
        t["WAG-002"].append(f"{p.code}|{_month(s, 2):%Y-%m}")
        # WAG-003: the fourth month's wages never paid.
        p, c, s = self.project("保障性住房（一期）", "市住房和城乡建设局", until=Stage.CONSTRUCTION)
        self.wages(p, c, s, unpaid_month=4)
        t["WAG-003"].append(f"{p.code}|{_month(s, 3):%Y-%m}")
        # Projects still before their construction gate (one held up by an open objection).
        self.project("智慧城管平台", "市住房和城乡建设局", until=Stage.PLAN)
        p, _c, _s = self.project("滨江公园提升", "市交通运输局", until=Stage.FUNDING)
        from qingfeng.projects import actions as pa_

        pa_.lodge_objection(self.actor, p, department=self.depts["市财政局"], text="资金来源未落实，建议暂缓进入建设实施。")
        self.import_all()

    def import_all(self):
        import pyarrow as pa

        from qingfeng.records.imports import import_arrow

        for dataset, rows in (("wage_transfers", self.transfers), ("site_attendance", self.attendance),
                              ("wage_payroll", self.payroll), ("worker_exits", self.exits), ("budgets", self.budgets),
                              ("payments", self.payments)):
            if rows:
                report = import_arrow(pa.Table.from_pylist(_cents(rows)), dataset, source_name=f"demo-projects-{dataset}-{self.city.seed}",
                                      actor=self.actor)
                _check(report)


def _cents(rows: list[dict]) -> list[dict]:
    """Every amount with two decimals, so Arrow infers one decimal type per column."""
    return [{k: v.quantize(Decimal("0.01")) if isinstance(v, Decimal) else v for k, v in row.items()} for row in rows]


def _check(report):
    if report.rejected or report.status != "committed":
        raise RuntimeError(f"演示项目数据导入异常：{report.summary()}\n" + "\n".join(report.rejection_lines(limit=5)))
