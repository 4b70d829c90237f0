"""Who each department deals with: one view over every source that names a counterparty.

A *provider* turns one source into rows (department_code, counterparty name, credit code if the source
has one, records, amount, first and last date, record ids). ``snapshot`` resolves every row to a company
of the business registry — by validated credit code first, else by normalised name — and returns the
``counterparties`` registry the conflict-of-interest rule joins. Payments (the treasury records) and
enterprise applications for approvals handled on this platform (the approvals app) are built in;
procurement contracts and bids plug in with ``register`` when their datasets exist, and the rule and the
relationship pages need no change. docs/people.md lists what is covered.
"""

from collections.abc import Callable
from decimal import Decimal

import duckdb
import pyarrow as pa

from .identifiers import is_credit_code
from .names import company_key

# source name → provider(span, evidence_ids, *, names=None) returning rows as dicts with the keys of ROW;
# ``names`` (normalised company names of the registry) lets a provider skip counterparties no company has.
PROVIDERS: dict[str, Callable] = {}
ROW = ("department_code", "name", "credit_code", "records", "amount", "first_on", "last_on", "reference_ids")


def register(source: str, provider: Callable) -> Callable:
    PROVIDERS[source] = provider
    return provider


def _warehouse_connection(dataset: str) -> tuple[duckdb.DuckDBPyConnection | None, str]:
    from qingfeng.records import warehouse

    files = [str(p) for p in warehouse.committed_files(dataset)]
    if not files:
        return None, ""
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute("SET allowed_paths = [" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]")
    con.execute("SET enable_external_access = false")
    scan = "read_parquet([" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "], union_by_name = true)"
    return con, scan


def payments(span, evidence_ids: int, *, names: set[str] | None = None, department_codes=None) -> list[dict]:
    """Treasury payments to units, per (payer department, payee name): count, total, first and last day,
    and the first ``evidence_ids`` payment ids. ``names`` (normalised company names) and
    ``department_codes`` narrow the groups for which ids are fetched (and returned)."""
    con, scan = _warehouse_connection("payments")
    if con is None:
        return []
    try:
        groups = con.sql(f"""
            SELECT payer_department_code, payee_name, count(*), sum(amount), min(CAST(paid_at AS DATE)),
                   max(CAST(paid_at AS DATE))
            FROM {scan} WHERE payee_type = 'unit' GROUP BY payer_department_code, payee_name""").fetchall()
        rows = []
        for dept, name, n, total, first, last in groups:
            if names is not None and company_key(name) not in names:
                continue
            if department_codes is not None and dept not in department_codes:
                continue
            rows.append({"department_code": dept, "name": name, "credit_code": None, "records": n, "amount": total,
                         "first_on": first, "last_on": last, "reference_ids": None})
        if rows and evidence_ids:
            con.execute("CREATE TEMP TABLE wanted (d VARCHAR, p VARCHAR)")
            con.executemany("INSERT INTO wanted VALUES (?, ?)", [(r["department_code"], r["name"]) for r in rows])
            ids = dict(((d, p), i) for d, p, i in con.sql(f"""
                SELECT payer_department_code, payee_name, string_agg(payment_id, ',' ORDER BY paid_at, payment_id)
                FROM (SELECT payer_department_code, payee_name, payment_id, paid_at,
                             row_number() OVER (PARTITION BY payer_department_code, payee_name ORDER BY paid_at, payment_id) AS k
                      FROM {scan} JOIN wanted ON d = payer_department_code AND p = payee_name
                      WHERE payee_type = 'unit')
                WHERE k <= {int(evidence_ids)}
                GROUP BY payer_department_code, payee_name""").fetchall())
            for r in rows:
                r["reference_ids"] = ids.get((r["department_code"], r["name"]))
        return rows
    finally:
        con.close()


register("payment", payments)


def approval_applications(span, evidence_ids: int, *, names: set[str] | None = None) -> list[dict]:
    """Enterprises that applied to a department for an approval handled on this platform (the approvals
    app, when installed): per (department, applicant) the number of cases and the first and last receipt."""
    from django.apps import apps
    from django.db.models import Count, Max, Min
    from django.utils import timezone

    if not apps.is_installed("qingfeng.approvals"):
        return []
    cases = apps.get_model("approvals", "ApprovalCase").objects.filter(applicant_kind="enterprise")
    rows = []
    for r in (cases.values("department__code", "applicant_name")
              .annotate(n=Count("pk"), first=Min("received_at"), last=Max("received_at"))):
        if names is not None and company_key(r["applicant_name"]) not in names:
            continue
        rows.append({"department_code": r["department__code"], "name": r["applicant_name"], "credit_code": None,
                     "records": r["n"], "amount": None, "first_on": timezone.localtime(r["first"]).date(),
                     "last_on": timezone.localtime(r["last"]).date(), "reference_ids": None})
    return rows


register("approval", approval_applications)


def snapshot(span, evidence_ids: int) -> list[dict]:
    """Every provider's rows resolved to registered companies, one row per (department, company, source)."""
    from .models import Company

    by_code = dict(Company.objects.values_list("credit_code", "name"))
    by_name: dict[str, tuple[str, str]] = {}
    for code, name, key in Company.objects.values_list("credit_code", "name", "name_key"):
        by_name.setdefault(key, (code, name))
    if not by_code and not by_name:
        return []  # no registered company for any row to resolve to: the sources need not be read
    merged: dict[tuple[str, str, str], dict] = {}
    for source, provider in PROVIDERS.items():
        for row in provider(span, evidence_ids, names=set(by_name)):
            code = row.get("credit_code")
            if code and is_credit_code(code) and code in by_code:
                company = (code, by_code[code])
            else:
                company = by_name.get(company_key(row.get("name")))
            if company is None:
                continue
            key = (row["department_code"], company[0], source)
            out = merged.get(key)
            if out is None:
                merged[key] = {"department_code": row["department_code"], "credit_code": company[0], "company_name": company[1],
                               "source": source, "records": int(row["records"]), "amount": row.get("amount"),
                               "first_on": row["first_on"], "last_on": row["last_on"], "reference_ids": row.get("reference_ids")}
                continue
            out["records"] += int(row["records"])
            out["amount"] = (out["amount"] or Decimal(0)) + (row.get("amount") or Decimal(0))
            out["first_on"] = min(out["first_on"], row["first_on"])
            out["last_on"] = max(out["last_on"], row["last_on"])
            ids = [x for x in (out["reference_ids"], row.get("reference_ids")) if x]
            out["reference_ids"] = ",".join(ids) or None
    return [merged[k] for k in sorted(merged)]


def as_table(rows: list[dict]) -> pa.Table:
    from qingfeng.records.warehouse import arrow_schema

    return pa.Table.from_pylist(rows, schema=arrow_schema("counterparties"))
