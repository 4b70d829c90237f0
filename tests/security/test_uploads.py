"""Uploads are checked by content and size and served back only as attachments with safe headers; every
spreadsheet the pages and the API export keeps hostile text as text (formula injection)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from openpyxl import load_workbook

from qingfeng.alerts.models import Response

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
FORMULA = "=HYPERLINK(\"http://evil.example/\",\"点击\")"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_html_page_named_pdf_is_refused_by_the_page_and_the_api(hostile_world):
    alert, handler = hostile_world["alert_a"], hostile_world["users"]["handler"]
    alert.refresh_from_db()
    from qingfeng.alerts.actions import verify_alert

    verify_alert(hostile_world["users"]["supervisor"], alert, accept=False, text="请补充佐证")  # back to waiting
    fake = SimpleUploadedFile("整改报告.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    page = logged_in(handler).post(f"/alerts/{alert.pk}/answer/", {"kind": "rectification", "text": "见附件", "attachment": fake})
    assert page.status_code == 400 and "不符" in page.content.decode()
    fake.seek(0)
    client = logged_in(handler)
    client.get("/alerts/")
    api = client.post(f"/api/alerts/{alert.pk}/answer", {"kind": "rectification", "text": "见附件", "attachment": fake},
                      HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert api.status_code == 400 and "不符" in api.json()["detail"]
    assert not Response.objects.filter(alert=alert, attachment__endswith=".pdf").exclude(pk=hostile_world["response_a"].pk).exists()


def test_an_import_file_that_is_not_what_its_name_says_is_refused_before_the_importer_runs(hostile_world):
    steward = logged_in(hostile_world["users"]["data_steward"])
    binary = SimpleUploadedFile("支付.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "text/csv")
    page = steward.post("/imports/", {"dataset": "payments", "file": binary})
    assert page.status_code == 400 and "不是文本" in page.content.decode()
    fake_xlsx = SimpleUploadedFile("支付.xlsx", b"id,amount\n1,2\n", "application/vnd.ms-excel")
    assert "不符" in steward.post("/imports/", {"dataset": "payments", "file": fake_xlsx}).content.decode()


def test_oversized_import_uploads_are_refused(hostile_world, settings):
    settings.QINGFENG = {**settings.QINGFENG, "IMPORT_UPLOAD_MAX_BYTES": 1024 * 1024}
    big = SimpleUploadedFile("支付.csv", b"a,b\n" + b"1,2\n" * 300_000, "text/csv")
    page = logged_in(hostile_world["users"]["data_steward"]).post("/imports/", {"dataset": "payments", "file": big})
    assert page.status_code == 400 and "上限" in page.content.decode()


def test_attachments_are_served_as_downloads_with_nosniff_and_never_from_a_public_url(hostile_world, settings):
    alert, response = hostile_world["alert_b"], hostile_world["response_b"]
    client = logged_in(hostile_world["users"]["handler_b"])
    for url in (f"/alerts/{alert.pk}/responses/{response.pk}/attachment/", f"/api/alerts/{alert.pk}/responses/{response.pk}/attachment"):
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in download["Content-Security-Policy"]
    stored = settings.STORAGES["default"]["OPTIONS"]["location"]
    assert not str(stored).startswith(str(settings.STATIC_ROOT))  # outside the static root; no URL pattern serves it:
    with pytest.raises(Resolver404):
        resolve("/" + response.attachment.name)


def _cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


@pytest.mark.parametrize("url", ["/alerts/export.xlsx", "/api/alerts/export.xlsx"])
def test_exports_keep_formulas_as_text(hostile_world, url):
    from qingfeng.alerts.models import Alert

    Alert.objects.filter(pk=hostile_world["alert_a"].pk).update(title=FORMULA, subject_key="+SUM(A1:A9)")
    content = logged_in(hostile_world["users"]["supervisor"]).get(url).content
    texts = [c.value for c in _cells(content) if isinstance(c.value, str)]
    assert all(c.data_type != "f" for c in _cells(content))
    assert "'" + FORMULA in texts and "'+SUM(A1:A9)" in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)


def test_security_headers_on_every_kind_of_response(hostile_world, client):
    for url in ("/login/", "/portal/", "/api/openapi.json", "/admin/login/", "/static/web/qingfeng.css"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff", url
        if not url.startswith("/static/"):  # whitenoise answers static files before the clickjacking middleware
            assert response["X-Frame-Options"] == "DENY", url


def test_production_settings_turn_on_hsts_and_secure_cookies():
    import os
    import subprocess
    import sys

    from qingfeng.config.settings import REPO_DIR

    code = ("from django.conf import settings as s; import django; django.setup(); "
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS)")
    env = {**os.environ, "QINGFENG_PRODUCTION": "1", "QINGFENG_SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "qingfeng.config.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO_DIR, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["31536000", "True", "True", "True", "DENY"]


def test_a_login_needs_the_csrf_token(hostile_world):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/login/", {"username": "handler_a", "password": PASSWORD}).status_code == 403
