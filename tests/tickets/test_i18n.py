"""Chinese first, English available: the tickets and oversight catalogues translate every string the shared
catalogue does not, their compiled files match, and the portal reads in English when asked."""

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client

import qingfeng

PACKAGE = Path(qingfeng.__file__).parent


def _entries(path: Path) -> dict[str, str]:
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" in block:
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            key = "".join(re.findall(r'"(.*)"', msgid.group(1))).replace('\\"', '"')
            if key:
                entries[key] = "".join(re.findall(r'"(.*)"', msgstr.group(1))).replace('\\"', '"')
    return entries


@pytest.mark.parametrize("app", ["tickets", "oversight"])
def test_every_string_is_translated_here_or_in_the_shared_catalogue(app):
    shared = _entries(PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po")
    po = PACKAGE / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    own = _entries(po)
    untranslated = [k for k, v in own.items() if not v and not shared.get(k)]
    assert not untranslated, untranslated[:5]
    with (po.with_suffix(".mo")).open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [k for k, v in own.items() if v and compiled.gettext(k) != v]
    assert not stale, f"run msgfmt for {app} ({stale[:3]})"


@pytest.mark.django_db
def test_the_citizens_portal_has_an_english_version(calendar_days):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/portal/tickets/"})
    html = client.get("/portal/tickets/").content.decode()
    assert "Citizens' voice" in html and "Raise a matter" in html and "民情民意 · 接诉即办" not in html
