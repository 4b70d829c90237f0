"""Intake on the portal (phone-sized form, attachments, tracking code), the router (trained on the genuine
messages, combined with the responsibility list, low confidence to the dispatcher, keyword fallback without
data), repeat and duplicate linking, hot spots, and the monthly KPIs."""

import csv
import io
import json
import subprocess
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from qingfeng.tickets import actions, kpis, repeats, router
from qingfeng.tickets.models import Status, Ticket

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "citizen-messages"
needs_data = pytest.mark.skipif(not (DATA / router.LABELLED).exists(), reason="citizen messages not beside the checkout")


def test_a_citizen_files_on_the_portal_and_tracks_with_the_code(city):
    client = Client()
    form = client.get("/portal/tickets/new/").content.decode()
    assert 'name="viewport"' in form and 'enctype="multipart/form-data"' in form
    photo = SimpleUploadedFile("井盖.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    page = client.post("/portal/tickets/new/", {
        "kind": "complaint", "service": city["service"].pk, "title": "井盖缺失", "description": "杜鹃路口井盖缺失，夜里很危险。",
        "address": "A3区杜鹃路口", "submitter": "citizen", "name": "赵六", "phone": "13600000000", "attachments": [photo]})
    ticket = Ticket.objects.get()
    assert ticket.code in page.content.decode() and ticket.attachments.count() == 1
    tracked = client.get(f"/portal/tickets/track/?code={ticket.code}").content.decode()
    assert "井盖缺失" in tracked and "赵六" not in tracked and "13600000000" not in tracked
    assert "没有找到" in client.get("/portal/tickets/track/?code=XXXXX-XXXXX").content.decode()


def test_a_rejected_attachment_type(city):
    page = Client().post("/portal/tickets/new/", {
        "kind": "complaint", "service": city["service"].pk, "title": "x", "description": "内容", "submitter": "citizen",
        "attachments": [SimpleUploadedFile("run.exe", b"MZ")]})
    assert "不被接受" in page.content.decode() and not Ticket.objects.exists()


@needs_data
def test_router_routes_clear_messages_and_leaves_vague_ones_to_the_dispatcher(city, file_ticket):
    t = file_ticket(title="公司拖欠工资三个月", text="我们公司拖欠员工工资三个月，也没有缴纳社保和养老保险，请人社部门处理。", route=True)
    assert t.status == Status.DISPATCHED and t.department == city["labour"] and t.route_confidence >= 0.55
    vague = file_ticket(title="有个问题", text="请领导关注一下这个问题，谢谢。", route=True)
    assert vague.status == Status.RECEIVED and vague.department is None


def test_without_data_the_router_uses_the_responsibility_list(city, tmp_path, settings):
    settings.QINGFENG = {**settings.QINGFENG, "TICKET_ROUTER_DATA": str(tmp_path / "absent")}
    router._cache.clear()
    try:
        p = router.propose("欠薪", "包工头欠薪，工资一直不发，社保也没交")
        assert p.source == "keywords" and p.department_code == "400" and set(p.keywords) == {"工资", "欠薪", "社保"}
        assert router.propose("", "今天天气很好").department_id is None
    finally:
        router._cache.clear()


@needs_data
def test_router_evaluate_reaches_the_goal_by_five_fold_cross_validation():
    result = router.evaluate(DATA, folds=5, seed=0)
    assert result["messages"] == 495 and len(result["classes"]) == 7
    assert result["macro_f1"] >= 0.85, result["macro_f1"]


@needs_data
def test_router_predict_reads_a_csv_column(tmp_path):
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["编号", "内容"])
        w.writerow(["1", "学校乱收补课费，教育局管不管？"])
        w.writerow(["2", "医院挂号排队太久，医生态度差"])
    env = {"QINGFENG_DATA_DIR": str(tmp_path / "var"), "QINGFENG_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "qingfeng", "router", "predict", "--csv", str(path), "--column", "内容", "--json"],
                         capture_output=True, text=True, env=env, timeout=300, check=True)
    rows = json.loads(out.stdout)
    assert [r["category"] for r in rows] == ["教育文体", "卫生计生"]
    assert all(r["to_dispatcher"] for r in rows)  # an empty database has no responsibility list yet


def test_same_matter_same_place_is_linked_as_duplicate_then_repeat(city, file_ticket):
    u = city["users"]
    first = file_ticket(address="A3区杜鹃路12号")
    again = file_ticket(title="杜鹃路施工噪音", text="小区门口道路施工每天夜里十二点还在施工，噪音严重，影响休息！", address="A3区 杜鹃路12号")
    assert again.duplicate_of == first and again.cluster == first
    elsewhere = file_ticket(address="A5区银杏路3号")
    assert elsewhere.duplicate_of is None and elsewhere.repeat_of is None
    actions.dispatch_ticket("centre", first, city["housing"])
    actions.sign_ticket(u["housing_handler"], first)
    actions.reply_ticket(u["housing_handler"], first, text="已要求停止夜间施工。")
    third = file_ticket(title="又在夜间施工", text="小区门口道路施工每天夜里十二点还在施工，噪音严重影响休息。", address="A3区杜鹃路12号")
    assert third.repeat_of == first and third.cluster == first
    spots = repeats.hotspots(Ticket.objects.all())
    assert len(spots) == 1 and spots[0]["count"] == 3 and spots[0]["repeats"] == 1


@needs_data
def test_duplicate_bodies_in_the_genuine_messages_are_found(city, file_ticket):
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(DATA / "messages-with-votes-4326.xlsx")).get_sheet_by_index(0).to_python()[1:]
    by_body = defaultdict(list)
    for r in rows:
        by_body[" ".join(str(r[4]).split())].append(r)
    pairs = [v[:2] for k, v in by_body.items() if len(v) > 1 and len(k) > 30][:5]
    assert len(pairs) == 5
    for a, b in pairs:
        first = file_ticket(title=str(a[2])[:200], text=" ".join(str(a[4]).split())[:4000], address=str(a[2])[:20])
        second = file_ticket(title=str(b[2])[:200], text=" ".join(str(b[4]).split())[:4000], address=str(a[2])[:20])
        assert second.duplicate_of == first


def test_kpis_per_department_and_month(city, file_ticket):
    u = city["users"]
    now = timezone.now()
    good = file_ticket()
    actions.dispatch_ticket("centre", good, city["housing"], at=now - timedelta(hours=2))
    actions.sign_ticket(u["housing_handler"], good)
    actions.reply_ticket(u["housing_handler"], good, text="已处理。")
    actions.rate_ticket("citizen", good, satisfaction=5, resolution="resolved")
    late = file_ticket(title="另一件", text="路灯坏了很久，晚上走路很不安全。", address="别处")
    actions.dispatch_ticket("centre", late, city["housing"], at=now - timedelta(hours=30))
    actions.sign_ticket(u["housing_handler"], late)
    actions.reply_ticket(u["housing_handler"], late, text="已修复。")
    actions.rate_ticket("citizen", late, satisfaction=2, resolution="unresolved")
    rows = [r for r in kpis.monthly(Ticket.objects.all(), now=now) if r["department_code"] == "300"]
    months = {r["month"] for r in rows}
    row = rows[0] if len(rows) == 1 else None
    if row is None:  # the two dispatches fell either side of a month boundary
        assert len(months) == 2
        return
    assert row["tickets"] == 2 and row["response_rate"] == 0.5 and row["resolution_rate"] == 0.5
    assert row["satisfaction_rate"] == 0.5 and row["score"] == 50.0
    actions.request_exemption(u["housing_handler"], late, reason="诉求超出政策范围")
    actions.review_request(u["dispatcher"], late.requests.get(), approve=True)
    row = next(r for r in kpis.monthly(Ticket.objects.all(), now=now) if r["department_code"] == "300")
    assert row["satisfaction_rate"] == 1.0 and row["resolution_rate"] == 0.5


def test_the_portal_kpis_and_hot_spots_carry_no_personal_data(city, file_ticket):
    tickets = [file_ticket(name="钱七", phone="13500000000", address="翠竹路18号3栋2单元501") for _i in range(3)]
    actions.dispatch_ticket("centre", tickets[0], city["housing"])
    page = Client().get("/portal/tickets/").content.decode()
    assert "市住房和城乡建设局" in page and "id=\"hotspots\"" in page and repeats.hotspots(Ticket.objects.all())[0]["count"] == 3
    for private in ("钱七", "13500000000", "翠竹路18号", tickets[0].description, tickets[0].title):
        assert private not in page


def test_staff_pages_render_for_each_role(city, file_ticket, client_as):
    t = file_ticket()
    actions.dispatch_ticket("centre", t, city["housing"])
    for name in ("dispatcher", "housing_head", "housing_handler"):
        client = client_as(name)
        for url in ("/tickets/", "/tickets/kpi/", "/tickets/hotspots/", t.get_absolute_url()):
            assert client.get(url).status_code == 200, (name, url)
    assert client_as("labour_handler").get(t.get_absolute_url()).status_code == 404
    assert client_as("sysadmin").get("/tickets/keys/").status_code == 200
    assert client_as("dispatcher").get("/tickets/keys/").status_code == 403
    sheet = client_as("housing_handler").get("/tickets/export.xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == t.number and len(rows) == 2
    assert client_as("labour_handler").get("/tickets/export.xlsx").content != sheet.content
