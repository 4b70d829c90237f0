"""People endpoints (django-ninja, OpenAPI at /people/api/docs): the same policies as the pages. A person
outside the user's scope answers 404, like one that does not exist; declared relatives answer 403 to a
role that may not read declarations, and every read by one that may is ledgered."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from . import actions, policies, relationships
from .models import LinkStatus

api = NinjaAPI(title="清风 人员关系 API", version="1", auth=django_auth, urls_namespace="people-api",
               description="人员、企业与关联。按登录用户的数据权限过滤；申报亲属仅对可查阅个人有关事项报告的角色开放，每次查阅记入台账。")


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "无权执行该操作"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": "；".join(exc.messages)}, status=400)


class Row(Schema):
    kind: str
    kind_zh: str
    name: str
    detail: str
    extra: str
    url: str


class PersonOut(Schema):
    id: int
    staff_no: str
    name: str
    department: str
    id_masked: str
    declarations_shown: bool
    rows: list[Row]


class CompanyOut(Schema):
    id: int
    credit_code: str
    name: str
    rows: list[Row]


class RelativeOut(Schema):
    relation: str
    name: str
    id_masked: str
    birth_date: date | None
    employer: str


class LinkOut(Schema):
    id: int
    company: str
    credit_code: str
    holder_name: str
    official: str
    staff_no: str
    relation: str | None
    score: float
    features: dict


class DecisionIn(Schema):
    confirm: bool
    note: str = ""


def _require(request):
    if not policies.may_use(request.auth):
        raise PermissionDenied("无权查看人员关系")


def _rows(rel) -> list[dict]:
    return [{k: str(r.get(k) or "") for k in ("kind", "kind_zh", "name", "detail", "extra", "url")} for r in rel.rows]


@api.get("/persons/{person_id}", response=PersonOut, tags=["people"], summary="人员的关系（表）")
def person(request, person_id: int):
    from .views import ledger_reads

    _require(request)
    p = get_object_or_404(policies.visible_people(request.auth).select_related("department"), pk=person_id)
    rel = relationships.for_person(request.auth, p)
    ledger_reads(request.auth, rel, "api")
    return {"id": p.pk, "staff_no": p.staff_no, "name": p.name, "department": p.department.name, "id_masked": p.id_masked,
            "declarations_shown": rel.relatives_read is not None, "rows": _rows(rel)}


@api.get("/persons/{person_id}/relatives", response=list[RelativeOut], tags=["people"], summary="申报亲属（限可查阅角色）")
def relatives(request, person_id: int):
    _require(request)
    p = get_object_or_404(policies.visible_people(request.auth), pk=person_id)
    if not policies.can_read_declarations(request.auth, p):
        raise PermissionDenied("只有可查阅个人有关事项报告的角色可以查看申报亲属")
    rows = [r for r in actions.latest_relatives() if r.official_id == p.pk]
    actions.record_declaration_read(request.auth, p, channel="api", relatives=len(rows))
    return [{"relation": str(r.get_relation_display()), "name": r.name, "id_masked": r.id_masked, "birth_date": r.birth_date,
             "employer": r.employer} for r in rows]


@api.get("/companies/{company_id}", response=CompanyOut, tags=["people"], summary="企业的关系（表）")
def company(request, company_id: int):
    from .views import ledger_reads

    _require(request)
    c = get_object_or_404(policies.visible_companies(request.auth), pk=company_id)
    rel = relationships.for_company(request.auth, c)
    ledger_reads(request.auth, rel, "api")
    return {"id": c.pk, "credit_code": c.credit_code, "name": c.name, "rows": _rows(rel)}


@api.get("/links/pending", response=list[LinkOut], tags=["matching"], summary="待人工确认的关联")
def pending(request):
    if not policies.may_review(request.auth):
        raise PermissionDenied("复核关联需要可查阅个人有关事项报告的纪检监察角色")
    links = list(policies.visible_links(request.auth).filter(status=LinkStatus.PENDING)
                 .select_related("role__company", "person", "relative").order_by("-score", "pk")[:200])
    for official in {x.person for x in links if x.relative_id}:
        actions.record_declaration_read(request.auth, official, channel="api", relatives=sum(
            1 for x in links if x.person_id == official.pk and x.relative_id))
    return [{"id": x.pk, "company": x.role.company.name, "credit_code": x.role.company.credit_code, "holder_name": x.role.holder_name,
             "official": x.person.name, "staff_no": x.person.staff_no,
             "relation": str(x.relative.get_relation_display()) if x.relative_id else None, "score": x.score,
             "features": x.features} for x in links]


@api.post("/links/{link_id}/decision", tags=["matching"], summary="确认或否定一条关联")
def decide(request, link_id: int, body: DecisionIn):
    link = get_object_or_404(policies.visible_links(request.auth), pk=link_id)
    link = actions.decide_link(request.auth, link, confirmed=body.confirm, note=body.note)
    return {"id": link.pk, "status": link.status}
