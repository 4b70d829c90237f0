"""双随机、一公开: the list of inspection items, the pool of targets, the pool of inspectors (一单两库), draws
with their published commitment, inputs, seed and selection, and the results the inspectors enter and publish."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person


class Item(models.Model):
    code = models.CharField(_("事项编码"), max_length=32, unique=True)
    name = models.CharField(_("抽查事项"), max_length=200)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("实施部门"))
    basis = models.CharField(_("抽查依据"), max_length=300)
    key_item = models.BooleanField(_("重点检查事项（比例不设上限）"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("随机抽查事项")
        verbose_name_plural = _("随机抽查事项")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RiskClass(models.TextChoices):
    A = "A", _("A类（信用风险低）")
    B = "B", _("B类（信用风险一般）")
    C = "C", _("C类（信用风险较高）")
    D = "D", _("D类（信用风险高）")


class Target(models.Model):
    """An entry of the target pool (检查对象名录库), keyed by its unified social credit code."""

    key = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    company = models.ForeignKey("people.Company", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    risk_class = models.CharField(_("信用风险分类"), max_length=1, choices=RiskClass.choices, default=RiskClass.B)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")

    def __str__(self) -> str:
        return self.name


class Inspector(models.Model):
    """An entry of the inspector pool (执法检查人员名录库)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="inspector")
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        ordering = ["person__staff_no"]
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员")

    def __str__(self) -> str:
        return self.person.name


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", _("已公布承诺值，待抽取")
    DRAWN = "drawn", _("已抽取，种子已公布")


class Draw(models.Model):
    number = models.CharField(_("抽取批次"), max_length=32, unique=True)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="draws")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=DrawStatus.choices, default=DrawStatus.COMMITTED)
    inputs = models.TextField(_("抽取要素（公布）"))
    inputs_hash = models.CharField(max_length=64)
    commitment = models.CharField(_("种子承诺值"), max_length=64)
    sealed_seed = models.TextField()  # the seed, sealed until it is revealed at the draw
    seed = models.CharField(_("种子"), max_length=128, blank=True)
    selection = models.TextField(_("抽取结果"), blank=True)
    committed_at = models.DateTimeField(default=timezone.now)
    drawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-committed_at", "-pk"]
        verbose_name = _("抽取批次")
        verbose_name_plural = _("抽取批次")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return f"/inspections/draws/{self.pk}/"


class DrawnTarget(models.Model):
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="drawn")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="drawn")
    inspectors = models.ManyToManyField(Inspector, related_name="drawn")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["draw", "target"], name="one_target_per_draw")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.draw.number} {self.target}"


class Outcome(models.TextChoices):
    NO_ISSUE = "no_issue", _("未发现问题")
    ISSUE = "issue", _("发现问题已责令改正")
    NOT_FOUND = "not_found", _("通过登记的住所（经营场所）无法联系")
    REFERRED = "referred", _("发现问题待后续处理")


class Result(models.Model):
    drawn = models.OneToOneField(DrawnTarget, on_delete=models.CASCADE, related_name="result")
    outcome = models.CharField(_("检查结果"), max_length=16, choices=Outcome.choices)
    summary = models.TextField(_("检查情况"))
    checked_on = models.DateField(_("检查日期"))
    entered_by = models.CharField(max_length=150)
    entered_at = models.DateTimeField(default=timezone.now)
    publish_due_at = models.DateTimeField(_("公示期限"))
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("抽查结果")
        verbose_name_plural = _("抽查结果")

    def __str__(self) -> str:
        return f"{self.drawn} {self.get_outcome_display()}"
