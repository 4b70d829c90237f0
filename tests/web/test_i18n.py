"""Chinese first, English available: the language switch, and a compiled catalogue that matches its source."""

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client

import qingfeng

pytestmark = pytest.mark.django_db
LOCALE = Path(qingfeng.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def test_pages_are_chinese_by_default(client_for):
    html = client_for("supervisor").get("/alerts/").content.decode()
    assert '<html lang="zh-CN">' in html and "预警处置" in html


def test_the_language_switch_turns_the_pages_english_and_back(client_for):
    client = client_for("handler_a")
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/alerts/"}).status_code == 302
    html = client.get("/alerts/").content.decode()
    assert '<html lang="en">' in html
    assert "Export to Excel" in html and "Dispatched" in html and "预警处置" not in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/alerts/"})
    assert "预警处置" in client.get("/alerts/").content.decode()


def test_the_public_portal_has_an_english_version(world):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/"})
    html = client.get("/portal/").content.decode()
    assert "Integrity alerts: public figures" in html and "Ledger head" in html


def _po_entries(path: Path) -> dict[str, str]:
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" in block or block.lstrip().startswith("#~"):
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            key = "".join(re.findall(r'"(.*)"', msgid.group(1))).replace('\\"', '"')
            if key:
                entries[key] = "".join(re.findall(r'"(.*)"', msgstr.group(1))).replace('\\"', '"')
    return entries


def test_every_english_entry_is_translated_and_compiled():
    entries = _po_entries(LOCALE / "django.po")
    assert entries and not [k for k, v in entries.items() if not v], "untranslated entries in django.po"
    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [k for k, v in entries.items() if compiled.gettext(k) != v]
    assert not stale, f"django.mo is older than django.po; run compilemessages ({stale[:3]})"
