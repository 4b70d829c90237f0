"""The authorisation matrix: every URL pattern the project serves (found by walking the URL resolver, so a page
added later is covered without editing this file) is requested as anonymous, as each of the seven roles, and
as a user of another department, by GET and by POST. The policy it checks:

- nobody ever gets a 5xx;
- an anonymous visitor reaches only the public pages (portal, login, open API), everything else sends him
  to the login page or answers 401/403;
- the three administrators (三员) read no business data: outside their console (admin/, security/, their
  home page) they get no 200 except an empty API list;
- an object of department B (found through its model's get_absolute_url, or in OBJECT_KWARGS below) is
  refused (403/404/405/redirect) to department A's head, handler and data steward, by page and by API;
- no response to a department-A user or an administrator contains department B's marker text;
- a POST by the audit administrator anywhere, by any administrator outside the console, or by an A user to a
  B object leaves the ledger unchanged;
- every HTML page renders the hostile text of the world escaped, and every spreadsheet keeps formulas as text.
"""

import re
import warnings

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from qingfeng.core.models import LedgerEvent

from .conftest import MARKER_B, XSS

pytestmark = pytest.mark.django_db

PUBLIC = ("/portal/", "/login/", "/i18n/", "/healthz", "/api/public/", "/api/openapi.json", "/api/docs", "/static/",
          "/admin/login/", "/admin/logout/", "/logout/")
PUBLIC_API = re.compile(r"^/([\w-]+/)?api/(openapi\.json|docs|public/)")  # every app's API: its document and public part
CONSOLE = ("/admin/", "/security/", "/logout/", "/i18n/")
ADMIN_ROLES = ("system_admin", "security_admin", "audit_admin")
A_SIDE = ("department_head", "handler", "data_steward")
PRINCIPALS = (None, *ADMIN_ROLES, "supervisor", *A_SIDE, "handler_b")
REFUSED = {301, 302, 401, 403, 404, 405}
# Administrators' pages outside admin/ and security/, each with the one administrator it serves (reviewed here:
# a new page for an administrator is added to this table, or the walk reports it as business data read).
ADMIN_PAGES = {"/tickets/keys/": "system_admin", "/tipoffs/readers/": "security_admin"}
# Known defects the walk found in other apps, tolerated until fixed (a warning says when an entry can go). (people's own NinjaAPI cannot reverse its namespace inside "people:".)
KNOWN_SERVER_ERRORS: set[str] = set()
# A plausible body for every form we know, so that a missing permission check would change something.
POST_BODY = {"kind": "explanation", "text": "matrix", "decision": "accept", "verdict": "confirmed", "role": "handler",
             "scope": "all", "username": "intruder", "password": "Intruder-Pass-2026!", "dataset": "payments",
             "code": "123456", "accept": "true", "old": "x", "new": "Intruder-Pass-2026!", "again": "Intruder-Pass-2026!"}


def routes(patterns=None, prefix=""):
    """(route text, URLPattern) for every endpoint, admin and API included."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def concrete(route: str, values: dict) -> tuple[str, str | None]:
    """A URL for ``route`` and the path segment that names the object of its first int parameter."""
    segment = None
    match = re.search(r"([\w-]+)/<int:\w+>", route)
    if match:
        segment = match.group(1)

    def fill(m):
        kind, name = (m.group(1) or "str"), m.group(2)
        if name in values:
            return str(values[name])
        return {"int": str(values.get(f"segment:{segment}", 1)), "str": "payments", "slug": "x", "path": "1", "uuid": "00000000-0000-0000-0000-000000000000"}.get(kind, "x")

    url = re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)
    url = re.sub(r"\(\?P<app_label>[^)]*\)", "core", url)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", "1", url)
    url = url.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return "/" + url, segment


def owned_objects(world) -> dict:
    """segment → (A object pk, B object pk), from every model whose absolute URL names it, plus kwargs by name."""
    from django.apps import apps

    from qingfeng.core.models import Department

    found = {}
    for model in apps.get_models():
        if not hasattr(model, "get_absolute_url"):
            continue
        dept_fields = [f.name for f in model._meta.fields if getattr(f, "related_model", None) is Department]
        if not dept_fields:
            continue
        a = model.objects.filter(**{f"{dept_fields[0]}__path__startswith": world["depts"]["finance"].path}).first()
        b = model.objects.filter(**{f"{dept_fields[0]}__path__startswith": world["depts"]["education"].path}).first()
        if a and b:
            found[b.get_absolute_url().strip("/").split("/")[0]] = (a.pk, b.pk)
    return found


def _client(world, who):
    client = Client(raise_request_exception=False)
    if who:
        client.force_login(world["users"][who])
    return client


def _is_empty_json(response) -> bool:
    if "json" not in response.get("Content-Type", ""):
        return False
    import json

    body = json.loads(response.content or b"null")
    return body in ([], {}, None) or (isinstance(body, dict) and body.get("items") == [] and not body.get("count"))


still_failing: set[str] = set()


def _check(world, who, method, url, response, b_object: bool, problems: list) -> None:
    status = response.status_code
    where = f"{method} {url} as {who or 'anonymous'} → {status}"
    if status >= 500:
        if url in KNOWN_SERVER_ERRORS:
            still_failing.add(url)
        else:
            problems.append(f"server error: {where}")
        return
    public = url.startswith(PUBLIC) or bool(PUBLIC_API.match(url))
    if who is None and not public:
        login_redirect = status == 302 and "/login/" in response.get("Location", "")
        if not (login_redirect or status in (401, 403, 404, 405)):
            problems.append(f"anonymous reaches a private page: {where}")
    served = next((role for page, role in ADMIN_PAGES.items() if url.startswith(page)), None)
    if who in ADMIN_ROLES and status == 200 and who != served and not (
            public or url.startswith(CONSOLE) or url == "/" or _is_empty_json(response)):
        problems.append(f"an administrator reads business data: {where}")
    if who in A_SIDE and b_object and status not in REFUSED:
        problems.append(f"department B's object reached from department A (IDOR): {where}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if who in (*ADMIN_ROLES, *A_SIDE) and status == 200 and MARKER_B.encode() in body and not url.startswith("/portal/"):
        problems.append(f"department B's data shown: {where}")
    if "text/html" in response.get("Content-Type", "") and XSS.encode() in body:
        problems.append(f"unescaped hostile text: {where}")
    if "spreadsheetml" in response.get("Content-Type", "") and status == 200:
        problems += [f"formula in an export: {where} {c.coordinate}" for c in _spreadsheet_cells(body)
                     if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")))]


def _spreadsheet_cells(content: bytes):
    import io

    from openpyxl import load_workbook

    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_every_url_as_every_role_follows_the_policy(hostile_world):
    world = hostile_world
    owned = owned_objects(world)
    assert "alerts" in owned, "the walk must find department-owned objects through get_absolute_url"
    values_b = {f"segment:{seg}": b for seg, (_a, b) in owned.items()}
    values_b.update(response_id=world["response_b"].pk, alert_id=world["alert_b"].pk, pk=world["alert_b"].pk)
    problems: list[str] = []
    walked = 0
    clients = {who: _client(world, who) for who in PRINCIPALS}
    for route, _pattern in routes():
        url, segment = concrete(route, values_b)
        b_object = segment in owned or "alert_id" in route or "response_id" in route
        if segment and segment not in owned and "alert" not in route:
            url, _ = concrete(route, {"pk": 1})  # not a department-owned object: any id still exercises the view
        for who in PRINCIPALS:
            client = clients[who]
            walked += 1
            _check(world, who, "GET", url, client.get(url), b_object, problems)
            ledger_before = LedgerEvent.objects.count()
            served = next((role for page, role in ADMIN_PAGES.items() if url.startswith(page)), None)
            must_not_write = who == "audit_admin" or (who in ADMIN_ROLES and who != served and not url.startswith(CONSOLE)) or (
                who in A_SIDE and b_object)
            if who is None or must_not_write:
                response = client.post(url, POST_BODY)
                if "logout" in url:  # the walk goes on logged in
                    clients[who] = _client(world, who)
                _check(world, who, "POST", url, response, b_object, problems)
                if must_not_write and LedgerEvent.objects.count() != ledger_before:
                    problems.append(f"POST {url} as {who} changed state: {LedgerEvent.objects.order_by('-seq').first()}")
    assert walked > 8 * 30
    assert problems == [], "\n".join(problems)
    fixed = KNOWN_SERVER_ERRORS - still_failing
    if fixed:  # a reminder, not a failure: the owner fixing a defect must not break this test
        warnings.warn(f"no longer failing, remove from KNOWN_SERVER_ERRORS: {sorted(fixed)}", stacklevel=1)


def test_the_walk_reaches_real_objects(hostile_world):
    """Positive control: the B object the matrix refuses to A is served to B's own handler and the supervisor."""
    url = hostile_world["alert_b"].get_absolute_url()
    assert _client(hostile_world, "handler_b").get(url).status_code == 200
    assert _client(hostile_world, "supervisor").get(url).status_code == 200
    assert _client(hostile_world, "handler").get(url).status_code == 404
    api = f"/api/alerts/{hostile_world['alert_b'].pk}"
    assert _client(hostile_world, "handler_b").get(api).status_code == 200
    assert _client(hostile_world, "handler").get(api).status_code == 404
