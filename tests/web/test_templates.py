"""Templates and static files keep a strict Content-Security-Policy possible and never reach outside:
no inline scripts or styles, no event-handler attributes, no external URLs."""

import re
from pathlib import Path

import pytest

import qingfeng

PACKAGE = Path(qingfeng.__file__).parent
OWN_FILES = sorted(
    p for app in ("web", "disclosure") for folder in ("templates", "static") for p in (PACKAGE / app / folder).rglob("*")
    if p.is_file() and p.suffix in {".html", ".js", ".css", ".txt"}
)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
EXTERNAL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.I)


def test_there_are_files_to_check():
    names = {p.name for p in OWN_FILES}
    assert {"base.html", "portal.html", "qingfeng.css", "charts.js"} <= names


@pytest.mark.parametrize("path", [p for p in OWN_FILES if p.suffix == ".html"], ids=lambda p: p.name)
def test_template_has_no_inline_script_style_or_handler(path):
    text = path.read_text(encoding="utf-8")
    for attrs, body in SCRIPT.findall(text):
        assert "src=" in attrs and not body.strip(), f"{path.name}: inline <script>"
    assert not re.search(r"<style\b", text, re.I), f"{path.name}: <style> element"
    assert not re.search(r"\sstyle\s*=", text, re.I), f"{path.name}: style= attribute"
    assert not re.search(r"\son[a-z]+\s*=", text, re.I), f"{path.name}: event-handler attribute"
    assert "javascript:" not in text.lower()


@pytest.mark.parametrize("path", OWN_FILES, ids=lambda p: p.name)
def test_no_external_urls(path):
    text = path.read_text(encoding="utf-8")
    assert not EXTERNAL.search(text), f"{path.name}: {EXTERNAL.search(text).group(0)}"


def test_charts_come_from_the_apps_own_static_files(client_for):
    html = client_for("supervisor").get("/").content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources == ["/static/vendor/echarts/echarts.min.js", "/static/web/charts.js"]
    assert (Path(qingfeng.__file__).parent.parent / "node_modules/echarts/dist/echarts.min.js").exists()


@pytest.mark.parametrize("path", ["/", "/alerts/", "/portal/", "/portal/ledger/", "/login/"])
def test_rendered_pages_have_only_external_or_json_scripts(client_for, path):
    html = client_for("supervisor").get(path, follow=True).content.decode()
    for attrs, _body in SCRIPT.findall(html):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert not re.search(r"\sstyle\s*=", html)


@pytest.mark.parametrize("path", ["/", "/alerts/", "/imports/", "/portal/", "/portal/ledger/"])
def test_pages_send_a_strict_content_security_policy(client_for, path):
    policy = client_for("supervisor").get(path)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe" not in policy
