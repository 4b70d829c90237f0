"""A city's procurement year with known truth: a clean market and one planted case of every procurement rule.

Cardinal's fence indicators compare each value with the quartiles of all values, so the clean market is built
so that every compared figure is spread evenly (an even spread never crosses its own Tukey fences) and the
planted cases sit far outside: second-lowest bids 10–14 % above the winner, win ratios of 20–30 % over twenty
bids each, disqualified bids only in one buyer's processes (so the buyers' figure is all zero and skipped, as
Cardinal skips it) and spread 0–15 % across tenderers, one to three item classes per supplier.

``build(year, buyers)`` returns the rows of each procurement dataset and the planted subject keys per rule;
``DEMO_PARAMETERS`` are the local parameter values the demo city sets (a smaller city compares suppliers of
five or more awards, not twenty).
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

DEMO_PARAMETERS = {("PRC-010", "minimum_contracting_processes"): 5}
CLEAN_SUPPLIERS = 20
BIDS_PER_SUPPLIER = 20


def _money(x) -> str:
    # a string, as a file would carry it (the importer parses and checks it)
    return str(Decimal(str(round(x, 2))).quantize(Decimal("0.01")))


def build(year: int, buyers: list[str]) -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
    assert len(buyers) >= 8, "the demo market needs eight buying departments"
    rows: dict[str, list[dict]] = defaultdict(list)
    truth: dict[str, list[str]] = defaultdict(list)
    B = buyers[:8]
    start0 = datetime(year, 2, 3, 9, 0)
    counter = iter(range(1, 10_000))

    def ocid():
        return f"ocds-yc{year}-{next(counter):04d}"

    def supplier(code: str) -> tuple[str, str]:
        return code, f"云川{code}贸易有限公司"

    def process(buyer, *, details="公开招标", method="open", category="goods", days=25, start=None, title="办公设备采购",
                purchased=None, catalogue=None, n_tenderers=None, value=None):
        o = ocid()
        begin = start or start0 + timedelta(days=(int(o[-4:]) * 2) % 250)
        end = begin + timedelta(days=days)
        rows["tenders"].append({
            "ocid": o, "department_code": buyer, "buyer_id": buyer, "title": title, "status": "complete",
            "procurement_method": method, "procurement_method_details": details, "main_category": category,
            "purchased_service": purchased, "catalogue_code": catalogue,
            "value_amount": _money(value) if value else None, "currency": "CNY",
            "tender_start": begin, "tender_end": end, "number_of_tenderers": n_tenderers})
        return o, end

    def bid(o, k, who, amount, end, status="valid", late=False):
        rows["bids"].append({"ocid": o, "bid_id": f"B{k}", "tenderer_id": who, "tenderer_name": supplier(who)[1],
                             "tenderer_count": 1, "status": status, "amount": _money(amount), "currency": "CNY",
                             "submitted_at": end + (timedelta(minutes=5) if late else -timedelta(hours=2 + k))})

    def award(o, who, amount, end, classes=(), name=None, credit_code=None, contract_factor=1.0):
        sid, sname = supplier(who)
        rows["awards"].append({"ocid": o, "award_id": "A1", "status": "active", "supplier_id": sid,
                               "supplier_name": name or sname, "supplier_credit_code": credit_code, "supplier_count": 1,
                               "amount": _money(amount), "currency": "CNY", "award_date": end + timedelta(days=7)})
        for k, c in enumerate(classes, 1):
            rows["award_items"].append({"ocid": o, "award_id": "A1", "item_id": f"I{k}", "classification_scheme": "CPV",
                                        "classification_id": c})
        rows["contracts"].append({"ocid": o, "contract_id": "C1", "award_id": "A1", "status": "active",
                                  "amount": _money(amount * contract_factor), "currency": "CNY",
                                  "signed_at": end + timedelta(days=20)})

    # ---- the clean market: supplier i wins 4, 5 or 6 of its 20 bids; four bids per process
    clean = [f"S{i:02d}" for i in range(CLEAN_SUPPLIERS)]
    wins = {s: 4 + i % 3 for i, s in enumerate(clean)}
    classes = {s: [f"{10 + (i * 3 + k) % 80}100000" for k in range(1 + i % 3)] for i, s in enumerate(clean)}
    winners = [s for s in clean for _ in range(wins[s])]
    winners = [winners[(k * 7) % len(winners)] for k in range(len(winners))]  # interleave (7 is coprime to 99)
    losses = {s: BIDS_PER_SUPPLIER - wins[s] for s in clean}
    pointer = 0
    planted_at = {"PRC-001": 60, "PRC-003": 10, "PRC-011": 20, "PRC-005": 30, "PRC-006": 40, "PRC-014": 50}
    l_processes = set(range(0, 100, 5))  # L bids (and loses) in twenty processes
    x_count = 0
    for j, w in enumerate(winners):
        buyer = B[j % 8]
        others = []
        while len(others) < 3:
            s = clean[pointer % CLEAN_SUPPLIERS]
            pointer += 1
            if s != w and s not in others and losses[s] > 0:
                others.append(s)
                losses[s] -= 1
            elif all(losses[c] == 0 or c == w or c in others for c in clean):
                break
        base = 400_000 + (j * 37_000) % 1_100_000
        d = 0.10 + (j % 21) * 0.002
        if j == planted_at["PRC-003"]:
            d = 0.002
        if j == planted_at["PRC-011"]:
            d = 0.6
        n_bids = 1 + len(others) + (1 if j in l_processes else 0) + (1 if buyer == B[0] and x_count < 4 else 0)
        o, end = process(buyer, days=10 if j == planted_at["PRC-001"] else 25, category=("goods", "services")[j % 2],
                         n_tenderers=n_bids)
        bid(o, 1, w, base, end, late=j == planted_at["PRC-006"])
        for k, s in enumerate(others):
            price = base * (1 + d) if k == 0 else base * (1.2 + 0.01 * k)
            if j == planted_at["PRC-005"] and k == 2:
                price = base * (1.2 + 0.01)  # the same price as the bidder before
            # only buyer B0 disqualifies (its highest losing bid): tenderers spread, buyers all zero but one
            status = "disqualified" if buyer == B[0] and k == 2 else "valid"
            bid(o, k + 2, s, price, end, status=status)
        if j in l_processes:
            bid(o, 6, "L", base * 1.5, end)
        if buyer == B[0] and x_count < 4:
            bid(o, 7, "X", base * 1.6, end, status="disqualified")
            x_count += 1
        mine = classes[w]
        award(o, w, base, end, classes=[mine[sum(1 for x in winners[:j] if x == w) % len(mine)]],
              contract_factor=1.25 if j == planted_at["PRC-014"] else 1.0)
        for rule, at in planted_at.items():
            if at == j:
                truth[rule].append(f"{o}|C1" if rule == "PRC-014" else o)
    truth["PRC-004"].append("L")
    truth["PRC-009"].append("tenderer|X")

    # ---- PRC-002: an open tender with one tenderer
    o, end = process(B[4], n_tenderers=1)
    bid(o, 1, "SOLO", 600_000, end)
    award(o, "SOLO", 600_000, end)
    truth["PRC-002"].append(o)
    # ---- PRC-007: the winner is the only valid tenderer, the two others disqualified (at buyer B0)
    o, end = process(B[0], n_tenderers=3)
    bid(o, 1, "R35W", 700_000, end)
    bid(o, 2, "R35A", 720_000, end, status="disqualified")
    bid(o, 3, "R35B", 760_000, end, status="disqualified")
    award(o, "R35W", 700_000, end)
    truth["PRC-007"].append(o)
    # ---- PRC-008: the lowest bid disqualified, a dearer valid one wins (at buyer B0)
    o, end = process(B[0], n_tenderers=3)
    bid(o, 1, "R36W", 1_000_000, end)
    bid(o, 2, "R36V", 1_110_000, end)
    bid(o, 3, "R36Z", 900_000, end, status="disqualified")
    award(o, "R36W", 1_000_000, end)
    truth["PRC-008"].append(o)
    # ---- PRC-010: a supplier that wins six direct awards in nine item classes (small amounts)
    for k in range(6):
        o, end = process(B[1], details="单一来源", method="direct", days=5, title="零星维修")
        award(o, "V", 40_000, end, classes=[f"{20 + 7 * (2 * k + m) % 70}200000" for m in range(2 if k < 3 else 1)])
    truth["PRC-010"].append("V")
    # ---- PRC-012: three quotations of office goods just under the open-tender threshold (buyer B6)
    for k in range(3):
        o, end = process(B[6], details="询价", method="limited", days=7, start=datetime(year, 4, 6 + 7 * k, 9, 0),
                         title="办公家具采购")
        award(o, "SPLIT", 800_000, end)
    truth["PRC-012"].append(f"{B[6]}|{year}|goods")
    # ---- PRC-013: one supplier takes most of buyer B5's money in an open tender
    o, end = process(B[5], n_tenderers=3, value=21_000_000)
    bid(o, 1, "BIG", 20_000_000, end)
    bid(o, 2, "BIGA", 22_400_000, end)
    bid(o, 3, "BIGB", 24_000_000, end)
    award(o, "BIG", 20_000_000, end)
    truth["PRC-013"].append(f"{B[5]}|{year}")
    # ---- PRC-015: buyer B7 buys a third of its year by single source
    for _k in range(2):
        o, end = process(B[7], details="单一来源", method="direct", days=5, title="专用软件运维")
        award(o, "MONO", 3_000_000, end)
    truth["PRC-015"].append(f"{B[7]}|{year}")
    # ---- PRC-016: awards to debarred suppliers: by credit code (another name), by name in traditional characters
    o, end = process(B[2], details="单一来源", method="direct", days=5, title="绿化养护")
    award(o, "DEB1", 60_000, end, name="云川市青禾园林工程有限公司", credit_code="91530100MA6K00D017")
    truth["PRC-016"].append(f"{o}|A1")
    o, end = process(B[2], details="单一来源", method="direct", days=5, title="建材采购")
    award(o, "DEB2", 50_000, end, name="云川市恒达建材有限公司")
    truth["PRC-016"].append(f"{o}|A1")
    rows["debarments"] += [
        {"debarment_id": f"YC-JZ-{year}-01", "name": "雲川青禾園林有限責任公司", "credit_code": "91530100MA6K00D017",
         "authority": "云川市财政局", "reason": "提供虚假材料谋取中标", "start_on": date(year, 1, 10), "end_on": date(year + 2, 1, 9)},
        {"debarment_id": f"YC-JZ-{year}-02", "name": "雲川市恆達建材股份有限公司", "credit_code": None,
         "authority": "云川市财政局", "reason": "与其他供应商恶意串通", "start_on": date(year, 1, 20), "end_on": date(year + 1, 1, 19)},
        {"debarment_id": f"YC-JZ-{year}-03", "name": "云川市远方信息技术有限公司", "credit_code": "91530100MA6K00R021",
         "authority": "云川市财政局", "reason": "拒绝履行合同", "start_on": date(year - 3, 1, 1), "end_on": date(year - 1, 12, 31)},
    ]
    # ---- PRC-017: purchased services — a labour dispatch, works bought as a service, and a clean one (buyer B3)
    for title, category, catalogue, planted in (("窗口辅助人员劳务派遣服务", "services", "B0201", True),
                                                ("城区道路维修养护服务", "works", "A0801", True),
                                                ("社区居家养老上门服务", "services", "A0301", False)):
        o, end = process(B[3], details="竞争性磋商", method="limited", days=12, title=title, category=category,
                         purchased=1, catalogue=catalogue)
        award(o, f"SVC{o[-2:]}", 100_000, end, classes=["C16020000"])
        if planted:
            truth["PRC-017"].append(o)
    return dict(rows), dict(truth)
