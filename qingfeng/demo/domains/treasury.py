"""Demo domain "treasury": non-tax revenue notices, funds passed down to units, reserve-fund uses and the
town land lease register of 云川市, with planted cases of FIN-015…FIN-018 and LND-101…LND-103.

Records go through the records importer, the lease register through the treasury actions. Clean data sit
on the permitted side of every line: a fine paid on its fifteenth day, money deposited on the second
working day, a subsidy paid out on its thirtieth day, project funds held for months (not watched), a
lease signed the day before the ban, one recovered on its thirtieth day after expiry, one of exactly twenty
years. Each plant trips only its own rule: unpaid notices are never collected (so nothing is held
undeposited), late deposits are of notices paid in full and on time. Leases in the register run until
2035 or later unless they are planted or recovered, so the snapshot day (the day the demo runs) does not
turn a clean lease into an expired one.
"""

from bisect import bisect_right
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pyarrow as pa

PLANTS = {"FIN-015": 10, "FIN-016": 10, "FIN-017": 8, "FIN-018": 6, "LND-101": 6, "LND-102": 6, "LND-103": 3}
CLEAN_NOTICES = 160
CLEAN_ALLOCATIONS = 40
CLEAN_RESERVE_USES = 12
CLEAN_LEASES = 30
TOWNS = (("801000", "江口镇人民政府", ("江口村", "沙坝村", "河湾村")), ("802000", "北山镇人民政府", ("北山村", "石门村", "柳树村")))
COLLECTORS = ("公安局", "市场监督管理局", "自然资源", "生态环境局", "交通运输局", "住房和城乡建设局", "城市管理", "文化")
SUBSIDIES = ("耕地地力保护补贴", "城乡居民最低生活保障金", "困难残疾人生活补贴", "农机购置补贴", "特困人员救助供养金",
             "义务教育学生营养改善补助")
TRANSFERS = ("乡村振兴衔接资金（转拨）", "就业补助资金（转拨）", "重点生态功能区转移支付（转拨）")
PROJECTS = ("背街小巷改造工程", "污水管网建设项目", "学校运动场改造工程")
EMERGENCIES = (("emergency", "防汛抢险物资采购", "YJ"), ("emergency", "森林火灾扑救补助", "YJ"),
               ("petition", "信访事项化解补偿", "XF"), ("disaster", "冰雹灾害群众救助", "ZH"))
OUT_OF_PURPOSE = (("routine", "办公楼维修改造"), ("project", "城市广场亮化工程"), ("routine", "会议中心设备更新"))
LESSEES = ("云川绿源农业有限公司", "江口鑫达养殖合作社", "北山果蔬种植合作社", "云川宏基建材有限公司", "沙坝物流有限公司",
           "柳树苗木专业合作社", "河湾渔业合作社", "石门砂石有限公司")


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    rng = np.random.default_rng([city.seed, 81])
    world = _World(city, rng)
    truth: dict[str, list[str]] = defaultdict(list)
    world.non_tax(actor, truth)
    world.appropriations(actor, truth)
    world.reserve_fund(actor, truth)
    world.leases(actor, truth)
    return {rule: sorted(keys) for rule, keys in truth.items()}


class _World:
    def __init__(self, city, rng):
        from qingfeng.core.models import Department

        self.city, self.rng, self.year = city, rng, city.year
        self.workdays = [date(self.year, 1, 1) + timedelta(int(d)) for d in city.calendar.work]
        self.as_of = date(self.year, 12, 31)
        units = list(Department.objects.filter(depth__gte=1).exclude(name__endswith="镇人民政府").order_by("code"))
        self.collectors = [d for d in units if any(k in d.name for k in COLLECTORS)] or units[:8]
        self.units = units
        self.finance = Department.objects.filter(name__endswith="财政局").order_by("code").first() or units[0]

    def workday_after(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (``day`` itself not counted)."""
        return self.workdays[bisect_right(self.workdays, day) + n - 1]

    def workday(self, lo_month: int, hi_month: int) -> date:
        pool = [d for d in self.workdays if lo_month <= d.month <= hi_month]
        return pool[int(self.rng.integers(len(pool)))]

    def pick(self, items):
        return items[int(self.rng.integers(len(items)))]

    def _import(self, actor, rows: list[dict], dataset: str) -> None:
        from qingfeng.records.imports import import_arrow
        from qingfeng.records.warehouse import arrow_schema

        table = pa.Table.from_pylist(rows, schema=arrow_schema(dataset))
        report = import_arrow(table, dataset, source_name=f"demo-{dataset}-{self.city.seed}", actor=actor)
        if report.rejected or report.status != "committed":
            raise RuntimeError(f"演示财政数据导入异常：{report.summary()}\n" + "\n".join(report.rejection_lines(limit=5)))

    def _money(self, lo: int, hi: int) -> Decimal:
        return Decimal(int(self.rng.integers(lo, hi)) * 100) / 100

    # ------------------------------------------------------------------ non-tax revenue (FIN-015, FIN-016)

    def non_tax(self, actor, truth) -> None:
        rows: list[dict] = []
        n = 0

        def notice(**kw) -> dict:
            nonlocal n
            n += 1
            dept = self.pick(self.collectors)
            category = kw.pop("category", self.pick(("fine", "fee", "asset")))
            assessed_on = kw.pop("assessed_on", self.workday(1, 10))
            row = {"notice_id": f"FS{self.year}{n:06d}", "department_code": dept.code, "category": category,
                   "payer_name": None, "assessed_amount": self._money(200, 200_000), "assessed_on": assessed_on,
                   "due_on": None, "collected_amount": None, "collected_on": None, "deposited_amount": None,
                   "deposited_on": None, "as_of": self.as_of}
            row.update(kw)
            rows.append(row)
            return row

        def paid(row, collected_on, deposit_workdays):
            row.update(collected_amount=row["assessed_amount"], collected_on=collected_on,
                       deposited_amount=row["assessed_amount"], deposited_on=self.workday_after(collected_on, deposit_workdays))

        for i in range(CLEAN_NOTICES):
            row = notice()
            # Near misses: paid on the fifteenth day, deposited on the second working day.
            days = 15 if i % 10 == 0 else int(self.rng.integers(1, 15))
            paid(row, row["assessed_on"] + timedelta(days), 2 if i % 7 == 0 else 1)
            if i % 20 == 0:  # an earlier extract showed it unpaid; the latest one counts
                rows.append({**row, "collected_amount": None, "collected_on": None, "deposited_amount": None,
                             "deposited_on": None, "as_of": row["assessed_on"] + timedelta(10)})
        for i in range(PLANTS["FIN-015"]):
            kw = {"collected_amount": None} if i % 2 == 0 else {}
            row = notice(**kw)
            if i % 2:  # part paid on time and deposited at once; the rest never came
                part = (row["assessed_amount"] / 2).quantize(Decimal("0.01"))
                on = row["assessed_on"] + timedelta(5)
                row.update(collected_amount=part, collected_on=on, deposited_amount=part, deposited_on=self.workday_after(on, 1))
            truth["FIN-015"].append(row["notice_id"])
        for i in range(PLANTS["FIN-016"]):
            row = notice()
            on = row["assessed_on"] + timedelta(int(self.rng.integers(1, 15)))
            paid(row, on, int(self.rng.integers(3, 25)))
            if i % 3 == 0:  # still in the collecting unit's hands at the extract
                row.update(deposited_amount=None, deposited_on=None)
            truth["FIN-016"].append(row["notice_id"])
        self._import(actor, rows, "non_tax_revenue")

    # ------------------------------------------------------------------ appropriations (FIN-017)

    def appropriations(self, actor, truth) -> None:
        rows: list[dict] = []
        holders = [d for d in self.units if d.depth >= 2] or self.units

        def allocation(i, kind, program, **kw) -> dict:
            row = {"allocation_id": f"ZB{self.year}-{i:04d}", "department_code": self.pick(holders).code,
                   "source_department_code": self.finance.code, "program": program, "kind": kind,
                   "amount": self._money(50_000, 3_000_000), "allocated_on": self.workday(1, 10),
                   "disbursed_amount": None, "last_disbursed_on": None, "as_of": self.as_of}
            row.update(kw)
            rows.append(row)
            return row

        i = 0
        for j in range(CLEAN_ALLOCATIONS):
            i += 1
            kind = "subsidy" if j % 3 else "transfer"
            row = allocation(i, kind, self.pick(SUBSIDIES if kind == "subsidy" else TRANSFERS))
            days = 30 if j % 8 == 0 else int(self.rng.integers(3, 30))
            row.update(disbursed_amount=row["amount"], last_disbursed_on=row["allocated_on"] + timedelta(days))
        for _j in range(len(PROJECTS) * 2):  # project money follows the works: held for months, not watched
            i += 1
            row = allocation(i, "project", self.pick(PROJECTS))
            row.update(disbursed_amount=(row["amount"] * Decimal("0.4")).quantize(Decimal("0.01")),
                       last_disbursed_on=row["allocated_on"] + timedelta(60))
        for j in range(PLANTS["FIN-017"]):
            i += 1
            row = allocation(i, "subsidy" if j % 2 else "transfer", self.pick(SUBSIDIES if j % 2 else TRANSFERS),
                             allocated_on=self.workday(1, 8))
            if j % 2:  # paid out in the end, but 40–90 days after it arrived
                row.update(disbursed_amount=row["amount"], last_disbursed_on=row["allocated_on"] + timedelta(int(self.rng.integers(40, 90))))
            truth["FIN-017"].append(row["allocation_id"])
        self._import(actor, rows, "appropriations")

    # ------------------------------------------------------------------ reserve fund (FIN-018)

    def reserve_fund(self, actor, truth) -> None:
        rows: list[dict] = []

        def use(i, category, purpose, prefix="", **kw) -> dict:
            on = self.workday(1, 11)
            row = {"use_id": f"YBJ{self.year}-{i:03d}", "department_code": self.pick(self.units).code,
                   "amount": self._money(20_000, 2_000_000), "approved_on": on, "decision_no": f"云政预〔{self.year}〕{i}号",
                   "category": category, "purpose": purpose, "event_ref": f"{prefix}-{self.year}-{i:03d}" if prefix else None}
            row.update(kw)
            rows.append(row)
            return row

        i = 0
        for _j in range(CLEAN_RESERVE_USES):
            i += 1
            category, purpose, prefix = self.pick(EMERGENCIES)
            use(i, category, purpose, prefix)
        for j in range(PLANTS["FIN-018"]):
            i += 1
            if j % 3 == 0:
                category, purpose = self.pick(OUT_OF_PURPOSE)
                row = use(i, category, purpose)
            elif j % 3 == 1:  # an emergency, but spent without the government's decision
                row = use(i, "emergency", "防汛抢险物资采购", "YJ", decision_no=None)
            else:  # a petition use that names no petition
                row = use(i, "petition", "信访事项化解补偿")
            truth["FIN-018"].append(row["use_id"])
        self._import(actor, rows, "reserve_fund_uses")

    # ------------------------------------------------------------------ town land leases (LND-101…103)

    def _towns(self, actor):
        from qingfeng.core import actions as core_actions
        from qingfeng.core.models import Department

        root = Department.objects.filter(parent__isnull=True).order_by("code").first()
        towns = []
        for code, name, villages in TOWNS:
            town = Department.objects.filter(name=name).first() or Department.objects.filter(code=code).first()
            if town is None:
                town = core_actions.create_department(actor, code=code, name=name, parent=root)
            towns.append((town, villages))
        return towns

    def leases(self, actor, truth) -> None:
        from qingfeng.treasury.actions import load_leases

        towns = self._towns(actor)
        ban = date(2025, 4, 1)  # LND-101's default ban_date
        rows: list[dict] = []
        n = 0

        def lease(start: date, years: int, *, signed: date | None = None, end: date | None = None, **kw) -> dict:
            nonlocal n
            n += 1
            town, villages = towns[n % len(towns)]
            village = villages[n % len(villages)]
            row = {"lease_no": f"ZD-{town.code[:3]}-{n:04d}", "town": town, "village": village,
                   "parcel": f"{village}{self.pick(('东片', '西片', '南坡', '河滩', '北岗'))}{n}号地块",
                   "lessee_name": self.pick(LESSEES), "area_mu": self._money(5, 400),
                   "land_use": self.pick(("种植", "养殖", "仓储", "苗木")), "signed_on": signed or start - timedelta(20),
                   "start_on": start, "end_on": end or date(start.year + years, start.month, 1) - timedelta(1),
                   "renewal_of": "", "recovered_on": None}
            row.update(kw)
            rows.append(row)
            return row

        for j in range(CLEAN_LEASES):  # running until 2035 or later
            start = date(int(self.rng.integers(2016, 2025)), int(self.rng.integers(1, 13)), 1)
            lease(start, max(20 - (j % 3), 2036 - start.year))
        lease(date(2025, 4, 1), 15, signed=ban - timedelta(1))  # signed the day before the ban
        lease(date(2015, 1, 1), 20)  # exactly twenty years
        old = lease(date(2015, 3, 1), 10)
        old["recovered_on"] = old["end_on"] + timedelta(30)  # recovered on the thirtieth day
        kept = lease(date(2017, 3, 1), 8)
        lease(date(2025, 3, 1), 15, signed=date(2025, 1, 20), renewal_of=kept["lease_no"])  # renewed before the ban
        for j in range(PLANTS["LND-101"]):
            signed = ban + timedelta(int(self.rng.integers(0, 60)))
            if j % 2:  # a new lease
                row = lease(signed + timedelta(10), 15, signed=signed)
            else:  # the renewal of a lease that expired after the ban
                expired = lease(date(2015, 6, 1), 10)
                row = lease(date(2025, 6, 1), 12, signed=signed, renewal_of=expired["lease_no"])
            truth["LND-101"].append(row["lease_no"])
        for j in range(PLANTS["LND-102"]):
            row = lease(date(2013 + j % 3, 1 + j, 1), 10)
            if j % 3 == 0:  # taken back, but months late
                row["recovered_on"] = row["end_on"] + timedelta(int(self.rng.integers(45, 120)))
            truth["LND-102"].append(row["lease_no"])
        for j in range(PLANTS["LND-103"]):
            row = lease(date(2008 + j, 5, 1), 25 + 5 * j)
            truth["LND-103"].append(row["lease_no"])
        load_leases(actor, rows)
