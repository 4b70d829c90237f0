"""Disclosure cases: exemptions from publication (each tied to an article), the publication of department
budgets and final accounts (a clock from approval), and requests under the disclosure regulation (依申请公开)
with their three clocks. Deadlines are computed by core.deadlines and stored so that rules can read them;
"overdue" is derived from them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department

from .regulation import ApplicantKind, Article, Channel, Decision


class Exemption(models.Model):
    """One item of a published dataset withheld from the portal, with the article that allows it."""

    dataset = models.CharField(_("公开数据集"), max_length=64)
    item_key = models.CharField(_("条目"), max_length=200)
    # Whose decision it is: a department's own (its head decides, its staff see it); empty for a city-wide
    # decision, which only whole-city supervisors take and see.
    department = models.ForeignKey("core.Department", verbose_name=_("决定部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    article = models.CharField(_("不公开依据"), max_length=32, choices=Article.choices)
    reason = models.TextField(_("理由"))
    decided_by = models.CharField(max_length=150)
    decided_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.CharField(max_length=150, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dataset", "item_key", "-decided_at"]
        verbose_name = _("不予公开事项")
        verbose_name_plural = _("不予公开事项")

    def __str__(self) -> str:
        return f"{self.dataset}/{self.item_key}"


class BudgetKind(models.TextChoices):
    BUDGET = "budget", _("部门预算")
    FINAL = "final", _("部门决算")


class BudgetDisclosure(models.Model):
    """A department's budget or final accounts for a year: approved (批复) on a date, due for publication
    20 days later, published with the figures frozen at publication."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("部门"))
    year = models.PositiveIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=8, choices=BudgetKind.choices)
    document_no = models.CharField(_("批复文号"), max_length=64, blank=True)
    approved_on = models.DateField(_("批复日期"))
    publish_due_at = models.DateTimeField(_("公开期限"))
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.CharField(max_length=150, blank=True)
    figures = models.JSONField(default=dict)  # frozen at publication: totals and 三公 by category
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "department__code", "kind"]
        constraints = [models.UniqueConstraint(fields=["department", "year", "kind"], name="one_budget_disclosure")]
        verbose_name = _("预决算公开")
        verbose_name_plural = _("预决算公开")

    def __str__(self) -> str:
        return f"{self.department.code}/{self.year}/{self.kind}"

    @property
    def key(self) -> str:
        return f"{self.department.code}|{self.year}|{self.kind}"

    def is_overdue(self, now=None) -> bool:
        return (self.published_at or now or timezone.now()) > self.publish_due_at


class Status(models.TextChoices):
    RECEIVED = "received", _("办理中")
    CORRECTION = "correction", _("待补正")
    THIRD_PARTY = "third_party", _("征求第三方意见")
    ANSWERED = "answered", _("已答复")


class DisclosureRequest(models.Model):
    number = models.CharField(_("申请编号"), max_length=24, unique=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="disclosure_requests",
                                   verbose_name=_("受理机关"))
    channel = models.CharField(_("提交方式"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("收到申请时间"))
    applicant_kind = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人"), max_length=200)  # personal data: staff pages only
    applicant_contact_masked = models.CharField(_("联系方式"), max_length=32, blank=True)
    applicant_key = models.CharField(max_length=64, db_index=True)  # keyed hash: counts an applicant's requests per month
    tracking_hash = models.CharField(max_length=64, blank=True, db_index=True)  # keyed hash of the applicant's code
    description = models.TextField(_("申请内容"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    correction_due_at = models.DateTimeField(_("补正告知期限"))
    correction_asked_at = models.DateTimeField(_("告知补正时间"), null=True, blank=True)
    correction_note = models.TextField(_("补正事项"), blank=True)
    correction_received_at = models.DateTimeField(_("收到补正时间"), null=True, blank=True)
    third_party_sent_at = models.DateTimeField(_("征求第三方意见时间"), null=True, blank=True)
    third_party_due_at = models.DateTimeField(_("第三方答复期限"), null=True, blank=True)
    third_party_replied_at = models.DateTimeField(_("第三方答复时间"), null=True, blank=True)
    third_party_objects = models.BooleanField(_("第三方不同意公开"), default=False)
    extended_at = models.DateTimeField(_("延期时间"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    due_at = models.DateTimeField(_("答复期限"), null=True, blank=True)  # None while waiting for the correction
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    decision = models.CharField(_("答复类型"), max_length=24, choices=Decision.choices, blank=True)
    article = models.CharField(_("不予公开依据"), max_length=32, choices=Article.choices, blank=True)
    answer_text = models.TextField(_("答复书"), blank=True)
    pages = models.PositiveIntegerField(_("提供页数"), default=0)
    fee_method = models.CharField(_("计费方式"), max_length=12, blank=True)  # per_request | per_page | none
    fee = models.DecimalField(_("信息处理费"), max_digits=10, decimal_places=2, default=0)
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return f"/disclosure/requests/{self.pk}/"

    def is_overdue(self, now=None) -> bool:
        return self.due_at is not None and (self.answered_at or now or timezone.now()) > self.due_at
