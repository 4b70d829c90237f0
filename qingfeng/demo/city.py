"""The demo city: a deterministic synthetic 云川市 with violations of every finance rule planted in it.

``City(seed, scale)`` builds the registries (department tree, staff and posts, accounts, payees) and a plan
of what to plant where. ``city.department_batches()`` then yields, one budget unit at a time, that unit's
payments and budgets as Arrow tables plus the ground truth planted in them, so a benchmark can stream ten
million rows to Parquet with bounded memory while the demo simply collects everything (``city.build()``).

Clean payments are built not to trip any rule of docs/rules/finance.md: working days only, within budget,
unit payees, card-catalogue classes paid by official card or to a unit, no sensitive words, no amounts in
the near-threshold band, a normal December share and no repeated (payee, amount) within days. A few clean
near-misses sit exactly on the permitted side of a threshold, so that "zero alerts on unplanted records"
also says the rules draw the line where the catalogue says. Every planted subject is recorded with the
subject key its rule reports.
"""

import hashlib
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import catalogue as cat

RULES = tuple(f"FIN-{i:03d}" for i in range(1, 15))
BIT = {rule: 1 << i for i, rule in enumerate(RULES)}
DEFAULT_SEED = 20261127

# Planted subjects per rule at scale 1; a scale multiplies them (at least 3), up to what the city can hold.
PLANTED_AT_SCALE_1 = {
    "FIN-001": 24, "FIN-002": 20, "FIN-003": 20, "FIN-004": 24, "FIN-005": 24, "FIN-006": 20, "FIN-007": 16,
    "FIN-008": 30, "FIN-009": 20, "FIN-010": 18, "FIN-011": 30, "FIN-012": 36, "FIN-013": 18, "FIN-014": 30,
}
REGULAR_PAYMENTS_AT_SCALE_1 = 302_000  # non-payroll payments; payroll adds 12 a year per member of staff

# The finance rules' default parameters the plants are built against (docs/rules/finance.md), in yuan.
PERSONAL_TRANSFER_THRESHOLD = 50_000
CASH_SINGLE_LIMIT = 20_000
CASH_MONTHLY_LIMIT = 50_000
CASH_ANNUAL_LIMIT = 200_000
DECEMBER_SHARE = 0.30
MIN_ANNUAL_TOTAL = 100_000
PROCUREMENT_THRESHOLD = 1_000_000
NEAR_RATIO = 0.8
CARD_MIN_AMOUNT = 200

# Margins that keep clean data clear of those lines whatever the rounding or the window convention.
CLEAN_DECEMBER_SHARE = 0.25
CLEAN_REPEAT_GAP_DAYS = 5

DAY = 86_400
YUAN = 100  # amounts are int64 cents inside the generator
EPOCH = int(datetime(cat.YEAR, 1, 1, tzinfo=UTC).timestamp())  # local wall-clock, stored naive
WORK_START, WORK_END = 8 * 3600 + 1800, 17 * 3600 + 1800

CLASS_CODES = tuple(c.code for c in cat.CLASSES) + tuple(cat.PAYROLL_CLASSES)
CLS = {code: i for i, code in enumerate(CLASS_CODES)}
CLASS_BY_CODE = {c.code: c for c in cat.CLASSES}
THREE_PUBLIC_CLASSES = {code for codes in cat.THREE_PUBLIC.values() for code in codes}
TRANSFER, CASH, CARD = 0, 1, 2
SETTLEMENT_NAMES = np.array(["transfer", "cash", "official_card"])
NO_LINE, UNKNOWN_LINE = -1, -2
FIN009_CLASSES = ("31002", "30201", "30227", "30213", "31007")
BUDGET_SCHEMA = pa.schema([("department_code", pa.string()), ("year", pa.int64()), ("budget_line", pa.string()),
                           ("budget_line_name", pa.string()), ("economic_class", pa.string()),
                           ("amount", pa.decimal128(18, 2)), ("supplementary", pa.decimal128(18, 2))])


@dataclass(frozen=True)
class Department:
    index: int
    code: str
    name: str
    parent_code: str | None
    level: int  # 1 市政府, 2 委办局, 3 下属单位


@dataclass
class Batch:
    """One budget unit's year: its payments and budgets, and the subject keys planted in them."""

    department: Department
    payments: pa.Table
    budgets: pa.Table
    truth: dict[str, set[str]]


@dataclass
class CityData:
    payments: pa.Table
    budgets: pa.Table
    truth: dict[str, list[str]]


class _Calendar:
    """The year's working days (chinesecalendar: statutory holidays and 调休 make-up days)."""

    def __init__(self, year: int):
        import chinese_calendar

        start = date(year, 1, 1)
        days = [start + timedelta(i) for i in range((date(year + 1, 1, 1) - start).days)]
        self.workday = np.array([chinese_calendar.is_workday(d) for d in days])
        self.month = np.array([d.month for d in days], dtype=np.int8)
        self.work = np.flatnonzero(self.workday)
        self.rest = np.flatnonzero(~self.workday)
        self.work_start = np.searchsorted(self.month[self.work], np.arange(1, 14))
        self.rest_start = np.searchsorted(self.month[self.rest], np.arange(1, 14))

    def workdays_in(self, rng, months):
        """A random working day (day of year, 0-based) in each of ``months``."""
        months = np.asarray(months)
        lo, hi = self.work_start[months - 1], self.work_start[months]
        return self.work[lo + (rng.random(len(months)) * (hi - lo)).astype(np.int64)]

    def rest_days_in(self, rng, months):
        months = np.asarray(months)
        lo, hi = self.rest_start[months - 1], self.rest_start[months]
        return self.rest[lo + (rng.random(len(months)) * (hi - lo)).astype(np.int64)]

    def next_workday(self, days):
        """The first working day on or after each day (the year's last working day at the end)."""
        i = np.minimum(np.searchsorted(self.work, days), len(self.work) - 1)
        return self.work[i]


def _planted_count(rule: str, scale: float) -> int:
    return max(3, round(PLANTED_AT_SCALE_1[rule] * scale))


class _Rows:
    """Columns of one unit's payments, gathered segment by segment (all numpy)."""

    FIELDS = ("cls", "line", "payee", "amount", "day", "sec", "settle", "purpose", "tag", "lock")

    def __init__(self):
        self.parts: list[dict] = []

    def add(self, n, *, cls, line, payee, amount, day, sec, settle, purpose, tag=0, lock=False):
        cols = dict(cls=cls, line=line, payee=payee, amount=amount, day=day, sec=sec, settle=settle,
                    purpose=purpose, tag=tag, lock=lock)
        dtypes = dict(cls=np.int16, line=np.int16, payee=np.int32, amount=np.int64, day=np.int16, sec=np.int32,
                      settle=np.int8, purpose=np.int32, tag=np.int32, lock=bool)
        self.parts.append({k: np.broadcast_to(np.asarray(v, dtype=dtypes[k]), (n,)).copy() for k, v in cols.items()})

    def concat(self) -> dict:
        return {k: np.concatenate([p[k] for p in self.parts]) for k in self.FIELDS}


class City:
    """The registries and the plant plan of a city. Cheap to build; payments come from ``department_batches``."""

    def __init__(self, seed: int = DEFAULT_SEED, scale: float = 1.0):
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.seed, self.scale, self.year = seed, scale, cat.YEAR
        self.calendar = _Calendar(self.year)
        self._purposes: list[str] = []
        self._purpose_index: dict[str, int] = {}
        self._build_departments()
        self._build_staff()
        self._build_payees()
        self._build_accounts()
        self._build_plan()

    # ------------------------------------------------------------------ registries

    def _build_departments(self):
        depts = [Department(0, "000000", f"{cat.CITY}人民政府", None, 1)]
        for b, (name, units) in enumerate(cat.BUREAUS, start=1):
            code = f"{100 + b:03d}000"
            depts.append(Department(len(depts), code, name, depts[0].code, 2))
            for u, unit in enumerate(units, start=1):
                depts.append(Department(len(depts), f"{100 + b:03d}{u:03d}", unit, code, 3))
        self.departments = depts
        self.payers = [d for d in depts if d.level > 1]

    def _build_staff(self):
        rng = np.random.default_rng([self.seed, 0])
        full = np.array([rng.integers(35, 71) if d.level == 2 else
                         rng.integers(60, 101) if d.name.endswith("医院") else rng.integers(12, 36)
                         for d in self.payers])
        self._full_staff = full  # the payment volume follows the full city even when a test shrinks the staff
        counts = np.maximum(6, np.round(full * min(self.scale, 1.0))).astype(np.int64)
        n = int(counts.sum())
        payer_of = np.repeat(np.arange(len(self.payers)), counts)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rank = np.arange(n) - starts[payer_of]
        surnames, given = np.array(cat.SURNAMES), np.array(cat.GIVEN)
        two = rng.random(n) < 0.7
        names = np.char.add(np.char.add(surnames[rng.integers(0, len(surnames), n)], given[rng.integers(0, len(given), n)]),
                            np.where(two, given[rng.integers(0, len(given), n)], ""))
        deputies = np.where(counts >= 30, 3, np.where(counts >= 15, 2, 1))[payer_of]
        titles = np.where(rng.random(n) < 0.15, "科长", "科员").astype(object)
        titles[rank == deputies + 1] = "会计"
        titles[rank == deputies + 2] = "出纳"
        head = np.array([cat.leader_titles(d.name) for d in self.payers], dtype=object)
        titles[(rank >= 1) & (rank <= deputies)] = head[payer_of[(rank >= 1) & (rank <= deputies)], 1]
        titles[rank == 0] = head[payer_of[rank == 0], 0]
        leader = rank <= deputies
        salary = np.round(np.where(leader, rng.uniform(9000, 16000, n), rng.uniform(4500, 9500, n)), 2)
        self.staff = pa.table({
            "staff_no": pa.array(np.char.add("YC", np.char.zfill(np.arange(1, n + 1).astype(str), 6))),
            "name": pa.array(names),
            "department_code": pa.array(np.array([d.code for d in self.payers])[payer_of]),
            "post": pa.array(titles.astype(str)),
            "is_leader": pa.array(leader),
        })
        self._staff_payer = payer_of
        self._staff_start = starts
        self._staff_count = counts
        self._salary_cents = np.round(salary * YUAN).astype(np.int64)
        self._cashier = starts + np.where(counts >= 30, 3, np.where(counts >= 15, 2, 1)) + 2

    def _build_payees(self):
        """One table of every payee account: vendors, staff, outside experts, and the units' own accounts."""
        rng = np.random.default_rng([self.seed, 1])
        names, accounts, personal = [], [], []
        self._vendors: dict[str, np.ndarray] = {}
        places = ("云川", "江北", "城南", "东湖", "西山")
        fixed = {"water": [f"{cat.CITY}自来水有限公司"], "power": ["国网云川供电公司"],
                 "telecom": ["中国电信云川分公司", "中国移动云川分公司", "中国联通云川分公司"]}
        for k, (kind, (count, suffixes)) in enumerate(cat.VENDOR_KINDS.items()):
            if kind in fixed:
                chosen = fixed[kind]
            else:
                combos = [f"{p}{t}{s}" for s in suffixes for t in cat.TRADE_NAMES for p in places]
                chosen = [combos[i] for i in rng.permutation(len(combos))[:count]]
            start = len(names)
            names += chosen
            accounts += [f"4{k:02d}{rng.integers(10**5, 10**6)}{start + i:09d}" for i in range(len(chosen))]
            personal += [False] * len(chosen)
            self._vendors[kind] = np.arange(start, len(names))
        self._staff_payee0 = len(names)
        n_staff = self.staff.num_rows
        names += self.staff.column("name").to_pylist()
        accounts += list(np.char.add("621700", np.char.zfill((np.arange(n_staff) * 7919 % 10**13).astype(str), 13)))
        personal += [True] * n_staff
        self._expert0 = len(names)
        n_experts = 600
        surnames, given = np.array(cat.SURNAMES), np.array(cat.GIVEN)
        expert_names = np.char.add(np.char.add(surnames[rng.integers(0, len(surnames), n_experts)],
                                               given[rng.integers(0, len(given), n_experts)]),
                                   given[rng.integers(0, len(given), n_experts)])
        names += list(expert_names)
        accounts += [f"622848{i * 104729 % 10**13:013d}" for i in range(n_experts)]
        personal += [True] * n_experts
        self._n_experts = n_experts
        self._pension_payee = len(names)
        names += [f"{cat.CITY}社会保险基金收入户", f"{cat.CITY}住房公积金归集户"]
        accounts += ["310000000000000000001", "310000000000000000002"]
        personal += [False, False]
        self._own0 = len(names)  # the units' own accounts follow (see _build_accounts)
        self._payee_names, self._payee_accounts, self._payee_personal = names, accounts, personal

    def _build_accounts(self):
        rng = np.random.default_rng([self.seed, 2])
        rows = []
        self._zero_account, self._own_accounts = [], []
        kinds = (("zero_balance", "零余额账户"), ("basic", "基本账户"), ("own_funds", "实有资金账户"), ("special", "专用账户"))
        for i, d in enumerate(self.payers):
            held = [0, 1] + ([2] if rng.random() < 0.35 else []) + ([3] if rng.random() < 0.08 else [])
            own = []
            for k in held:
                number = f"9{k}{int(d.code):06d}{rng.integers(10**9, 10**10)}"
                rows.append((d.code, number, f"{d.name}{kinds[k][1]}", cat.BANKS[(i + k) % len(cat.BANKS)], kinds[k][0]))
                if k == 0:
                    self._zero_account.append(number)
                else:
                    own.append(len(self._payee_names))
                    self._payee_names.append(d.name)
                    self._payee_accounts.append(number)
                    self._payee_personal.append(False)
            self._own_accounts.append(np.array(own))
        self.accounts = pa.table({
            "department_code": [r[0] for r in rows], "account_no": [r[1] for r in rows],
            "account_name": [r[2] for r in rows], "bank": [r[3] for r in rows], "kind": [r[4] for r in rows],
        })
        self._payee_names = pa.array(self._payee_names)
        self._payee_accounts_np = np.array(self._payee_accounts)
        self._payee_accounts = pa.array(self._payee_accounts)
        self._payee_type = pa.array(np.where(np.array(self._payee_personal), "personal", "unit"))

    def _purpose(self, text: str) -> int:
        if text not in self._purpose_index:
            self._purpose_index[text] = len(self._purposes)
            self._purposes.append(text)
        return self._purpose_index[text]

    def _purposes_of(self, texts) -> np.ndarray:
        return np.array([self._purpose(t) for t in texts], dtype=np.int32)

    # ------------------------------------------------------------------ the plan

    def _build_plan(self):
        """Decide which units receive which planted violations, within what each unit can hold."""
        rng = np.random.default_rng([self.seed, 3])
        n = len(self.payers)
        plan = [defaultdict(list) for _ in range(n)]
        count = {r: _planted_count(r, self.scale) for r in RULES}

        # Cash rules share each unit's cash headroom: FIN-007 units take no other cash plant; the rest
        # have two "slots" (a FIN-005 withdrawal or a FIN-006 month each) and room for two FIN-014 cash rows.
        cash_annual = rng.permutation(n)[: min(count["FIN-007"], n // 4)]
        for d in cash_annual:
            plan[d]["FIN-007"].append(1)
        others = np.setdiff1d(np.arange(n), cash_annual)
        slots = rng.permutation(np.repeat(others, 2))
        n005 = min(count["FIN-005"], len(slots) // 2)
        n006 = min(count["FIN-006"], len(slots) - n005)
        for d in slots[:n005]:
            plan[d]["FIN-005"].append(1)
        for d in slots[n005:n005 + n006]:
            plan[d]["FIN-006"].append(1)
        for d in rng.choice(n, count["FIN-014"]):
            cash_ok = d not in cash_annual and len([x for x in plan[d]["FIN-014"] if x == "cash"]) < 2
            plan[d]["FIN-014"].append("cash" if cash_ok and rng.random() < 0.3 else "personal")
        for rule in ("FIN-001", "FIN-003", "FIN-004", "FIN-008", "FIN-011", "FIN-012"):
            for d in rng.choice(n, count[rule]):
                plan[d][rule].append(1)
        for rule, per_unit in (("FIN-002", 2), ("FIN-010", 2), ("FIN-009", len(FIN009_CLASSES))):
            for d in rng.permutation(np.repeat(np.arange(n), per_unit))[: count[rule]]:
                plan[d][rule].append(1)
        cats = list(cat.THREE_PUBLIC)
        for p in rng.permutation(n * len(cats))[: count["FIN-013"]]:
            plan[p // len(cats)]["FIN-013"].append(cats[p % len(cats)])
        self.plan = plan

    # ------------------------------------------------------------------ payments

    def department_batches(self):
        for i in range(len(self.payers)):
            yield self._department_batch(i)

    def build(self, progress=None) -> CityData:
        """Every unit's payments and budgets, concatenated, with the whole ground truth."""
        payments, budgets, truth = [], [], {r: set() for r in RULES}
        batches = self.department_batches()
        if progress is not None:
            batches = progress(batches, total=len(self.payers))
        for b in batches:
            payments.append(b.payments)
            budgets.append(b.budgets)
            for r, keys in b.truth.items():
                truth[r] |= keys
        return CityData(pa.concat_tables(payments), pa.concat_tables(budgets), {r: sorted(k) for r, k in truth.items()})

    def _department_batch(self, i: int) -> Batch:
        d = self.payers[i]
        rng = np.random.default_rng([self.seed, 10, i])
        cal = self.calendar
        rows = _Rows()
        truth: dict[str, set[str]] = defaultdict(set)
        vendors = {k: rng.choice(v, size=min(len(v), int(rng.integers(4, 14))), replace=False) if len(v) > 3 else v
                   for k, v in self._vendors.items()}
        n_projects = int(rng.integers(1, 4))
        line_codes = [f"{d.code}-{self.year}-{n:02d}" for n in range(1, 4 + n_projects)]
        line_names = [cat.BUDGET_LINE_NAMES[f"{n:02d}"] for n in range(1, 4)] + \
            list(rng.choice(cat.PROJECT_NAMES, n_projects, replace=False))
        staff0, n_staff = self._staff_start[i], self._staff_count[i]
        cashier = self._staff_payee0 + self._cashier[i]

        def seconds(n):
            return rng.integers(WORK_START, WORK_END, n)

        def pick(arr, n):
            return np.asarray(arr)[rng.integers(0, len(arr), n)]

        def money(lo, hi, n, whole=0.5):
            cents = rng.integers(round(lo * YUAN), round(hi * YUAN), n)
            return np.where(rng.random(n) < whole, cents // YUAN * YUAN + YUAN, cents)

        def line_for(codes, n):
            """Budget line index for each class code: basic → 02, family → 03, project/mixed → a project line."""
            out = np.empty(n, dtype=np.int16)
            codes = np.asarray(codes)
            for code in np.unique(codes):
                m = codes == code
                k = CLASS_BY_CODE[code].line if code in CLASS_BY_CODE else "payroll"
                if k == "payroll":
                    out[m] = 0
                elif k == "basic":
                    out[m] = 1
                elif k == "family":
                    out[m] = 2
                else:
                    proj = 3 + rng.integers(0, n_projects, int(m.sum()))
                    out[m] = np.where((k == "mixed") & (rng.random(int(m.sum())) < 0.6), 1, proj)
            return out

        # Payroll: one salary a month per member of staff, and the unit's pension and housing-fund dues.
        months = np.arange(1, 13)
        pay_days = cal.next_workday(cal.work[cal.work_start[months - 1]] + 9)
        salaries = self._salary_cents[staff0:staff0 + n_staff]
        rows.add(12 * n_staff, cls=CLS["30101"], line=0, payee=np.tile(self._staff_payee0 + staff0 + np.arange(n_staff), 12),
                 amount=np.tile(salaries, 12), day=np.repeat(pay_days, n_staff), sec=seconds(12 * n_staff),
                 settle=TRANSFER, purpose=np.repeat(self._purposes_of(cat.PAYROLL_PURPOSES["30101"]), n_staff))
        for code, share, payee in (("30108", 0.16, self._pension_payee), ("30113", 0.12, self._pension_payee + 1)):
            rows.add(12, cls=CLS[code], line=0, payee=payee, amount=np.full(12, int(salaries.sum() * share)),
                     day=pay_days, sec=seconds(12), settle=TRANSFER, purpose=self._purposes_of(cat.PAYROLL_PURPOSES[code]))

        # Regular payments, proportional to the unit's size in the full city.
        n = max(20, round(REGULAR_PAYMENTS_AT_SCALE_1 * self.scale * self._full_staff[i] / self._full_staff.sum()))
        weights = np.array([c.weight for c in cat.CLASSES])
        ci = rng.choice(len(cat.CLASSES), n, p=weights / weights.sum())
        month_w = np.array([.6, .6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.1])
        month = rng.choice(np.arange(1, 13), n, p=month_w / month_w.sum())
        settle = np.zeros(n, dtype=np.int8)
        payee = np.zeros(n, dtype=np.int64)
        amount = np.zeros(n, dtype=np.int64)
        purpose = np.zeros(n, dtype=np.int32)
        u = rng.random(n)
        for k, c in enumerate(cat.CLASSES):
            m = ci == k
            mk = int(m.sum())
            if not mk:
                continue
            unit_share, card_share, _ = c.mix
            s = np.where(u[m] < unit_share, TRANSFER, np.where(u[m] < unit_share + card_share, CARD, -1))
            personal = s == -1
            s[personal] = TRANSFER
            settle[m] = s
            if c.kind == "expert":
                p = self._expert0 + rng.integers(0, self._n_experts, mk)
            elif c.kind == "staff":
                p = self._staff_payee0 + staff0 + rng.integers(0, n_staff, mk)
            else:
                p = pick(vendors[c.kind], mk)
            payee[m] = p
            median, sigma, lo, hi = c.amount
            yuan = np.clip(np.exp(rng.normal(np.log(median), sigma, mk)), lo, hi)
            yuan = np.where(s == CARD, np.minimum(yuan, 50_000), yuan)
            band = (yuan >= NEAR_RATIO * PROCUREMENT_THRESHOLD) & (yuan < PROCUREMENT_THRESHOLD)
            yuan = np.where(band, yuan * 0.7, yuan)
            cents = np.round(yuan * YUAN).astype(np.int64)
            amount[m] = np.where(rng.random(mk) < 0.5, np.maximum(cents // YUAN, 1) * YUAN, cents)
            purpose[m] = pick(self._purposes_of(c.purposes), mk)
        codes = np.array([c.code for c in cat.CLASSES])[ci]
        rows.add(n, cls=np.array([CLS[c.code] for c in cat.CLASSES])[ci], line=line_for(codes, n), payee=payee, amount=amount,
                 day=cal.workdays_in(rng, month), sec=seconds(n), settle=settle, purpose=purpose)

        # A little clean cash: at most two small withdrawals a month, in classes outside the card catalogue.
        per_month = np.minimum(rng.poisson(0.8, 12), 2)
        cm = np.repeat(months, per_month)
        if len(cm):
            ccodes = pick(["30299", "30226"], len(cm))
            rows.add(len(cm), cls=[CLS[c] for c in ccodes], line=1, payee=cashier, amount=money(100, 2500, len(cm)),
                     day=cal.workdays_in(rng, cm), sec=seconds(len(cm)), settle=CASH,
                     purpose=pick(self._purposes_of(cat.CASH_PURPOSES), len(cm)))

        cash_months: set[int] = set()
        originals = self._plant_payments(i, rng, rows, truth, vendors, line_for, seconds, pick, money, cashier, staff0,
                                         n_staff, cash_months)
        self._add_near_misses(i, rng, rows, vendors, seconds, pick, money, cashier, staff0, n_staff, cash_months)
        cols = rows.concat()
        cols["lock"][originals] = True  # a duplicated payment keeps its amount and date
        self._move_december(rng, cols)
        rows.parts = [cols]
        self._plant_december(i, rng, rows, cols, truth, vendors, line_for, seconds, pick)
        cols = rows.concat()
        self._separate_repeats(rng, cols)
        budgets = self._budgets(i, rng, cols, line_codes, line_names, truth)
        payments, planted_rows = self._payments_table(i, cols, line_codes)
        for rule, keys in planted_rows.items():
            truth[rule] |= keys
        return Batch(d, payments, budgets, dict(truth))

    def _plant_payments(self, i, rng, rows, truth, vendors, line_for, seconds, pick, money, cashier, staff0, n_staff,
                        used_cash_months):
        """Plant the payment-level rules and the payments behind FIN-006/007/010/013; returns the rows FIN-011 repeats."""
        d, plan, cal = self.payers[i], self.plan[i], self.calendar
        staff_payees = self._staff_payee0 + staff0 + np.arange(n_staff)

        def spring_to_autumn(n):
            return rng.integers(1, 12, n)  # plants stay out of December, which FIN-009 watches

        def free_cash_month():
            m = int(rng.integers(1, 12))
            while m in used_cash_months:
                m = int(rng.integers(1, 12))
            used_cash_months.add(m)
            return m

        def unit_payment(rule, n, codes, lo, hi, *, days=None, purposes=None, line=None, payees=None):
            codes = pick(codes, n)
            rows.add(n, cls=[CLS[c] for c in codes], line=line_for(codes, n) if line is None else line,
                     payee=payees if payees is not None else [pick(vendors[CLASS_BY_CODE[c].kind], 1)[0] for c in codes],
                     amount=money(lo, hi, n), day=cal.workdays_in(rng, spring_to_autumn(n)) if days is None else days,
                     sec=seconds(n), settle=TRANSFER,
                     purpose=purposes if purposes is not None else
                     [pick(self._purposes_of(CLASS_BY_CODE[c].purposes), 1)[0] for c in codes],
                     tag=BIT[rule], lock=True)

        # FIN-001: no budget line at all, or a line the unit was never given.
        if n := len(plan["FIN-001"]):
            unit_payment("FIN-001", n, ["30201", "30227", "30299", "31002"], 3000, 90000,
                         line=np.where(rng.random(n) < 0.5, NO_LINE, UNKNOWN_LINE))
        # FIN-003: money moved from the zero-balance account to the unit's own basic or own-funds account.
        if n := len(plan["FIN-003"]):
            unit_payment("FIN-003", n, ["30299", "30227"], 20000, 600000, payees=pick(self._own_accounts[i], n),
                         purposes=self._purposes_of(["资金调度", "往来款", "资金划转"])[rng.integers(0, 3, n)])
        # FIN-004: a large non-payroll transfer to a person (one of them exactly at the threshold).
        if n := len(plan["FIN-004"]):
            codes = pick(["30227", "30226", "31002", "30299"], n)
            amt = money(PERSONAL_TRANSFER_THRESHOLD, 300000, n)
            amt[rng.random(n) < 0.2] = PERSONAL_TRANSFER_THRESHOLD * YUAN
            rows.add(n, cls=[CLS[c] for c in codes], line=line_for(codes, n),
                     payee=np.where(rng.random(n) < 0.5, self._expert0 + rng.integers(0, self._n_experts, n), pick(staff_payees, n)),
                     amount=amt, day=cal.workdays_in(rng, spring_to_autumn(n)), sec=seconds(n), settle=TRANSFER,
                     purpose=self._purposes_of(["专家咨询费", "项目劳务报酬", "课题研究经费"])[rng.integers(0, 3, n)],
                     tag=BIT["FIN-004"], lock=True)
        # FIN-005: one cash withdrawal over the single limit, each in its own month.
        for _ in plan["FIN-005"]:
            m = free_cash_month()
            rows.add(1, cls=CLS[pick(["30299", "30226"], 1)[0]], line=1, payee=cashier,
                     amount=money(CASH_SINGLE_LIMIT + 0.01, 26000, 1, whole=0), day=cal.workdays_in(rng, [m]),
                     sec=seconds(1), settle=CASH, purpose=pick(self._purposes_of(cat.CASH_PURPOSES), 1),
                     tag=BIT["FIN-005"], lock=True)
        # FIN-006: three withdrawals under the single limit that together pass the monthly one.
        for _ in plan["FIN-006"]:
            m = free_cash_month()
            rows.add(3, cls=[CLS[c] for c in pick(["30299", "30226"], 3)], line=1, payee=cashier,
                     amount=money(17000, 18500, 3, whole=0), day=cal.workdays_in(rng, [m] * 3), sec=seconds(3),
                     settle=CASH, purpose=pick(self._purposes_of(cat.CASH_PURPOSES), 3), lock=True)
            truth["FIN-006"].add(f"{d.code}|{self.year}-{m:02d}")
        # FIN-007: modest monthly withdrawals that add up past the annual limit.
        if plan["FIN-007"]:
            months = np.repeat(np.arange(1, 12), 2)
            target = rng.uniform(CASH_ANNUAL_LIMIT + 15000, CASH_ANNUAL_LIMIT + 60000)
            each = target / len(months)  # the unit's clean cash only adds to this
            rows.add(len(months), cls=[CLS[c] for c in pick(["30299", "30226"], len(months))], line=1, payee=cashier,
                     amount=money(each * 0.95, each * 1.05, len(months), whole=0), day=cal.workdays_in(rng, months),
                     sec=seconds(len(months)), settle=CASH, purpose=pick(self._purposes_of(cat.CASH_PURPOSES), len(months)),
                     lock=True)
            truth["FIN-007"].add(f"{d.code}|{self.year}")
        # FIN-008: an ordinary payment made on a weekend or a public holiday.
        if n := len(plan["FIN-008"]):
            unit_payment("FIN-008", n, ["30201", "30213", "30299", "30227"], 500, 60000,
                         days=cal.rest_days_in(rng, spring_to_autumn(n)))
        # FIN-012: purposes carrying a word of the sensitive-word registry.
        if n := len(plan["FIN-012"]):
            unit_payment("FIN-012", n, ["30217", "30201", "30299"], 800, 30000,
                         purposes=pick(self._purposes_of(cat.SENSITIVE_PURPOSES), n))
        # FIN-014: a card-catalogue expense reimbursed to a person's account, or paid in cash.
        for form in plan["FIN-014"]:
            code = pick(["30211", "30201", "30217", "30231", "30215", "30216"], 1)[0]
            if form == "cash":
                m = free_cash_month()
                kw = dict(payee=cashier, amount=money(300, 2500, 1), day=cal.workdays_in(rng, [m]), settle=CASH)
            else:
                kw = dict(payee=pick(staff_payees, 1), amount=money(300, 20000, 1), day=cal.workdays_in(rng, spring_to_autumn(1)),
                          settle=TRANSFER)
            rows.add(1, cls=CLS[code], line=line_for([code], 1), sec=seconds(1),
                     purpose=pick(self._purposes_of(cat.REIMBURSE_PURPOSES), 1), tag=BIT["FIN-014"], lock=True, **kw)
        # FIN-010: two or three payments to one supplier just under the procurement threshold, days apart.
        suppliers = rng.choice(np.concatenate([vendors["consulting"], vendors["it"], vendors["repair"]]),
                               len(plan["FIN-010"]), replace=False)
        for supplier in suppliers:
            k = int(rng.integers(2, 4))
            first = cal.workdays_in(rng, rng.integers(2, 11, 1))[0]
            days = cal.next_workday(first + np.concatenate([[0], np.cumsum(rng.integers(4, 10, k - 1))]))
            code = pick(["30227", "31002", "30213"], 1)[0]
            rows.add(k, cls=CLS[code], line=line_for([code] * k, k), payee=supplier,
                     amount=money(NEAR_RATIO * PROCUREMENT_THRESHOLD + 5000, PROCUREMENT_THRESHOLD - 100, k, whole=0),
                     day=days, sec=seconds(k), settle=TRANSFER, purpose=pick(self._purposes_of(CLASS_BY_CODE[code].purposes), k),
                     lock=True)
            truth["FIN-010"].add(f"{d.code}|{self._payee_accounts_np[supplier]}|{self.year}")
        # FIN-013: 三公 spending in a category; its budget is cut below it when budgets are built.
        for category in plan["FIN-013"]:
            if category == "abroad":
                k, code, lo, hi, settle = 2, "30212", 30000, 80000, TRANSFER
            elif category == "reception":
                k, code, lo, hi, settle = 3, "30217", 2000, 9000, CARD
            else:
                k, code, lo, hi, settle = 3, "30231", 500, 3000, CARD
            rows.add(k, cls=CLS[code], line=1, payee=pick(vendors[CLASS_BY_CODE[code].kind], k), amount=money(lo, hi, k),
                     day=cal.workdays_in(rng, spring_to_autumn(k)), sec=seconds(k), settle=settle,
                     purpose=pick(self._purposes_of(CLASS_BY_CODE[code].purposes), k), lock=True)
            truth["FIN-013"].add(f"{d.code}|{self.year}|{category}")
        # FIN-011: pay an earlier clean supplier payment a second time, within two days.
        if n := len(plan["FIN-011"]):
            cols = rows.concat()
            candidates = np.flatnonzero((cols["tag"] == 0) & ~cols["lock"] & (cols["settle"] == TRANSFER)
                                        & (cols["day"] < self.calendar.work[self.calendar.work_start[11]] - 5)
                                        & (cols["payee"] < self._staff_payee0) & (cols["sec"] < WORK_END - 3 * 3600))
            originals = rng.choice(candidates, n, replace=False)
            first = cols["day"][originals].astype(np.int64)
            later = self.calendar.next_workday(first + rng.integers(0, 3, n))
            later = np.where(later - first > 2, first, later)  # never more than two days after
            sec = np.where(later == first, cols["sec"][originals] + rng.integers(1800, 3 * 3600, n), seconds(n))
            rows.add(n, cls=cols["cls"][originals], line=cols["line"][originals], payee=cols["payee"][originals],
                     amount=cols["amount"][originals], day=later, sec=sec, settle=TRANSFER,
                     purpose=cols["purpose"][originals], tag=BIT["FIN-011"], lock=True)
            return originals
        return np.array([], dtype=np.int64)

    def _add_near_misses(self, i, rng, rows, vendors, seconds, pick, money, cashier, staff0, n_staff, cash_months):
        """Clean rows on the permitted side of a line, in about one unit in four."""
        if rng.random() > 0.25:
            return
        plan, cal = self.plan[i], self.calendar
        day = cal.workdays_in(rng, rng.integers(1, 12, 8))
        staff = self._staff_payee0 + staff0 + rng.integers(0, n_staff, 4)
        # A personal transfer one fen under the FIN-004 threshold.
        rows.add(1, cls=CLS["30226"], line=1, payee=self._expert0 + int(rng.integers(0, self._n_experts)),
                 amount=PERSONAL_TRANSFER_THRESHOLD * YUAN - 1, day=day[0], sec=seconds(1), settle=TRANSFER,
                 purpose=self._purpose("专家评审劳务费"), lock=True)
        # Card-catalogue expenses reimbursed to a person under an exception word, and cash under the minimum.
        for k, (code, text) in enumerate((("30239", "出租车费报销"), ("30207", "快递费报销"), ("30211", "签证费报销"),
                                          ("30231", "过路过桥费报销"))):
            rows.add(1, cls=CLS[code], line=1, payee=staff[k], amount=money(200, 1500, 1), day=day[1 + k], sec=seconds(1),
                     settle=TRANSFER, purpose=self._purpose(text), lock=True)
        rows.add(1, cls=CLS["30201"], line=1, payee=cashier, amount=(CARD_MIN_AMOUNT - 1) * YUAN, day=day[5], sec=seconds(1),
                 settle=CASH, purpose=self._purpose("零星办公用品"), lock=True)
        # A single payment just under the procurement threshold, and a pair of them further apart than the window.
        supplier = pick(vendors["consulting"], 1)[0]
        rows.add(1, cls=CLS["30227"], line=3, payee=supplier, amount=money(850000, 990000, 1, whole=0), day=day[6],
                 sec=seconds(1), settle=TRANSFER, purpose=self._purpose("第三方评估服务费"), lock=True)
        supplier = pick(vendors["it"], 1)[0]
        first = cal.workdays_in(rng, [3])[0]
        rows.add(2, cls=CLS["31007"], line=3, payee=supplier, amount=money(850000, 990000, 2, whole=0),
                 day=cal.next_workday([first, first + 45]), sec=seconds(2), settle=TRANSFER,
                 purpose=self._purpose("业务系统开发"), lock=True)
        # The same amount to the same supplier a week later: not a duplicate.
        supplier = pick(vendors["property"], 1)[0]
        amount = money(20000, 40000, 1)[0]
        first = cal.workdays_in(rng, [5])[0]
        rows.add(2, cls=CLS["30209"], line=1, payee=supplier, amount=amount, day=cal.next_workday([first, first + 7]),
                 sec=seconds(2), settle=TRANSFER, purpose=self._purpose("物业管理费"), lock=True)
        # A cash withdrawal of exactly the single limit, where the unit's cash headroom allows it.
        free = sorted(set(range(1, 12)) - cash_months)
        if not plan["FIN-007"] and len(plan["FIN-005"]) + len(plan["FIN-006"]) <= 1 and free:
            day = cal.workdays_in(rng, [free[int(rng.integers(0, len(free)))]])
            rows.add(1, cls=CLS["30299"], line=1, payee=cashier, amount=CASH_SINGLE_LIMIT * YUAN, day=day[0],
                     sec=seconds(1), settle=CASH, purpose=self._purpose("零星办公支出"), lock=True)

    def _move_december(self, rng, cols):
        """Keep each class's December share clear of FIN-009 by moving its largest December payments earlier."""
        dec0 = self.calendar.work[self.calendar.work_start[11]]
        dec = cols["day"] >= dec0
        year = np.bincount(cols["cls"], weights=cols["amount"], minlength=len(CLASS_CODES))
        december = np.bincount(cols["cls"][dec], weights=cols["amount"][dec], minlength=len(CLASS_CODES))
        for c in np.flatnonzero((year >= 0.9 * MIN_ANNUAL_TOTAL * YUAN) & (december > CLEAN_DECEMBER_SHARE * year)):
            idx = np.flatnonzero(dec & (cols["cls"] == c) & ~cols["lock"])
            idx = idx[np.argsort(-cols["amount"][idx])]
            excess = december[c] - CLEAN_DECEMBER_SHARE * year[c]
            k = int(np.searchsorted(np.cumsum(cols["amount"][idx]), excess)) + 1
            moved = idx[:k]
            cols["day"][moved] = self.calendar.workdays_in(rng, rng.integers(1, 12, len(moved)))

    def _plant_december(self, i, rng, rows, cols, truth, vendors, line_for, seconds, pick):
        """FIN-009: a class whose December spending jumps past the share, on an annual total above the minimum."""
        d = self.payers[i]
        n = len(self.plan[i]["FIN-009"])
        if not n:
            return
        dec0 = self.calendar.work[self.calendar.work_start[11]]
        for code in rng.choice(FIN009_CLASSES, n, replace=False):
            c = CLS[code]
            m = cols["cls"] == c
            year = cols["amount"][m].sum() / YUAN
            december = cols["amount"][m & (cols["day"] >= dec0)].sum() / YUAN
            share = rng.uniform(0.4, 0.6)
            extra = max((share * year - december) / (1 - share), 1.15 * MIN_ANNUAL_TOTAL - year, 20000) * 1.15
            k = max(2, int(np.ceil(extra / 600_000)))
            amount = np.round(extra / k * rng.uniform(0.95, 1.05, k) * YUAN).astype(np.int64)
            rows.add(k, cls=c, line=line_for([code] * k, k), payee=pick(vendors[CLASS_BY_CODE[code].kind], k), amount=amount,
                     day=self.calendar.workdays_in(rng, [12] * k), sec=seconds(k), settle=TRANSFER,
                     purpose=pick(self._purposes_of(CLASS_BY_CODE[code].purposes), k), lock=True)
            truth["FIN-009"].add(f"{d.code}|{self.year}|{code}")

    def _separate_repeats(self, rng, cols):
        """No clean payment repeats an earlier one's payee and amount within days (FIN-011 stays for plants)."""
        lock = cols["lock"]
        for _ in range(20):
            ts = cols["day"].astype(np.int64) * DAY + cols["sec"]
            order = np.lexsort((ts, cols["amount"], cols["payee"]))
            p, a, t = cols["payee"][order], cols["amount"][order], ts[order]
            clash = np.flatnonzero((p[1:] == p[:-1]) & (a[1:] == a[:-1]) & (t[1:] - t[:-1] <= CLEAN_REPEAT_GAP_DAYS * DAY))
            if not len(clash):
                return
            earlier, later = order[clash], order[clash + 1]
            planted_pair = (cols["tag"][later] & BIT["FIN-011"]) != 0
            fix = np.where(~lock[later], later, np.where(~lock[earlier], earlier, later))[~planted_pair]
            if not len(fix):
                return
            cols["amount"][fix] += rng.integers(1, 100, len(fix)) * YUAN
        raise RuntimeError("could not separate repeated payments")

    def _budgets(self, i, rng, cols, line_codes, line_names, truth) -> pa.Table:
        """Budgets follow what was spent, with headroom — except where FIN-002 and FIN-013 are planted."""
        d, plan = self.payers[i], self.plan[i]
        has_line = cols["line"] >= 0
        key = cols["line"][has_line].astype(np.int64) * 1000 + cols["cls"][has_line]
        keys, inverse = np.unique(key, return_inverse=True)
        paid = np.bincount(inverse, weights=cols["amount"][has_line]).astype(np.int64)
        line, cls = (keys // 1000).astype(np.int64), (keys % 1000).astype(np.int64)
        budget = (np.ceil(paid * rng.uniform(1.02, 1.35, len(keys)) / (100 * YUAN)) * 100 * YUAN).astype(np.int64)
        line_paid = np.bincount(line, weights=paid, minlength=len(line_codes))
        exact = int(rng.integers(0, len(line_codes))) if rng.random() < 0.15 else -1
        budget[line == exact] = paid[line == exact]  # a line spent to the fen: not over budget
        three = np.array([CLASS_CODES[c] in THREE_PUBLIC_CLASSES for c in cls])
        extra_rows = []

        def top_up(ln, amount_cents):
            """Give ``amount_cents`` to a non-三公 class of line ``ln`` so the line's total stays put."""
            j = np.flatnonzero((line == ln) & ~three)
            if len(j):
                budget[j[0]] += amount_cents
            else:
                extra_rows.append((ln, CLS["30299"], amount_cents))

        for category in plan["FIN-013"]:
            j = np.flatnonzero(np.isin(cls, [CLS[c] for c in cat.THREE_PUBLIC[category]]))
            cut = (np.floor(paid[j] * rng.uniform(0.55, 0.85) / YUAN) * YUAN).astype(np.int64)
            for ln in np.unique(line[j]):
                sel = line[j] == ln
                top_up(ln, int((budget[j][sel] - cut[sel]).sum()))
            budget[j] = cut
        candidates = [ln for ln in range(len(line_codes))
                      if ln != exact and line_paid[ln] >= 20000 * YUAN
                      and paid[(line == ln) & ~three].sum() >= 0.5 * line_paid[ln]]
        for ln in rng.permutation(candidates)[: len(plan["FIN-002"])]:
            target = int(line_paid[ln] * rng.uniform(0.80, 0.95))
            j = np.flatnonzero((line == ln) & ~three)
            rest = target - int(budget[(line == ln) & three].sum())
            budget[j] = np.floor(budget[j] * rest / budget[j].sum()).astype(np.int64)
            truth["FIN-002"].add(f"{d.code}|{self.year}|{line_codes[ln]}")
        for ln, c, amount in extra_rows:
            line, cls, budget = np.append(line, ln), np.append(cls, c), np.append(budget, amount)
        supplementary = np.where(rng.random(len(budget)) < 0.25, np.floor(budget * rng.uniform(0.05, 0.3, len(budget)) / (100 * YUAN)) * 100 * YUAN, 0).astype(np.int64)
        supplementary[np.isin(cls, [CLS[c] for c in THREE_PUBLIC_CLASSES])] = 0
        n = len(budget)
        return pa.Table.from_pydict({
            "department_code": pa.array([d.code] * n),
            "year": pa.array(np.full(n, self.year, dtype=np.int64)),
            "budget_line": pa.array(np.array(line_codes)[line]),
            "budget_line_name": pa.array(np.array(line_names)[line]),
            "economic_class": pa.array(np.array(CLASS_CODES)[cls]),
            "amount": _decimal(budget - supplementary),
            "supplementary": _decimal(supplementary),
        }, schema=BUDGET_SCHEMA)

    def _payments_table(self, i, cols, line_codes) -> tuple[pa.Table, dict[str, set[str]]]:
        d = self.payers[i]
        ts = cols["day"].astype(np.int64) * DAY + cols["sec"]
        order = np.lexsort((cols["payee"], ts))
        cols = {k: v[order] for k, v in cols.items()}
        n = len(order)
        ids = pc.binary_join_element_wise(f"ZF{self.year}{d.code}",
                                          pc.utf8_lpad(pa.array(np.arange(1, n + 1).astype(str)), 7, "0"), "")
        payee = pa.array(cols["payee"])
        line_idx = np.where(cols["line"] == UNKNOWN_LINE, len(line_codes), cols["line"])
        lines = pa.array(line_codes + [f"{d.code}-{self.year}-99"]).take(pa.array(line_idx, mask=cols["line"] == NO_LINE))
        table = pa.table({
            "payment_id": ids,
            "payer_department_code": pa.array([d.code] * n),
            "payer_account": pa.array([self._zero_account[i]] * n),
            "payee_name": self._payee_names.take(payee),
            "payee_account": self._payee_accounts.take(payee),
            "payee_type": self._payee_type.take(payee),
            "amount": _decimal(cols["amount"]),
            "paid_at": pa.array((EPOCH + ts[order]) * 1_000_000, pa.timestamp("us")),
            "settlement_method": pa.array(SETTLEMENT_NAMES[cols["settle"]]),
            "purpose": pa.array(self._purposes, pa.string()).take(pa.array(cols["purpose"])),
            "budget_line": lines,
            "economic_class": pa.array(np.array(CLASS_CODES)[cols["cls"]]),
        })
        # Payment-level rules: the planted rows' ids are the subject keys.
        planted = {}
        for rule, bit in BIT.items():
            hit = (cols["tag"] & bit) != 0
            if hit.any():
                planted[rule] = set(ids.filter(pa.array(hit)).to_pylist())
        return table, planted

    # ------------------------------------------------------------------ registries as tables

    @staticmethod
    def budget_schema() -> pa.Schema:
        return BUDGET_SCHEMA

    def departments_table(self) -> pa.Table:
        return pa.table({"code": [d.code for d in self.departments], "name": [d.name for d in self.departments],
                         "parent_code": [d.parent_code for d in self.departments], "level": [d.level for d in self.departments]})


def _decimal(cents: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(cents / YUAN, pa.float64()), pa.decimal128(18, 2))


def content_hash(data: CityData, city: City) -> str:
    """SHA-256 over the city's tables (as CSV) and its ground truth: equal seeds give equal hashes."""
    h = hashlib.sha256()
    for table in (city.departments_table(), city.staff, city.accounts, data.budgets, data.payments):
        buf = io.BytesIO()
        pacsv.write_csv(table, buf)
        h.update(buf.getvalue())
    h.update(json.dumps(data.truth, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()
