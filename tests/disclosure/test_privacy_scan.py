"""The must-show privacy scan: every public page and feed of the demo city is free of ID numbers, phone
numbers and the names of the people who filed something (ticket submitters, tip-off reporters, disclosure
and approval applicants) and of officials' declared relatives.

Generic on purpose: the pages come from walking every URL pattern mounted under /portal/ (whichever app
added it), every dataset registered in the publication catalogue (page, CSV, JSON, Atom) and every link the
pages lead to. A new parametrised portal page that no public page links to fails the coverage check below,
unless it takes a private tracking code (the holder's own case) and is listed in PRIVATE_CODE_PAGES.
"""

import io
import json
import re
from collections import deque

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from qingfeng.demo.run import generate, populate

SMALL = 0.02
# Pages that take the private code handed to one applicant or reporter (they show that person their own case).
PRIVATE_CODE_PAGES = {"portal/tickets/track/<str:code>/rate/", "portal/approvals/track/<str:code>/",
                      "portal/approvals/items/<str:code>/apply/"}
MAX_PAGES = 1500

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
HREF = re.compile(r"""(?:href|action)=["'](/portal/[^"'#]*)""")


def _id_checksum_ok(number: str) -> bool:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def portal_patterns(resolver=None, prefix=""):
    """Every URL pattern whose route starts with portal/, as its full route text."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route.startswith("portal/") or "portal/".startswith(route) or route == "":
                yield from portal_patterns(p, route)
        elif isinstance(p, URLPattern) and route.startswith("portal/"):
            yield route


def _matches(route: str, path: str) -> bool:
    regex = re.escape(route.lstrip("^"))
    regex = re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "[^/]+", regex.replace(r"\<", "<").replace(r"\>", ">").replace(r"\:", ":"))
    regex = re.sub(r"<[^>]+>", "[^/]+", regex)
    return re.fullmatch(regex, path.lstrip("/").split("?")[0]) is not None


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(" ".join("" if c is None else str(c) for c in row) for ws in wb for row in ws.iter_rows(values_only=True))
    text = body.decode("utf-8-sig", errors="replace")
    if "json" in kind:
        text = _unescaped_json(text)
    return text


def _unescaped_json(text: str) -> str:
    """JSON or JSON Lines (OCDS packages) re-dumped without \\uXXXX escapes, which would hide names."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        lines = []
        for line in text.splitlines():
            try:
                lines.append(json.dumps(json.loads(line), ensure_ascii=False))
            except ValueError:
                lines.append(line)
        return "\n".join(lines)


def _people():
    """Names and phone numbers of the private people the demo generated: those who filed something (ticket
    submitters, tip-off reporters, disclosure and approval applicants) and officials' declared relatives.
    Officials themselves are left out: a published sanction may name the official (the conduct app's
    naming page), never their ID or phone."""
    from qingfeng.approvals.models import ApprovalCase
    from qingfeng.core import crypto
    from qingfeng.disclosure.models import DisclosureRequest
    from qingfeng.people.models import DeclaredRelative
    from qingfeng.tickets.models import Ticket, TipOff

    names, phones = set(DeclaredRelative.objects.values_list("name", flat=True)), set()
    names |= set(DisclosureRequest.objects.values_list("applicant_name", flat=True))
    names |= set(ApprovalCase.objects.filter(applicant_kind="person").values_list("applicant_name", flat=True))
    for t in Ticket.objects.exclude(contact_sealed=""):
        contact = json.loads(crypto.unseal(t.contact_sealed, context=f"ticket:{t.seal_id}"))
        names.add(contact.get("name") or "")
        phones.add(contact.get("phone") or "")
    for t in TipOff.objects.exclude(identity_sealed=""):
        identity = json.loads(crypto.unseal(t.identity_sealed, context=f"tipoff:{t.seal_id}"))
        names.add(identity.get("name") or "")
        phones.add(identity.get("phone") or "")
    from qingfeng.demo.domains.disclosure import applicant

    phones |= {applicant(i)[1] for i in range(DisclosureRequest.objects.count())}
    return {n for n in names if n and len(n) >= 2}, {p for p in phones if p}


@pytest.mark.django_db(transaction=False)
def test_no_public_page_or_feed_of_the_demo_city_carries_personal_data():
    from qingfeng.disclosure import catalogue

    city, data = generate(20261127, SMALL)
    summary = populate(city, data)
    assert summary["run_status"] == "done"
    names, phones = _people()
    assert len(names) > 20 and phones  # the scan has people to look for

    patterns = sorted(set(portal_patterns()))
    start = [f"/{p}" for p in patterns if "<" not in p]
    for pub in catalogue.publications():
        start += [f"/portal/open/{pub.slug}/", f"/portal/open/{pub.slug}.csv", f"/portal/open/{pub.slug}.json",
                  f"/portal/open/{pub.slug}/feed.atom"]
    client = Client()
    queue, seen, visited, problems = deque(start), set(start), [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code in (301, 302):
            continue
        assert response.status_code in (200, 404, 405), (path, response.status_code)
        if response.status_code != 200:
            continue
        visited.append(path)
        text = _text(response)
        for m in ID_NUMBER.findall(text):
            if _id_checksum_ok(m):
                problems.append((path, "身份证号", m))
        problems += [(path, "手机号", m) for m in MOBILE.findall(text)]
        problems += [(path, "电话", p) for p in phones if p in text]
        problems += [(path, "姓名", n) for n in names if n in text]
        for link in HREF.findall(text):
            link = link.replace("&amp;", "&")
            if link not in seen and "/track/" not in link:
                seen.add(link)
                queue.append(link)
    assert problems == [], problems[:20]
    assert len(visited) > 30
    # Coverage: every portal pattern was fetched at least once (or takes a private code).
    uncovered = [p for p in patterns if p not in PRIVATE_CODE_PAGES and not any(_matches(p, v) for v in visited)]
    assert uncovered == [], f"公开页面未被扫描（请从门户页面链接到它，或说明为何只凭私有查询码访问）：{uncovered}"


def test_the_patterns_catch_id_and_phone_numbers_but_not_hashes():
    text = "身份证 11010519491231002X，电话 13912345678，哈希 a110105194912310021b，金额 13912345678.00元？"
    ids = [m for m in ID_NUMBER.findall(text) if _id_checksum_ok(m)]
    assert ids == ["11010519491231002X"]
    assert MOBILE.findall("联系 13912345678；掩码 139****5678；哈希 ff13912345678ee") == ["13912345678"]
