"""The monthly report as a 公文-style Word document (python-docx) and as PDF (WeasyPrint, fonts embedded), laid
out after GB/T 9704-2012: A4, margins 37/35/28/26 mm, title 二号 (22 pt) 小标宋 substitute, body 三号 (16 pt)
with a two-character first-line indent, level-one headings in 黑体, page numbers "— n —" at the foot."""

import base64
import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from .monthly import MonthlyReport
from .parameters import BODY_FONT, HEADING_FONT, TITLE_FONT

RED = RGBColor(0xC0, 0x00, 0x00)


def _font(run, family: str, size: float, *, bold: bool = False, color=None) -> None:
    run.font.name = family
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    # East Asian text takes its own font attribute; without it Word falls back to a Latin font's CJK substitute.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)


def _paragraph(doc, text: str, family: str, size: float, *, align=None, indent: bool = False, bold=False, color=None,
               space_after: float = 0):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)  # 22 lines a page at 三号
    fmt.space_after, fmt.space_before = Pt(space_after), Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), family, size, bold=bold, color=color)
    return p


def _page_number(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), BODY_FONT.value(), 14)
    run = p.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _font(run, BODY_FONT.value(), 14)
    _font(p.add_run(" —"), BODY_FONT.value(), 14)


def render_docx(report: MonthlyReport) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    body, title, heading = BODY_FONT.value(), TITLE_FONT.value(), HEADING_FONT.value()
    _paragraph(doc, report.issuer, title, 26, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, color=RED)
    _paragraph(doc, report.number, body, 16, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    rule = doc.add_paragraph()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    rule._p.get_or_add_pPr().append(border)
    _paragraph(doc, report.title, title, 22, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=14)
    for s in report.sections:
        _paragraph(doc, s.heading, heading, 16)
        for text in s.paragraphs:
            _paragraph(doc, text, body, 16, indent=True)
        if s.table:
            headers, rows = s.table
            table = doc.add_table(rows=1, cols=len(headers))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, headers, strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(str(text)), heading, 12, bold=True)
            for row in rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = ""
                    _font(cell.paragraphs[0].add_run(str(value)), body, 12)
        if s.chart:
            caption, png = s.chart
            doc.add_picture(io.BytesIO(png), width=Cm(15.5))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _paragraph(doc, caption, body, 12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, report.issuer, body, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, f"{report.generated_at.year}年{report.generated_at.month}月{report.generated_at.day}日", body, 16,
               align=WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section)
    props = doc.core_properties
    props.title, props.author, props.language = report.title, report.issuer, "zh-CN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_pdf(report: MonthlyReport) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Built from the report alone: data: URIs (the charts), never a file or a network address.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)

    sections = [{"heading": s.heading, "paragraphs": s.paragraphs, "table": s.table,
                 "chart": (s.chart[0], "data:image/png;base64," + base64.b64encode(s.chart[1]).decode()) if s.chart else None}
                for s in report.sections]
    fonts = {"title_font": TITLE_FONT.value(), "body_font": BODY_FONT.value(), "heading_font": HEADING_FONT.value()}
    html = render_to_string("reports/monthly.html", {"r": report, "sections": sections})
    css = CSS(string=render_to_string("reports/monthly.css", fonts), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[css])
