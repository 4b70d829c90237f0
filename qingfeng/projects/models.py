"""Government investment projects: registration, stage gates with their documents, objections lodged by
involved departments, contracts, and the migrant-worker wage safeguards of each general contract (the
wage account and the deposit, bank guarantee or exemption). Records from other systems (labour-cost
transfers, payroll, site attendance, leavers) live in the warehouse (projects/contract.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department

from .stages import DocKind, Stage


class Project(models.Model):
    code = models.CharField(_("项目编号"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    owner = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("项目单位"))
    departments = models.ManyToManyField(Department, blank=True, related_name="+", verbose_name=_("参与部门"))
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.SITE)
    budget_line = models.CharField(_("预算项目编码"), max_length=64, blank=True)
    estimate = models.DecimalField(_("核定概算（元）"), max_digits=18, decimal_places=2, null=True, blank=True)
    adjusted_estimate = models.DecimalField(_("调整后概算（元）"), max_digits=18, decimal_places=2, null=True, blank=True)
    adjusted_ref = models.CharField(_("概算调整批复文号"), max_length=128, blank=True)
    investment = models.DecimalField(_("累计完成投资（元）"), max_digits=18, decimal_places=2, default=0)
    registered_by = models.CharField(max_length=150)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("政府投资项目")
        verbose_name_plural = _("政府投资项目")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return f"/projects/{self.pk}/"


class Document(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("材料"), max_length=32, choices=DocKind.choices)
    reference = models.CharField(_("文号"), max_length=128)
    issued_on = models.DateField(_("日期"))
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class Passage(models.Model):
    """One gate passed: the project entered ``stage``."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="passages")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    passed_on = models.DateField()
    by = models.CharField(max_length=150)

    class Meta:
        ordering = ["passed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="one_passage_per_stage")]

    def __str__(self) -> str:
        return f"{self.project.code} → {self.stage}"


class Objection(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objections")
    stage = models.CharField(_("针对的关口"), max_length=16, choices=Stage.choices)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("提出部门"))
    text = models.TextField(_("异议"))
    lodged_by = models.CharField(max_length=150)
    lodged_at = models.DateTimeField(default=timezone.now)
    resolution = models.TextField(_("处理结果"), blank=True)
    resolved_by = models.CharField(max_length=150, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-lodged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project.code} objection {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Contract(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contracts")
    code = models.CharField(_("合同编号"), max_length=64, unique=True)
    contractor = models.CharField(_("承包单位"), max_length=200)
    value = models.DecimalField(_("合同金额（元）"), max_digits=18, decimal_places=2)
    signed_on = models.DateField(_("签订日期"))
    general = models.BooleanField(_("施工总承包"), default=True)
    advance_funding = models.BooleanField(_("约定由施工单位垫资"), default=False)

    class Meta:
        ordering = ["signed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.contractor}"


class WageAccount(models.Model):
    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="wage_account")
    bank = models.CharField(_("开户银行"), max_length=128)
    account_no = models.CharField(_("专用账户账号"), max_length=64)
    opened_on = models.DateField(_("开户日期"))

    def __str__(self) -> str:
        return self.account_no


class SecurityKind(models.TextChoices):
    DEPOSIT = "deposit", _("工资保证金")
    GUARANTEE = "guarantee", _("银行保函")
    EXEMPT = "exempt", _("免缴")


class Exemption(models.TextChoices):
    SMALL = "small_contract", _("合同额低于起征额且上一年度无拖欠")
    CLEAN_RECORD = "clean_record", _("连续三年无拖欠且制度落实到位")


class RateBasis(models.TextChoices):
    STANDARD = "standard", _("按本地标准比例")
    REDUCED = "reduced", _("连续两年无拖欠或多项目合并，降低比例")
    RAISED = "raised", _("前两年有拖欠，提高比例")


class WageSecurity(models.Model):
    """The deposit, bank guarantee or exemption of one general contract (人社部发〔2021〕65号)."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="wage_security")
    kind = models.CharField(_("方式"), max_length=16, choices=SecurityKind.choices)
    rate = models.DecimalField(_("存储比例"), max_digits=6, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=18, decimal_places=2, default=0)
    lodged_on = models.DateField(_("存储或开具日期"))
    exemption = models.CharField(_("免缴情形"), max_length=32, choices=Exemption.choices, blank=True)
    rate_basis = models.CharField(_("比例依据"), max_length=16, choices=RateBasis.choices, default=RateBasis.STANDARD)
    reference = models.CharField(_("凭证或保函编号"), max_length=128, blank=True)

    def __str__(self) -> str:
        return f"{self.contract.code} {self.kind}"
