"""Per indicator, how many processes it could judge: calculated, insufficient data, not applicable.

A rule only reports hits, so a process a rule could not judge would look like "no risk". This table says,
for the processes in the user's scope, how many each indicator calculated, how many it could not for lack of
data (a missing tender period, no bids, no item classification …) and how many it does not apply to
(cancelled, a pending award, a method the indicator excludes). It reads the committed warehouse batches
with DuckDB, the same files the screening reads, narrowed to the departments the user may see.
"""

import hashlib
from dataclasses import dataclass

import duckdb
from django.core.cache import cache

from qingfeng.records import warehouse

DATASETS = ("tenders", "bids", "awards", "award_items", "contracts")


@dataclass(frozen=True)
class Indicator:
    rule_id: str
    code: str
    title: str
    applies: str        # SQL over the per-process columns: the indicator applies to the process
    sufficient: str     # …and the process has the data it needs


# Per-process columns: cancelled, pending, method, details, has_period, n_tenderers, priced_bids, status_bids,
# dated_bids, active_awards, priced_awards, dated_awards, classified_awards, linked_contracts, purchased, has_end.
INDICATORS = (
    Indicator("PRC-001", "R003", "等标期过短", "NOT cancelled AND coalesce(details, '') <> '单一来源'", "has_period"),
    Indicator("PRC-002", "R018", "只有一家投标", "NOT cancelled AND method IN ('open', 'selective')", "n_tenderers IS NOT NULL"),
    Indicator("PRC-003", "R024", "报价与中标价过于接近", "NOT cancelled AND NOT pending", "priced_bids >= 2 AND active_awards = 1"),
    Indicator("PRC-004", "R025", "投标多中标少", "NOT cancelled AND NOT pending", "status_bids > 0 AND active_awards > 0"),
    Indicator("PRC-005", "R028", "报价完全相同", "NOT cancelled AND NOT pending AND coalesce(details, '') <> '单一来源'", "priced_bids >= 2"),
    Indicator("PRC-006", "R030", "逾期投标仍中标", "NOT cancelled AND NOT pending", "dated_bids > 0 AND has_end AND active_awards > 0"),
    Indicator("PRC-007", "R035", "除中标人外全部无效", "NOT cancelled AND NOT pending", "status_bids >= 2 AND active_awards > 0"),
    Indicator("PRC-008", "R036", "最低报价被判无效", "NOT cancelled AND NOT pending", "priced_bids >= 2 AND active_awards > 0"),
    Indicator("PRC-009", "R038", "无效投标比例过高", "NOT cancelled AND NOT pending", "status_bids > 0"),
    Indicator("PRC-010", "R048", "中标品目繁杂", "NOT cancelled AND NOT pending", "classified_awards > 0"),
    Indicator("PRC-011", "R058", "中标价大幅低于次低价", "NOT cancelled AND NOT pending", "priced_bids >= 2 AND active_awards = 1"),
    Indicator("PRC-012", "R011/R049/R055", "化整为零", "NOT cancelled AND coalesce(method, '') <> 'open'", "priced_awards > 0 AND dated_awards > 0"),
    Indicator("PRC-013", "R040", "供应商集中", "NOT cancelled", "priced_awards > 0 AND dated_awards > 0"),
    Indicator("PRC-014", "R059", "合同金额超过中标金额", "NOT cancelled AND active_awards > 0", "linked_contracts > 0"),
    Indicator("PRC-015", "R013", "非竞争性方式比例", "NOT cancelled", "priced_awards > 0 AND dated_awards > 0 AND (method IS NOT NULL OR details IS NOT NULL)"),
    Indicator("PRC-016", "—", "禁止参加采购的供应商", "NOT cancelled AND active_awards > 0", "dated_awards > 0"),
    Indicator("PRC-017", "—", "购买服务超出目录或禁止事项", "NOT cancelled AND coalesce(purchased, 0) = 1", "TRUE"),
)

PER_PROCESS = """
WITH a AS (
    SELECT ocid, count(*) FILTER (WHERE status = 'pending') AS pending_awards,
           count(*) FILTER (WHERE status = 'active') AS active_awards,
           count(*) FILTER (WHERE status = 'active' AND amount IS NOT NULL) AS priced_awards,
           count(*) FILTER (WHERE status = 'active' AND award_date IS NOT NULL) AS dated_awards
    FROM awards GROUP BY ocid
), b AS (
    SELECT ocid, count(*) FILTER (WHERE amount IS NOT NULL AND status IN ('pending', 'valid', 'disqualified')) AS priced_bids,
           count(*) FILTER (WHERE status IS NOT NULL) AS status_bids,
           count(*) FILTER (WHERE submitted_at IS NOT NULL) AS dated_bids
    FROM bids GROUP BY ocid
), i AS (
    SELECT ocid, count(DISTINCT award_id) AS classified_awards FROM award_items WHERE classification_id IS NOT NULL GROUP BY ocid
), c AS (
    SELECT ocid, count(*) FILTER (WHERE award_id IS NOT NULL AND amount IS NOT NULL) AS linked_contracts FROM contracts GROUP BY ocid
)
SELECT t.ocid, t.department_code,
       coalesce(t.status, '') = 'cancelled' AS cancelled, coalesce(a.pending_awards, 0) > 0 AS pending,
       t.procurement_method AS method, t.procurement_method_details AS details,
       t.tender_start IS NOT NULL AND t.tender_end IS NOT NULL AS has_period, t.tender_end IS NOT NULL AS has_end,
       t.number_of_tenderers AS n_tenderers, t.purchased_service AS purchased,
       coalesce(b.priced_bids, 0) AS priced_bids, coalesce(b.status_bids, 0) AS status_bids,
       coalesce(b.dated_bids, 0) AS dated_bids, coalesce(a.active_awards, 0) AS active_awards,
       coalesce(a.priced_awards, 0) AS priced_awards, coalesce(a.dated_awards, 0) AS dated_awards,
       coalesce(i.classified_awards, 0) AS classified_awards, coalesce(c.linked_contracts, 0) AS linked_contracts
FROM tenders t LEFT JOIN a ON a.ocid = t.ocid LEFT JOIN b ON b.ocid = t.ocid
LEFT JOIN i ON i.ocid = t.ocid LEFT JOIN c ON c.ocid = t.ocid
"""


def _connection():
    from qingfeng.records.warehouse import arrow_schema

    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    paths = []
    for name in DATASETS:
        files = [str(p) for p in warehouse.committed_files(name)]
        paths += files
        if files:
            scan = "read_parquet([" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "], union_by_name = true)"
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM {scan}")
        else:
            con.register(f"{name}_empty", arrow_schema(name).empty_table())
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}_empty")
    return con


def coverage(department_codes=None) -> dict:
    """{"processes": n, "rows": [{rule_id, code, title, calculated, insufficient, not_applicable}]} over the
    processes of ``department_codes`` (None: all). Cached by the committed batch files (immutable: a new or
    superseding batch changes the key) and the scope, so the dashboard does not rescan the warehouse."""
    files = sorted(str(p) for name in DATASETS for p in warehouse.committed_files(name))
    scope = "ALL" if department_codes is None else ",".join(sorted(department_codes))
    key = "procurement-coverage:" + hashlib.sha256("\n".join(files + [scope]).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _coverage(department_codes)
        cache.set(key, cached, 3600)
    return cached


def _coverage(department_codes) -> dict:
    con = _connection()
    try:
        con.execute(f"CREATE TEMP TABLE p AS {PER_PROCESS}")
        if department_codes is not None:
            con.execute("CREATE TEMP TABLE scope (code VARCHAR)")
            con.executemany("INSERT INTO scope VALUES (?)", [(c,) for c in department_codes])
            con.execute("DELETE FROM p WHERE department_code NOT IN (SELECT code FROM scope)")
        total = con.execute("SELECT count(*) FROM p").fetchone()[0]
        rows = []
        for ind in INDICATORS:
            calc, short = con.execute(
                f"SELECT count(*) FILTER (WHERE ({ind.applies}) AND ({ind.sufficient})), "
                f"count(*) FILTER (WHERE ({ind.applies}) AND NOT ({ind.sufficient})) FROM p").fetchone()
            rows.append({"rule_id": ind.rule_id, "code": ind.code, "title": ind.title, "calculated": calc,
                         "insufficient": short, "not_applicable": total - calc - short})
        totals = con.execute("""SELECT count(DISTINCT a.ocid), coalesce(sum(a.amount), 0) FROM awards a
                                JOIN p ON p.ocid = a.ocid WHERE a.status = 'active'""").fetchone()
        return {"processes": total, "awarded_processes": totals[0], "awarded_amount": totals[1], "rows": rows}
    finally:
        con.close()


def processes(department_codes=None, limit: int = 50) -> list[dict]:
    """The latest processes in scope with their buyer, method, tenderers and award."""
    con = _connection()
    try:
        where, params = "", []
        if department_codes is not None:
            codes = list(department_codes) or [""]
            where = "WHERE t.department_code IN (" + ", ".join("?" for _ in codes) + ")"
            params = codes
        cur = con.execute(f"""
            SELECT t.ocid, t.department_code, t.title, t.procurement_method_details, t.status, t.tender_end,
                   t.number_of_tenderers, a.supplier_name, a.amount
            FROM tenders t LEFT JOIN awards a ON a.ocid = t.ocid AND a.status = 'active'
            {where} ORDER BY t.tender_end DESC NULLS LAST, t.ocid LIMIT {int(limit)}""", params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
