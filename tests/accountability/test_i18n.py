"""Chinese first, English available: the accountability and reports catalogues translate every string the shared
catalogue does not, their compiled files match, and the pages read in English when asked."""

import gettext
import re
from pathlib import Path

import pytest

import qingfeng

PACKAGE = Path(qingfeng.__file__).parent


def _entries(path: Path) -> dict[str, str]:
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr and "msgid_plural" not in block:
            key = "".join(re.findall(r'"(.*)"', msgid.group(1))).replace('\\"', '"')
            if key:
                entries[key] = "".join(re.findall(r'"(.*)"', msgstr.group(1))).replace('\\"', '"')
    return entries


@pytest.mark.parametrize("app", ["accountability", "reports"])
def test_every_string_is_translated_here_or_in_the_shared_catalogue(app):
    shared = _entries(PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po")
    po = PACKAGE / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    own = _entries(po)
    assert [k for k, v in own.items() if not v and not shared.get(k)] == []
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert [k for k, v in own.items() if v and compiled.gettext(k) != v] == []


@pytest.mark.django_db
def test_the_matrix_reads_in_english(city, client):
    client.force_login(city["sup"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/accountability/matrix/"})
    html = client.get("/accountability/matrix/?year=2025").content.decode()
    assert "Required talks" in html and "Not held" in html
