"""Every change to a 三重一大 topic, meeting or decision: permission (decisions.policies), one transaction,
one ledger event. The procedure is enforced here: no tabling without the dossier, no meeting without a
quorum, the principal speaks last, and nothing changes after the minutes are frozen."""

import hashlib
import json
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import crypto, deadlines, ledger
from qingfeng.core.models import Department, LedgerEvent, Person
from qingfeng.people.models import LINKED, DeclaredRelative, PersonLink

from . import policies
from .models import (
    AgendaItem,
    Decision,
    ExecutionLink,
    LinkKind,
    MajorMatterCatalogue,
    Meeting,
    MeetingStatus,
    Member,
    Method,
    Opinion,
    Outcome,
    Recusal,
    Stance,
    Topic,
    TopicStatus,
)
from .parameters import CONSULTATION_DAYS, LEGALITY_REVIEW_DAYS, QUORUM_SHARE


def _name(actor) -> str:
    return "system" if actor is None else actor if isinstance(actor, str) else actor.get_username()


def _now(actor, at):
    if at is not None and not policies.is_system(actor):
        raise PermissionDenied("只有系统程序可以指定操作时间")
    return at or timezone.now()


def _text(text, label, limit=8000, required=True):
    text = strip_tags(text or "").strip()
    if required and not text:
        raise ValidationError(f"{label}不能为空")
    return text[:limit]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _may(actor, department_id):
    if not policies.records_for(actor, department_id):
        raise PermissionDenied("无权办理：不是本单位的决策事项")


# ------------------------------------------------------------------------------------------ catalogue


@transaction.atomic
def set_catalogue(actor, department: Department, *, threshold, effective_from: date, basis: str) -> MajorMatterCatalogue:
    _may(actor, department.pk)
    row, _created = MajorMatterCatalogue.objects.update_or_create(
        department=department, effective_from=effective_from,
        defaults={"threshold": threshold, "basis": _text(basis, "依据", 200)})
    ledger.append(actor, "decisions.catalogue_set", row, data={"department": department.code, "threshold": str(threshold),
                                                              "effective_from": effective_from.isoformat()})
    return row


# ---------------------------------------------------------------------------------------------- topics


@transaction.atomic
def create_topic(actor, *, department: Department, title: str, proposal: str, touches_public: bool = False, amount=None,
                 interested_companies=(), interested_people=(), at: datetime | None = None) -> Topic:
    now = _now(actor, at)
    _may(actor, department.pk)
    topic = Topic.objects.create(number=f"YT{timezone.localtime(now):%Y%m%d%H%M%S%f}", title=_text(title, "议题", 200),
                                 department=department, proposal=_text(proposal, "方案及说明"), amount=amount,
                                 touches_public=touches_public, created_by=_name(actor), created_at=now)
    topic.number = f"YT{timezone.localtime(now):%Y}{topic.pk:05d}"
    topic.save(update_fields=["number"])
    topic.interested_companies.set(interested_companies)
    topic.interested_people.set(interested_people)
    ledger.append(actor, "decisions.topic_created", topic, data={"number": topic.number, "department": department.code,
                                                                "touches_public": touches_public, "amount": str(amount or ""),
                                                                "proposal_sha256": _sha(topic.proposal)})
    return topic


def _draft(topic: Topic) -> Topic:
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if locked.status != TopicStatus.DRAFT:
        raise ValidationError("议题已上会，卷宗不能再修改")
    return locked


@transaction.atomic
def request_legality_review(actor, topic: Topic, *, at: datetime | None = None) -> Topic:
    """Sends the draft to the legal office; the deadline service allows the review its full working days."""
    now = _now(actor, at)
    _may(actor, topic.department_id)
    topic = _draft(topic)
    topic.review_requested_at = now
    topic.review_due_at = deadlines.compute(now, int(LEGALITY_REVIEW_DAYS.value()), LEGALITY_REVIEW_DAYS.unit).due
    topic.save(update_fields=["review_requested_at", "review_due_at"])
    ledger.append(actor, "decisions.review_requested", topic, data={"number": topic.number,
                                                                   "due_at": topic.review_due_at.isoformat()})
    return topic


@transaction.atomic
def record_legality_review(actor, topic: Topic, *, lawful: bool, opinion: str, at: datetime | None = None) -> Topic:
    now = _now(actor, at)
    topic = _draft(topic)
    if topic.review_requested_at is None:
        raise ValidationError("议题尚未送合法性审查")
    if not policies.reviews(actor):
        raise PermissionDenied("无权录入合法性审查意见：合法性审查由法制审核机构的工作人员录入")
    if not policies.is_system(actor) and topic.created_by == _name(actor):
        raise PermissionDenied("议题承办人不能审查自己的议题")
    topic.review_lawful, topic.review_opinion = lawful, _text(opinion, "审查意见")
    topic.reviewed_by, topic.reviewed_at = _name(actor), now
    topic.save()
    ledger.append(actor, "decisions.reviewed", topic, data={"number": topic.number, "lawful": lawful,
                                                           "opinion_sha256": _sha(topic.review_opinion)})
    return topic


@transaction.atomic
def record_consultation(actor, topic: Topic, *, start: date, end: date, feedback: str, short_reason: str = "",
                        at: datetime | None = None) -> Topic:
    """The public consultation and what became of its feedback; a period shorter than the minimum needs a reason."""
    _now(actor, at)
    _may(actor, topic.department_id)
    topic = _draft(topic)
    if end < start:
        raise ValidationError("征求意见截止日期早于开始日期")
    days = (end - start).days + 1
    short_reason = _text(short_reason, "缩短理由", 2000, required=False)
    if days < int(CONSULTATION_DAYS.value()) and not short_reason:
        raise ValidationError(f"征求意见期限 {days} 日，少于 {CONSULTATION_DAYS.value()} 日，须说明缩短理由")
    topic.consultation_start, topic.consultation_end = start, end
    topic.consultation_short_reason, topic.consultation_feedback = short_reason, _text(feedback, "意见采纳情况")
    topic.save()
    ledger.append(actor, "decisions.consulted", topic, data={"number": topic.number, "start": start.isoformat(),
                                                            "end": end.isoformat(), "days": days, "shortened": bool(short_reason)})
    return topic


def dossier_gaps(topic: Topic, on: date | None = None) -> list[str]:
    """What the dossier still lacks for the topic to be tabled (empty: complete)."""
    gaps = []
    if not topic.proposal:
        gaps.append("缺少方案及说明")
    if topic.review_requested_at is None or topic.reviewed_at is None:
        gaps.append("未经合法性审查")
    elif not topic.review_lawful:
        gaps.append("合法性审查结论为不合法")
    if topic.touches_public:
        if topic.consultation_end is None or not topic.consultation_feedback:
            gaps.append("涉及公众切身利益，未公开征求意见或缺少意见采纳情况")
        elif on is not None and topic.consultation_end >= on:
            gaps.append("公开征求意见尚未结束")
    return gaps


# --------------------------------------------------------------------------------------------- meetings


def _open(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != MeetingStatus.SCHEDULED:
        raise ValidationError("会议已闭会，纪要已锁定，不能再修改")
    return locked


@transaction.atomic
def schedule_meeting(actor, *, department: Department, title: str, held_at: datetime, principal: Person, members,
                     place: str = "", at: datetime | None = None) -> Meeting:
    now = _now(actor, at)
    _may(actor, department.pk)
    members = list(dict.fromkeys([principal, *members]))
    if len(members) < 3:
        raise ValidationError("集体决策会议至少 3 名组成人员")
    meeting = Meeting.objects.create(number=f"HY{timezone.localtime(now):%Y%m%d%H%M%S%f}", title=_text(title, "会议名称", 200),
                                     department=department, held_at=held_at, place=place[:100], principal=principal)
    meeting.number = f"HY{timezone.localtime(held_at):%Y}{meeting.pk:05d}"
    meeting.save(update_fields=["number"])
    Member.objects.bulk_create([Member(meeting=meeting, person=p) for p in members])
    ledger.append(actor, "decisions.meeting_scheduled", meeting, data={
        "number": meeting.number, "department": department.code, "held_at": held_at.isoformat(),
        "principal": principal.staff_no, "members": [p.staff_no for p in members]})
    return meeting


def _interests(person_ids, companies, people) -> dict[int, list[str]]:
    """Why each member is interested: a role (his or a declared relative's) in an interested company, being an
    interested person, or having one as a declared relative (matched on the keyed ID hash)."""
    out: dict[int, list[str]] = {}
    for p in people:
        if p.pk in person_ids:
            out.setdefault(p.pk, []).append("本人为利害关系人")
    hashes = {p.id_hash: p for p in people if p.id_hash}
    for r in DeclaredRelative.objects.filter(official_id__in=person_ids, id_hash__in=list(hashes)):
        out.setdefault(r.official_id, []).append(f"其{r.get_relation_display()}为利害关系人")
    for link in (PersonLink.objects.filter(person_id__in=person_ids, role__company__in=companies, status__in=LINKED)
                 .select_related("role__company", "relative")):
        who = "本人" if link.relative_id is None else f"其{link.relative.get_relation_display()}"
        out.setdefault(link.person_id, []).append(f"{who}在{link.role.company.name}任{link.role.get_kind_display()}")
    return {k: list(dict.fromkeys(v)) for k, v in out.items()}


@transaction.atomic
def table_topic(actor, meeting: Meeting, topic: Topic, *, at: datetime | None = None) -> AgendaItem:
    """Puts a topic on the agenda: refused without its full dossier. Members linked in the registries to an
    interested company are prompted to recuse (a Recusal row awaiting their answer)."""
    _now(actor, at)
    meeting = _open(meeting)
    _may(actor, meeting.department_id)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.status != TopicStatus.DRAFT:
        raise ValidationError("议题已上会")
    gaps = dossier_gaps(topic, timezone.localtime(meeting.held_at).date())
    if gaps:
        raise ValidationError("议题卷宗不全，不得提交会议讨论：" + "；".join(gaps))
    item = AgendaItem.objects.create(meeting=meeting, topic=topic, order=meeting.items.count() + 1)
    topic.status = TopicStatus.TABLED
    topic.save(update_fields=["status"])
    members = {m.person_id: m for m in meeting.members.all()}
    prompts = _interests(list(members), list(topic.interested_companies.all()), list(topic.interested_people.all()))
    for person_id, reasons in prompts.items():
        Recusal.objects.create(item=item, member=members[person_id], reason="；".join(reasons)[:300])
    ledger.append(actor, "decisions.tabled", item, data={"meeting": meeting.number, "topic": topic.number,
                                                        "recusal_prompts": sorted(members[p].person.staff_no for p in prompts)})
    return item


@transaction.atomic
def record_attendance(actor, meeting: Meeting, present, *, at: datetime | None = None) -> Meeting:
    _now(actor, at)
    meeting = _open(meeting)
    _may(actor, meeting.department_id)
    ids = {p.pk for p in present}
    for m in meeting.members.all():
        m.present = m.person_id in ids
        m.save(update_fields=["present"])
    ledger.append(actor, "decisions.attendance", meeting, data={"meeting": meeting.number, "present": len(ids),
                                                               "members": meeting.members.count(), "quorum": has_quorum(meeting)})
    return meeting


def has_quorum(meeting: Meeting) -> bool:
    total = meeting.members.count()
    return total > 0 and meeting.members.filter(present=True).count() > total * float(QUORUM_SHARE.value())


@transaction.atomic
def answer_recusal(actor, recusal: Recusal, *, recuse: bool, reason: str = "", at: datetime | None = None) -> Recusal:
    _now(actor, at)
    recusal = Recusal.objects.select_for_update().select_related("item__meeting", "member__person").get(pk=recusal.pk)
    _open(recusal.item.meeting)
    _may(actor, recusal.item.meeting.department_id)
    if recusal.item.opinions.filter(member=recusal.member).exists():
        raise ValidationError("已发表意见，不能再改变回避决定")
    if not recuse:
        reason = _text(reason, "不回避的说明", 2000)
    recusal.recused, recusal.declined_reason = recuse, reason if not recuse else ""
    recusal.save()
    ledger.append(actor, "decisions.recusal", recusal.item, data={"member": recusal.member.person.staff_no, "recused": recuse})
    return recusal


def speakers(item: AgendaItem) -> list[Member]:
    """Members who speak on the item: present and not recused (the principal among them)."""
    recused = set(item.recusals.filter(recused=True).values_list("member_id", flat=True))
    return [m for m in item.meeting.members.filter(present=True).select_related("person") if m.pk not in recused]


@transaction.atomic
def record_opinion(actor, item: AgendaItem, person: Person, *, stance: str, text: str = "",
                   at: datetime | None = None) -> Opinion:
    """One member's opinion. The principal speaks last: only once every other speaker has spoken."""
    now = _now(actor, at)
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    meeting = _open(item.meeting)
    _may(actor, meeting.department_id)
    if stance not in Stance.values:
        raise ValidationError(f"未知表态 {stance!r}")
    if not has_quorum(meeting):
        raise ValidationError("到会人数未过半数，会议不能举行")
    if hasattr(item, "decision"):
        raise ValidationError("该议题已作出决定")
    member = meeting.members.filter(person=person).first()
    if member is None or not member.present:
        raise ValidationError("只有出席会议的组成人员可以发表意见")
    pending = item.recusals.filter(member=member).first()
    if pending is not None and pending.recused is None:
        raise ValidationError("请先就回避提示作出决定")
    if pending is not None and pending.recused:
        raise ValidationError("已回避的成员不参与讨论")
    if person.pk == meeting.principal_id:
        silent = [m.person.name for m in speakers(item)
                  if m.person_id != meeting.principal_id and not item.opinions.filter(member=m).exists()]
        if silent:
            raise ValidationError("主要负责人应最后发表意见；尚未发言：" + "、".join(silent))
    opinion = Opinion.objects.create(item=item, member=member, stance=stance, text=_text(text, "意见", 4000, required=False),
                                     at=now)
    ledger.append(actor, "decisions.opinion", item, data={"meeting": meeting.number, "member": person.staff_no,
                                                         "stance": stance, "text_sha256": _sha(opinion.text)})
    return opinion


def majority(item: AgendaItem) -> str | None:
    """The stance more than half of the speaking members other than the principal took, if any."""
    principal = item.meeting.principal_id
    others = [o.stance for o in item.opinions.select_related("member") if o.member.person_id != principal]
    for stance in Stance.values:
        if others and others.count(stance) * 2 > len(others):
            return stance
    return None


STANCE_OF = {Outcome.APPROVED: Stance.AGREE, Outcome.REJECTED: Stance.DISAGREE, Outcome.AMENDED: Stance.AMEND,
             Outcome.DEFERRED: Stance.DEFER}


def _decision_number(now) -> str:
    return f"JC{timezone.localtime(now):%Y%m%d%H%M%S%f}"


@transaction.atomic
def decide(actor, item: AgendaItem, *, outcome: str, text: str, dissent: str = "", override_reason: str = "",
           at: datetime | None = None) -> Decision:
    """The meeting's decision on an item, after every speaker (the principal last) has spoken. A principal who
    overrides the majority must give the reason, which the minutes keep."""
    now = _now(actor, at)
    item = AgendaItem.objects.select_related("meeting", "topic").get(pk=item.pk)
    meeting = _open(item.meeting)
    _may(actor, meeting.department_id)
    if outcome not in Outcome.values:
        raise ValidationError(f"未知决定 {outcome!r}")
    if not has_quorum(meeting):
        raise ValidationError("到会人数未过半数，会议不能作出决定")
    spoken = set(item.opinions.values_list("member_id", flat=True))
    silent = [m.person.name for m in speakers(item) if m.pk not in spoken]
    if silent:
        raise ValidationError("尚有组成人员未发表意见：" + "、".join(silent))
    most = majority(item)
    override_reason = _text(override_reason, "理由", 4000, required=False)
    if most is not None and STANCE_OF[outcome] != most and not override_reason:
        raise ValidationError("决定与多数组成人员意见不一致，主要负责人须说明理由")
    dissenters = [o for o in item.opinions.select_related("member__person") if o.stance != STANCE_OF[outcome]]
    dissent = _text(dissent, "不同意见", 4000, required=False)
    if dissenters and not dissent:
        dissent = "；".join(f"{o.member.person.name}：{o.get_stance_display()}{('，' + o.text) if o.text else ''}"
                           for o in dissenters)
    decision = Decision.objects.create(number=_decision_number(now), topic=item.topic, item=item,
                                       department=item.topic.department, method=Method.MEETING, outcome=outcome,
                                       text=_text(text, "决定事项"), dissent=dissent, override_reason=override_reason,
                                       decided_at=now, recorded_by=_name(actor))
    decision.number = f"JC{timezone.localtime(now):%Y}{decision.pk:05d}"
    decision.save(update_fields=["number"])
    Topic.objects.filter(pk=item.topic_id).update(status=TopicStatus.DECIDED)
    ledger.append(actor, "decisions.decided", decision, data={"number": decision.number, "meeting": meeting.number,
                                                             "topic": item.topic.number, "outcome": outcome,
                                                             "override": bool(override_reason), "dissent": bool(dissent)})
    return decision


@transaction.atomic
def record_circulated_decision(actor, topic: Topic, *, outcome: str, text: str, at: datetime | None = None) -> Decision:
    """A decision taken by circulating papers or collecting signatures instead of a meeting. Recorded as it
    happened, so that the record is complete — and rule DEC-003 raises it, since it replaces collective decision."""
    now = _now(actor, at)
    _may(actor, topic.department_id)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if hasattr(topic, "decision"):
        raise ValidationError("该议题已有决定")
    decision = Decision.objects.create(number=_decision_number(now), topic=topic, department=topic.department,
                                       method=Method.CIRCULATION, outcome=outcome, text=_text(text, "决定事项"),
                                       decided_at=now, recorded_by=_name(actor))
    decision.number = f"JC{timezone.localtime(now):%Y}{decision.pk:05d}"
    decision.save(update_fields=["number"])
    topic.status = TopicStatus.DECIDED
    topic.save(update_fields=["status"])
    ledger.append(actor, "decisions.decided", decision, data={"number": decision.number, "topic": topic.number,
                                                             "outcome": outcome, "method": Method.CIRCULATION})
    return decision


# ---------------------------------------------------------------------------------------------- minutes


def minutes_document(meeting: Meeting) -> str:
    """The minutes as canonical JSON, rebuilt from the rows: who attended, recusals, every opinion in order,
    each decision with its dissent and any override reason."""
    members = list(meeting.members.select_related("person").order_by("pk"))
    items = []
    for item in meeting.items.select_related("topic").order_by("order", "pk"):
        decision = Decision.objects.filter(item=item).first()
        items.append({
            "topic": item.topic.number, "title": item.topic.title,
            "recusals": [{"member": r.member.person.staff_no, "reason": r.reason, "recused": r.recused,
                          "declined_reason": r.declined_reason} for r in item.recusals.select_related("member__person").order_by("pk")],
            "opinions": [{"member": o.member.person.staff_no, "stance": o.stance, "text": o.text}
                         for o in item.opinions.select_related("member__person").order_by("at", "pk")],
            "decision": None if decision is None else {
                "number": decision.number, "outcome": decision.outcome, "text": decision.text, "dissent": decision.dissent,
                "override_reason": decision.override_reason},
        })
    doc = {"meeting": meeting.number, "title": meeting.title, "department": meeting.department.code,
           "held_at": meeting.held_at.isoformat(), "place": meeting.place, "principal": meeting.principal.staff_no,
           "members": [{"member": m.person.staff_no, "name": m.person.name, "present": m.present} for m in members],
           "items": items}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@transaction.atomic
def close_meeting(actor, meeting: Meeting, *, at: datetime | None = None) -> Meeting:
    """Freezes the minutes: their text and hash are stored and the hash enters the ledger; nothing of the
    meeting can be recorded after this."""
    now = _now(actor, at)
    meeting = _open(meeting)
    _may(actor, meeting.department_id)
    if not has_quorum(meeting):
        raise ValidationError("到会人数未过半数，会议不能举行，不能形成纪要")
    undecided = [i.topic.number for i in meeting.items.select_related("topic") if not Decision.objects.filter(item=i).exists()]
    if undecided:
        raise ValidationError("尚有议题未作决定：" + "、".join(undecided))
    meeting.minutes = minutes_document(meeting)
    meeting.minutes_hash = crypto.digest(meeting.minutes.encode())
    meeting.status, meeting.closed_at = MeetingStatus.CLOSED, now
    meeting.save()
    ledger.append(actor, "decisions.meeting_closed", meeting, data={"meeting": meeting.number, "minutes_hash": meeting.minutes_hash})
    return meeting


def verify_minutes(meeting: Meeting) -> list[str]:
    """Problems with a closed meeting's minutes (empty: intact). Rebuilds the minutes from the rows, compares
    them with the frozen text, the frozen text with its hash, and the hash with the one the ledger holds."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.status != MeetingStatus.CLOSED:
        return ["会议尚未闭会，纪要未锁定"]
    problems = []
    if crypto.digest(meeting.minutes.encode()) != meeting.minutes_hash:
        problems.append("纪要正文与锁定时的哈希不符（纪要被改动）")
    if minutes_document(meeting) != meeting.minutes:
        problems.append("会议记录（出席、意见或决定）与锁定的纪要不符（闭会后被改动）")
    event = LedgerEvent.objects.filter(action="decisions.meeting_closed", object_type="decisions.meeting",
                                       object_id=str(meeting.pk)).order_by("-seq").first()
    if event is None or event.data.get("minutes_hash") != meeting.minutes_hash:
        problems.append("台账中记录的纪要哈希与当前哈希不符")
    return problems


# ------------------------------------------------------------------------------------------ execution


@transaction.atomic
def link_execution(actor, decision: Decision, *, kind: str, reference: str, at: datetime | None = None) -> ExecutionLink:
    """Links a contract or payment to the decision it carries out; an unfavourable decision carries nothing out."""
    now = _now(actor, at)
    _may(actor, decision.department_id)
    if kind not in LinkKind.values:
        raise ValidationError(f"未知类型 {kind!r}")
    if decision.outcome not in (Outcome.APPROVED, Outcome.AMENDED):
        raise ValidationError("未通过的决策不能作为执行依据")
    reference = _text(reference, "编号", 64)
    if ExecutionLink.objects.filter(kind=kind, reference=reference).exists():
        raise ValidationError(f"{reference} 已关联其他决策")
    link = ExecutionLink.objects.create(decision=decision, kind=kind, reference=reference, linked_by=_name(actor), linked_at=now)
    ledger.append(actor, "decisions.linked", decision, data={"decision": decision.number, "kind": kind, "reference": reference})
    return link

