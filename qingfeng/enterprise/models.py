"""Enterprise service (为企服务): key enterprises, projects and groups; leaders and departments paired with
them (大下基层年) and their visits; enterprise requests, which are tickets flagged as enterprise matters (the
ticket life cycle, deadlines and KPIs apply unchanged); and each investment project's service timeline from
signing to production, stage by stage, with the department holding each stage."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person


class Enterprise(models.Model):
    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    industry = models.CharField(_("行业"), max_length=64, blank=True)
    group = models.CharField(_("重点群体 / 产业集群"), max_length=64, blank=True)
    is_key = models.BooleanField(_("重点企业"), default=True)
    registered_by = models.CharField(max_length=150)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/enterprise/companies/{self.pk}/"


class Project(models.Model):
    number = models.CharField(_("项目编号"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="projects", verbose_name=_("企业"))
    investment = models.DecimalField(_("计划投资（万元）"), max_digits=14, decimal_places=2, default=0)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("服务牵头部门"))
    signed_on = models.DateField(_("签约日期"))
    registered_by = models.CharField(max_length=150)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return f"/enterprise/projects/{self.pk}/"


class Pairing(models.Model):
    """A leader (and the department that serves with them) paired with an enterprise or a project."""

    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enterprise_pairings", verbose_name=_("包联领导"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("包联部门"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("企业"))
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT, related_name="pairings",
                                verbose_name=_("项目"))
    since = models.DateField(_("包联起始"))
    active = models.BooleanField(default=True)
    paired_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["enterprise__name", "pk"]
        verbose_name = _("包联关系")
        verbose_name_plural = _("包联关系")

    def __str__(self) -> str:
        return f"{self.leader} · {self.enterprise}"

    def get_absolute_url(self) -> str:
        return f"/enterprise/pairings/{self.pk}/"


class Visit(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("走访日期"))
    summary = models.TextField(_("走访情况"))
    by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pairing_id} {self.visited_on}"


class Category(models.TextChoices):
    REQUEST = "request", _("诉求")
    COMPLAINT = "complaint", _("投诉")
    ATTITUDE = "attitude", _("态度蛮横、有意刁难")
    OBSTRUCTION = "obstruction", _("效率不高、层层设卡")


class EnterpriseRequest(models.Model):
    """An enterprise matter: a ticket (submitter "enterprise") plus what makes it an enterprise matter."""

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.PROTECT, related_name="enterprise_request")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="requests", verbose_name=_("企业"))
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT, related_name="requests",
                                verbose_name=_("项目"))
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices, default=Category.REQUEST)
    raised_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.ticket.number}"

    def get_absolute_url(self) -> str:
        return f"/enterprise/requests/{self.pk}/"


class Stage(models.TextChoices):
    SIGNING = "signing", _("签约")
    APPROVAL = "approval", _("立项")
    PERMIT = "permit", _("办证")
    START = "start", _("开工")
    COMPLETION = "completion", _("竣工")
    PRODUCTION = "production", _("投产")


STAGE_ORDER = [s.value for s in Stage]


class Milestone(models.Model):
    """One step of a project's timeline: it starts when the work is asked of the holding department and is
    reached on the day it is done. A permit linked to an approval case takes both dates from the case."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    title = models.CharField(_("事项"), max_length=200)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("责任部门"))
    approval_case = models.ForeignKey("approvals.ApprovalCase", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("审批办件"))
    started_on = models.DateField(_("开始日期"))
    reached_on = models.DateField(_("完成日期"), null=True, blank=True)
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project.number} {self.get_stage_display()} {self.title}"

    @property
    def key(self) -> str:
        return f"{self.project.number}|{self.stage}|{self.pk}"

    def dates(self):
        """(started, reached): a linked approval case's received and decided days win over the typed ones."""
        case = self.approval_case
        if case is not None:
            started = timezone.localtime(case.received_at).date()
            reached = timezone.localtime(case.decided_at).date() if case.decided_at else None
            return started, reached
        return self.started_on, self.reached_on
