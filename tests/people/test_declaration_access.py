"""Declarations (officials' declared relatives) are readable only by the roles that may read them, within
their scope, through every page, API and export; each read by such a role is written to the ledger.

The handler and the department head here cover the official's department, so they see his page: what they
must not see is the spouse he declared, nor the fact that a registry shareholder is that spouse."""

import io
import json

import pytest
from openpyxl import load_workbook

from qingfeng.core.models import LedgerEvent

from .conftest import SPOUSE, SPOUSE_EMPLOYER

pytestmark = pytest.mark.django_db
DECLARED = (SPOUSE, SPOUSE_EMPLOYER, "配偶", "申报亲属")  # the registry's own entry (name spelt "柳 如眉", mask) is public


def text_of_xlsx(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None)


def text_of_json(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def reads() -> list[dict]:
    return list(LedgerEvent.objects.filter(action="declaration.read").values_list("data", flat=True))


@pytest.mark.parametrize("role", ["handler", "head"])
def test_a_handler_or_head_sees_the_official_but_not_his_declaration_on_any_channel(people_world, client_as, role):
    client, official = client_as(role), people_world["official"]
    page = client.get(f"/people/person/{official.pk}/")
    api = client.get(f"/people/api/persons/{official.pk}")
    export = client.get(f"/people/person/{official.pk}/export.xlsx")
    company = client.get(f"/people/company/{people_world['supplier'].pk}/")
    company_api = client.get(f"/people/api/companies/{people_world['supplier'].pk}")
    assert [r.status_code for r in (page, api, export, company, company_api)] == [200] * 5
    bodies = {"page": page.content.decode(), "api": text_of_json(api), "export": text_of_xlsx(export.content),
              "company": company.content.decode(), "company_api": text_of_json(company_api)}
    for channel, body in bodies.items():
        assert official.name in body or channel.startswith("company")
        leaked = [word for word in DECLARED if word in body]
        assert leaked == [], (channel, leaked)
    # The registry's own (public) entry is there, but not who she is to the official.
    assert "柳 如眉" in bodies["company"] and official.name not in bodies["company"]
    assert client.get(f"/people/api/persons/{official.pk}/relatives").status_code == 403
    assert client.get("/people/review/").status_code == 403
    assert client.get("/people/api/links/pending").status_code == 403
    assert official.name not in client.get("/people/").content.decode()  # not listed as "linked to a company"
    assert reads() == []


def test_another_departments_handler_cannot_find_the_official_at_all(people_world, client_as):
    client, official = client_as("handler_b"), people_world["official"]
    assert client.get(f"/people/person/{official.pk}/").status_code == 404
    assert client.get(f"/people/api/persons/{official.pk}").status_code == 404
    assert client.get(f"/people/api/persons/{official.pk}/relatives").status_code == 404
    assert client.get(f"/people/person/{official.pk}/export.xlsx").status_code == 404
    assert official.name not in client.get("/people/?q=韩").content.decode()


def test_a_data_steward_has_no_people_pages(people_world, client_as):
    client = client_as("steward")
    assert client.get(f"/people/person/{people_world['official'].pk}/").status_code == 403
    assert client.get(f"/people/api/persons/{people_world['official'].pk}").status_code == 403


def test_the_supervisor_reads_the_declaration_and_every_read_is_ledgered(people_world, client_as):
    client, official = client_as("supervisor"), people_world["official"]
    page = client.get(f"/people/person/{official.pk}/").content.decode()
    assert SPOUSE in page and SPOUSE_EMPLOYER in page and "云川鼎盛办公用品有限公司" in page
    assert SPOUSE in text_of_json(client.get(f"/people/api/persons/{official.pk}/relatives"))
    assert SPOUSE in text_of_xlsx(client.get(f"/people/person/{official.pk}/export.xlsx").content)
    company = client.get(f"/people/company/{people_world['supplier'].pk}/").content.decode()
    assert "配偶" in company and official.name in company
    channels = sorted(d["channel"] for d in reads())
    assert channels == ["api", "company_page", "export", "page"]
    assert {d["staff_no"] for d in reads()} == {official.staff_no}
    event = LedgerEvent.objects.filter(action="people.exported").get()
    assert event.actor == "supervisor" and event.data["relatives_included"] is True


def test_the_conflict_alert_names_no_relative_and_goes_to_the_supervisory_body(people_world, client_as, calendar_days):
    from qingfeng.alerts.actions import raise_alerts
    from qingfeng.alerts.models import Alert
    from qingfeng.screening.actions import run_screening

    run = run_screening("test", rule_ids=["PEO-001"])
    assert run.status == "done", run.error
    raise_alerts(run, "test")
    alert = Alert.objects.get(rule_id="PEO-001")
    assert alert.subject_key == f"{people_world['official'].staff_no}|{people_world['supplier'].credit_code}"
    assert alert.department.code == "000"  # the fallback (supervisory) department, not the official's own
    evidence = str(alert.finding.evidence) + str(alert.finding.evidence_rows)
    assert "申报亲属·股东" in evidence and SPOUSE not in evidence and "P3" in evidence
    assert client_as("handler").get(f"/alerts/{alert.pk}/").status_code == 404
    assert SPOUSE not in client_as("supervisor").get(f"/alerts/{alert.pk}/").content.decode()
