"""Open311 GeoReport v2: services, service definitions, requests (POST with an API key, list, get) and
tokens, in XML (the required format) and JSON. Datetimes carry the +08:00 offset; errors are
``errors[{code, description}]`` with 400, 403 or 404 as the spec says. Tip-offs are not a service and never
appear here; a citizen's name and contact are never returned, and phone and ID numbers in descriptions are
masked."""

import re
from datetime import timedelta
from xml.etree import ElementTree as ET

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from . import actions
from .models import Kind, Service, Status, Ticket
from .parameters import OPEN311_JURISDICTION

FORMATS = ("xml", "json")
MAX_SPAN = timedelta(days=90)
LIMIT = 1000
CLOSED = (Status.REPLIED, Status.FOLLOWED_UP, Status.CLOSED)
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_ID = re.compile(r"(?<![0-9])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9])")


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def stamp(dt) -> str | None:
    """ISO 8601 with the offset (+08:00), seconds precision."""
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


def mask(text: str) -> str:
    return _ID.sub(r"\1********\2", _PHONE.sub(r"\1****\2", text or ""))


# ------------------------------------------------------------------------------------------ renderers


def _xml_value(parent, name, value):
    el = ET.SubElement(parent, name)
    if isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = str(value)
    return el


def _attributes(parent, attributes):
    holder = ET.SubElement(parent, "attributes")
    for a in attributes:
        ael = ET.SubElement(holder, "attribute")
        for k, v in a.items():
            if k == "values":
                vals = ET.SubElement(ael, "values")
                for pair in v:
                    vel = ET.SubElement(vals, "value")
                    _xml_value(vel, "key", pair["key"])
                    _xml_value(vel, "name", pair["name"])
            else:
                _xml_value(ael, k, v)


def _fill(el, row: dict):
    for key, value in row.items():
        if key == "attributes":
            _attributes(el, value)
        else:
            _xml_value(el, key, value)


def _xml(root: str, item: str | None, rows: list[dict]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        _fill(ET.SubElement(top, item) if item else top, row)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")


def respond(fmt: str, root: str, item: str, rows, status: int = 200, *, single: bool = False):
    if fmt == "json":
        return JsonResponse(rows[0] if single else rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    body = _xml(root, None if single else item, rows)  # a service definition is one element, not a list
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def error(fmt: str, status: int, description: str):
    return respond(fmt if fmt in FORMATS else "xml", "errors", "error", [{"code": status, "description": description}],
                   status=status)


def endpoint(view):
    """Format check, jurisdiction check, and Open311Error / ValidationError → the spec's error body."""

    def wrapper(request, *args, fmt: str, **kwargs):
        if fmt not in FORMATS:
            return error("xml", 404, f"format {fmt!r} not supported; use xml or json")
        params = request.POST if request.method == "POST" else request.GET
        jurisdiction = params.get("jurisdiction_id")
        if jurisdiction and jurisdiction != OPEN311_JURISDICTION.value():
            return error(fmt, 404, f"jurisdiction_id {jurisdiction!r} not found")
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return error(fmt, exc.status, exc.description)
        except ValidationError as exc:
            return error(fmt, 400, "; ".join(exc.messages))
        except PermissionDenied as exc:
            return error(fmt, 403, str(exc) or "forbidden")

    wrapper.__name__ = view.__name__
    return wrapper


# --------------------------------------------------------------------------------------------- data


def service_row(s: Service) -> dict:
    return {"service_code": s.code, "service_name": s.name, "description": s.description or None, "metadata": True,
            "type": "realtime", "keywords": s.keywords or None, "group": s.group or None}


def definition(s: Service) -> dict:
    kinds = [{"key": k, "name": str(label)} for k, label in Kind.choices]
    return {"service_code": s.code, "attributes": [
        {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": False, "order": 1,
         "datatype_description": "complaint / request / suggestion / consultation（默认 complaint）",
         "description": "诉求类型：投诉、求助、建议、咨询", "values": kinds},
        {"variable": True, "code": "submitter", "datatype": "singlevaluelist", "required": False, "order": 2,
         "datatype_description": None, "description": "提交人：个人或企业",
         "values": [{"key": "citizen", "name": "个人"}, {"key": "enterprise", "name": "企业"}]},
        {"variable": True, "code": "title", "datatype": "string", "required": False, "order": 3,
         "datatype_description": "不超过 200 字", "description": "标题（不填则取内容前 40 字）"},
    ]}


def request_row(t: Ticket) -> dict:
    label = t.get_status_display()
    notes = f"{label}：{t.department.name}办理中" if t.department_id and t.is_open else str(label)
    return {
        "service_request_id": t.number, "status": "closed" if t.status in CLOSED else "open", "status_notes": notes,
        "service_name": t.service.name, "service_code": t.service.code, "description": mask(t.description),
        "agency_responsible": t.department.name if t.department_id else None,
        "service_notice": None, "requested_datetime": stamp(t.received_at), "updated_datetime": stamp(t.updated_at),
        "expected_datetime": stamp(t.due_at), "address": t.address or None, "address_id": t.address_id or None,
        "zipcode": None, "lat": t.lat, "long": t.long, "media_url": t.media_url or None,
    }


def _when(value: str, name: str):
    dt = parse_datetime(value)
    if dt is None:
        d = parse_date(value)
        if d is None:
            raise Open311Error(400, f"{name} is not a w3c datetime")
        dt = timezone.datetime(d.year, d.month, d.day)
    return dt if timezone.is_aware(dt) else timezone.make_aware(dt)


# -------------------------------------------------------------------------------------------- views


@endpoint
def services(request, fmt):
    rows = [service_row(s) for s in Service.objects.filter(active=True).order_by("code")]
    return respond(fmt, "services", "service", rows)


@endpoint
def service_definition(request, code, fmt):
    s = Service.objects.filter(code=code, active=True).first()
    if s is None:
        raise Open311Error(404, f"service_code {code!r} not found")
    return respond(fmt, "service_definition", "", [definition(s)], single=True)


@csrf_exempt
@endpoint
def requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        raise Open311Error(400, "use GET or POST")
    p = request.GET
    qs = Ticket.objects.select_related("service", "department")
    if p.get("service_request_id"):
        ids = [x.strip() for x in p["service_request_id"].split(",") if x.strip()]
        qs = qs.filter(number__in=ids)
    else:
        now = timezone.now()
        end = _when(p["end_date"], "end_date") if p.get("end_date") else now
        start = _when(p["start_date"], "start_date") if p.get("start_date") else end - MAX_SPAN
        if end < start:
            raise Open311Error(400, "end_date is before start_date")
        if end - start > MAX_SPAN:
            raise Open311Error(400, "start_date and end_date may span at most 90 days")
        qs = qs.filter(received_at__gte=start, received_at__lte=end)
        if p.get("service_code"):
            qs = qs.filter(service__code__in=[c.strip() for c in p["service_code"].split(",")])
        if p.get("status"):
            wanted = {s.strip() for s in p["status"].split(",")}
            if not wanted <= {"open", "closed"}:
                raise Open311Error(400, "status must be open, closed or both")
            if wanted == {"open"}:
                qs = qs.exclude(status__in=CLOSED)
            elif wanted == {"closed"}:
                qs = qs.filter(status__in=CLOSED)
    try:
        size = min(int(p.get("page_size", LIMIT)), LIMIT)
        page = max(int(p.get("page", 1)), 1)
    except ValueError:
        raise Open311Error(400, "page and page_size must be integers") from None
    rows = [request_row(t) for t in qs.order_by("-received_at", "-pk")[(page - 1) * size: page * size]]
    return respond(fmt, "service_requests", "request", rows)


def _create(request, fmt):
    p = request.POST
    key = actions.api_key_valid(p.get("api_key", ""))
    if key is None:
        raise Open311Error(403, "api_key missing or not valid")
    code = p.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    service = Service.objects.filter(code=code, active=True).first()
    if service is None:
        raise Open311Error(400, f"service_code {code!r} not found")
    lat, long = p.get("lat"), p.get("long")
    if not ((lat and long) or p.get("address_string") or p.get("address_id")):
        raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
    try:
        lat_f, long_f = (float(lat), float(long)) if lat and long else (None, None)
    except ValueError:
        raise Open311Error(400, "lat and long must be numbers") from None
    description = p.get("description", "")
    if len(description) > 4000:
        raise Open311Error(400, "description may be at most 4000 characters")
    kind = p.get("attribute[kind]", Kind.COMPLAINT) or Kind.COMPLAINT
    if kind not in Kind.values:
        raise Open311Error(400, f"attribute[kind] must be one of {', '.join(Kind.values)}")
    name = " ".join(x for x in (p.get("last_name", ""), p.get("first_name", "")) if x)
    ticket = actions.submit_ticket(
        f"open311:{key.prefix}", service=service, kind=kind, title=p.get("attribute[title]", ""), description=description,
        address=p.get("address_string", ""), address_id=p.get("address_id", ""), lat=lat_f, long=long_f, name=name,
        phone=p.get("phone", ""), email=p.get("email", ""), submitter=p.get("attribute[submitter]", "citizen"),
        channel="open311", account_id=p.get("account_id", ""), media_url=p.get("media_url", "")[:200])
    notice = f"已受理，查询码 {ticket.code}"
    if ticket.department_id:
        row = {"service_request_id": ticket.number, "service_notice": notice, "account_id": ticket.account_id or None}
    else:  # still with the dispatcher: the client follows the token until the request is placed
        row = {"token": ticket.token, "service_notice": notice, "account_id": ticket.account_id or None}
    return respond(fmt, "service_requests", "request", [row], status=201)


@endpoint
def request_detail(request, number, fmt):
    t = Ticket.objects.select_related("service", "department").filter(number=number).first()
    if t is None:
        raise Open311Error(404, f"service_request_id {number!r} not found")
    return respond(fmt, "service_requests", "request", [request_row(t)])


@endpoint
def token(request, token, fmt):
    t = Ticket.objects.filter(token=token).only("number", "token").first()
    if t is None:
        raise Open311Error(404, f"token {token!r} not found")
    return respond(fmt, "service_requests", "request", [{"service_request_id": t.number, "token": t.token}])
