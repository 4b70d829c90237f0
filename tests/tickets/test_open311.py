"""Open311 GeoReport v2: every JSON response validates against the schemas in ../shared/data/open311/, XML is
well-formed and carries the same data, datetimes carry +08:00, errors are 400/403/404 with {code, description},
and a client can list services, post with a key, and read requests (by id, list, or token)."""

import json
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET
from django.test import Client
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource

from qingfeng.tickets import actions
from qingfeng.tickets.models import Ticket

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "data" / "open311" / "georeport-v2"
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def _schema(name: str):
    if not SCHEMAS.exists():
        pytest.skip("the Open311 schemas (../shared/data/open311) are not beside this checkout")
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=_draft7()))
                 for p in SCHEMAS.glob("*.json") if p.name != "swagger.json"]
    registry = Registry().with_resources(resources)
    return Draft7Validator(json.loads((SCHEMAS / name).read_text()), registry=registry, format_checker=FormatChecker())


def _draft7():
    from referencing.jsonschema import DRAFT7

    return DRAFT7


def _valid(name: str, data) -> None:
    errors = sorted(_schema(name).iter_errors(data), key=str)
    assert not errors, [e.message for e in errors[:3]]


def _xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return SafeET.fromstring(response.content)


def _xml_rows(root) -> list[dict]:
    return [{child.tag: child.text for child in item} for item in root]


@pytest.fixture
def api_key(city):
    _row, key = actions.issue_api_key(city["users"]["sysadmin"], name="test client")
    return key


@pytest.fixture
def tickets(city, file_ticket):
    a = file_ticket(address="A3区杜鹃路12号", lat=28.2, long=112.9, phone="13912345678",
                    text="杜鹃路12号门口井盖缺失，联系电话13912345678，请尽快处理。")
    actions.dispatch_ticket("centre", a, city["housing"])
    b = file_ticket(title="咨询社保转移", text="请问养老保险关系如何从外省转入本市？", kind="consultation",
                    service=city["services"]["LD"])
    return a, b


def test_service_list_in_json_and_xml(city):
    client = Client()
    data = client.get("/open311/v2/services.json").json()
    _valid("services.json", data)
    assert {"CX", "LD", "SD"} <= {s["service_code"] for s in data}
    root = _xml(client.get("/open311/v2/services.xml"))
    assert root.tag == "services"
    xml_rows = _xml_rows(root)
    assert [r["service_code"] for r in xml_rows] == [s["service_code"] for s in data]
    assert [r["service_name"] for r in xml_rows] == [s["service_name"] for s in data]
    assert {r["metadata"] for r in xml_rows} == {"true"}


def test_service_definition(city):
    client = Client()
    data = client.get("/open311/v2/services/CX.json").json()
    _valid("service-definition.json", data)
    assert data["attributes"][0]["code"] == "kind"
    root = _xml(client.get("/open311/v2/services/CX.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "CX"
    assert [v.findtext("key") for v in root.find("attributes")[0].find("values")] == [v["key"] for v in data["attributes"][0]["values"]]
    assert client.get("/open311/v2/services/NOPE.json").status_code == 404


def test_requests_list_and_get_match_between_formats(tickets):
    client = Client()
    listed = client.get("/open311/v2/requests.json").json()
    _valid("requests.json", listed)
    assert {r["service_request_id"] for r in listed} == {t.number for t in tickets}
    for row in listed:
        assert OFFSET.match(row["requested_datetime"]) and OFFSET.match(row["updated_datetime"])
    a = next(r for r in listed if r["service_request_id"] == tickets[0].number)
    assert OFFSET.match(a["expected_datetime"]) and a["agency_responsible"] == "市住房和城乡建设局"
    assert "13912345678" not in json.dumps(listed, ensure_ascii=False) and "139****5678" in a["description"]
    one = client.get(f"/open311/v2/requests/{tickets[0].number}.json").json()
    _valid("requests.json", one)
    xml_one = _xml_rows(_xml(client.get(f"/open311/v2/requests/{tickets[0].number}.xml")))[0]
    for key in ("service_request_id", "status", "service_code", "requested_datetime", "expected_datetime", "address",
                "agency_responsible", "description"):
        assert xml_one[key] == (one[0][key] if one[0][key] is None else str(one[0][key])), key
    assert float(xml_one["lat"]) == one[0]["lat"]


def test_filters_and_limits(tickets):
    client = Client()
    assert [r["service_code"] for r in client.get("/open311/v2/requests.json?service_code=LD").json()] == ["LD"]
    assert client.get("/open311/v2/requests.json?status=closed").json() == []
    by_id = client.get(f"/open311/v2/requests.json?service_request_id={tickets[1].number}").json()
    assert [r["service_request_id"] for r in by_id] == [tickets[1].number]
    wide = client.get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-06-01T00:00:00%2B08:00")
    assert wide.status_code == 400 and wide.json()[0]["code"] == 400


def test_post_needs_a_valid_key_and_a_location(city, api_key):
    client = Client(enforce_csrf_checks=True)
    base = {"service_code": "CX", "address_string": "A3区杜鹃路", "description": "路灯不亮"}
    missing = client.post("/open311/v2/requests.json", base)
    assert missing.status_code == 403 and missing.json() == [{"code": 403, "description": "api_key missing or not valid"}]
    root = _xml(client.post("/open311/v2/requests.xml", {**base, "api_key": "wrong"}))
    assert root.tag == "errors" and root.find("error").findtext("code") == "403"
    no_place = client.post("/open311/v2/requests.json", {"api_key": api_key, "service_code": "CX", "description": "x"})
    assert no_place.status_code == 400
    assert client.post("/open311/v2/requests.json", {**base, "api_key": api_key, "service_code": "ZZ"}).status_code == 400
    too_long = client.post("/open311/v2/requests.json", {**base, "api_key": api_key, "description": "长" * 4001})
    assert too_long.status_code == 400


def test_post_creates_a_ticket_readable_by_id_or_token(city, api_key):
    client = Client(enforce_csrf_checks=True)
    made = client.post("/open311/v2/requests.json", {
        "api_key": api_key, "service_code": "CX", "lat": "28.1", "long": "112.9", "description": "小区门口道路塌陷",
        "first_name": "三", "last_name": "张", "phone": "13800000000", "attribute[kind]": "complaint"})
    assert made.status_code == 201
    row = made.json()[0]
    assert ("service_request_id" in row) != ("token" in row)
    ticket = Ticket.objects.get()
    assert ticket.channel == "open311" and "13800000000" not in ticket.contact_sealed
    token = client.get(f"/open311/v2/tokens/{ticket.token}.json").json()
    assert token == [{"service_request_id": ticket.number, "token": ticket.token}]
    xml_token = _xml_rows(_xml(client.get(f"/open311/v2/tokens/{ticket.token}.xml")))
    assert xml_token == [{"service_request_id": ticket.number, "token": ticket.token}]
    assert client.get("/open311/v2/tokens/nope.json").status_code == 404
    assert client.get("/open311/v2/requests/nope.xml").status_code == 404


def test_a_revoked_key_is_refused(city, api_key):
    from qingfeng.tickets.models import ApiKey

    actions.revoke_api_key(city["users"]["sysadmin"], ApiKey.objects.get())
    refused = Client().post("/open311/v2/requests.json", {"api_key": api_key, "service_code": "CX", "address_string": "x",
                                                          "description": "x"})
    assert refused.status_code == 403


def test_unknown_format_and_jurisdiction(city):
    client = Client()
    assert client.get("/open311/v2/services.csv").status_code == 404
    wrong = client.get("/open311/v2/services.json?jurisdiction_id=elsewhere.example")
    assert wrong.status_code == 404 and wrong.json()[0]["code"] == 404


def test_only_the_system_administrator_manages_keys(city):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.issue_api_key(city["users"]["dispatcher"], name="x")
