"""People pages: search, a person's and a company's relationships (graph and table), the export, and the
review queue of candidate links. Every query goes through ``policies``; a person outside the user's scope
is a 404, exactly like one that does not exist. A page that shows declared relatives ledgers the read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qingfeng.web.access import role_required

from . import actions, policies, relationships
from .models import LinkStatus, RosterEntry

ROLES = tuple(policies.PEOPLE_ROLES)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger_reads(user, rel, channel: str) -> None:
    """Every official whose declaration the response reveals, one ledger event each."""
    for official, count in rel.reads.items():
        actions.record_declaration_read(user, official, channel=channel, relatives=count)


@require_GET
@role_required(*ROLES)
def search(request):
    q = (request.GET.get("q") or "").strip()
    people = policies.visible_people(request.user).select_related("department")
    companies = policies.visible_companies(request.user)
    if q:
        people = people.filter(Q(name__contains=q) | Q(staff_no__iexact=q))
        companies = companies.filter(Q(name__contains=q) | Q(credit_code__iexact=q.upper()))
    else:
        # Only links the user may see: an official linked through a declared relative is not listed for others.
        linked = policies.visible_links(request.user).filter(status__in=(LinkStatus.AUTO, LinkStatus.CONFIRMED))
        people = people.filter(pk__in=linked.values("person_id"))
        companies = companies.filter(roles__links__in=policies.visible_links(request.user).filter(
            status__in=(LinkStatus.AUTO, LinkStatus.CONFIRMED))).distinct()
    return render(request, "people/search.html", {
        "q": q, "people": Paginator(people.order_by("staff_no"), 30).get_page(request.GET.get("page")),
        "companies": companies.order_by("name")[:30], "may_review": policies.may_review(request.user),
    })


def _person(request, pk):
    return get_object_or_404(policies.visible_people(request.user).select_related("department", "post"), pk=pk)


@require_GET
@role_required(*ROLES)
def person(request, pk):
    person = _person(request, pk)
    rel = relationships.for_person(request.user, person)
    ledger_reads(request.user, rel, "page")
    roster = RosterEntry.objects.filter(person=person).first()
    return render(request, "people/person.html", {
        "person": person, "roster": roster, "rows": rel.rows, "graph": relationships.graph_payload(rel),
        "declarations_shown": rel.relatives_read is not None,
    })


@require_GET
@role_required(*ROLES)
def person_export(request, pk):
    person = _person(request, pk)
    rel = relationships.for_person(request.user, person)
    content = actions.export_person(request.user, person, rel.rows, relatives_included=rel.relatives_read is not None)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"关系-{person.staff_no}-{timezone.localdate():%Y%m%d}.xlsx")
    return response


@require_GET
@role_required(*ROLES)
def company(request, pk):
    company = get_object_or_404(policies.visible_companies(request.user), pk=pk)
    rel = relationships.for_company(request.user, company)
    ledger_reads(request.user, rel, "company_page")
    return render(request, "people/company.html", {
        "company": company, "rows": rel.rows, "graph": relationships.graph_payload(rel)})


@require_GET
@role_required(*ROLES)
def review(request):
    if not policies.may_review(request.user):
        raise PermissionDenied(_("复核关联需要可查阅个人有关事项报告的纪检监察角色"))
    pending = (policies.visible_links(request.user).filter(status=LinkStatus.PENDING)
               .select_related("role__company", "person__department", "relative").order_by("-score", "pk"))
    page = Paginator(pending, 30).get_page(request.GET.get("page"))
    for official in {link.person for link in page.object_list if link.relative_id}:
        actions.record_declaration_read(request.user, official, channel="review",
                                        relatives=sum(1 for x in page.object_list if x.person_id == official.pk and x.relative_id))
    return render(request, "people/review.html", {"page": page})


@require_POST
@role_required(*ROLES)
def decide(request, pk):
    link = get_object_or_404(policies.visible_links(request.user), pk=pk)
    confirmed = request.POST.get("decision") == "confirm"
    try:
        actions.decide_link(request.user, link, confirmed=confirmed, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已确认关联") if confirmed else _("已否定关联"))
    return redirect("people:review")
