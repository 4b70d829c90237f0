"""Demo domain "people": the roster, declarations, the business registry, payroll, attendance, leave,
life-event notices and receptions of 云川市, with planted cases of every people rule (PEO-001…PEO-010)
and the name variants the matcher must see through.

Everything goes through the people actions (one ledger event per bulk load) and the records importer.
Plants are kept apart so that each trips only its own rule: ghost, double and after-death pay sit in
units without electronic attendance (which PEO-005 would otherwise also flag), absences and vanishing
check-ins only in units with it. Clean data sit on the permitted side of every line (three companions
for ten guests, the per-head standard to the fen, two visits a quarter, three check-ins without
presence in a month, fifteen days of absence or fewer), and some officials hold roles in companies that
deal with nobody they answer for, or share a name with a stranger in the registry.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

import numpy as np
import pyarrow as pa

PLANTS = {"PEO-001": 12, "PEO-002": 4, "PEO-003": 4, "PEO-004": 3, "PEO-005": 4, "PEO-006": 4, "PEO-007": 4,
          "PEO-008": 4, "PEO-009": 4, "PEO-010": 3}
ATTENDANCE_UNITS = 8  # units with electronic attendance and afternoon presence checks
GUEST_UNITS = tuple(f"{p}{u}" for p in ("邻市", "省", "江北县", "城南区") for u in (
    "发展和改革委员会", "财政局", "教育局", "卫生健康委员会", "住房和城乡建设局", "交通运输局", "审计局", "商务局"))
STANDARDS = (("云川市", 120), ("江北县", 100))
PUBLIC_INSTITUTION_SUFFIXES = ("医院", "学", "校", "院", "中心", "站", "所", "馆", "园", "队")


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.core.models import Person

    rng = np.random.default_rng([city.seed, 60])
    year = city.year
    staff = list(Person.objects.select_related("department__parent", "post").order_by("staff_no"))
    world = _World(city, rng, year, staff)
    truth: dict[str, list[str]] = defaultdict(list)
    world.roster(actor)
    world.declarations(actor)
    world.business_registry(actor, truth)
    from qingfeng.people.actions import run_matching

    world.matching = run_matching(actor)
    world.payroll_and_attendance(actor, truth)
    world.receptions(actor, truth)
    return {rule: sorted(keys) for rule, keys in truth.items()}


class _World:
    def __init__(self, city, rng, year, staff):
        self.city, self.rng, self.year, self.staff = city, rng, year, staff
        self.workdays = [date(year, 1, 1) + timedelta(int(d)) for d in city.calendar.work]
        by_dept = defaultdict(list)
        for p in staff:
            by_dept[p.department.code].append(p)
        self.by_dept = dict(by_dept)
        units = sorted(c for c, ps in by_dept.items() if len(ps) >= 6 and ps[0].department.parent and ps[0].department.parent.parent)
        chosen = rng.choice(len(units), min(ATTENDANCE_UNITS, len(units)), replace=False)
        self.covered = {units[i] for i in sorted(chosen)}
        self.used: set[str] = set()  # staff numbers already carrying a plant
        self.identity: dict[str, dict] = {}

    # ------------------------------------------------------------------ registries

    def roster(self, actor):
        from qingfeng.people.actions import load_roster
        from qingfeng.people.synthetic import REGIONS, random_births

        rng = self.rng
        births = random_births(rng, len(self.staff), 1962, 1998)
        regions = rng.integers(0, len(REGIONS), len(self.staff))
        rows = []
        from qingfeng.people.identifiers import make_id_number

        for i, p in enumerate(self.staff):
            region = REGIONS[regions[i]]
            number = make_id_number(region, births[i], i)
            self.identity[p.staff_no] = {"name": p.name, "birth_date": births[i], "region": region, "id_number": number}
            public = p.department.name.endswith(PUBLIC_INSTITUTION_SUFFIXES)
            rows.append({"staff_no": p.staff_no, "id_number": number, "birth_date": births[i], "region": region,
                         "establishment": "public_institution" if public else ("worker" if rng.random() < 0.05 else "administrative"),
                         "status": "active", "joined_on": date(int(rng.integers(2000, 2021)), int(rng.integers(1, 13)), 1)})
        self.roster_rows = {r["staff_no"]: r for r in rows}
        load_roster(actor, rows)

    def declarations(self, actor):
        from qingfeng.people.actions import load_declarations
        from qingfeng.people.synthetic import people

        rng = self.rng
        leaders = [p for p in self.staff if p.post and p.post.is_leader]
        pool = people(rng, 3 * len(leaders), sequence_base=300, first=1960, last=2004)
        self.relatives: dict[str, list[dict]] = {}
        rows, k = [], 0
        for p in leaders:
            mine = []
            for relation, chance in (("spouse", 0.85), ("child", 0.6), ("child_spouse", 0.2)):
                if relation == "child_spouse" and not any(r["relation"] == "child" for r in mine):
                    continue
                if rng.random() < chance:
                    mine.append({**pool[k], "relation": relation, "employer": "" if relation != "spouse" else "个体"})
                    k += 1
            self.relatives[p.staff_no] = mine
            rows.append({"staff_no": p.staff_no, "year": self.year - 1, "submitted_on": date(self.year, 1, 20), "relatives": mine})
        load_declarations(actor, rows)

    def _counterparty_groups(self) -> list[tuple[str, str]]:
        from qingfeng.people.counterparties import payments

        return sorted({(r["department_code"], r["name"]) for r in payments(None, 0)})

    def business_registry(self, actor, truth):
        from qingfeng.people.actions import assign_oversight, load_business_registry
        from qingfeng.people.identifiers import make_credit_code
        from qingfeng.people.synthetic import VARIANTS, holder_record, people

        rng, city = self.rng, self.city
        vendor_idx = sorted({int(i) for idx in city._vendors.values() for i in idx})
        names = city._payee_names.to_pylist()
        vendor_names = sorted({names[i] for i in vendor_idx})
        extra = [f"云川{a}{b}有限公司" for a in ("瑞德", "锦程", "华岳", "鸿运", "祥和", "泰和") for b in ("贸易", "实业", "投资", "置业")]
        companies = [{"credit_code": make_credit_code("539900", 1000 + i), "name": n, "established_on": date(int(rng.integers(1998, 2022)), 3, 1)}
                     for i, n in enumerate(vendor_names + extra)]
        code_of = {c["name"]: c["credit_code"] for c in companies}
        holders = people(rng, 4 * len(companies), sequence_base=600, first=1955, last=1995)
        roles, h = [], 0
        for c in companies:
            n_share = int(rng.integers(1, 4))
            shares = np.round(rng.dirichlet(np.ones(n_share)) * 100, 2)
            for kind, count in (("legal_rep", 1), ("shareholder", n_share), ("executive", int(rng.integers(0, 2)))):
                for j in range(count):
                    person = holders[h]
                    h += 1
                    record = ({"holder_name": person["name"], "holder_id_number": person["id_number"]} if rng.random() < 0.8 else
                              {"holder_name": person["name"], "holder_birth_date": person["birth_date"], "holder_region": person["region"],
                               "holder_id_masked": person["region"] + "*" * 8 + person["id_number"][-4:]})
                    roles.append({"credit_code": c["credit_code"], "kind": kind, "share": shares[j] if kind == "shareholder" else None,
                                  "position": {"legal_rep": "执行董事兼总经理", "executive": "监事"}.get(kind, ""),
                                  "start_on": c["established_on"], **record})
        groups = self._counterparty_groups()
        leaders_of = {code: [p for p in ps if p.post and p.post.is_leader] for code, ps in self.by_dept.items()}
        office = next(code for code, ps in self.by_dept.items() if ps[0].department.name == "市政府办公室")
        overseers = [p for p in leaders_of.get(office, [])]
        planted: set[tuple[str, str]] = set()
        attempts = 0
        while len(planted) < PLANTS["PEO-001"] and attempts < 500:
            attempts += 1
            dept, vendor = groups[int(rng.integers(0, len(groups)))]
            if vendor not in code_of or dept not in self.by_dept:
                continue
            scenario = attempts % 4
            dep = self.by_dept[dept][0].department
            official, holder = None, None
            if scenario == 0:
                options = [p for p in self.by_dept[dept] if not (p.post and p.post.is_leader) and p.staff_no not in self.used]
                official = options[int(rng.integers(0, len(options)))] if options else None
            elif scenario == 1:
                options = [p for p in leaders_of.get(dept, []) if self.relatives.get(p.staff_no) and p.staff_no not in self.used]
                official = options[0] if options else None
                holder = self.relatives[official.staff_no][0] if official else None
            elif scenario == 2 and dep.parent and dep.parent.parent:
                options = [p for p in leaders_of.get(dep.parent.code, []) if p.staff_no not in self.used]
                official = options[0] if options else None
            elif scenario == 3 and overseers and dep.parent and dep.parent.parent and dep.parent.code != office:
                official = overseers[(len(planted) // 4) % len(overseers)]
                if official.staff_no in self.used:
                    official = None
                else:
                    assign_oversight(actor, official, dep.parent)
            if official is None or (official.staff_no, code_of[vendor]) in planted:
                continue
            person = holder or self.identity[official.staff_no]
            variant = VARIANTS[len(planted) % len(VARIANTS)]
            record = holder_record(person, variant, rng)
            kind = ("shareholder", "executive", "legal_rep")[len(planted) % 3]
            roles.append({"credit_code": code_of[vendor], "kind": kind, "share": 20 if kind == "shareholder" else None,
                          "position": "监事" if kind == "executive" else "", "start_on": date(2019, 6, 1), **record})
            planted.add((official.staff_no, code_of[vendor]))
            self.used.add(official.staff_no)
        truth["PEO-001"] += [f"{s}|{c}" for s, c in planted]
        # Clean: officials in companies nobody they answer for deals with; namesakes of officials (another
        # birth date, or nothing but the name and the region: the review band) in their own suppliers.
        spare = [p for p in self.staff if p.staff_no not in self.used]
        for i in range(6):
            official = spare[int(rng.integers(0, len(spare)))]
            record = holder_record(self.identity[official.staff_no], ("id", "traditional", "spaced")[i % 3], rng)
            roles.append({"credit_code": code_of[extra[i]], "kind": "shareholder", "share": 10, **record})
        for i in range(10):
            dept, vendor = groups[int(rng.integers(0, len(groups)))]
            if vendor not in code_of or dept not in self.by_dept:
                continue
            official = self.by_dept[dept][int(rng.integers(0, len(self.by_dept[dept])))]
            me = self.identity[official.staff_no]
            stranger = {"holder_name": me["name"], "holder_region": me["region"]}
            if i % 2 == 0:
                stranger["holder_birth_date"] = me["birth_date"] - timedelta(days=int(rng.integers(400, 4000)))
            roles.append({"credit_code": code_of[vendor], "kind": "shareholder", "share": 5, **stranger})
        self.registry = load_business_registry(actor, companies, roles)

    # ------------------------------------------------------------------ records

    def _pick(self, n: int, *, covered: bool) -> list:
        """n members of staff not yet carrying a plant, not leaders, in units with (or without) attendance."""
        options = [p for p in self.staff if p.staff_no not in self.used and not (p.post and p.post.is_leader)
                   and (p.department.code in self.covered) == covered]
        chosen = [options[int(i)] for i in self.rng.choice(len(options), n, replace=False)]
        self.used.update(p.staff_no for p in chosen)
        return chosen

    def payroll_and_attendance(self, actor, truth):
        from qingfeng.people.actions import set_staff_status
        from qingfeng.people.imports import import_with_ids
        from qingfeng.people.synthetic import people
        from qingfeng.records.imports import import_arrow

        rng, year = self.rng, self.year
        months = {p.staff_no: range(1, 13) for p in self.staff}
        extra_lines: list[dict] = []
        notices: list[dict] = []
        # PEO-003: two roster status changes, two notices only; and three that stop properly (clean).
        ended = self._pick(PLANTS["PEO-003"] + 3, covered=False)
        for i, p in enumerate(ended):
            me = self.identity[p.staff_no]
            day = date(year, int(rng.integers(3, 10)), int(rng.integers(1, 28)))
            planted = i < PLANTS["PEO-003"]
            if i % 2 == 0:
                set_staff_status(actor, p, "deceased" if i % 4 == 0 else "retired", day)
            else:
                notices.append({"notice_id": f"N{year}{i:04d}", "id_number": me["id_number"], "name": p.name,
                                "kind": "death" if i % 4 == 1 else "retirement", "event_on": day,
                                "source": "市民政局" if i % 4 == 1 else "市人社局"})
            if planted:
                truth["PEO-003"].append(f"{p.department.code}|{p.staff_no}")
            else:
                months[p.staff_no] = range(1, day.month + 1)
        # PEO-002: payees nobody on the roster knows.
        depts = sorted(c for c in self.by_dept if c not in self.covered)
        for i, ghost in enumerate(people(rng, PLANTS["PEO-002"], sequence_base=900, first=1975, last=1995)):
            dept = depts[int(rng.integers(0, len(depts)))]
            no = f"YCG{i + 1:04d}"
            for m in range(1, 13):
                extra_lines.append({"payroll_id": f"PR{year}{m:02d}{no}", "department_code": dept, "pay_month": date(year, m, 1),
                                    "staff_no": no, "name": ghost["name"], "id_number": ghost["id_number"], "amount": 5200})
            truth["PEO-002"].append(f"{dept}|{no}")
        # PEO-004: paid again by a unit he does not work for, under another payroll number.
        for i, p in enumerate(self._pick(PLANTS["PEO-004"], covered=False)):
            other = next(c for c in depts[int(rng.integers(0, len(depts))):] + depts if c != p.department.code)
            no = f"YCJ{i + 1:04d}"
            for m in range(3, 9):
                extra_lines.append({"payroll_id": f"PR{year}{m:02d}{no}", "department_code": other, "pay_month": date(year, m, 1),
                                    "staff_no": no, "name": p.name, "id_number": self.identity[p.staff_no]["id_number"], "amount": 4800})
            truth["PEO-004"].append(f"{p.staff_no}|{year}")
        lines = []
        salary = {p.staff_no: int(rng.integers(4500, 16000)) for p in self.staff}
        for p in self.staff:
            for m in months[p.staff_no]:
                lines.append({"payroll_id": f"PR{year}{m:02d}{p.staff_no}", "department_code": p.department.code,
                              "pay_month": date(year, m, 1), "staff_no": p.staff_no, "name": p.name,
                              "id_number": self.identity[p.staff_no]["id_number"], "amount": salary[p.staff_no],
                              "paid_on": date(year, m, 10)})
        table = _money(pa.Table.from_pylist([{**r, "paid_on": r.get("paid_on")} for r in lines + extra_lines]), "amount")
        report, invalid = import_with_ids(table, "payroll", source_name=f"demo-payroll-{self.city.seed}", actor=actor)
        _check(report, invalid)
        report, invalid = import_with_ids(pa.Table.from_pylist(notices), "life_events", source_name=f"demo-life-events-{self.city.seed}", actor=actor)
        _check(report, invalid)
        attendance, leave = self._attendance(truth)
        for dataset, rows in (("attendance", attendance), ("leave_records", leave)):
            report = import_arrow(rows, dataset, source_name=f"demo-{dataset}-{self.city.seed}", actor=actor)
            _check(report, [])

    def _attendance(self, truth) -> tuple[pa.Table, pa.Table]:
        """Check-ins every working day (08:00–08:45) and an afternoon presence record (14:00–17:00) in the
        covered units, with leave spells, a day or two of unexplained absence a year and at most one day a
        month without presence; plus the planted absences (PEO-005) and vanishing check-ins (PEO-006)."""
        rng, days = self.rng, self.workdays
        absent_plants = self._pick(PLANTS["PEO-005"], covered=True)
        vanish_plants = self._pick(PLANTS["PEO-006"], covered=True)
        people_ = [p for p in self.staff if p.department.code in self.covered and p.staff_no not in self.used]
        ids, depts, nos, ats, kinds, sources = [], [], [], [], [], []
        leave_rows = []
        near_miss = people_[0].staff_no if people_ else None
        for p in people_ + absent_plants + vanish_plants:
            n = len(days)
            present = np.ones(n, dtype=bool)
            seen = np.ones(n, dtype=bool)
            if p in absent_plants:
                start = int(rng.integers(20, n - 60))
                present[start:start + int(rng.integers(20, 40))] = False
                truth["PEO-005"].append(f"{p.staff_no}|{self.year}")
            else:
                for k in range(int(rng.integers(0, 3))):
                    start = int(rng.integers(0, n - 10))
                    length = int(rng.integers(3, 9))
                    present[start:start + length] = False
                    leave_rows.append({"leave_id": f"LV{p.staff_no}-{k}-{start:03d}", "department_code": p.department.code,
                                       "staff_no": p.staff_no, "start_on": days[start], "end_on": days[min(start + length, n) - 1],
                                       "kind": ("年休假", "病假", "公出")[int(rng.integers(0, 3))]})
                present[rng.integers(0, n, int(rng.integers(0, 3)))] = False
            month = np.array([d.month for d in days])
            if p in vanish_plants:
                m = int(rng.integers(2, 12))
                candidates = np.flatnonzero((month == m) & present)
                seen[rng.choice(candidates, 5, replace=False)] = False
                truth["PEO-006"].append(f"{p.staff_no}|{self.year}-{m:02d}")
            else:
                for m in range(1, 13):
                    if rng.random() < 0.3:
                        seen[rng.choice(np.flatnonzero(month == m), 1)] = False
                if p.staff_no == near_miss:
                    seen[np.flatnonzero(month == 6)[:3]] = False  # exactly three in June: not above the limit
            for i in np.flatnonzero(present):
                day = days[i]
                ids.append(f"AT{p.staff_no}{i:03d}I")
                depts.append(p.department.code)
                nos.append(p.staff_no)
                ats.append(datetime(day.year, day.month, day.day, 8, int(rng.integers(0, 46))))
                kinds.append("check_in")
                sources.append("考勤机")
                if seen[i]:
                    ids.append(f"AT{p.staff_no}{i:03d}P")
                    depts.append(p.department.code)
                    nos.append(p.staff_no)
                    ats.append(datetime(day.year, day.month, day.day, int(rng.integers(14, 17)), int(rng.integers(0, 60))))
                    kinds.append("presence")
                    sources.append("门禁")
        attendance = pa.table({"event_id": ids, "department_code": depts, "staff_no": nos,
                               "occurred_at": pa.array(ats, pa.timestamp("us")), "kind": kinds, "source": sources})
        return attendance, pa.Table.from_pylist(leave_rows)

    def receptions(self, actor, truth):
        from qingfeng.people.actions import set_reception_standard
        from qingfeng.records.imports import import_arrow

        rng, year = self.rng, self.year
        for locality, limit in STANDARDS:
            set_reception_standard(actor, locality=locality, per_head_limit=limit, effective_from=date(year - 1, 1, 1),
                                   basis="云川市公务接待管理办法（演示）")
        limits = dict(STANDARDS)
        hosts = sorted(self.by_dept)
        hosts = [hosts[int(i)] for i in rng.choice(len(hosts), min(40, len(hosts)), replace=False)]
        rows = []

        def add(dept, day, unit, guests, companions, locality, cost, letter=True):
            rid = f"JD{year}{len(rows) + 1:05d}"
            rows.append({"reception_id": rid, "department_code": dept, "held_on": day, "guest_unit": unit,
                         "letter_no": f"{unit[:2]}函〔{year}〕{len(rows) + 11}号" if letter else None, "guests": guests,
                         "companions": companions, "locality": locality, "venue": "机关食堂", "meals": 1, "cost": cost,
                         "purpose": "工作调研"})
            return rid

        def clean_visit(dept, quarter, unit):
            month = 3 * quarter + int(rng.integers(1, 4))
            day = self.workdays[int(rng.integers(0, len(self.workdays)))]
            day = date(year, month, min(day.day, 28))
            guests = int(rng.integers(2, 16))
            companions = min(3, guests) if guests <= 10 else guests // 3
            companions = int(rng.integers(1, companions + 1))
            locality = STANDARDS[int(rng.integers(0, len(STANDARDS)))][0]
            diners = guests + companions
            cost = limits[locality] * diners if rng.random() < 0.1 else int(limits[locality] * diners * rng.uniform(0.55, 0.98))
            return dept, day, unit, guests, companions, locality, cost

        for dept in hosts:
            for quarter in range(4):
                units = [GUEST_UNITS[int(i)] for i in rng.choice(len(GUEST_UNITS), int(rng.integers(0, 3)), replace=False)]
                for unit in units:
                    for _ in range(2 if rng.random() < 0.15 else 1):  # two visits a quarter: at the line, not over
                        add(*clean_visit(dept, quarter, unit))
        for i in range(PLANTS["PEO-007"]):
            dept, day, unit, guests, companions, locality, cost = clean_visit(hosts[i], i % 4, f"外省考察团{i + 1}")
            truth["PEO-007"].append(add(dept, day, unit, guests, companions, locality, cost, letter=False))
        for i in range(PLANTS["PEO-008"]):
            dept, day, unit, guests, _c, locality, _cost = clean_visit(hosts[-1 - i], i % 4, f"兄弟市学习团{i + 1}")
            companions = 4 if guests <= 10 else guests // 3 + 2
            truth["PEO-008"].append(add(dept, day, unit, guests, companions, locality, limits[locality] * (guests + companions) // 2))
        for i in range(PLANTS["PEO-009"]):
            dept, day, unit, guests, companions, locality, _cost = clean_visit(hosts[i + 5], i % 4, f"省检查组{i + 1}")
            truth["PEO-009"].append(add(dept, day, unit, guests, companions, locality,
                                        limits[locality] * (guests + companions) + int(rng.integers(1, 400))))
        for i in range(PLANTS["PEO-010"]):
            dept, quarter, unit = hosts[i + 10], i % 4, f"友好城市代表团{i + 1}"
            for _ in range(3):
                add(*clean_visit(dept, quarter, unit))
            truth["PEO-010"].append(f"{dept}|{unit}|{year}Q{quarter + 1}")
        report = import_arrow(_money(pa.Table.from_pylist(rows), "cost"), "receptions", source_name=f"demo-receptions-{self.city.seed}", actor=actor)
        _check(report, [])


def _money(table: pa.Table, column: str) -> pa.Table:
    """Whole yuan as DECIMAL(18, 2), the contract's money type."""
    i = table.column_names.index(column)
    return table.set_column(i, column, table.column(column).cast(pa.int32()).cast(pa.decimal128(18, 2)))


def _check(report, invalid):
    if report.rejected or report.status != "committed" or invalid:
        raise RuntimeError(f"演示人员数据导入异常：{report.summary()}\n" + "\n".join(report.rejection_lines(limit=5))
                           + "".join(f"\n第{line}行：{why}" for line, why in invalid[:5]))
