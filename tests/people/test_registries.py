"""The people registries and records keep ID numbers only as keyed hashes and masks, refuse invalid
identifiers with a reason, record each bulk load in the ledger, and resolve each department's
counterparties to registered companies."""

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from qingfeng.core.crypto import keyed_hash
from qingfeng.core.models import LedgerEvent, Person
from qingfeng.people.identifiers import make_id_number

from .conftest import OFFICIAL_ID, SUPPLIER

pytestmark = pytest.mark.django_db


def test_the_roster_keeps_the_id_number_only_as_hash_and_mask(people_world):
    official = Person.objects.get(staff_no="S100")
    assert official.id_hash == keyed_hash(OFFICIAL_ID) and official.id_masked == OFFICIAL_ID[:6] + "********" + OFFICIAL_ID[-4:]
    assert official.roster.birth_date == date(1972, 5, 17) and official.roster.region == "539901"
    event = LedgerEvent.objects.filter(action="people.roster_loaded").get()
    assert OFFICIAL_ID not in str(event.data) and event.data["loaded"] == 2


def test_a_roster_row_with_a_bad_id_or_an_unknown_person_is_rejected_with_its_line(people_world):
    from qingfeng.people.actions import load_roster

    report = load_roster("test", [{"staff_no": "S200", "id_number": "539903199001090131"},
                                  {"staff_no": "NOBODY", "id_number": OFFICIAL_ID},
                                  {"staff_no": "S200", "status": "retired"}])
    assert report.loaded == 0 and [line for line, _ in report.rejected] == [1, 2, 3]
    assert "校验位" in report.rejected[0][1] and "退休" in report.rejected[2][1]


def test_payroll_is_imported_with_hashed_ids_and_the_raw_number_never_reaches_the_warehouse(people_world):
    from qingfeng.people.imports import import_with_ids
    from qingfeng.records import warehouse

    table = pa.table({"payroll_id": ["PR1", "PR2"], "department_code": ["100", "100"], "pay_month": ["2025-03-01", "2025-03-01"],
                      "staff_no": ["S100", "X1"], "name": ["韩立诚", "无名"], "身份证号": [OFFICIAL_ID, "12345"],
                      "amount": ["9000.00", "100.00"]})
    report, invalid = import_with_ids(table, "payroll", source_name="payroll.xlsx", actor="test")
    assert report.status == "committed" and (report.loaded, report.rejected) == (1, 1) and invalid[0][0] == 2  # Arrow rows count from 1
    assert report.rejections[0].value == "*****"  # a refused number is shown masked, never whole
    stored = pq.read_table(warehouse.committed_files("payroll")[0]).to_pylist()
    assert [r["id_hash"] for r in stored] == [keyed_hash(OFFICIAL_ID)]
    assert OFFICIAL_ID not in str(stored) and "身份证号" not in pq.read_schema(warehouse.committed_files("payroll")[0]).names


def test_a_company_with_an_invalid_credit_code_is_refused_and_its_roles_with_it(people_world):
    from qingfeng.people.actions import load_business_registry
    from qingfeng.people.models import Company

    report = load_business_registry("test", [{"credit_code": "91539900000000AB12", "name": "假代码有限公司"}],
                                    [{"credit_code": "91539900000000AB12", "kind": "legal_rep", "holder_name": "某人"}])
    assert report.loaded == 0 and "统一社会信用代码" in report.rejected[0][1]
    assert not Company.objects.filter(name="假代码有限公司").exists()


def test_counterparties_resolve_payee_names_to_companies_per_department(people_world):
    from qingfeng.people.snapshots import counterparties

    rows = {(r["department_code"], r["credit_code"]): r for r in counterparties().to_pylist()}
    assert set(rows) == {("101", SUPPLIER), ("201", SUPPLIER)}
    assert rows[("101", SUPPLIER)]["records"] == 3 and rows[("101", SUPPLIER)]["reference_ids"] == "P3,P4,P5"


def test_only_automatic_and_confirmed_links_reach_the_rules(people_world):
    from qingfeng.people.snapshots import company_role_links

    rows = company_role_links().to_pylist()
    assert [(r["staff_no"], r["holder_kind"], r["relation"], r["link_status"]) for r in rows] == [
        ("S100", "relative", "spouse", "auto")]


def test_a_standard_in_force_ends_the_day_before_the_next_one(people_world):
    from qingfeng.people.actions import set_reception_standard
    from qingfeng.people.snapshots import reception_standards

    set_reception_standard("test", locality="云川市", per_head_limit=120, effective_from=date(2024, 1, 1))
    set_reception_standard("test", locality="云川市", per_head_limit=150, effective_from=date(2025, 7, 1))
    rows = reception_standards().to_pylist()
    assert [(r["effective_from"], r["effective_to"]) for r in rows] == [(date(2024, 1, 1), date(2025, 6, 30)), (date(2025, 7, 1), None)]
    assert LedgerEvent.objects.filter(action="reception_standard.set").count() == 2


def test_a_declaration_is_recorded_once_a_year_without_names_in_the_ledger(people_world):
    from django.core.exceptions import ValidationError

    from qingfeng.people.actions import record_declaration

    with pytest.raises(ValidationError):
        record_declaration("test", people_world["official"], year=2024, submitted_on=date(2025, 2, 1), relatives=[])
    event = LedgerEvent.objects.filter(action="declaration.recorded").get()
    assert event.data["relatives"] == 1 and "柳" not in str(event.data)
    assert make_id_number("539901", date(1972, 5, 17), 11) == OFFICIAL_ID
