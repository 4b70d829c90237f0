"""The procurement page shows each indicator's coverage for the processes in the user's scope only; the
dashboard panel counts the same; the portal serves the compiled releases without losing bids."""

import json

import pytest
from django.urls import reverse

from qingfeng.procurement.synthetic import build
from qingfeng.records.imports import import_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(dept_tree):
    codes = [d.code for d in dept_tree.values()] if isinstance(dept_tree, dict) else [d.code for d in dept_tree]
    buyers = (codes * 8)[:8]
    rows, truth = build(2025, buyers)
    for name in ("tenders", "bids", "awards", "award_items", "contracts"):
        import_rows(rows[name], name, source_name=f"t-{name}", actor="test")
    return rows, buyers


def test_coverage_counts_only_what_the_user_may_see(client, make_user, market, dept_tree):
    rows, buyers = market
    from qingfeng.core.models import Department
    own = Department.objects.get(code=buyers[0])
    mine = sum(1 for t in rows["tenders"] if t["department_code"] == own.code)
    user = make_user("h1", role="handler", scope="own", department=own)
    client.force_login(user)
    page = client.get(reverse("procurement:overview"))
    assert page.status_code == 200
    assert page.context["coverage"]["processes"] == mine
    assert all(p["department_code"] == own.code for p in page.context["processes"])
    r003 = next(r for r in page.context["coverage"]["rows"] if r["code"] == "R003")
    assert r003["calculated"] + r003["insufficient"] + r003["not_applicable"] == mine


def test_portal_export_is_public_compiled_releases_without_bids(client, market):
    rows, _ = market
    response = client.get(reverse("procurement:ocds_export"))
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    releases = [json.loads(line) for line in lines]
    assert len(releases) == len(rows["tenders"])
    assert all(r["tag"] == ["compiled"] and "bids" not in r for r in releases)
    assert any(r.get("awards") for r in releases)


def test_each_process_is_open_data_linked_to_its_own_compiled_release(client, market):
    rows, _ = market
    published = client.get("/portal/open/procurement.json").json()
    published = published["rows"] if isinstance(published, dict) else published
    assert {r["ocid"] for r in published} == {t["ocid"] for t in rows["tenders"]}
    row = next(r for r in published if r["suppliers"])
    release = client.get(row["ocds"]).json()
    assert release["ocid"] == row["ocid"] and release["tag"] == ["compiled"] and "bids" not in release
    assert client.get(reverse("procurement:ocds_release", args=["ocds-nothing-here"])).status_code == 404


def test_a_data_steward_uploads_an_iso_8859_1_ocds_file_and_reads_the_report(client, make_user, dept_tree):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    source = Path(__file__).resolve().parents[3] / "shared" / "data" / "ocds-cdmx" / "release-package_encoding-iso-8859-1.json"
    if not source.exists():
        pytest.skip("../shared/data/ocds-cdmx is not beside the checkout")
    steward = make_user("steward", role="data_steward", scope="own", department=dept_tree["finance"])
    client.force_login(steward)
    upload = SimpleUploadedFile(source.name, source.read_bytes(), content_type="application/json")
    page = client.post(reverse("procurement:ocds_import"), {"file": upload})
    assert page.status_code == 200
    report = page.context["report"]
    assert report.files[0][1] == "iso-8859-1" and report.processes == 1
    assert all(i["rejected"] == 0 for i in report.imports.values())
    handler = make_user("handler", role="handler", scope="own", department=dept_tree["finance"])
    client.force_login(handler)
    assert client.post(reverse("procurement:ocds_import"), {"file": SimpleUploadedFile("x.json", b"{}")}).status_code in (302, 403)


def test_awards_feed_the_people_apps_department_counterparties(market):
    from qingfeng.people.counterparties import PROVIDERS

    rows = PROVIDERS["contract"](None, 3)
    assert rows and all(r["records"] >= 1 and r["first_on"] <= r["last_on"] for r in rows)
    assert all(len(r["reference_ids"].split(",")) <= 3 for r in rows)
