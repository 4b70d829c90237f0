"""The town land lease register: filled in from its XLSX template, checked row by row, kept current by contract
number, read by the lease rules through its snapshot, and shown and updated on its page within each town's scope."""

from datetime import date

import pytest

from qingfeng.core.models import LedgerEvent
from qingfeng.records.imports import import_file
from qingfeng.screening.actions import run_screening
from qingfeng.screening.models import Finding
from qingfeng.treasury.models import TownLandLease

from .conftest import filled_template

pytestmark = pytest.mark.django_db


def lease(no, town="801", start="2010-03-01", end="2020-02-29", signed=None, **kw):
    return {"合同编号": no, "出租镇编码": town, "村（社区）": "江口村", "地块": f"{no}号地块", "承租人": "某某农业公司",
            "面积（亩）": "120.5", "用途": "种植", "签订日期": signed or start, "租期起": start, "租期止": end, **kw}


def test_the_register_file_loads_checks_and_updates_by_contract_number(users, tmp_path):
    steward = users["steward"]
    path = filled_template("lease_register", [
        lease("L1"), lease("L2", town="802", start="2016-01-01", end="2099-12-31"),
        lease("L3", town="999"), lease("L4", start="2020-01-01", end="2019-12-31"),
    ], tmp_path / "台账.xlsx")
    report = import_file(path, "lease_register", actor=steward)
    assert (report.read, report.loaded, report.rejected) == (4, 2, 2)
    assert [(r.line, r.field) for r in report.rejections] == [(4, "town_code"), (5, "end_on")]
    assert TownLandLease.objects.get(lease_no="L2").town.name == "北山镇"
    assert LedgerEvent.objects.filter(action="lease_register.loaded").count() == 1

    again = import_file(path, "lease_register", actor=steward)
    assert again.status == "duplicate" and LedgerEvent.objects.filter(action="lease_register.loaded").count() == 1
    edited = filled_template("lease_register", [lease("L1", 收回日期="2020-03-10")], tmp_path / "更新.xlsx")
    assert import_file(edited, "lease_register", actor=steward).changes == {"新增合同": 0, "更新合同": 1}
    assert TownLandLease.objects.get(lease_no="L1").recovered_on == date(2020, 3, 10)


def test_the_lease_rules_read_the_register(users, tmp_path):
    path = filled_template("lease_register", [
        lease("KEPT"),                                                            # expired 2020, never taken back
        lease("BACK", 收回日期="2020-03-15"),                                      # taken back in time
        lease("OLD", start="2015-05-01", end="2025-04-30"),                       # renewed below, after the ban
        lease("RENEW", start="2025-05-01", end="2099-04-30", signed="2025-04-20", 续签的原合同编号="OLD"),
        lease("LONG", start="2010-01-01", end="2039-12-31"),                      # thirty years
    ], tmp_path / "台账.xlsx")
    import_file(path, "lease_register", actor=users["steward"])
    run = run_screening("test", rule_ids=["LND-101", "LND-102", "LND-103"])
    found = sorted(Finding.objects.filter(run=run).values_list("rule_id", "subject_key"))
    assert found == [("LND-101", "RENEW"), ("LND-102", "KEPT"), ("LND-103", "LONG"), ("LND-103", "RENEW")]


def test_the_page_shows_each_town_its_leases_and_records_a_recovery(users, client, tmp_path):
    import_file(filled_template("lease_register", [lease("甲租-1"), lease("乙租-1", town="802")], tmp_path / "t.xlsx"),
                "lease_register", actor=users["steward"])
    a1 = TownLandLease.objects.get(lease_no="甲租-1")

    client.force_login(users["sup"])
    page = client.get("/treasury/leases/").content.decode()
    assert "甲租-1" in page and "乙租-1" in page and "登记收回" not in page  # supervisors watch; towns record
    assert "甲租-1" in client.get("/treasury/leases/?state=danger").content.decode()
    assert "甲租-1" not in client.get("/treasury/leases/?state=ok").content.decode()
    client.post(f"/treasury/leases/{a1.pk}/recover/", {"recovered_on": "2020-03-05"})
    assert TownLandLease.objects.get(pk=a1.pk).recovered_on is None

    client.force_login(users["hb"])
    page = client.get("/treasury/leases/").content.decode()
    assert "乙租-1" in page and "甲租-1" not in page
    assert client.post(f"/treasury/leases/{a1.pk}/recover/", {"recovered_on": "2020-03-05"}).status_code == 404

    client.force_login(users["ha"])
    assert "已到期未收回" in client.get("/treasury/leases/?state=danger").content.decode()
    assert 'id="lease-panel"' in client.get("/").content.decode()  # the dashboard counts the town's leases
    assert client.post(f"/treasury/leases/{a1.pk}/recover/", {"recovered_on": "2020-03-05"}).status_code == 302
    assert TownLandLease.objects.get(pk=a1.pk).recovered_on == date(2020, 3, 5)
    event = LedgerEvent.objects.get(action="lease.recovered")
    assert event.data["lease_no"] == "甲租-1" and event.actor == "ha"
    client.force_login(users["steward"])
    client.post(f"/treasury/leases/{a1.pk}/recover/", {"recovered_on": "2020-04-01"})  # recorded once only
    assert TownLandLease.objects.get(pk=a1.pk).recovered_on == date(2020, 3, 5)
    english = client.get("/treasury/leases/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Town land lease register" in english and "Recovered" in english
