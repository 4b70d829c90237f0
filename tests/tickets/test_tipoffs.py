"""The sealed channel: a tip-off's reporter is encrypted at rest and readable only by designated supervisors,
every read is ledgered, and the tip-off never reaches the department or person it names — not through a
page, the API, an export, Open311, the portal, the screening snapshot (so no alert, the only notification
the platform sends), nor the ledger's data."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingfeng.core.models import LedgerEvent
from qingfeng.tickets import actions, policies
from qingfeng.tickets.models import TipOff

pytestmark = pytest.mark.django_db
MARK = "局长王某某收受红包"


@pytest.fixture
def tip(city):
    tip, code = actions.submit_tipoff("portal", title="举报住建局局长", description=f"{MARK}，时间在春节前后，地点在办公室。",
                                      named_department=city["housing"], named_person="王某某", anonymous=False,
                                      name="李四", id_number="430102199001011234", phone="13700001111")
    return tip, code


def test_identity_is_encrypted_at_rest(tip):
    t, _code = tip
    stored = TipOff.objects.values("identity_sealed", "claim_hash").get(pk=t.pk)
    raw = json.dumps(stored, ensure_ascii=False)
    for secret in ("李四", "430102199001011234", "13700001111"):
        assert secret not in raw
    assert stored["identity_sealed"].startswith("aes-256-gcm:")


def test_only_designated_supervisors_read_identity_and_each_read_is_ledgered(city, tip):
    t, _code = tip
    u = city["users"]
    assert actions.read_identity(u["reader"], t)["name"] == "李四"
    actions.read_identity(u["reader"], t)
    assert LedgerEvent.objects.filter(action="tipoff.identity_read", object_id=str(t.pk), actor="reader").count() == 2
    for name in ("dispatcher", "housing_head", "housing_handler", "secadmin", "sysadmin"):
        with pytest.raises(PermissionDenied):
            actions.read_identity(u[name], t)


def test_a_reader_inside_the_named_department_or_the_named_person_cannot_see_it(city, tip, make_user):
    t, _code = tip
    inside = make_user("housing_supervisor", "supervisor", "all", city["estate"])
    actions.designate_reader(city["users"]["secadmin"], inside)
    assert not policies.visible_tipoffs(inside).exists()
    named = make_user("王某某", "supervisor", "all", city["office"])
    actions.designate_reader(city["users"]["secadmin"], named)
    assert not policies.visible_tipoffs(named).exists()
    assert policies.visible_tipoffs(city["users"]["reader"]).filter(pk=t.pk).exists()


def test_the_named_department_never_sees_it_anywhere(city, tip, client_as):
    t, _code = tip
    from qingfeng.screening.snapshots import registry_tables

    pages = ["/", "/tickets/", "/tickets/kpi/", "/tickets/hotspots/", "/tickets/export.xlsx", "/tipoffs/",
             f"/tipoffs/{t.pk}/", "/oversight/", "/alerts/", "/alerts/export.xlsx", "/api/alerts", "/api/departments",
             "/open311/v2/requests.json", "/open311/v2/requests.xml", "/portal/tickets/", "/portal/"]
    for name in ("housing_head", "housing_handler", "estate_handler"):
        client = client_as(name)
        for url in pages:
            response = client.get(url)
            body = response.content.decode("utf-8", errors="replace") if response.get("Content-Type", "").startswith(("text", "application/json")) else ""
            if url.endswith(".xlsx") and response.status_code == 200:
                from io import BytesIO

                from openpyxl import load_workbook

                body = json.dumps([[c for c in row] for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)],
                                  ensure_ascii=False, default=str)
            assert MARK not in body and t.number not in body and "李四" not in body, (name, url)
        assert client.get(f"/tipoffs/{t.pk}/").status_code in (403, 404)
    tables = registry_tables((t.received_at.date(), t.received_at.date()))
    assert all(MARK not in json.dumps(tbl.to_pylist(), ensure_ascii=False, default=str) for tbl in tables.values())
    for event in LedgerEvent.objects.filter(object_type="tickets.tipoff"):
        text = json.dumps(event.data, ensure_ascii=False)
        assert MARK not in text and "李四" not in text and city["housing"].code not in text


def _every_get_url(values: dict) -> list[str]:
    """Every URL the project serves (walking the resolver, so pages added later are covered), with int
    parameters filled from ``values`` (the tip-off's and a ticket's keys) and the rest with plausible text."""
    import re

    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    urls = set()
    for route in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "^admin/")) or "(?P<app_label>" in route:
            continue
        for value in values.get("ints", [1]):
            url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "x"), route)
            url = re.sub(r"<int:\w+>", str(value), url)
            url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "x"), url)
            urls.add("/" + url.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", ""))
    return sorted(urls)


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from io import BytesIO

        from openpyxl import load_workbook

        return json.dumps([list(r) for r in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)],
                          ensure_ascii=False, default=str)
    return response.content.decode("utf-8", errors="replace") if hasattr(response, "content") else ""


def test_no_url_the_project_serves_shows_it_to_the_named_department(city, tip, client_as, file_ticket):
    """The same promise, walked over every GET route of the project as the named department's people."""
    t, _code = tip
    ticket = file_ticket()
    from qingfeng.tickets import actions as ta

    ta.dispatch_ticket("centre", ticket, city["housing"])
    values = {"ints": sorted({t.pk, ticket.pk, 1}), "code": ticket.code, "number": ticket.number, "token": ticket.token,
              "fmt": "json", "dataset": "payments", "verb": "contact"}
    urls = _every_get_url(values)
    assert f"/tipoffs/{t.pk}/" in urls and "/open311/v2/requests.json" in urls
    for name in ("housing_head", "housing_handler", "estate_handler"):
        client = client_as(name)
        client.raise_request_exception = False  # another app's broken page answers 500, which shows nothing either
        for url in urls:
            body = _text(client.get(url))
            assert MARK not in body and t.number not in body and "13700001111" not in body, (name, url)


def test_anonymous_reporter_follows_up_with_the_claim_code(city, client):
    t, code = actions.submit_tipoff("portal", title="匿名举报", description="某单位公车私用，周末开到景区。",
                                    named_department=city["transport"])
    assert t.identity_sealed == "" and actions.tipoff_by_claim(t.number, code) == t
    assert actions.tipoff_by_claim(t.number, "0000-0000-0000-0000") is None
    actions.handle_tipoff(city["users"]["reader"], t, status="concluded", note="已核实并处理", public_note="经核查属实，已依规处理。")
    page = client.post("/portal/tipoff/follow/", {"number": t.number, "code": code}).content.decode()
    assert "经核查属实" in page and "已办结" in page
    client.post("/portal/tipoff/follow/", {"number": t.number, "code": code, "text": "补充：车牌号云A12345"})
    assert t.notes.filter(by_reporter=True).count() == 1


def test_real_name_needs_name_and_contact(city):
    with pytest.raises(ValidationError):
        actions.submit_tipoff("portal", title="x", description="内容", anonymous=False, name="李四")


def test_portal_form_files_a_tipoff_and_shows_the_claim_code_once(city, client):
    response = client.post("/portal/tipoff/", {"anonymous": "1", "named_department": city["labour"].pk, "title": "举报",
                                               "description": "某科室违规收费。"})
    page = response.content.decode()
    t = TipOff.objects.get()
    assert t.number in page and 'id="claim-code"' in page
    assert t.claim_hash not in page


def test_only_the_security_administrator_designates_readers(city):
    with pytest.raises(PermissionDenied):
        actions.designate_reader(city["users"]["dispatcher"], city["users"]["dispatcher"])
    with pytest.raises(ValidationError):
        actions.designate_reader(city["users"]["secadmin"], city["users"]["housing_head"])
