"""Pages: the citizens' portal (file, track, rate; tip-offs; KPIs and hot spots without personal data) and
the staff pages (queue, ticket with clock and steps, KPIs, hot spots, sealed tip-offs, Open311 keys).
Everything staff see starts from ``policies``, so a ticket or tip-off outside the user's reach is a 404."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.models import Role
from qingfeng.core.policies import has_role
from qingfeng.web.access import role_required

from . import actions, kpis, lifecycle, policies, repeats
from .forms import (
    ApiKeyForm,
    ClaimForm,
    DispatchForm,
    ExtensionForm,
    FollowUpForm,
    RateForm,
    ReaderForm,
    ReplyForm,
    ReviewForm,
    SupplementForm,
    TextForm,
    TicketFilterForm,
    TicketForm,
    TipOffForm,
    TipOffHandleForm,
    TrackForm,
)
from .models import ApiKey, Request, Status, Step, Ticket, TipOffReader

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def clock(ticket, now=None) -> dict:
    """What the ticket's clock shows: running (time left), overdue (time past), stopped, or not started."""
    now = now or timezone.now()
    if ticket.due_at is None:
        return {"state": "none"}
    if ticket.status not in lifecycle.WITH_DEPARTMENT:
        late = ticket.replied_at is not None and ticket.replied_at > ticket.due_at
        return {"state": "stopped", "due": ticket.due_at, "late": late}
    left = ticket.due_at - now
    return {"state": "overdue" if left.total_seconds() < 0 else "running", "due": ticket.due_at, "left": abs(left),
            "provisional": ticket.due_provisional}


def _fail(request, exc):
    messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))


# ------------------------------------------------------------------------------------------- portal


@require_GET
def portal(request):
    rows = kpis.monthly(Ticket.objects.all())
    month = kpis.latest_month(rows)
    return render(request, "tickets/portal.html", {
        "month": month, "latest": [r for r in rows if r["month"] == month], "rows": rows[-60:],
        "hotspots": repeats.hotspots(Ticket.objects.all())[:20], "track": TrackForm(),
        "counts": {"total": Ticket.objects.count(), "open": Ticket.objects.exclude(status__in=(Status.REPLIED,
                   Status.FOLLOWED_UP, Status.CLOSED)).count()},
    })


@require_http_methods(["GET", "POST"])
def portal_new(request):
    form = TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ticket = actions.submit_ticket("portal", service=d["service"], kind=d["kind"], title=d["title"],
                                           description=d["description"], address=d["address"], lat=d["lat"], long=d["long"],
                                           name=d["name"], phone=d["phone"], submitter=d["submitter"],
                                           attachments=d["attachments"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "tickets/portal_filed.html", {"ticket": ticket})
    return render(request, "tickets/portal_new.html", {"form": form})


def _public_steps(ticket):
    return ticket.steps.exclude(kind__in=(Step.Kind.EXEMPT, Step.Kind.EXEMPT_REVIEW, Step.Kind.LINK)).select_related("department")


@require_GET
def portal_track(request):
    form = TrackForm(request.GET or None)
    ticket = None
    if form.is_bound and form.is_valid():
        ticket = Ticket.objects.filter(code=form.cleaned_data["code"].strip().upper()).select_related(
            "service", "department").first()
        if ticket is None:
            form.add_error("code", _("没有找到该查询码对应的诉求，请核对。"))
    return render(request, "tickets/portal_track.html", {
        "form": form, "ticket": ticket, "steps": _public_steps(ticket) if ticket else (),
        "rate_form": RateForm() if ticket and ticket.status in (Status.REPLIED, Status.FOLLOWED_UP)
        and ticket.satisfaction is None else None,
    })


@require_POST
def portal_rate(request, code):
    ticket = get_object_or_404(Ticket, code=code.upper())
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            actions.rate_ticket("citizen", ticket, **form.cleaned_data)  # the tracking code stays out of the ledger
            messages.success(request, _("感谢您的评价。"))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        messages.error(request, _("请选择满意度和解决情况。"))
    return redirect(f"{reverse('tickets:portal_track')}?code={ticket.code}")


@require_http_methods(["GET", "POST"])
def portal_tipoff(request):
    form = TipOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            tip, code = actions.submit_tipoff("portal", title=d["title"], description=d["description"],
                                              named_department=d["named_department"], named_person=d["named_person"],
                                              anonymous=d["anonymous"], name=d["name"], id_number=d["id_number"],
                                              phone=d["phone"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "tickets/portal_tipoff_filed.html", {"tip": tip, "code": code})
    return render(request, "tickets/portal_tipoff.html", {"form": form})


@require_http_methods(["GET", "POST"])
def portal_tipoff_follow(request):
    tip = None
    form = ClaimForm(request.POST or None)
    supplement = None
    if request.method == "POST":
        if "text" in request.POST:
            form = SupplementForm(request.POST)
        if form.is_valid():
            tip = actions.tipoff_by_claim(form.cleaned_data["number"], form.cleaned_data["code"])
            if tip is None:
                form.add_error(None, _("编号或查询码不正确。"))
            elif "text" in form.cleaned_data:
                actions.add_reporter_note(tip, text=form.cleaned_data["text"])
                messages.success(request, _("补充材料已提交。"))
        if tip is not None:
            supplement = SupplementForm(initial={"number": tip.number, "code": form.cleaned_data["code"]})
    return render(request, "tickets/portal_tipoff_follow.html", {"form": form, "tip": tip, "supplement": supplement})


# -------------------------------------------------------------------------------------------- staff


def _scoped(request):
    qs = policies.visible_tickets(request.user).select_related("service", "department")
    form = TicketFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["status"] == "overdue":
            qs = qs.filter(status__in=lifecycle.WITH_DEPARTMENT, due_at__lt=timezone.now())
        elif d["status"]:
            qs = qs.filter(status=d["status"])
        if d["service"]:
            qs = qs.filter(service=d["service"])
        if d["q"]:
            qs = qs.filter(Q(title__icontains=d["q"]) | Q(number__icontains=d["q"]))
    return form, qs


@require_GET
@role_required(*STAFF)
def ticket_list(request):
    form, qs = _scoped(request)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tickets/ticket_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "now": timezone.now(),
        "is_reader": policies.is_tipoff_reader(request.user),
        "queue": qs.filter(status__in=(Status.RECEIVED, Status.ARBITRATION)).count() if policies.sees_queue(request.user) else None,
    })


@require_GET
@role_required(*STAFF)
def ticket_export(request):
    form, qs = _scoped(request)
    filters = {k: v for k, v in request.GET.items() if k in form.fields and v}
    response = HttpResponse(actions.export_tickets(request.user, qs, filters=filters), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"工单清单-{timezone.localdate():%Y%m%d}.xlsx")
    return response


def _ticket(request, pk) -> Ticket:
    ticket = policies.visible_tickets(request.user).select_related("service", "department", "assignee").filter(pk=pk).first()
    if ticket is None:
        raise Http404
    return ticket


@require_GET
@role_required(*STAFF)
def ticket_detail(request, pk):
    ticket = _ticket(request, pk)
    user = request.user
    handles, dispatches = policies.handles(user, ticket), policies.dispatches(user, ticket)
    st = ticket.status
    forms = {}
    if dispatches and lifecycle.allows("dispatch", st):
        forms["dispatch"] = DispatchForm(user=user, initial={"department": ticket.proposed_department, "tier": ticket.tier})
    if handles and lifecycle.allows("sign", st):
        forms["sign"] = True
    if handles and lifecycle.allows("bounce", st):
        forms["bounce"] = TextForm()
    if handles and lifecycle.allows("reply", st):
        forms["reply"] = ReplyForm()
    if handles and st in lifecycle.WITH_DEPARTMENT and not ticket.is_overdue():
        forms["extend"] = ExtensionForm()
    if handles and st != Status.CLOSED and not ticket.exempt:
        forms["exempt"] = TextForm()
    if dispatches and lifecycle.allows("follow_up", st):
        forms["follow_up"] = FollowUpForm()
    if dispatches and lifecycle.allows("close", st):
        forms["close"] = TextForm(initial={"text": _("已回访，予以办结。")})
    bad = getattr(ticket, "bad_rating", None) if ticket.is_bad_rating else None
    if handles and bad and not bad.followed_up_at:
        forms["bad_follow_up"] = TextForm()
    if handles and bad and not bad.rectified_at:
        forms["rectify"] = TextForm()
    for key, form in forms.items():
        if form is not True:
            form.auto_id = f"id_{key}_%s"  # several forms on one page: keep label ids unique
    pending = list(ticket.requests.filter(state=Request.State.PENDING)) if dispatches else []
    return render(request, "tickets/ticket_detail.html", {
        "ticket": ticket, "clock": clock(ticket), "steps": ticket.steps.select_related("department"), "forms": forms,
        "pending": [(r, ReviewForm(initial={"request": r.pk})) for r in pending], "bad": bad,
        "requests": ticket.requests.all(), "attachments": ticket.attachments.all(),
        "linked": Ticket.objects.filter(Q(pk__in=[x for x in (ticket.duplicate_of_id, ticket.repeat_of_id) if x])
                                        | Q(duplicate_of=ticket) | Q(repeat_of=ticket)).filter(
            pk__in=policies.visible_tickets(user).values("pk")),
        "can_read_contact": bool(ticket.contact_sealed) and (handles or dispatches),
    })


@require_POST
@role_required(*STAFF)
def ticket_act(request, pk, verb):
    ticket = _ticket(request, pk)
    user = request.user
    done = _("已提交。")
    try:
        if verb == "dispatch":
            form = DispatchForm(request.POST, user=user)
            if not form.is_valid():
                raise ValidationError(_("请选择您范围内的承办部门"))
            actions.dispatch_ticket(user, ticket, form.cleaned_data["department"], tier=form.cleaned_data["tier"] or None,
                                    note=form.cleaned_data["note"])
            done = _("已派单。")
        elif verb == "sign":
            actions.sign_ticket(user, ticket)
            done = _("已签收。")
        elif verb == "bounce":
            actions.bounce_ticket(user, ticket, reason=request.POST.get("text", ""))
            done = _("已退单。")
        elif verb == "reply":
            actions.reply_ticket(user, ticket, text=request.POST.get("text", ""), attachment=request.FILES.get("attachment"))
            done = _("答复已提交。")
        elif verb == "extend":
            form = ExtensionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写延期天数和理由"))
            actions.request_extension(user, ticket, days=form.cleaned_data["days"], reason=form.cleaned_data["text"])
            done = _("延期申请已提交，待审核。")
        elif verb == "exempt":
            actions.request_exemption(user, ticket, reason=request.POST.get("text", ""))
            done = _("不计满意度申请已提交，待审核。")
        elif verb == "review":
            form = ReviewForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择审核结论"))
            req = get_object_or_404(Request, pk=form.cleaned_data["request"], ticket=ticket)
            actions.review_request(user, req, approve=form.cleaned_data["approve"], note=form.cleaned_data["text"])
            done = _("审核完成。")
        elif verb == "follow_up":
            form = FollowUpForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写回访记录"))
            d = form.cleaned_data
            actions.follow_up_ticket(user, ticket, note=d["text"], satisfaction=d["satisfaction"], resolution=d["resolution"])
            done = _("回访已记录。")
        elif verb == "close":
            actions.close_ticket(user, ticket, note=request.POST.get("text", ""))
            done = _("已办结。")
        elif verb in ("bad_follow_up", "rectify"):
            actions.record_bad_rating_step(user, ticket, step="follow_up" if verb == "bad_follow_up" else "rectify",
                                           text=request.POST.get("text", ""))
        elif verb == "contact":
            contact = actions.read_contact(user, ticket)
            return render(request, "tickets/contact.html", {"ticket": ticket, "contact": contact})
        else:
            raise Http404
        messages.success(request, done)
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect(ticket.get_absolute_url())


@require_GET
@role_required(*STAFF)
def kpi_page(request):
    rows = kpis.monthly(policies.visible_tickets(request.user))
    return render(request, "tickets/kpi.html", {"rows": rows})


@require_GET
@role_required(*STAFF)
def hotspot_page(request):
    return render(request, "tickets/hotspots.html", {"spots": repeats.hotspots(policies.visible_tickets(request.user))})


# ----------------------------------------------------------------------------------------- tip-offs


def _reader(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not policies.is_tipoff_reader(request.user):
        raise PermissionDenied


@require_GET
def tipoff_list(request):
    if not request.user.is_authenticated:
        return redirect(f"/login/?next={request.path}")
    _reader(request)
    return render(request, "tickets/tipoff_list.html", {"tips": policies.visible_tipoffs(request.user)[:200]})


@require_http_methods(["GET", "POST"])
def tipoff_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect(f"/login/?next={request.path}")
    _reader(request)
    tip = policies.visible_tipoffs(request.user).filter(pk=pk).first()
    if tip is None:
        raise Http404
    identity = None
    form = TipOffHandleForm(initial={"status": tip.status})
    if request.method == "POST":
        if request.POST.get("reveal"):
            identity = actions.read_identity(request.user, tip)
        else:
            form = TipOffHandleForm(request.POST)
            if form.is_valid():
                try:
                    actions.handle_tipoff(request.user, tip, status=form.cleaned_data["status"], note=form.cleaned_data["text"],
                                          public_note=form.cleaned_data["public_note"])
                    messages.success(request, _("已记录。"))
                    return redirect(f"/tipoffs/{tip.pk}/")
                except (ValidationError, PermissionDenied) as exc:
                    _fail(request, exc)
    else:
        actions.view_tipoff(request.user, tip)
    return render(request, "tickets/tipoff_detail.html", {"tip": tip, "identity": identity, "form": form,
                                                          "notes": tip.notes.all()})


@require_http_methods(["GET", "POST"])
@role_required(Role.SECURITY_ADMIN)
def tipoff_readers(request):
    form = ReaderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        try:
            if user is None:
                raise ValidationError(_("没有该用户"))
            if request.POST.get("revoke"):
                actions.revoke_reader(request.user, user)
            else:
                actions.designate_reader(request.user, user)
            messages.success(request, _("已更新。"))
            return redirect("/tipoffs/readers/")
        except ValidationError as exc:
            _fail(request, exc)
    return render(request, "tickets/tipoff_readers.html", {"form": form, "readers": TipOffReader.objects.select_related("user")})


@require_http_methods(["GET", "POST"])
@role_required(Role.SYSTEM_ADMIN)
def api_keys(request):
    form = ApiKeyForm(request.POST or None)
    issued = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            actions.revoke_api_key(request.user, get_object_or_404(ApiKey, pk=request.POST["revoke"]))
            messages.success(request, _("密钥已吊销。"))
            return redirect("/tickets/keys/")
        if form.is_valid():
            _row, issued = actions.issue_api_key(request.user, name=form.cleaned_data["name"])
    return render(request, "tickets/api_keys.html", {"form": form, "keys": ApiKey.objects.all(), "issued": issued,
                                                     "is_admin": has_role(request.user, Role.SYSTEM_ADMIN)})
