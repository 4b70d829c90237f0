from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Distinction, LeniencyRequest, LeniencyStatus, PledgeKind, SanctionKind, StudyKind, TalkKind

DATE = forms.DateInput(attrs={"type": "date"})


def _staff(label, required=True):
    return forms.CharField(label=label, max_length=2000, required=required)


class CampaignForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    sign_due_on = forms.DateField(label=_("责任书、承诺书签订期限"), widget=DATE)
    closes_on = forms.DateField(label=_("年度谈话与学法截止日"), widget=DATE)


class PledgeForm(forms.Form):
    staff_no = _staff(_("签订人工号"))
    kind = forms.ChoiceField(label=_("类型"), choices=PledgeKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    signed_on = forms.DateField(label=_("签订日期"), widget=DATE)
    counterpart = _staff(_("签订对象（上级）工号"), required=False)
    signed_copy = forms.FileField(label=_("签字件（PDF、OFD 或扫描图片）"))


class TalkForm(forms.Form):
    kind = forms.ChoiceField(label=_("谈话类型"), choices=TalkKind.choices)
    leader = _staff(_("谈话人工号"))
    participants = _staff(_("谈话对象工号（多个用逗号分隔）"))
    held_on = forms.DateField(label=_("谈话日期"), widget=DATE)
    issues = forms.CharField(label=_("谈话内容、指出的问题"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    commitments = forms.CharField(label=_("谈话对象的承诺"), max_length=8000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_due = forms.DateField(label=_("回访期限（提醒、诫勉谈话必填）"), required=False, widget=DATE)


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("回访日期"), widget=DATE)
    note = forms.CharField(label=_("回访情况（承诺是否兑现）"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AppointmentForm(forms.Form):
    staff_no = _staff(_("任职人员工号"))
    post = forms.CharField(label=_("职务"), max_length=128)
    notice_no = forms.CharField(label=_("任职通知文号"), max_length=64)
    issued_on = forms.DateField(label=_("通知日期"), widget=DATE)


class SanctionForm(forms.Form):
    staff_no = _staff(_("问责对象工号"))
    kind = forms.ChoiceField(label=_("问责方式"), choices=SanctionKind.choices)
    decided_on = forms.DateField(label=_("决定日期"), widget=DATE)
    facts = forms.CharField(label=_("问题事实"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    basis = forms.CharField(label=_("依据（条款）"), max_length=2000)
    alerts = forms.CharField(label=_("来源预警编号（多个用逗号分隔）"), max_length=500, required=False)
    tickets = forms.CharField(label=_("来源工单编号（多个用逗号分隔）"), max_length=500, required=False)


class LeniencyForm(forms.Form):
    staff_no = _staff(_("申请人工号"))
    sanction = forms.CharField(label=_("问责记录编号"), max_length=24, required=False)
    alert = forms.IntegerField(label=_("预警编号"), required=False)
    ticket = forms.CharField(label=_("工单编号"), max_length=20, required=False)
    request = forms.ChoiceField(label=_("申请事项"), choices=LeniencyRequest.choices)
    distinctions = forms.MultipleChoiceField(label=_("符合“三个区分开来”的情形"), choices=Distinction.choices,
                                             widget=forms.CheckboxSelectMultiple)
    statement = forms.CharField(label=_("申请理由与事实（出于公心、于民有益的说明）"), max_length=8000,
                                widget=forms.Textarea(attrs={"rows": 5}))
    corrected = forms.CharField(label=_("已采取的纠错措施"), max_length=4000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))


class LeniencyDecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("认定结果"), widget=forms.RadioSelect, choices=[
        c for c in LeniencyStatus.choices if c[0] != LeniencyStatus.PENDING])
    grounds = forms.CharField(label=_("认定理由"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))


class StudyForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=StudyKind.choices)
    title = forms.CharField(label=_("主题"), max_length=200)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    attendees = forms.CharField(label=_("参加人员（每行：工号，考试另加“,成绩”）"), max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 5}))
