"""Accountability records: each year's signing campaign, responsibility letters and integrity pledges (signed
copies), integrity talks with their follow-up, appointment notices (which need a prior talk), sanctions linked
to the alerts and tickets they came from, 容错纠错 applications and their decisions, and 学法 sessions and exams.
Compliance (missing letters, talks, study) is derived, never stored."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person


class Campaign(models.Model):
    """A year's signing campaign: letters and pledges are due by ``sign_due_on``; the year's talks and study
    are reviewed at ``closes_on`` (述责述廉)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    sign_due_on = models.DateField(_("责任书、承诺书签订期限"))
    closes_on = models.DateField(_("年度谈话与学法截止日"))
    opened_by = models.CharField(max_length=150)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度签订与谈话安排")
        verbose_name_plural = _("年度签订与谈话安排")

    def __str__(self) -> str:
        return str(self.year)


class PledgeKind(models.TextChoices):
    LETTER = "letter", _("党风廉政建设主体责任书")
    PLEDGE = "pledge", _("廉洁从政承诺书")


class Pledge(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("签订人"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位"))
    kind = models.CharField(_("类型"), max_length=16, choices=PledgeKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    signed_on = models.DateField(_("签订日期"))
    counterpart = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("签订对象（上级）"))
    file = models.FileField(upload_to="accountability/pledges/%Y/")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind", "year"], name="one_pledge_per_kind_year")]
        ordering = ["-year", "person__staff_no"]
        verbose_name = _("责任书与承诺书")
        verbose_name_plural = _("责任书与承诺书")

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} · {self.person}"


class TalkKind(models.TextChoices):
    APPOINTMENT = "appointment", _("任前廉政谈话")
    ANNUAL = "annual", _("年度廉政谈话")
    REMINDER = "reminder", _("提醒谈话")
    ADMONISHMENT = "admonishment", _("诫勉谈话")


class Talk(models.Model):
    number = models.CharField(_("编号"), max_length=24, unique=True)
    kind = models.CharField(_("谈话类型"), max_length=16, choices=TalkKind.choices)
    held_on = models.DateField(_("谈话日期"))
    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="talks_held", verbose_name=_("谈话人"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    participants = models.ManyToManyField(Person, related_name="talks_received", verbose_name=_("谈话对象"))
    issues = models.TextField(_("指出的问题"))
    commitments = models.TextField(_("谈话对象的承诺"), blank=True)
    follow_up_due = models.DateField(_("回访（整改报告）期限"), null=True, blank=True)
    followed_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    follow_up_note = models.TextField(_("回访情况"), blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("廉政谈话")
        verbose_name_plural = _("廉政谈话")

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return f"/accountability/talks/{self.pk}/"

    def follow_up_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.follow_up_due) and (self.followed_up_on or today) > self.follow_up_due


class Appointment(models.Model):
    """An appointment notice (任职通知) issued here; the action refuses one without a prior 任前谈话."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("任职人员"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("任职单位"))
    post = models.CharField(_("职务"), max_length=128)
    notice_no = models.CharField(_("任职通知文号"), max_length=64, unique=True)
    issued_on = models.DateField(_("通知日期"))
    talk = models.ForeignKey(Talk, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("任前谈话"))
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("任职通知")
        verbose_name_plural = _("任职通知")

    def __str__(self) -> str:
        return self.notice_no


class SanctionKind(models.TextChoices):
    CRITICISM = "criticism", _("批评教育")
    ADMONISHMENT = "admonishment", _("诫勉")
    CIRCULATED = "circulated", _("通报批评")
    ORGANISATIONAL = "organisational", _("组织处理")
    PARTY = "party", _("党纪处分")
    GOVERNMENT = "government", _("政务处分")


class Sanction(models.Model):
    number = models.CharField(_("编号"), max_length=24, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("问责对象"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("所在单位"))
    kind = models.CharField(_("问责方式"), max_length=16, choices=SanctionKind.choices)
    decided_on = models.DateField(_("决定日期"))
    facts = models.TextField(_("问题事实"))
    basis = models.TextField(_("依据"))
    alerts = models.ManyToManyField("alerts.Alert", blank=True, related_name="+", verbose_name=_("来源预警"))
    tickets = models.ManyToManyField("tickets.Ticket", blank=True, related_name="+", verbose_name=_("来源工单"))
    decided_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("问责记录")
        verbose_name_plural = _("问责记录")

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()} · {self.person}"

    def get_absolute_url(self) -> str:
        return f"/accountability/sanctions/{self.pk}/"


class Distinction(models.TextChoices):
    """The "three distinctions" (三个区分开来): the mistake falls on the tolerable side of each."""

    EXPERIENCE = "experience", _("因缺乏经验、先行先试出现的失误，而非明知故犯")
    EXPLORATION = "exploration", _("上级尚无明确限制的探索性试验中的失误，而非明令禁止后依然我行我素")
    PUBLIC_GOOD = "public_good", _("为推动发展的无意过失，而非为谋取私利的违纪违法")


class LeniencyRequest(models.TextChoices):
    EXEMPT = "exempt", _("免予问责")
    MITIGATE = "mitigate", _("从轻或减轻问责")


class LeniencyStatus(models.TextChoices):
    PENDING = "pending", _("待认定")
    EXEMPTED = "exempted", _("予以免责")
    MITIGATED = "mitigated", _("从轻或减轻")
    REFUSED = "refused", _("不予容错")


class Leniency(models.Model):
    """A 容错纠错 application about a case: a sanction, or the alert or ticket before any sanction."""

    number = models.CharField(_("编号"), max_length=24, unique=True)
    applicant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="leniency_applications",
                                  verbose_name=_("申请人"))
    sanction = models.ForeignKey(Sanction, null=True, blank=True, on_delete=models.PROTECT, related_name="leniency",
                                 verbose_name=_("问责记录"))
    alert = models.ForeignKey("alerts.Alert", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("预警"))
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("工单"))
    request = models.CharField(_("申请事项"), max_length=16, choices=LeniencyRequest.choices)
    distinctions = models.JSONField(_("所主张的区分情形"), default=list)
    statement = models.TextField(_("申请理由与事实"))
    corrected = models.TextField(_("已采取的纠错措施"), blank=True)
    filed_by = models.CharField(max_length=150)
    filed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("认定结果"), max_length=16, choices=LeniencyStatus.choices, default=LeniencyStatus.PENDING)
    decision_grounds = models.TextField(_("认定理由"), blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("容错纠错申请")
        verbose_name_plural = _("容错纠错申请")

    def __str__(self) -> str:
        return f"{self.number} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return f"/accountability/leniency/{self.pk}/"

    def distinction_labels(self) -> list[str]:
        return [str(Distinction(k).label) for k in self.distinctions if k in Distinction.values]

    @property
    def department_id(self):
        return self.applicant.department_id


class StudyKind(models.TextChoices):
    LECTURE = "lecture", _("法治专题讲座")
    PRE_MEETING = "pre_meeting", _("会前学法")
    EXAM = "exam", _("学法考试")


class StudySession(models.Model):
    number = models.CharField(_("编号"), max_length=24, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=StudyKind.choices)
    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("学法活动")
        verbose_name_plural = _("学法活动")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class StudyAttendance(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="study_attendance")
    score = models.DecimalField(_("考试成绩"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.person_id}"
