"""Registries of people and their interests: the staff roster (编制 and status), who oversees which
department (分管), officials' personal-matters declarations and the relatives declared in them, the
business registry (companies and the people holding roles in them), the links the matcher finds between
role holders and officials or relatives (and the human decisions on them), and the locality table of
reception standards.

Records that arrive as files (payroll, attendance, leave, life-event notices, receptions) are not here:
they are datasets of the data contract (``contract.py``), stored in the warehouse. ID-card numbers are
never stored: only the keyed hash (``qingfeng.core.crypto.keyed_hash``) and the mask.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person


class Establishment(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("行政编制")
    PUBLIC_INSTITUTION = "public_institution", _("事业编制")
    WORKER = "worker", _("工勤编制")
    NONE = "none", _("编外聘用")


class StaffStatus(models.TextChoices):
    ACTIVE = "active", _("在职")
    RETIRED = "retired", _("退休")
    DECEASED = "deceased", _("死亡")
    LEFT = "left", _("离职")


class RosterEntry(models.Model):
    """A person's entry in the establishment roster (编制名册); the person, post and department are core's."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="roster", verbose_name=_("人员"))
    establishment = models.CharField(_("编制类型"), max_length=24, choices=Establishment.choices)
    status = models.CharField(_("状态"), max_length=16, choices=StaffStatus.choices, default=StaffStatus.ACTIVE)
    joined_on = models.DateField(_("入职日期"), null=True, blank=True)
    left_on = models.DateField(_("退休、死亡或离职日期"), null=True, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    region = models.CharField(_("户籍地区划码"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("编制名册")
        verbose_name_plural = _("编制名册")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_establishment_display()} · {self.get_status_display()}"


class Oversight(models.Model):
    """An official oversees (分管) a department beyond his own: a deputy mayor and his bureaus."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="oversights", verbose_name=_("分管领导"))
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="overseen_by", verbose_name=_("分管部门"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "department"], name="one_oversight_per_pair")]
        verbose_name = _("分管关系")
        verbose_name_plural = _("分管关系")

    def __str__(self) -> str:
        return f"{self.person} → {self.department}"


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    CHILD_SPOUSE = "child_spouse", _("子女的配偶")
    PARENT = "parent", _("父母")
    SIBLING = "sibling", _("兄弟姐妹")


class Declaration(models.Model):
    """One annual personal-matters declaration (个人有关事项报告) of an official. Readable only by the roles
    the people policies name, and every read is written to the ledger."""

    official = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("报告人"))
    year = models.PositiveSmallIntegerField(_("报告年度"))
    submitted_on = models.DateField(_("报告日期"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["official", "year"], name="one_declaration_per_year")]
        ordering = ["-year"]
        verbose_name = _("个人有关事项报告")
        verbose_name_plural = _("个人有关事项报告")

    def __str__(self) -> str:
        return f"{self.official} · {self.year}"


class DeclaredRelative(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="relatives")
    official = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="declared_relatives")
    relation = models.CharField(_("关系"), max_length=16, choices=Relation.choices)
    name = models.CharField(_("姓名"), max_length=64)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    region = models.CharField(_("户籍地区划码"), max_length=6, blank=True)
    employer = models.CharField(_("工作单位及职务"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("申报亲属")
        verbose_name_plural = _("申报亲属")

    def __str__(self) -> str:
        return f"{self.official} 的{self.get_relation_display()}"

    @property
    def target_key(self) -> str:
        """Stable across annual declarations, so a reviewer's decision outlives the row."""
        from .names import name_key

        return f"relative:{self.official.staff_no}:{self.relation}:{name_key(self.name)}"


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", _("存续（在营）")
    REVOKED = "revoked", _("吊销")
    CANCELLED = "cancelled", _("注销")


class Company(models.Model):
    """A market entity of the business registry (市场主体登记), identified by its validated credit code."""

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    status = models.CharField(_("登记状态"), max_length=16, choices=CompanyStatus.choices, default=CompanyStatus.ACTIVE)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    region = models.CharField(_("住所区划码"), max_length=6, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name


class RoleKind(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_rep", _("法定代表人")
    SHAREHOLDER = "shareholder", _("股东")
    EXECUTIVE = "executive", _("董事、监事、高级管理人员")


class CompanyRole(models.Model):
    """A natural person's role in a company as the registry states it. The holder is whoever the registry
    names; whether that is one of our officials or their relatives is the matcher's question (PersonLink)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("角色"), max_length=16, choices=RoleKind.choices)
    position = models.CharField(_("职务"), max_length=64, blank=True)
    holder_name = models.CharField(_("姓名"), max_length=64)
    holder_name_key = models.CharField(max_length=64, db_index=True, editable=False)
    holder_pinyin = models.CharField(max_length=128, db_index=True, editable=False)
    holder_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    holder_id_masked = models.CharField(_("身份证号"), max_length=18, blank=True)
    holder_birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    holder_region = models.CharField(_("区划码"), max_length=6, blank=True)
    share = models.DecimalField(_("持股比例（%）"), max_digits=7, decimal_places=4, null=True, blank=True)
    start_on = models.DateField(_("任职或持股起"), null=True, blank=True)
    end_on = models.DateField(_("任职或持股止"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["company", "kind"])]
        verbose_name = _("企业人员")
        verbose_name_plural = _("企业人员")

    def __str__(self) -> str:
        return f"{self.company} · {self.get_kind_display()} · {self.holder_name}"


class LinkStatus(models.TextChoices):
    AUTO = "auto", _("自动关联")
    PENDING = "pending", _("待人工确认")
    CONFIRMED = "confirmed", _("人工确认")
    REJECTED = "rejected", _("人工否定")


LINKED = (LinkStatus.AUTO, LinkStatus.CONFIRMED)


class PersonLink(models.Model):
    """The matcher's answer to "is this role holder one of our officials, or a declared relative of one?"
    Exactly one of ``official`` (the holder is the official) or ``relative`` is set; ``person`` is the
    official either way, so scope and pages need one join."""

    role = models.ForeignKey(CompanyRole, on_delete=models.CASCADE, related_name="links")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="company_links")
    relative = models.ForeignKey(DeclaredRelative, null=True, blank=True, on_delete=models.CASCADE, related_name="company_links")
    target_key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, db_index=True)
    score = models.FloatField(_("匹配概率"))
    method = models.CharField(_("方式"), max_length=16)  # id | score
    status = models.CharField(_("状态"), max_length=16, choices=LinkStatus.choices)
    features = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "target_key"], name="one_link_per_role_target")]
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("人员关联")
        verbose_name_plural = _("人员关联")

    def __str__(self) -> str:
        return f"{self.role} ↔ {self.target_key} ({self.get_status_display()})"

    @property
    def is_relative(self) -> bool:
        return self.relative_id is not None


class MatchDecision(models.Model):
    """A reviewer's confirmation or rejection of a candidate link, keyed by what was compared (the role
    holder's fingerprint and the target), so that the next matching run remembers it."""

    fingerprint = models.CharField(max_length=64)
    target_key = models.CharField(max_length=200)
    confirmed = models.BooleanField()
    decided_by = models.CharField(max_length=150)
    decided_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fingerprint", "target_key"], name="one_decision_per_pair")]
        verbose_name = _("关联复核结论")
        verbose_name_plural = _("关联复核结论")

    def __str__(self) -> str:
        return f"{self.target_key} {'✓' if self.confirmed else '✗'}"


class ReceptionStandard(models.Model):
    """The per-head meal standard of official receptions in a locality (地方公务接待标准), effective-dated."""

    locality = models.CharField(_("地区"), max_length=64)
    per_head_limit = models.DecimalField(_("人均标准（元/人·餐）"), max_digits=10, decimal_places=2)
    effective_from = models.DateField(_("生效日期"))
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["locality", "effective_from"], name="one_standard_per_locality_day")]
        ordering = ["locality", "-effective_from"]
        verbose_name = _("公务接待标准")
        verbose_name_plural = _("公务接待标准")

    def __str__(self) -> str:
        return f"{self.locality} {self.per_head_limit} 元（{self.effective_from} 起）"
