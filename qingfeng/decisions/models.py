"""三重一大 and 重大行政决策: a decision body's catalogue of major matters (with its amount), topics and
their dossier (proposal, legality review, public consultation), meetings with attendance, recusals and each
member's opinion, the decisions they take (or that were taken by circulation instead), and the contracts
and payments that carry a decision out. Minutes are frozen into a hash when the meeting closes."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person


class MajorMatterCatalogue(models.Model):
    """The 决策事项目录和标准 a decision body publishes: spending at or above ``threshold`` is a major matter."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("决策单位"))
    threshold = models.DecimalField(_("重大事项金额标准（元）"), max_digits=16, decimal_places=2)
    effective_from = models.DateField(_("生效日期"))
    basis = models.CharField(_("依据"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "effective_from"], name="one_catalogue_per_day")]
        ordering = ["department__code", "-effective_from"]
        verbose_name = _("重大事项目录")
        verbose_name_plural = _("重大事项目录")

    def __str__(self) -> str:
        return f"{self.department} ≥ {self.threshold}"


class TopicStatus(models.TextChoices):
    DRAFT = "draft", _("准备中")
    TABLED = "tabled", _("已上会")
    DECIDED = "decided", _("已决策")


class Topic(models.Model):
    number = models.CharField(_("议题编号"), max_length=32, unique=True)
    title = models.CharField(_("议题"), max_length=200)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="decision_topics",
                                   verbose_name=_("承办单位"))
    proposal = models.TextField(_("方案及说明"))
    amount = models.DecimalField(_("涉及金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    touches_public = models.BooleanField(_("涉及社会公众切身利益"), default=False)
    interested_companies = models.ManyToManyField("people.Company", blank=True, related_name="+",
                                                  verbose_name=_("利害关系企业"))
    interested_people = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("利害关系人（如拟任免人选）"))
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("状态"), max_length=16, choices=TopicStatus.choices, default=TopicStatus.DRAFT)
    review_requested_at = models.DateTimeField(_("送合法性审查"), null=True, blank=True)
    review_due_at = models.DateTimeField(_("审查期限"), null=True, blank=True)
    review_opinion = models.TextField(_("合法性审查意见"), blank=True)
    review_lawful = models.BooleanField(_("审查结论：合法"), null=True)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    consultation_start = models.DateField(_("征求意见开始"), null=True, blank=True)
    consultation_end = models.DateField(_("征求意见截止"), null=True, blank=True)
    consultation_short_reason = models.TextField(_("缩短征求意见期限的理由"), blank=True)
    consultation_feedback = models.TextField(_("意见采纳情况"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("决策议题")
        verbose_name_plural = _("决策议题")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return f"/decisions/topics/{self.pk}/"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("待召开")
    CLOSED = "closed", _("已闭会")


class Meeting(models.Model):
    number = models.CharField(_("会议编号"), max_length=32, unique=True)
    title = models.CharField(_("会议名称"), max_length=200)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="decision_meetings",
                                   verbose_name=_("决策机关"))
    held_at = models.DateTimeField(_("召开时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    principal = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("主要负责人"))
    status = models.CharField(_("状态"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    closed_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("会议纪要（闭会时冻结）"), blank=True)
    minutes_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-held_at", "-pk"]
        verbose_name = _("决策会议")
        verbose_name_plural = _("决策会议")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return f"/decisions/meetings/{self.pk}/"


class Member(models.Model):
    """A member of the meeting (组成人员): attendance, and a recusal with its reason."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("出席"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_member_per_meeting")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.meeting.number} {self.person}"


class Outcome(models.TextChoices):
    APPROVED = "approved", _("同意")
    REJECTED = "rejected", _("不同意")
    AMENDED = "amended", _("修改后通过")
    DEFERRED = "deferred", _("暂缓")


class Stance(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")
    AMEND = "amend", _("修改")
    DEFER = "defer", _("暂缓")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    topic = models.OneToOneField(Topic, on_delete=models.PROTECT, related_name="agenda_item")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting.number} #{self.order} {self.topic.title}"


class Recusal(models.Model):
    """A member prompted to recuse from one item (a registry link to an interested company), and the answer."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("利害关系"), max_length=300)
    recused = models.BooleanField(_("已回避"), null=True)  # None: prompted, not yet answered
    declined_reason = models.TextField(_("不回避的说明"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="one_recusal_per_item_member")]

    def __str__(self) -> str:
        return f"{self.item} · {self.reason}"


class Opinion(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="opinions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="opinions")
    stance = models.CharField(_("表态"), max_length=16, choices=Stance.choices)
    text = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="one_opinion_per_item_member")]
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_stance_display()}"


class Method(models.TextChoices):
    MEETING = "meeting", _("会议集体决策")
    CIRCULATION = "circulation", _("传阅、会签或个别征求意见")


class Decision(models.Model):
    number = models.CharField(_("决策编号"), max_length=32, unique=True)
    topic = models.OneToOneField(Topic, on_delete=models.PROTECT, related_name="decision")
    item = models.OneToOneField(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decision")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("决策方式"), max_length=16, choices=Method.choices)
    outcome = models.CharField(_("决定"), max_length=16, choices=Outcome.choices)
    text = models.TextField(_("决定事项"))
    dissent = models.TextField(_("不同意见"), blank=True)
    override_reason = models.TextField(_("主要负责人未采纳多数意见的理由"), blank=True)
    decided_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("决策")
        verbose_name_plural = _("决策")

    def __str__(self) -> str:
        return f"{self.number} {self.get_outcome_display()}"


class LinkKind(models.TextChoices):
    CONTRACT = "contract", _("合同")
    PAYMENT = "payment", _("支付")


class ExecutionLink(models.Model):
    """A contract or payment that carries a decision out (决策—执行), by its id in the source records."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("类型"), max_length=16, choices=LinkKind.choices)
    reference = models.CharField(_("合同编号或支付凭证号"), max_length=64)
    linked_by = models.CharField(max_length=150)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "reference"], name="one_decision_per_reference")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference} → {self.decision_id}"
