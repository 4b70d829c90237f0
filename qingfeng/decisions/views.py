"""三重一大 pages: topics, meetings and decisions in the user's scope; a topic's dossier (review, consultation,
tabling, execution links); a meeting's record (attendance, recusals, opinions with the principal last, the
decision, closing and the minutes' verification); and the public list of decisions on the portal (no opinions,
no names)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.models import Role
from qingfeng.core.policies import scope_queryset
from qingfeng.web.access import role_required

from . import actions, forms, policies
from .models import AgendaItem, Decision, MajorMatterCatalogue, MeetingStatus, Method, Recusal, TopicStatus

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)


def _error(request, exc):
    messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def decision_list(request):
    user = request.user
    topic_form = forms.TopicForm(request.POST if request.POST.get("form") == "topic" else None, user=user)
    meeting_form = forms.MeetingForm(request.POST if request.POST.get("form") == "meeting" else None, user=user)
    catalogue_form = forms.CatalogueForm(request.POST if request.POST.get("form") == "catalogue" else None, user=user)
    if request.method == "POST":
        try:
            if catalogue_form.is_bound and catalogue_form.is_valid():
                actions.set_catalogue(user, **catalogue_form.cleaned_data)
                messages.success(request, _("已公布重大事项金额标准。"))
                return redirect("decisions:list")
            if topic_form.is_bound and topic_form.is_valid():
                d = topic_form.cleaned_data
                topic = actions.create_topic(user, department=d["department"], title=d["title"], proposal=d["proposal"],
                                             amount=d["amount"], touches_public=d["touches_public"],
                                             interested_companies=d["companies"], interested_people=d["people"])
                return redirect(topic.get_absolute_url())
            if meeting_form.is_bound and meeting_form.is_valid():
                d = meeting_form.cleaned_data
                meeting = actions.schedule_meeting(user, department=d["department"], title=d["title"], held_at=d["held_at"],
                                                   principal=d["principal"], members=list(d["members"]), place=d["place"])
                return redirect(meeting.get_absolute_url())
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
    return render(request, "decisions/list.html", {
        "topics": policies.visible_topics(user).select_related("department")[:200],
        "meetings": policies.visible_meetings(user).select_related("department")[:200],
        "decisions": policies.visible_decisions(user).select_related("department", "topic")[:200],
        "topic_form": topic_form if topic_form.fields["department"].queryset.exists() else None,
        "meeting_form": meeting_form if meeting_form.fields["department"].queryset.exists() else None,
        "catalogue_form": catalogue_form if catalogue_form.fields["department"].queryset.exists() else None,
        "catalogues": scope_queryset(user, MajorMatterCatalogue.objects.select_related("department")),
    })


def _topic(request, pk):
    topic = policies.visible_topics(request.user).select_related("department").filter(pk=pk).first()
    if topic is None:
        raise Http404
    return topic


@require_GET
@role_required(*STAFF)
def topic_detail(request, pk):
    topic = _topic(request, pk)
    decision = Decision.objects.filter(topic=topic).first()
    acts = {}
    if policies.records_for(request.user, topic.department_id):
        if topic.status == TopicStatus.DRAFT:
            if topic.review_requested_at is None:
                acts["request_review"] = True
            if topic.touches_public:
                acts["consult"] = forms.ConsultationForm()
            acts["table"] = forms.TableForm(topic=topic)
            acts["circulate"] = forms.CirculateForm()
        if decision is not None:
            acts["link"] = forms.LinkForm()
    review_form = None
    if (topic.status == TopicStatus.DRAFT and topic.review_requested_at and not topic.reviewed_at
            and topic.created_by != request.user.get_username() and policies.reviews(request.user)):
        review_form = forms.ReviewForm()
    return render(request, "decisions/topic.html", {"topic": topic, "gaps": actions.dossier_gaps(topic), "decision": decision,
                                                    "acts": acts, "review_form": review_form,
                                                    "links": decision.links.all() if decision else []})


@require_POST
@role_required(*STAFF)
def topic_act(request, pk, verb):
    topic = _topic(request, pk)
    u = request.user
    try:
        if verb == "request_review":
            actions.request_legality_review(u, topic)
        elif verb == "review":
            form = forms.ReviewForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写审查结论和意见"))
            actions.record_legality_review(u, topic, lawful=form.cleaned_data["lawful"], opinion=form.cleaned_data["opinion"])
        elif verb == "consult":
            form = forms.ConsultationForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写征求意见的起止日期和采纳情况"))
            actions.record_consultation(u, topic, **form.cleaned_data)
        elif verb == "table":
            form = forms.TableForm(request.POST, topic=topic)
            if not form.is_valid():
                raise ValidationError(_("请选择本单位待召开的会议"))
            item = actions.table_topic(u, form.cleaned_data["meeting"], topic)
            return redirect(item.meeting.get_absolute_url())
        elif verb == "circulate":
            form = forms.CirculateForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写决定"))
            actions.record_circulated_decision(u, topic, **form.cleaned_data)
        elif verb == "link":
            form = forms.LinkForm(request.POST)
            decision = Decision.objects.filter(topic=topic).first()
            if not form.is_valid() or decision is None:
                raise ValidationError(_("请填写合同编号或支付凭证号"))
            actions.link_execution(u, decision, **form.cleaned_data)
        else:
            raise Http404
        messages.success(request, _("已提交。"))
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    return redirect(topic.get_absolute_url())


def _meeting(request, pk):
    meeting = policies.visible_meetings(request.user).select_related("department", "principal").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


@require_GET
@role_required(*STAFF)
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    records = policies.records_for(request.user, meeting.department_id) and meeting.status == MeetingStatus.SCHEDULED
    items = []
    for item in meeting.items.select_related("topic"):
        decision = Decision.objects.filter(item=item).first()
        recusals = item.recusals.select_related("member__person")
        items.append({
            "item": item, "opinions": item.opinions.select_related("member__person"), "decision": decision,
            "recusals": [(r, forms.RecusalForm(initial={"recusal": r.pk}) if records and r.recused is None else None)
                         for r in recusals],
            "opinion_form": forms.OpinionForm(meeting=meeting, initial={"item": item.pk}) if records and not decision else None,
            "decide_form": forms.DecideForm(initial={"item": item.pk}) if records and not decision else None,
        })
    return render(request, "decisions/meeting.html", {
        "meeting": meeting, "members": meeting.members.select_related("person"), "items": items,
        "quorum": actions.has_quorum(meeting), "records": records,
        "attendance_form": forms.AttendanceForm(meeting=meeting) if records else None,
        "problems": actions.verify_minutes(meeting) if meeting.status == MeetingStatus.CLOSED else None})


@require_POST
@role_required(*STAFF)
def meeting_act(request, pk, verb):
    meeting = _meeting(request, pk)
    u = request.user
    try:
        if verb == "attendance":
            form = forms.AttendanceForm(request.POST, meeting=meeting)
            if not form.is_valid():
                raise ValidationError(_("请勾选出席人员"))
            actions.record_attendance(u, meeting, list(form.cleaned_data["present"]))
        elif verb == "recusal":
            form = forms.RecusalForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择是否回避"))
            recusal = get_object_or_404(Recusal, pk=form.cleaned_data["recusal"], item__meeting=meeting)
            actions.answer_recusal(u, recusal, recuse=form.cleaned_data["recuse"], reason=form.cleaned_data["reason"])
        elif verb == "opinion":
            form = forms.OpinionForm(request.POST, meeting=meeting)
            if not form.is_valid():
                raise ValidationError(_("请选择发言人和表态"))
            item = get_object_or_404(AgendaItem, pk=form.cleaned_data["item"], meeting=meeting)
            actions.record_opinion(u, item, form.cleaned_data["person"], stance=form.cleaned_data["stance"],
                                   text=form.cleaned_data["text"])
        elif verb == "decide":
            form = forms.DecideForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写决定"))
            d = form.cleaned_data
            item = get_object_or_404(AgendaItem, pk=d["item"], meeting=meeting)
            actions.decide(u, item, outcome=d["outcome"], text=d["text"], dissent=d["dissent"], override_reason=d["override_reason"])
        elif verb == "close":
            actions.close_meeting(u, meeting)
        else:
            raise Http404
        messages.success(request, _("已提交。"))
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    return redirect(meeting.get_absolute_url())


@require_GET
def portal(request):
    decisions = (Decision.objects.filter(method=Method.MEETING).select_related("department", "topic", "item__meeting")
                 .order_by("-decided_at")[:300])
    return render(request, "decisions/portal.html", {"decisions": decisions})
