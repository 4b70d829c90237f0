from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department
from qingfeng.core.policies import departments_for_picker
from qingfeng.tickets.forms import MultipleFileField

from .models import Category, Measure, Mode


class PlanForm(forms.Form):
    title = forms.CharField(label=_("检查计划"), max_length=200)
    starts_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    focus = forms.CharField(label=_("检查重点"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VisitForm(forms.Form):
    department = forms.ModelChoiceField(label=_("被检查单位"), queryset=Department.objects.none())
    mode = forms.ChoiceField(label=_("方式"), choices=Mode.choices)
    place = forms.CharField(label=_("地点（窗口、科室）"), max_length=200, required=False)
    summary = forms.CharField(label=_("检查情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for_picker(user) if user is not None else Department.objects.none()


class FindingForm(forms.Form):
    category = forms.ChoiceField(label=_("问题类别"), choices=Category.choices)
    facts = forms.CharField(label=_("问题事实"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    official = forms.CharField(label=_("涉及人员工号（可选）"), max_length=32, required=False)
    files = MultipleFileField(label=_("取证材料（照片、录音、录像）"), required=False)


class RectifyForm(forms.Form):
    text = forms.CharField(label=_("整改情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("整改佐证"), required=True)


class RecheckForm(forms.Form):
    passed = forms.TypedChoiceField(label=_("复查结论"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                    choices=[("1", _("整改到位，销号")), ("0", _("未整改到位，退回"))])
    note = forms.CharField(label=_("复查意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("复查记录（可选）"), required=False)


class DecisionForm(forms.Form):
    measure = forms.ChoiceField(label=_("处理方式"), choices=Measure.choices)
    summary = forms.CharField(label=_("通报内容（公开，不得含身份证号、电话）"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    name_official = forms.BooleanField(label=_("点名道姓：公开涉及人员的姓名和职务（须处理决定明确）"), required=False)
    publish = forms.BooleanField(label=_("在通报页公开"), required=False, initial=True)


class SpotCheckForm(forms.Form):
    case_number = forms.CharField(label=_("办件编号"), max_length=32)
    actual_received_on = forms.DateField(label=_("实际递交日"), widget=forms.DateInput(attrs={"type": "date"}))
    actual_decided_on = forms.DateField(label=_("实际取得结果日（可选）"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.CharField(label=_("核实方式（回访申请人、回执、叫号记录…）"), max_length=200)
