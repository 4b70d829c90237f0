"""Every rule's incremental declaration, checked on its own cases: whichever rows arrive last as the new
batch, the findings a restricted run keeps (new, or with changed evidence) are exactly those a full run
over everything adds to a full run over the earlier rows."""

import pyarrow as pa
import pytest

from qingfeng.screening.cases import case_params, case_sources
from qingfeng.screening.catalogue import load_catalogue
from qingfeng.screening.engines.duckdb import DuckDBSession
from qingfeng.screening.findings import hits_from_rows
from qingfeng.screening.incremental import Restrictions, RulePlan, declaration, relation_names
from qingfeng.screening.snapshots import registry_tables

CATALOGUE = load_catalogue()
INCREMENTAL = [r for r in CATALOGUE if not declaration(r).full]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_days")]


def found(session, rule, params) -> dict[str, dict]:
    result = session.execute(rule.sql, params)
    return {h.subject_key: h.evidence for h in hits_from_rows(rule, result.columns, result.rows).hits}


def splits(n: int) -> list[list[int]]:
    """Which rows arrive last: the first, middle and last row alone, and the later half."""
    return [[i] for i in sorted({0, n // 2, n - 1})] + ([list(range(n // 2, n))] if n > 2 else [])


def cases_of(rule):
    dataset = declaration(rule).dataset
    return [pytest.param(rule, case, id=f"{rule.id}-{case.name}") for case in rule.cases if case.given.get(dataset)]


@pytest.mark.parametrize(("rule", "case"), [p for rule in INCREMENTAL for p in cases_of(rule)])
def test_a_restricted_run_keeps_what_a_full_run_adds(rule, case):
    dataset = declaration(rule).dataset
    params = case_params(rule, case)
    records, given = case_sources(case)
    with DuckDBSession(records, given, load_registries=False) as session:
        registries = {**registry_tables(session.data_span()), **given}  # loaded once, not per session
    table = records[dataset]
    for new_rows in splits(table.num_rows):
        new = table.take(pa.array(new_rows, type=pa.int64()))
        old = table.take(pa.array([i for i in range(table.num_rows) if i not in new_rows], type=pa.int64()))
        with DuckDBSession({**records, dataset: old}, registries) as session:
            before = found(session, rule, params)
        with DuckDBSession(records, registries) as session:
            added = {k: v for k, v in found(session, rule, params).items() if before.get(k) != v}
        extra = {relation_names("new", dataset, 0): (dataset, new), relation_names("gone", dataset, 0): (dataset, new.slice(0, 0))}
        with DuckDBSession(records, registries, extra_sources=extra) as session:
            plan = RulePlan(rule, "restricted", "", frozenset({1}), frozenset())
            session.use(dataset, Restrictions(session, {(plan.new, plan.gone): 0}).relation(plan, params))
            kept = {k: v for k, v in found(session, rule, params).items() if before.get(k) != v}
        assert kept == added, f"new rows {new_rows}: {case.note or case.name}"


def test_a_pushed_down_restriction_keeps_whole_key_groups_including_null_keys():
    """FIN-013's keys (department, year(paid_at)) become `IN` and a year range: the rows kept are every row of
    a key group a new row belongs to, a NULL department included, and nothing of other groups."""
    from datetime import datetime

    from qingfeng.screening.cases import table

    def pay(pid, dept, when):
        return {"payment_id": pid, "payer_department_code": dept, "amount": "10.00", "paid_at": when}

    old = [pay("A", "101", datetime(2026, 1, 5)), pay("B", "102", datetime(2026, 2, 5)), pay("C", "101", datetime(2025, 12, 31, 23)),
           pay("D", None, datetime(2026, 7, 1)), pay("E", None, datetime(2027, 1, 1))]
    new = [pay("N1", "101", datetime(2026, 3, 1)), pay("N2", None, datetime(2026, 5, 1))]
    rule = CATALOGUE.rules["FIN-013"]
    extra = {relation_names("new", "payments", 0): ("payments", table("payments", new)),
             relation_names("gone", "payments", 0): ("payments", table("payments", []))}
    with DuckDBSession({"payments": table("payments", old + new)}, {}, load_registries=False, extra_sources=extra) as session:
        plan = RulePlan(rule, "restricted", "", frozenset({1}), frozenset())
        relation = Restrictions(session, {(plan.new, plan.gone): 0}).relation(plan, rule.default_params())
        kept = {row[0] for row in session.query(f'SELECT payment_id FROM "{relation}"')}
    assert kept == {"A", "D", "N1", "N2"}
