"""The tickets and oversight templates keep the strict Content-Security-Policy possible: no inline script or
style, no event handlers, no external URLs; their pages send the policy."""

import re
from pathlib import Path

import pytest

import qingfeng

PACKAGE = Path(qingfeng.__file__).parent
FILES = sorted(p for app in ("tickets", "oversight") for folder in ("templates", "static") for p in (PACKAGE / app / folder).rglob("*")
               if p.is_file() and p.suffix in {".html", ".css", ".js"})


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_inline_code_or_external_urls(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<script\b(?![^>]*\bsrc=)", text, re.I)
    assert not re.search(r"<style\b", text, re.I) and not re.search(r"\sstyle\s*=", text, re.I)
    assert not re.search(r"\son[a-z]+\s*=", text, re.I) and "javascript:" not in text.lower()
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/portal/tickets/", "/portal/tickets/new/", "/portal/tickets/track/", "/portal/tipoff/",
                                 "/portal/tipoff/follow/"])
def test_portal_pages_send_a_strict_policy(client, url, calendar_days):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
