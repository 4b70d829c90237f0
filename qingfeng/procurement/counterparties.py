"""Procurement awards as a source of the people app's department counterparties (``people.counterparties``):
per buyer department and supplier, the active awards, their total and first and last award day, so the
conflict-of-interest rule sees a contract won by an official's (or a relative's) company like a payment."""

from qingfeng.people.names import company_key

from .coverage import _connection


def awards(span, evidence_ids: int, *, names: set[str] | None = None) -> list[dict]:
    con = _connection()
    try:
        cur = con.execute("""
            SELECT t.department_code, a.supplier_name, max(a.supplier_credit_code), count(*), sum(a.amount),
                   min(CAST(a.award_date AS DATE)), max(CAST(a.award_date AS DATE)),
                   string_agg(a.ocid, ',' ORDER BY a.award_date, a.ocid)
            FROM awards a JOIN tenders t ON t.ocid = a.ocid
            WHERE a.status = 'active' AND a.supplier_name IS NOT NULL AND a.award_date IS NOT NULL
            GROUP BY t.department_code, a.supplier_name""")
        rows = []
        for dept, name, code, n, total, first, last, ids in cur.fetchall():
            if names is not None and company_key(name) not in names and not code:
                continue
            refs = ",".join(ids.split(",")[:evidence_ids]) if ids and evidence_ids else None
            rows.append({"department_code": dept, "name": name, "credit_code": code, "records": n, "amount": total,
                         "first_on": first, "last_on": last, "reference_ids": refs})
        return rows
    finally:
        con.close()
