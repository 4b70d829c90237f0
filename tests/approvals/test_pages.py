"""The approval pages and API: staff pages within the data scope (404 outside it), the steps as forms, the power
list and its review, the portal's application, tracking and supplement, public statistics and history, events
pushed by other systems through the API, and templates that keep the strict Content-Security-Policy."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import qingfeng
from qingfeng.approvals import actions
from qingfeng.approvals.models import ApprovalCase, CaseStatus

from .conftest import PASSWORD, at

pytestmark = pytest.mark.django_db
TEMPLATES = sorted((Path(qingfeng.__file__).parent / "approvals" / "templates").rglob("*.html"))


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


@pytest.fixture
def case(item, files):
    """Received just now: the pages compute clocks at the real current time."""
    case, _code = actions.submit_application(item=item, applicant_kind="citizen", applicant_name="张三", files=files("M1", "M2"))
    return case


@pytest.fixture
def march_case(item, files):
    """Received Monday 2 March 2026, for pages that show a clock the test has moved."""
    case, _code = actions.submit_application(item=item, applicant_kind="citizen", applicant_name="张三", files=files("M1", "M2"),
                                             now=at("2026-03-02 09:00:00"))
    return case


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_inline_script_style_or_handler(path):
    text = path.read_text(encoding="utf-8")
    assert "<script" not in text.lower() and not re.search(r"<style\b", text, re.I)
    assert not re.search(r"\sstyle\s*=", text, re.I) and not re.search(r"\son[a-z]+\s*=", text, re.I)
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I)


def test_staff_see_their_departments_cases_and_others_get_404(case, users):
    handler = login(users["a"])
    page = handler.get("/approvals/")
    assert page.status_code == 200 and case.number in page.content.decode()
    assert "script-src 'self'" in page["Content-Security-Policy"]
    detail = handler.get(case.get_absolute_url()).content.decode()
    assert "办理时钟" in detail and "一次性告知补正" in detail and "受理" in detail
    outsider = login(users["finance"])
    assert case.number not in outsider.get("/approvals/").content.decode()
    assert outsider.get(case.get_absolute_url()).status_code == 404
    assert outsider.post(f"/approvals/cases/{case.pk}/accept/").status_code == 404
    assert Client().get("/approvals/").status_code == 302


def test_the_steps_are_forms_that_call_the_actions(case, users):
    handler = login(users["a"])
    response = handler.post(f"/approvals/cases/{case.pk}/request/", {"request-codes": ["M3"], "request-notice": "请补交办学场所证明"},
                            follow=True)
    assert "已一次性告知补正材料" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.MATERIALS_REQUESTED
    again = handler.post(f"/approvals/cases/{case.pk}/request/", {"request-codes": ["M1"], "request-notice": "再补"}, follow=True)
    assert "不能再次要求补正" in again.content.decode()
    assert handler.post(f"/approvals/cases/{case.pk}/decide/", {"decide-decision": "approve"}).status_code == 403
    case.refresh_from_db()
    assert case.decision == ""  # a handler who is not the approver cannot decide


def test_supervisor_sees_the_clock_history_and_cards_and_runs_supervision(march_case, users):
    case = march_case
    actions.accept_case(users["a"], case, now=at("2026-03-02 15:00:00"))
    actions.supervise(users["supervisor"], now=at("2026-03-17 09:00:00"))
    supervisor = login(users["supervisor"])
    html = supervisor.get(case.get_absolute_url()).content.decode()
    assert 'id="case-clock"' in html and "2026年3月16日" in html and "已超期" in html
    assert "受理" in html and "#" in html and "超过承诺期限未办结" in html
    assert supervisor.post("/approvals/supervise/", follow=True).status_code == 200
    assert login(users["a"]).post("/approvals/supervise/").status_code == 403


def test_imported_cases_show_their_events_and_clock(item, users):
    from qingfeng.records.imports import import_rows

    rows = [{"event_id": "OLD-1-1", "source": "旧系统", "case_id": "OLD-1", "item_code": "EDU-001", "department_code": "200",
             "event_type": "apply", "occurred_at": "2026-03-02 09:00:00", "recorded_at": "2026-03-02 09:00:00"}]
    import_rows(rows, "approval_events_external", source_name="old.csv", actor=users["steward"])
    html = login(users["supervisor"]).get("/approvals/external/OLD-1/").content.decode()
    assert "外部系统办件 OLD-1" in html and "一次性告知期限" in html
    assert login(users["finance"]).get("/approvals/external/OLD-1/").status_code == 404


def test_power_list_pages_propose_and_review(item, users):
    assert "民办学校办学许可" in login(users["a"]).get("/approvals/items/").content.decode()
    handler = login(users["a"])
    form = {"name": "民办学校办学许可", "power_type": "licensing", "case_type": "promised", "statutory_days": 20,
            "committed_days": 8, "extension_days": 10, "bases": "中华人民共和国民办教育促进法|第十八条|法律",
            "steps": "review|审查|5\ndecide|决定|3", "materials": "M1|申请书|", "fees": "", "intermediaries": "",
            "responsibilities": "", "reason": "压缩承诺时限"}
    handler.post("/approvals/items/EDU-001/propose/", form)
    assert item.versions.filter(number=2, status="proposed").exists()
    reviewer = login(users["reviewer"])
    html = reviewer.get("/approvals/items/EDU-001/").content.decode()
    assert "法制审核" in html
    version = item.versions.get(number=2)
    reviewer.post(f"/approvals/versions/{version.pk}/review/", {"decision": "publish", "effective_from": "2026-12-01", "opinion": "同意"})
    version.refresh_from_db()
    assert version.status == "published" and version.effective_from == date(2026, 12, 1)
    assert login(users["a"]).get("/approvals/items/export.xlsx")["Content-Type"].startswith("application/vnd.openxml")


def test_backup_page_refuses_a_clash_and_scores_page_lists_months(city, users):
    head = login(users["boss"])
    head.post("/approvals/backup/", {"form": "absence", "absence-person": city["a"].pk, "absence-start": "2026-03-05",
                                     "absence-end": "2026-03-06", "absence-kind": "leave"})
    html = head.post("/approvals/backup/", {"form": "absence", "absence-person": city["b"].pk, "absence-start": "2026-03-06",
                                            "absence-end": "2026-03-06", "absence-kind": "leave"}, follow=True).content.decode()
    assert "AB岗不能同时离岗" in html
    supervisor = login(users["supervisor"])
    supervisor.post("/approvals/scores/", {"year": 2026, "month": 3})
    assert "月度测评" in supervisor.get("/approvals/scores/?year=2026").content.decode()


def test_the_portal_applies_tracks_and_takes_the_supplement(item, users):
    public = Client()
    listing = public.get("/portal/approvals/").content.decode()
    assert "民办学校办学许可" in listing and "网上申请" in listing
    guide = public.get("/portal/approvals/items/EDU-001/").content.decode()
    assert "举办者资格证明" in guide and "证书工本费" in guide and "校舍安全鉴定" in guide and "第 1 版" in guide
    response = public.post("/portal/approvals/items/EDU-001/apply/", {
        "applicant_kind": "enterprise", "applicant_name": "云川育才学校", "applicant_id": "91530100MA6K8L9X2Q", "phone": "13800001234",
        "material_M1": SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 a"),
        "material_M2": SimpleUploadedFile("资格证明.pdf", b"%PDF-1.4 b")})
    assert response.status_code == 302
    code = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    case = ApprovalCase.objects.get()
    assert actions.case_by_tracking_code(code) == case
    assert case.number in public.get(response["Location"]).content.decode()
    actions.request_materials(users["a"], case, codes=["M3"], notice="请补交办学场所证明")
    track = public.get(response["Location"]).content.decode()
    assert "一次性告知：请补正以下材料" in track and "办学场所证明" in track
    public.post(response["Location"], {"material_M3": SimpleUploadedFile("场所.pdf", b"%PDF-1.4 c")})
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED and case.materials.filter(round=2).count() == 1
    assert public.get("/portal/approvals/track/AAAA-BBBB-CCCC/").status_code == 404
    assert public.get("/portal/approvals/track/", {"code": code}).status_code == 302


def test_public_statistics_history_and_list_download(march_case, users):
    case = march_case
    actions.accept_case(users["a"], case, now=at("2026-03-02 10:00:00"))
    actions.complete_step(users["a"], case, step="review", now=at("2026-03-04 10:00:00"))
    actions.decide_case(users["boss"], case, decision="approve", now=at("2026-03-05 10:00:00"))
    public = Client()
    stats = public.get("/portal/approvals/stats/").content.decode()
    assert "民办学校办学许可" in stats and "张三" not in stats and "QF2026" not in stats
    assert "民办学校办学许可" in public.get("/portal/approvals/history/").content.decode()
    assert public.get("/portal/approvals/list.xlsx").status_code == 200


def test_other_systems_push_events_through_the_api(item, users):
    payload = {"source_name": "旧审批系统-20260302", "events": [
        {"event_id": "API-1", "source": "旧系统", "case_id": "API-CASE", "item_code": "EDU-001", "department_code": "200",
         "event_type": "申请", "occurred_at": "2026-03-02 09:00:00", "recorded_at": "2026-03-02 09:00:00"},
        {"event_id": "API-2", "source": "旧系统", "case_id": "API-CASE", "item_code": "EDU-001", "department_code": "200",
         "event_type": "不存在的类型", "occurred_at": "2026-03-02 10:00:00", "recorded_at": "2026-03-02 10:00:00"}]}
    steward = login(users["steward"])
    steward.cookies["csrftoken"] = "x" * 32
    headers = {"HTTP_X_CSRFTOKEN": "x" * 32}
    report = steward.post("/approvals/api/events", payload, content_type="application/json", **headers).json()
    assert (report["loaded"], report["rejected"], report["status"]) == (1, 1, "committed")
    assert report["rejections"][0]["field"] == "event_type"
    again = steward.post("/approvals/api/events", payload, content_type="application/json", **headers).json()
    assert again["status"] == "duplicate"
    handler = login(users["a"])
    handler.cookies["csrftoken"] = "x" * 32
    assert handler.post("/approvals/api/events", payload, content_type="application/json", **headers).status_code == 403
    assert Client().post("/approvals/api/events", payload, content_type="application/json").status_code in (401, 403)


def test_the_api_reads_cases_in_scope_and_the_public_list(case, users):
    mine = login(users["a"]).get("/approvals/api/cases").json()
    assert [c["number"] for c in mine] == [case.number]
    assert login(users["finance"]).get("/approvals/api/cases").json() == []
    assert login(users["finance"]).get(f"/approvals/api/cases/{case.number}").status_code == 404
    detail = login(users["a"]).get(f"/approvals/api/cases/{case.number}").json()
    assert detail["clock"]["state"] in ("waiting", "running") and detail["events"][0]["kind"] == "apply"
    items = Client().get("/approvals/api/public/items").json()
    assert items[0]["code"] == "EDU-001" and items[0]["committed_days"] == 10
    assert Client().get("/approvals/api/public/stats").json()[0]["received"] == 1


def test_the_pages_have_an_english_version(case, users):
    staff = login(users["a"])
    staff.post("/i18n/setlang/", {"language": "en", "next": "/approvals/"})
    html = staff.get(case.get_absolute_url()).content.decode()
    assert "Case clock" in html and "History" in html and "办理时钟" not in html
    public = Client()
    public.post("/i18n/setlang/", {"language": "en", "next": "/portal/approvals/"})
    assert "Power list in force" in public.get("/portal/approvals/").content.decode()


def test_the_english_catalogue_is_complete_and_compiled():
    import gettext

    folder = Path(qingfeng.__file__).parent / "approvals" / "locale" / "en" / "LC_MESSAGES"
    text = (folder / "django.po").read_text(encoding="utf-8")
    assert 'msgstr ""\n\n' not in text.split("\n\n", 1)[1] + "\n\n"  # no entry left untranslated
    with (folder / "django.mo").open("rb") as mo:
        assert gettext.GNUTranslations(mo).gettext("办理时钟") == "Case clock"
