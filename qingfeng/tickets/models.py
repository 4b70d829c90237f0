"""Citizens' tickets (complaints, requests, suggestions, consultations), the sealed tip-off channel, the
responsibility list the router reads, and Open311 API keys.

A ticket's life: received → dispatched → signed → replied → followed up (回访) → closed, with bounces back
to the dispatcher and arbitration after the second. Overdue is derived from ``due_at``. Every change goes
through tickets.actions, which appends the ledger event.
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REQUEST = "request", _("求助")
    SUGGESTION = "suggestion", _("建议")
    CONSULTATION = "consultation", _("咨询")


class Tier(models.TextChoices):
    """Rungs of the time-limit ladder (parameters.TIME_LADDER gives each an amount and unit)."""

    URGENT = "urgent", _("紧急")
    UTILITIES = "utilities", _("水电气热")
    CONSULTATION = "consultation", _("咨询")
    GENERAL = "general", _("一般")
    COMPLEX = "complex", _("复杂")


class Status(models.TextChoices):
    RECEIVED = "received", _("待派单")
    DISPATCHED = "dispatched", _("已派单")
    SIGNED = "signed", _("已签收")
    ARBITRATION = "arbitration", _("待裁定")
    REPLIED = "replied", _("已答复")
    FOLLOWED_UP = "followed_up", _("已回访")
    CLOSED = "closed", _("已办结")


class Satisfaction(models.IntegerChoices):
    """The five levels of 好差评 (国办发〔2019〕51号); 不满意 and 非常不满意 are a bad rating (差评)."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    FAIR = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


class Resolution(models.TextChoices):
    RESOLVED = "resolved", _("已解决")
    PARTLY = "partly", _("部分解决")
    UNRESOLVED = "unresolved", _("未解决")


def random_hex() -> str:
    """32 hex digits (128 bits): Open311 tokens and the authenticated context of a sealed field."""
    return secrets.token_hex(16)


def tracking_code() -> str:
    """A code the citizen uses to follow the ticket: short to read out, too many to guess (~50 bits)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _i in range(10))
    return f"{raw[:5]}-{raw[5:]}"


class Service(models.Model):
    """An Open311 service: a category of matter citizens may raise, with its default rung of the ladder."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    name_en = models.CharField(max_length=64, blank=True)
    description = models.CharField(_("说明"), max_length=255, blank=True)
    group = models.CharField(_("分组"), max_length=64, blank=True)
    keywords = models.CharField(_("关键词"), max_length=255, blank=True)
    tier = models.CharField(_("时限档次"), max_length=16, choices=Tier.choices, default=Tier.GENERAL)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")

    def __str__(self) -> str:
        return self.name


class Responsibility(models.Model):
    """A line of the responsibility list (责任清单) as the router reads it: which department answers for a
    category, and words that point to it."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="ticket_responsibilities")
    category = models.CharField(_("类别"), max_length=64, blank=True)
    keywords = models.CharField(_("关键词"), max_length=500, blank=True, help_text=_("以空格或逗号分隔"))

    class Meta:
        verbose_name = _("职责清单")
        verbose_name_plural = _("职责清单")

    def __str__(self) -> str:
        return f"{self.department} · {self.category}"

    def keyword_list(self) -> list[str]:
        return [w for w in self.keywords.replace("，", " ").replace(",", " ").split() if w]


class Ticket(models.Model):
    number = models.CharField(_("编号"), max_length=20, unique=True)
    code = models.CharField(_("查询码"), max_length=11, unique=True, default=tracking_code)
    token = models.CharField(max_length=32, unique=True, default=random_hex)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.COMPLAINT)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("类别"))
    tier = models.CharField(_("时限档次"), max_length=16, choices=Tier.choices, default=Tier.GENERAL)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("内容"), max_length=4000)
    address = models.CharField(_("地点"), max_length=255, blank=True)
    address_id = models.CharField(max_length=64, blank=True)
    lat = models.FloatField(null=True, blank=True)
    long = models.FloatField(null=True, blank=True)
    channel = models.CharField(_("渠道"), max_length=16, default="portal")
    submitter = models.CharField(_("提交人"), max_length=16, choices=[("citizen", _("个人")), ("enterprise", _("企业"))],
                                 default="citizen")
    # Name and contact sealed with core.crypto (the department reads them only through the ticket page).
    contact_sealed = models.TextField(blank=True)
    seal_id = models.CharField(max_length=32, default=random_hex, editable=False)
    account_id = models.CharField(max_length=64, blank=True)
    media_url = models.URLField(blank=True)

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets",
                                   verbose_name=_("承办部门"))
    assignee = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    proposed_department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposed_category = models.CharField(max_length=64, blank=True)
    route_confidence = models.FloatField(null=True, blank=True)

    received_at = models.DateTimeField(_("受理时间"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    sign_due_at = models.DateTimeField(_("签收期限"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    extended_days = models.PositiveSmallIntegerField(default=0)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    bounce_count = models.PositiveSmallIntegerField(_("退单次数"), default=0)
    reply_text = models.TextField(_("答复"), blank=True)

    satisfaction = models.PositiveSmallIntegerField(_("满意度"), choices=Satisfaction.choices, null=True, blank=True)
    resolution = models.CharField(_("解决情况"), max_length=16, choices=Resolution.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    exempt = models.BooleanField(_("不计满意度"), default=False)

    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates")
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats")
    cluster = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    place_key = models.CharField(max_length=128, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["service", "received_at"])]
        verbose_name = _("诉求工单")
        verbose_name_plural = _("诉求工单")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return f"/tickets/{self.pk}/"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.REPLIED, Status.FOLLOWED_UP, Status.CLOSED)

    def is_overdue(self, now=None) -> bool:
        """Still owed a reply after the deadline (a late reply is counted in the KPIs, not here)."""
        return self.is_open and self.due_at is not None and (now or timezone.now()) > self.due_at

    @property
    def is_bad_rating(self) -> bool:
        return self.satisfaction is not None and self.satisfaction <= Satisfaction.DISSATISFIED


def attachment_path(instance, filename: str) -> str:
    return f"ticket-files/{timezone.now():%Y/%m}/{secrets.token_hex(8)}-{filename[-80:]}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    by_citizen = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    """One step of a ticket's handling as shown on its timeline; the ledger holds the proof."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("受理")
        DISPATCH = "dispatch", _("派单")
        SIGN = "sign", _("签收")
        BOUNCE = "bounce", _("退单")
        ARBITRATE = "arbitrate", _("裁定")
        EXTEND = "extend", _("延期")
        REPLY = "reply", _("答复")
        RATE = "rate", _("评价")
        FOLLOW_UP = "follow_up", _("回访")
        BAD_FOLLOW_UP = "bad_follow_up", _("差评回访")
        RECTIFY = "rectify", _("差评整改")
        EXEMPT = "exempt", _("不计满意度申请")
        EXEMPT_REVIEW = "exempt_review", _("不计满意度审核")
        CLOSE = "close", _("办结")
        LINK = "link", _("关联")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField(blank=True)
    by = models.CharField(max_length=150)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


class BadRatingCase(models.Model):
    """A bad rating's obligations: call the citizen back within 1 working day, rectify within 15."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="bad_rating")
    rated_at = models.DateTimeField()
    follow_up_due_at = models.DateTimeField()
    rectify_due_at = models.DateTimeField()
    followed_up_at = models.DateTimeField(null=True, blank=True)
    rectified_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.ticket_id} bad rating"


class Request(models.Model):
    """A department's request that needs review: an extension (before the deadline) or an exemption from
    satisfaction scoring for an unreasonable demand."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("延期")
        EXEMPTION = "exemption", _("不计满意度")

    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("未同意")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField()
    requested_by = models.CharField(max_length=150)
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    reviewed_by = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.state}"


class TipOff(models.Model):
    """A tip-off (举报) in the sealed channel. Identity and contact are sealed; only designated readers see
    the tip-off at all, and never anyone in the department it names."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已收到")
        ACCEPTED = "accepted", _("已受理")
        INVESTIGATING = "investigating", _("核查中")
        CONCLUDED = "concluded", _("已办结")

    number = models.CharField(_("编号"), max_length=20, unique=True)
    claim_hash = models.CharField(max_length=64, unique=True)
    anonymous = models.BooleanField(_("匿名"), default=True)
    identity_sealed = models.TextField(blank=True)
    seal_id = models.CharField(max_length=32, default=random_hex, editable=False)
    named_department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("被举报部门"))
    named_person = models.CharField(_("被举报人"), max_length=128, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("内容"), max_length=8000)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    public_note = models.TextField(_("答复举报人"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("举报")
        verbose_name_plural = _("举报")

    def __str__(self) -> str:
        return self.number


class TipOffNote(models.Model):
    """A note on a tip-off: the handler's work, or the reporter's supplement through the claim code."""

    tipoff = models.ForeignKey(TipOff, on_delete=models.CASCADE, related_name="notes")
    by_reporter = models.BooleanField(default=False)
    by = models.CharField(max_length=150)
    text = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.tipoff_id} note"


class TipOffReader(models.Model):
    """A supervisor designated (by the security administrator) to read sealed tip-offs."""

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="tipoff_reader")
    designated_by = models.CharField(max_length=150)
    designated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.user)


class ApiKey(models.Model):
    """An Open311 client's key. Only its hash is stored; the key is shown once when issued."""

    name = models.CharField(_("客户端"), max_length=128)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
