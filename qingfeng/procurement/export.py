"""The city's procurement as OCDS 1.1 compiled releases, one JSON object per line (what Cardinal and OCDS Kit
read), rebuilt from the warehouse: tender (with the number of tenderers, not the bids), awards with their
items, contracts and the buyer. Losing bids are not published; supplier names are companies, not persons."""

import json
from collections import defaultdict
from datetime import datetime

from .coverage import _connection


def _ts(value):
    return value.isoformat() + "+08:00" if isinstance(value, datetime) else None


def _money(amount, currency):
    return {"amount": float(amount), "currency": currency or "CNY"} if amount is not None else None


def _clean(obj):
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items() if v not in (None, [], {})}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def compiled_releases(publisher_prefix: str = "ocds-qingfeng", ocid: str | None = None):
    """Yield one compiled release (dict) per process, in ocid order; only that process's when ocid is given."""
    con = _connection()
    try:
        def rows(sql, order):
            where, params = (" WHERE ocid = ?", [ocid]) if ocid is not None else ("", [])
            cur = con.execute(f"{sql}{where} ORDER BY {order}", params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

        awards, items, contracts = defaultdict(list), defaultdict(list), defaultdict(list)
        for a in rows("SELECT * FROM awards", "ocid, award_id"):
            awards[a["ocid"]].append(a)
        for i in rows("SELECT * FROM award_items", "ocid, award_id, item_id"):
            items[(i["ocid"], i["award_id"])].append(i)
        for c in rows("SELECT * FROM contracts", "ocid, contract_id"):
            contracts[c["ocid"]].append(c)
        for t in rows("SELECT * FROM tenders", "ocid"):
            o = t["ocid"]
            buyer = {"id": t["buyer_id"] or t["department_code"], "name": t["buyer_name"]}
            yield _clean({
                "ocid": o, "id": f"{o}-{_ts(t['release_date']) or 'compiled'}", "date": _ts(t["release_date"]),
                "tag": ["compiled"], "initiationType": "tender", "buyer": buyer,
                "parties": [{**buyer, "roles": ["buyer"]}] + [
                    {"id": a["supplier_id"], "name": a["supplier_name"], "roles": ["supplier"],
                     "identifier": {"scheme": "CN-USCC", "id": a["supplier_credit_code"]} if a["supplier_credit_code"] else None}
                    for a in awards[o] if a["supplier_id"]],
                "tender": {"id": o, "title": t["title"], "status": t["status"],
                           "procurementMethod": t["procurement_method"],
                           "procurementMethodDetails": t["procurement_method_details"],
                           "mainProcurementCategory": t["main_category"], "value": _money(t["value_amount"], t["currency"]),
                           "tenderPeriod": {"startDate": _ts(t["tender_start"]), "endDate": _ts(t["tender_end"])},
                           "numberOfTenderers": t["number_of_tenderers"]},
                "awards": [{"id": a["award_id"], "status": a["status"], "date": _ts(a["award_date"]),
                            "value": _money(a["amount"], a["currency"]),
                            "suppliers": [{"id": a["supplier_id"], "name": a["supplier_name"]}] if a["supplier_id"] else [],
                            "items": [{"id": i["item_id"], "description": i["description"],
                                       "classification": {"scheme": i["classification_scheme"], "id": i["classification_id"]}}
                                      for i in items[(o, a["award_id"])]]}
                           for a in awards[o]],
                "contracts": [{"id": c["contract_id"], "awardID": c["award_id"], "status": c["status"],
                               "value": _money(c["amount"], c["currency"]), "dateSigned": _ts(c["signed_at"])}
                              for c in contracts[o]],
            })
    finally:
        con.close()


def jsonl_lines():
    for release in compiled_releases():
        yield json.dumps(release, ensure_ascii=False, separators=(",", ":")) + "\n"
