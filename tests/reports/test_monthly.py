"""The monthly integrity report: figures scoped to a department's subtree, written as a 公文-style Word document
and as a PDF with embedded CJK fonts — both read back here and found to hold the Chinese text — from the page
(scoped to the user's departments) and from the command line."""

import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from qingfeng.reports.documents import render_docx, render_pdf
from qingfeng.reports.monthly import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(dept_tree):
    from qingfeng.alerts.models import Alert

    at = timezone.make_aware(datetime(2025, 11, 10, 10))
    rows = [("FIN-005", "treasury", "red", None), ("FIN-005", "treasury", "yellow", at), ("FIN-001", "budget", "yellow", None),
            ("FIN-001", "school", "yellow", None)]
    for n, (rule, dept, severity, closed) in enumerate(rows):
        Alert.objects.create(rule_id=rule, rule_version="1", subject_key=f"S{n}", title="预警", severity=severity,
                             department=dept_tree[dept], created_at=at, closed_at=closed, status="closed" if closed else "dispatched",
                             due_at=timezone.make_aware(datetime(2025, 11, 20)))
    Alert.objects.create(rule_id="FIN-001", rule_version="1", subject_key="old", title="上月预警", department=dept_tree["treasury"],
                         created_at=timezone.make_aware(datetime(2025, 10, 5)), status="dispatched")
    return dept_tree


def test_figures_cover_the_department_and_the_units_below_it(alerts):
    report = build(date(2025, 11, 1), alerts["finance"])
    assert (report.figures["new"], report.figures["closed"], report.figures["red"]) == (3, 1, 1)
    assert report.figures["overdue"] == 2  # two of November's finance alerts are past their due date unanswered
    units = dict((row[0], row[1:]) for row in report.sections[1].table[1])
    assert units["国库科"] == [2, 1, 1] and units["预算科"] == [1, 0, 1]
    city = build(date(2025, 11, 1))
    assert city.figures["new"] == 4 and city.title.startswith("市政府2025年11月")


def test_word_report_reads_back_with_chinese_text_title_and_chart(alerts):
    body = render_docx(build(date(2025, 11, 1), alerts["finance"]))
    doc = Document(io.BytesIO(body))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "财政局2025年11月廉政监督情况报告" in text and "一、总体情况" in text and "新发现预警3条" in text
    assert "国库科" in "".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert doc.inline_shapes and doc.sections[0].top_margin.mm == pytest.approx(37, abs=0.1)
    east_asian = doc.paragraphs[0].runs[0]._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asian.startswith("Noto Serif CJK")


def test_pdf_report_embeds_cjk_fonts_and_its_text_extracts(alerts):
    body = render_pdf(build(date(2025, 11, 1), alerts["finance"]))
    reader = PdfReader(io.BytesIO(body))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "廉政监督情况报告" in text and "国库科" in text and "新发现预警3条" in text
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(font["/BaseFont"]))
    assert any("CJK" in f for f in fonts), fonts


def test_download_page_offers_only_departments_in_scope(alerts, make_user, client):
    head = make_user("head", "department_head", "own", alerts["finance"])
    client.force_login(head)
    page = client.get("/reports/monthly/").content.decode()
    assert "value=\"city\"" not in page and "教育局" not in page
    assert "value=\"100\"" not in page  # own scope does not cover the units below, so not the finance subtree
    below = make_user("below", "department_head", "own_and_below", alerts["finance"])
    client.force_login(below)
    response = client.get("/reports/monthly/", {"month": "2025-11", "department": "100", "format": "docx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "财政局" in "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    refused = client.get("/reports/monthly/", {"month": "2025-11", "department": "200", "format": "pdf"})
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")


def test_command_line_writes_the_pdf(alerts, tmp_path):
    from qingfeng.cli import main

    out = tmp_path / "r.pdf"
    assert main(["report", "monthly", "--month", "2025-11", "--department", "100", "--format", "pdf", "--output", str(out)]) == 0
    assert "财政局" in PdfReader(out).pages[0].extract_text()
