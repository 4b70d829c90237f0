"""The project registries rules read: one row per project (key dates derived from its documents and
gates) and one per contract (with its wage account and deposit)."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import Contract, Document, Passage, Project
from .stages import DocKind, Stage


def _first(rows) -> dict:
    out: dict = {}
    for key, day in rows:
        if key not in out or day < out[key]:
            out[key] = day
    return out


def projects(span=None) -> pa.Table:
    today = timezone.localdate()
    docs = {}
    for kind in (DocKind.FUNDS, DocKind.ACCEPTANCE, DocKind.FINAL_ACCOUNTS):
        docs[kind] = _first(Document.objects.filter(kind=kind).values_list("project_id", "issued_on"))
    started = _first(Passage.objects.filter(stage=Stage.CONSTRUCTION).values_list("project_id", "passed_on"))
    rows = [{
        "project_code": p.code, "name": p.name, "department_code": p.owner.code, "stage": p.stage,
        "budget_line": p.budget_line or None, "estimate": p.estimate, "adjusted_estimate": p.adjusted_estimate,
        "investment": p.investment, "funds_on": docs[DocKind.FUNDS].get(p.pk), "started_on": started.get(p.pk),
        "accepted_on": docs[DocKind.ACCEPTANCE].get(p.pk), "final_accounts_on": docs[DocKind.FINAL_ACCOUNTS].get(p.pk),
        "as_of": today,
    } for p in Project.objects.select_related("owner").order_by("pk")]
    return pa.Table.from_pylist(rows, schema=arrow_schema("projects"))


def contracts(span=None) -> pa.Table:
    rows = []
    for c in Contract.objects.select_related("project__owner", "wage_account", "wage_security").order_by("pk"):
        acc, sec = getattr(c, "wage_account", None), getattr(c, "wage_security", None)
        rows.append({
            "contract_code": c.code, "project_code": c.project.code, "department_code": c.project.owner.code,
            "contractor": c.contractor, "value": c.value, "signed_on": c.signed_on, "general": int(c.general),
            "advance_funding": int(c.advance_funding), "wage_account_no": acc.account_no if acc else None,
            "wage_account_opened_on": acc.opened_on if acc else None, "security_kind": sec.kind if sec else None,
            "security_rate_bp": int((sec.rate * 10000).to_integral_value()) if sec and sec.rate is not None else None, "security_amount": sec.amount if sec else None,
            "security_lodged_on": sec.lodged_on if sec else None, "exemption": (sec.exemption or None) if sec else None,
        })
    return pa.Table.from_pylist(rows, schema=arrow_schema("project_contracts"))
