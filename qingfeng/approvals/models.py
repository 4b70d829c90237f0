"""The power and responsibility list (versioned), approval cases handled here and their events, backup
posts with the leave calendar, notifications of cards, and monthly scores.

Every change goes through approvals.actions, which appends the ledger event. A case's clock is never
stored as truth: it is rebuilt from the case's events by ``clocks.reconstruct`` (the same function that
supervises events imported from other systems); the due dates kept on ``ApprovalCase`` are a copy for
lists and queues, refreshed by every action.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person, Post


class PowerType(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    ENFORCEMENT = "enforcement", _("行政强制")
    LEVY = "levy", _("行政征收")
    BENEFIT = "benefit", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他行政权力")


class CaseType(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    PROMISED = "promised", _("承诺件")
    REPORTED = "reported", _("上报件")
    JOINT = "joint", _("联办件")


class LegalRank(models.TextChoices):
    """The rank of a legal basis, highest first (立法法). ``RANK_ORDER`` gives the comparison."""

    LAW = "law", _("法律")
    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("行政法规")
    LOCAL_REGULATION = "local_regulation", _("地方性法规")
    DEPARTMENT_RULE = "department_rule", _("部门规章")
    LOCAL_GOVERNMENT_RULE = "local_government_rule", _("地方政府规章")
    NORMATIVE_DOCUMENT = "normative_document", _("规范性文件")
    OTHER = "other", _("其他")


RANK_ORDER = {LegalRank.LAW: 1, LegalRank.ADMINISTRATIVE_REGULATION: 2, LegalRank.LOCAL_REGULATION: 3,
              LegalRank.DEPARTMENT_RULE: 4, LegalRank.LOCAL_GOVERNMENT_RULE: 4, LegalRank.NORMATIVE_DOCUMENT: 5,
              LegalRank.OTHER: 6}


class LegalOffice(models.Model):
    """The department (法制机构, usually 司法局) whose staff review changes to the power list."""

    department = models.OneToOneField(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("法制审核机构"))
    designated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("法制审核机构")
        verbose_name_plural = _("法制审核机构")

    def __str__(self) -> str:
        return self.department.name


class PowerItem(models.Model):
    """The identity of one power (its code and owning department); what it says lives in its versions."""

    code = models.CharField(_("事项编码"), max_length=64, unique=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="power_items", verbose_name=_("实施部门"))
    handling_post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("承办岗位"))
    approving_post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                       verbose_name=_("审批岗位"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("权力事项")
        verbose_name_plural = _("权力事项")

    def __str__(self) -> str:
        return self.code


class VersionStatus(models.TextChoices):
    PROPOSED = "proposed", _("待法制审核")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已公布")


class PowerItemVersion(models.Model):
    """One version of an item: proposed by its department, reviewed by the legal office, published with an
    effective date. A published version is never edited; a change is a new version."""

    item = models.ForeignKey(PowerItem, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    status = models.CharField(_("状态"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.PROPOSED)
    name = models.CharField(_("事项名称"), max_length=200)
    power_type = models.CharField(_("权力类型"), max_length=16, choices=PowerType.choices)
    case_type = models.CharField(_("办件类型"), max_length=16, choices=CaseType.choices)
    statutory_days = models.PositiveIntegerField(_("法定时限（工作日）"))
    committed_days = models.PositiveIntegerField(_("承诺时限（工作日）"))
    extension_days = models.PositiveIntegerField(_("可延长（工作日）"), default=0)
    bases = models.JSONField(_("法律依据"), default=list)  # [{law, article, rank}]
    steps = models.JSONField(_("办理环节"), default=list)  # [{code, name, days}]
    materials = models.JSONField(_("申请材料"), default=list)  # [{code, name, note}]
    fees = models.JSONField(_("收费项目"), default=list)  # [{code, name, amount, basis}]
    intermediaries = models.JSONField(_("中介服务"), default=list)  # [{code, name, basis}]
    responsibilities = models.JSONField(_("责任事项"), default=list)  # [{step, post, duty, failure}]
    flags = models.JSONField(_("提示"), default=list)  # codes from powerlist.FLAGS
    reason = models.TextField(_("调整理由"), blank=True)
    proposed_by = models.CharField(max_length=150)
    proposed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_opinion = models.TextField(_("审核意见"), blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="one_number_per_item_version")]
        verbose_name = _("权力事项版本")
        verbose_name_plural = _("权力事项版本")

    def __str__(self) -> str:
        return f"{self.item.code} v{self.number} {self.name}"

    @property
    def steps_days(self) -> int:
        return sum(int(s.get("days") or 0) for s in self.steps)


class ApplicantKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    CITIZEN = "citizen", _("个人")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("已收件")
    MATERIALS_REQUESTED = "materials_requested", _("待补正")
    ACCEPTED = "accepted", _("已受理")
    SUSPENDED = "suspended", _("特别程序中")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    APPROVED = "approved", _("准予")
    REFUSED = "refused", _("不予准予")
    DELIVERED = "delivered", _("已送达")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = frozenset({CaseStatus.RECEIVED, CaseStatus.MATERIALS_REQUESTED, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED})


class EventType(models.TextChoices):
    APPLY = "apply", _("申请")
    MATERIALS_REQUEST = "materials_request", _("一次性告知补正")
    MATERIALS_SUPPLIED = "materials_supplied", _("补正材料")
    ACCEPT = "accept", _("受理")
    NOT_ACCEPT = "not_accept", _("不予受理")
    STEP_DONE = "step_done", _("环节办结")
    FORWARD = "forward", _("报送上级")
    SUSPEND = "suspend", _("特别程序开始")
    RESUME = "resume", _("特别程序结束")
    EXTEND = "extend", _("延长期限")
    DECIDE = "decide", _("作出决定")
    DELIVER = "deliver", _("送达")
    FEE = "fee", _("收费")
    INTERMEDIARY = "intermediary", _("中介服务")
    WITHDRAW = "withdraw", _("撤回申请")


class Decision(models.TextChoices):
    APPROVE = "approve", _("准予")
    REFUSE = "refuse", _("不予准予")


class ApprovalCase(models.Model):
    """An application handled on this platform, from the portal to delivery."""

    number = models.CharField(_("办件编号"), max_length=32, unique=True)
    item = models.ForeignKey(PowerItem, on_delete=models.PROTECT, related_name="cases", verbose_name=_("事项"))
    version = models.ForeignKey(PowerItemVersion, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="approval_cases", verbose_name=_("办理部门"))
    applicant_kind = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人"), max_length=200)
    applicant_id_masked = models.CharField(_("证件号码"), max_length=32, blank=True)
    applicant_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    applicant_phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True)
    tracking_hash = models.CharField(max_length=64, unique=True)
    tracking_hint = models.CharField(max_length=8, blank=True)
    status = models.CharField(_("状态"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True)
    handler = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="handled_cases",
                                verbose_name=_("承办人"))
    approver = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_cases",
                                 verbose_name=_("审批人"))
    received_at = models.DateTimeField(_("收件时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("视为受理"), default=False)
    due_at = models.DateTimeField(_("承诺期限"), null=True, blank=True)
    statutory_due_at = models.DateTimeField(_("法定期限"), null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    current_step = models.CharField(_("当前环节"), max_length=64, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision = models.CharField(_("决定"), max_length=16, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("理由"), blank=True)
    remedies = models.TextField(_("救济途径"), blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["due_at"])]
        verbose_name = _("审批办件")
        verbose_name_plural = _("审批办件")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return f"/approvals/cases/{self.pk}/"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(models.Model):
    """One step of a case handled here, as the supervision rules read it (see contract.py)."""

    case = models.ForeignKey(ApprovalCase, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("事件"), max_length=24, choices=EventType.choices)
    step = models.CharField(_("环节"), max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("发生时间"))
    recorded_at = models.DateTimeField(_("录入时间"))
    actor = models.CharField(max_length=150)
    staff_no = models.CharField(max_length=32, blank=True)
    acting_for = models.CharField(max_length=32, blank=True)  # A's staff number when B acts during A's absence
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("办件事件")
        verbose_name_plural = _("办件事件")

    def __str__(self) -> str:
        return f"{self.case.number} {self.kind}"

    @property
    def event_id(self) -> str:
        return f"QF-E{self.pk}"


class CaseMaterial(models.Model):
    """A file the applicant uploaded for one material of the item's list."""

    case = models.ForeignKey(ApprovalCase, on_delete=models.PROTECT, related_name="materials")
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to="approval-materials/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    round = models.PositiveSmallIntegerField(default=1)  # 1 with the application, 2 with the supplement
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "round", "code"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")

    def __str__(self) -> str:
        return f"{self.case.number} {self.code}"


class BackupPair(models.Model):
    """AB岗: A holds the post, B stands in while A is away; A and B may not both be away."""

    post = models.OneToOneField(Post, on_delete=models.PROTECT, related_name="backup_pair", verbose_name=_("岗位"))
    primary = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="primary_pairs", verbose_name=_("A岗"))
    backup = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="backup_pairs", verbose_name=_("B岗"))
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("AB岗")
        verbose_name_plural = _("AB岗")

    def __str__(self) -> str:
        return f"{self.post}: A {self.primary.name} / B {self.backup.name}"


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("请假")
    TRAVEL = "travel", _("出差")
    TRAINING = "training", _("学习培训")
    OTHER = "other", _("其他")


class Absence(models.Model):
    """A day range on which a member of staff is away (the leave calendar)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="absences", verbose_name=_("人员"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    kind = models.CharField(_("类型"), max_length=16, choices=AbsenceKind.choices, default=AbsenceKind.LEAVE)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    unplanned = models.BooleanField(_("突发（事后登记）"), default=False)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start", "pk"]
        indexes = [models.Index(fields=["person", "start", "end"])]
        verbose_name = _("离岗登记")
        verbose_name_plural = _("离岗登记")

    def __str__(self) -> str:
        return f"{self.person.name} {self.start}–{self.end}"


class PostGap(models.Model):
    """A working day on which both A and B of a pair were away (空岗), counted when it happened anyway."""

    pair = models.ForeignKey(BackupPair, on_delete=models.PROTECT, related_name="gaps")
    day = models.DateField(_("日期"))
    absence = models.ForeignKey(Absence, on_delete=models.PROTECT, related_name="+")
    counted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["pair", "day"], name="one_gap_per_pair_day")]
        verbose_name = _("空岗")
        verbose_name_plural = _("空岗")

    def __str__(self) -> str:
        return f"{self.pair.post} {self.day}"


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内提醒")
    SMS = "sms", _("短信")


class Notification(models.Model):
    """A card (or prompt) told to one person, in the app or by SMS. One per alert dispatch, person and channel."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    role = models.CharField(max_length=16)  # handler | approver | supervisor | head
    alert = models.ForeignKey("alerts.Alert", on_delete=models.PROTECT, related_name="+")
    dispatch_key = models.CharField(max_length=64)  # the alert's dispatch time: a reopened alert notifies again
    case_id = models.CharField(max_length=128, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["alert", "dispatch_key", "person", "user", "channel"],
                                               name="one_notification_per_dispatch")]
        verbose_name = _("预警提醒")
        verbose_name_plural = _("预警提醒")

    def __str__(self) -> str:
        return self.text[:40]


class ScoreTemplate(models.Model):
    """A scoring template: parts with weights, deductions per signal and bonuses (see scoring.py)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    config = models.JSONField()
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("测评模板")
        verbose_name_plural = _("测评模板")

    def __str__(self) -> str:
        return self.name


class MonthlyScore(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # the first day of the month
    template = models.ForeignKey(ScoreTemplate, on_delete=models.PROTECT, related_name="scores")
    total = models.DecimalField(max_digits=7, decimal_places=2)
    details = models.JSONField(default=dict)  # parts, deductions, bonus, counts
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month", "department__path"]
        constraints = [models.UniqueConstraint(fields=["department", "month", "template"], name="one_score_per_month")]
        verbose_name = _("月度测评")
        verbose_name_plural = _("月度测评")

    def __str__(self) -> str:
        return f"{self.department} {self.month:%Y-%m} {self.total}"
