"""The city's procurement on the open-data portal: one row per process, flattened from the same compiled
releases the OCDS export serves, with a link to the process's own compiled release (OCDS)."""

from django.urls import reverse

from .export import compiled_releases


def process_rows():
    for release in compiled_releases():
        tender = release.get("tender", {})
        awards = [a for a in release.get("awards", []) if a.get("status") in (None, "active")]
        dates = [a["date"] for a in awards if a.get("date")]
        yield {"ocid": release["ocid"], "title": tender.get("title", ""), "buyer": release.get("buyer", {}).get("name", ""),
               "method": tender.get("procurementMethodDetails") or tender.get("procurementMethod", ""),
               "category": tender.get("mainProcurementCategory", ""), "status": tender.get("status", ""),
               "value": (tender.get("value") or {}).get("amount"), "tenderers": tender.get("numberOfTenderers"),
               "suppliers": "、".join(s["name"] for a in awards for s in a.get("suppliers", []) if s.get("name")),
               "awarded": sum((a.get("value") or {}).get("amount") or 0 for a in awards) if awards else None,
               "award_date": max(dates)[:10] if dates else None,
               "ocds": reverse("procurement:ocds_release", args=[release["ocid"]])}
