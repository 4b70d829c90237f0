"""Accountability pages: the year's overview (letters and pledges), talks and their follow-up, the talk
compliance matrix, appointment notices, sanctions, the per-official integrity file, 容错纠错 and 学法.
Every list and picker is limited to the viewer's data scope (accountability.policies)."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qingfeng.core.models import Role
from qingfeng.web.access import role_required

from . import actions, compliance, policies
from .forms import (
    AppointmentForm,
    CampaignForm,
    FollowUpForm,
    LeniencyDecisionForm,
    LeniencyForm,
    PledgeForm,
    SanctionForm,
    StudyForm,
    TalkForm,
)
from .models import Campaign, LeniencyStatus, Pledge, StudySession
from .parameters import SIGN_DUE_MONTH_DAY

READ = policies.READ_ROLES

def _scope(user):
    return policies._ids(user)

def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        latest = Campaign.objects.order_by("-year").first()
        return latest.year if latest else timezone.localdate().year

def _person(user, staff_no: str, label: str):
    person = policies.visible_people(user).filter(staff_no=(staff_no or "").strip()).select_related("department").first()
    if person is None:
        raise ValidationError(_("%(label)s：工号 %(no)s 不在您的数据范围内或不存在") % {"label": label, "no": staff_no})
    return person

def _people(user, text: str, label: str):
    return [_person(user, no, label) for no in re.split(r"[,，\s]+", text or "") if no]

def _error(form, exc):
    form.add_error(None, "；".join(getattr(exc, "messages", None) or [str(exc)]))

@require_GET
@role_required(*READ)
def home(request):
    year, scope = _year(request), _scope(request.user)
    rows = compliance.pledge_rows(year, scope)
    missing = [r for r in rows if r.missing]
    talks = policies.visible_talks(request.user).filter(held_on__year=year)
    today = timezone.localdate()
    overdue = [t for t in talks.filter(follow_up_due__isnull=False).select_related("leader") if t.follow_up_overdue(today)]
    return render(request, "accountability/home.html", {
        "year": year, "campaign": Campaign.objects.filter(year=year).first(), "years": Campaign.objects.all(),
        "leaders": len(rows), "missing": missing[:200], "missing_count": len(missing), "talk_count": talks.count(),
        "overdue": overdue[:50], "sanction_count": policies.visible_sanctions(request.user).filter(decided_on__year=year).count(),
        "pending_leniency": policies.visible_leniency(request.user).filter(status=LeniencyStatus.PENDING).count(),
        "may_open": policies.sanctions(request.user),
    })

@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def campaign_new(request):
    year = timezone.localdate().year
    month, day = (int(x) for x in str(SIGN_DUE_MONTH_DAY.value()).split("-"))
    form = CampaignForm(request.POST or None, initial={"year": year, "sign_due_on": date(year, month, day),
                                                       "closes_on": date(year, 12, 31)})
    if request.method == "POST" and form.is_valid():
        try:
            c = actions.open_campaign(request.user, **form.cleaned_data)
            messages.success(request, _("已保存年度安排。"))
            return redirect(f"/accountability/?year={c.year}")
        except (ValidationError, PermissionDenied) as exc:
            _error(form, exc)
    return render(request, "accountability/form.html", {"form": form, "title": _("年度签订与谈话安排")})

@require_http_methods(["GET", "POST"])
@role_required(*READ)
def pledge_new(request):
    form = PledgeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            person = _person(request.user, d["staff_no"], _("签订人"))
            counterpart = _person(request.user, d["counterpart"], _("签订对象")) if d["counterpart"] else None
            actions.record_pledge(request.user, person=person, kind=d["kind"], year=d["year"], signed_on=d["signed_on"],
                                  signed_copy=d["signed_copy"], counterpart=counterpart)
            messages.success(request, _("已登记。"))
            return redirect("accountability:person", staff_no=person.staff_no)
        except (ValidationError, PermissionDenied) as exc:
            _error(form, exc)
    return render(request, "accountability/form.html", {"form": form, "title": _("登记责任书或承诺书"), "multipart": True})

@require_GET
@role_required(*READ)
def pledge_file(request, pk):
    pledge = get_object_or_404(Pledge.objects.select_related("person"), pk=pk)
    if not policies.can_see_person(request.user, pledge.person):
        raise Http404
    return FileResponse(pledge.file.open("rb"), as_attachment=True, filename=pledge.file_name)

@require_GET
@role_required(*READ)
def talk_list(request):
    year = _year(request)
    talks = policies.visible_talks(request.user).filter(held_on__year=year).select_related("leader", "department")
    return render(request, "accountability/talk_list.html", {"year": year, "talks": talks[:500], "today": timezone.localdate()})

@require_http_methods(["GET", "POST"])
@role_required(*READ)
def talk_new(request):
    form = TalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            talk = actions.record_talk(request.user, kind=d["kind"], leader=_person(request.user, d["leader"], _("谈话人")),
                                       participants=_people(request.user, d["participants"], _("谈话对象")),
                                       held_on=d["held_on"], issues=d["issues"], commitments=d["commitments"],
                                       follow_up_due=d["follow_up_due"])
            messages.success(request, _("已登记谈话。"))
            return redirect(talk.get_absolute_url())
        except (ValidationError, PermissionDenied) as exc:
            _error(form, exc)
    return render(request, "accountability/form.html", {"form": form, "title": _("登记廉政谈话")})

@require_http_methods(["GET", "POST"])
@role_required(*READ)
def talk_detail(request, pk):
    talk = policies.visible_talks(request.user).filter(pk=pk).select_related("leader", "department").first()
    if talk is None:
        raise Http404
    may = policies.records_for(request.user, talk.department_id) and not talk.followed_up_on
    form = FollowUpForm(request.POST or None) if may else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.record_follow_up(request.user, talk, **form.cleaned_data)
                messages.success(request, _("已登记回访。"))
                return redirect(talk.get_absolute_url())
            except (ValidationError, PermissionDenied) as exc:
                _error(form, exc)
    return render(request, "accountability/talk_detail.html", {
        "talk": talk, "participants": talk.participants.select_related("department"), "form": form,
        "overdue": talk.follow_up_overdue(), "appointments": talk.appointments.all()})

@require_GET
@role_required(*READ)
def matrix(request):
    year = _year(request)
    rows = compliance.matrix_rows(year, _scope(request.user))
    only_missing = request.GET.get("missing") == "1"
    missing = sum(1 for r in rows if not r.talks)
    shown = [r for r in rows if not r.talks] if only_missing else rows
    return render(request, "accountability/matrix.html", {"year": year, "rows": shown[:1000], "total": len(rows),
                                                           "missing": missing, "only_missing": only_missing})

@require_http_methods(["GET", "POST"])
@role_required(*READ)
def appointment_new(request):
    form = AppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            person = _person(request.user, d["staff_no"], _("任职人员"))
            actions.issue_appointment(request.user, person=person, post=d["post"], notice_no=d["notice_no"],
                                      issued_on=d["issued_on"])
            messages.success(request, _("已发出任职通知。"))
            return redirect("accountability:person", staff_no=person.staff_no)
        except (ValidationError, PermissionDenied) as exc:
            _error(form, exc)
    return render(request, "accountability/form.html", {"form": form, "title": _("发出任职通知（须先任前谈话）")})

@require_GET
@role_required(*READ)
def sanction_list(request):
    qs = policies.visible_sanctions(request.user).select_related("person", "department").prefetch_related("leniency")
    return render(request, "accountability/sanction_list.html", {"sanctions": qs[:500],
                                                                  "may_record": policies.sanctions(request.user)})

def _linked(user, d):
    from qingfeng.alerts.policies import visible_alerts
    from qingfeng.tickets.policies import visible_tickets

    alert_ids = [int(x) for x in re.findall(r"\d+", d["alerts"] or "")]
    alerts = list(visible_alerts(user).filter(pk__in=alert_ids))
    numbers = [x for x in re.split(r"[,，\s]+", d["tickets"] or "") if x]
    tickets = list(visible_tickets(user).filter(number__in=numbers)) if numbers else []
    if len(alerts) != len(set(alert_ids)) or len(tickets) != len(set(numbers)):
        raise ValidationError(_("有预警或工单编号不存在或不在您的数据范围内"))
    return alerts, tickets

@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def sanction_new(request):
    initial = {k: request.GET[k] for k in ("alerts", "tickets", "staff_no") if k in request.GET}
    form = SanctionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            alerts, tickets = _linked(request.user, d)
            s = actions.record_sanction(request.user, person=_person(request.user, d["staff_no"], _("问责对象")),
                                        kind=d["kind"], decided_on=d["decided_on"], facts=d["facts"], basis=d["basis"],
                                        alerts=alerts, tickets=tickets)
            messages.success(request, _("已登记问责。"))
            return redirect(s.get_absolute_url())
        except (ValidationError, PermissionDenied) as exc:
            _error(form, exc)
    return render(request, "accountability/form.html", {"form": form, "title": _("登记问责")})

@require_GET
@role_required(*policies.APPLY_ROLES)
def sanction_detail(request, pk):
    s = policies.visible_sanctions(request.user).filter(pk=pk).select_related("person", "department").first()
    if s is None:
        raise Http404
    return render(request, "accountability/sanction_detail.html", {
        "s": s, "alerts": s.alerts.all(), "tickets": s.tickets.all(), "leniency": s.leniency.all(),
        "may_apply": policies.may_apply(request.user, s.person)})

@require_GET
@role_required(*READ)
def person_file(request, staff_no):
    person = policies.visible_people(request.user).filter(staff_no=staff_no).select_related("department", "post").first()
    if person is None:
        raise Http404
    study = person.study_attendance.select_related("session").order_by("-session__held_on")
    return render(request, "accountability/person.html", {
        "person": person, "pledges": person.pledges.order_by("-year", "kind"),
        "talks_received": person.talks_received.select_related("leader").order_by("-held_on"),
        "talks_held": person.talks_held.order_by("-held_on")[:50], "appointments": person.appointments.select_related("talk"),
        "sanctions": person.sanctions.prefetch_related("leniency"), "leniency": person.leniency_applications.all(),
        "study": study[:100], "hr_appointments": compliance.imported_appointments(person)})

@require_GET
@role_required(*policies.APPLY_ROLES)
def leniency_list(request):
    qs = policies.visible_leniency(request.user).select_related("applicant__department", "sanction", "alert", "ticket")
    return render(request, "accountability/leniency_list.html", {"items": qs[:500]})

@require_http_methods(["GET", "POST"])
@role_required(*policies.APPLY_ROLES)
def leniency_new(request):
    initial = {k: request.GET[k] for k in ("sanction", "alert", "ticket", "staff_no") if k in request.GET}
    me = policies.person_of(request.user)
    if me is not None and "staff_no" not in initial:
        initial["staff_no"] = me.staff_no
    form = LeniencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            from qingfeng.alerts.policies import visible_alerts
            from qingfeng.tickets.policies import visible_tickets

            sanction = policies.visible_sanctions(request.user).filter(number=d["sanction"]).first() if d["sanction"] else None
            alert = visible_alerts(request.user).filter(pk=d["alert"]).first() if d["alert"] else None
            ticket = visible_tickets(request.user).filter(number=d["ticket"]).first() if d["ticket"] else None
            if (d["sanction"] and sanction is None) or (d["alert"] and alert is None) or (d["ticket"] and ticket is None):
                raise ValidationError(_("所涉问责记录、预警或工单不存在或不在您的数据范围内"))
            item = actions.apply_leniency(request.user, applicant=_person(request.user, d["staff_no"], _("申请人")),
                                          request=d["request"], distinctions=d["distinctions"], statement=d["statement"],
                                          corrected=d["corrected"], sanction=sanction, alert=alert, ticket=ticket)
            messages.success(request, _("已提交容错纠错申请。"))
            return redirect(item.get_absolute_url())
        except (ValidationError, PermissionDenied) as exc:
            _error(form, exc)
    return render(request, "accountability/form.html", {"form": form, "title": _("申请容错纠错")})

@require_http_methods(["GET", "POST"])
@role_required(*policies.APPLY_ROLES)
def leniency_detail(request, pk):
    item = policies.visible_leniency(request.user).filter(pk=pk).select_related("applicant__department").first()
    if item is None:
        raise Http404
    may = item.status == LeniencyStatus.PENDING and policies.sanctions(request.user, item.applicant.department_id)
    form = LeniencyDecisionForm(request.POST or None) if may else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.decide_leniency(request.user, item, **form.cleaned_data)
                messages.success(request, _("已认定。"))
                return redirect(item.get_absolute_url())
            except (ValidationError, PermissionDenied) as exc:
                _error(form, exc)
    return render(request, "accountability/leniency_detail.html", {"item": item, "form": form})

@require_GET
@role_required(*READ)
def study(request):
    year, params = _year(request), compliance.rule_params("ACC-005")
    scope = _scope(request.user)
    rows = [(r, r.short(params)) for r in compliance.study_rows(year, scope)]
    sessions = StudySession.objects.filter(held_on__year=year)
    if scope != policies.ALL:
        sessions = sessions.filter(department__in=scope)
    return render(request, "accountability/study.html", {
        "year": year, "rows": rows[:1000], "short": sum(1 for _r, s in rows if s), "total": len(rows),
        "sessions": sessions[:200], "params": params})

def _attendees(user, text):
    people, scores = [], {}
    for line in (text or "").splitlines():
        parts = [x.strip() for x in re.split(r"[,，\s]+", line.strip()) if x.strip()]
        if not parts:
            continue
        person = _person(user, parts[0], _("参加人员"))
        people.append(person)
        if len(parts) > 1:
            try:
                scores[person] = Decimal(parts[1])
            except InvalidOperation:
                raise ValidationError(_("成绩格式不对：%(line)s") % {"line": line}) from None
    return people, scores

@require_http_methods(["GET", "POST"])
@role_required(*READ)
def study_new(request):
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            people, scores = _attendees(request.user, d["attendees"])
            person = getattr(request.user, "person", None)
            department = person.department if person else (people[0].department if people else None)
            if department is None:
                raise ValidationError(_("至少一名参加人员"))
            actions.record_study(request.user, kind=d["kind"], title=d["title"], held_on=d["held_on"], department=department,
                                 attendees=people, scores=scores)
            messages.success(request, _("已登记。"))
            return redirect(f"/accountability/study/?year={d['held_on'].year}")
        except (ValidationError, PermissionDenied) as exc:
            _error(form, exc)
    return render(request, "accountability/form.html", {"form": form, "title": _("登记学法活动或考试")})

