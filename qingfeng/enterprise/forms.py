from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person
from qingfeng.core.policies import departments_for_picker

from .models import Category, Enterprise, Stage


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=200)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, min_length=18)
    industry = forms.CharField(label=_("行业"), max_length=64, required=False)
    group = forms.CharField(label=_("重点群体 / 产业集群"), max_length=64, required=False)


class ProjectForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=Enterprise.objects.none())
    name = forms.CharField(label=_("项目名称"), max_length=200)
    investment = forms.DecimalField(label=_("计划投资（万元）"), max_digits=14, decimal_places=2, min_value=0)
    department = forms.ModelChoiceField(label=_("服务牵头部门"), queryset=Department.objects.none())
    signed_on = forms.DateField(label=_("签约日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises if enterprises is not None else Enterprise.objects.none()
        self.fields["department"].queryset = departments_for_picker(user) if user is not None else Department.objects.none()


class PairingForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=Enterprise.objects.none())
    leader = forms.CharField(label=_("包联领导工号"), max_length=32)
    department = forms.ModelChoiceField(label=_("包联部门"), queryset=Department.objects.none())
    since = forms.DateField(label=_("包联起始"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user=None, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises if enterprises is not None else Enterprise.objects.none()
        self.fields["department"].queryset = departments_for_picker(user) if user is not None else Department.objects.none()

    def clean_leader(self):
        person = Person.objects.filter(staff_no=self.cleaned_data["leader"].strip()).first()
        if person is None:
            raise forms.ValidationError(_("没有这个工号"))
        return person


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("走访日期"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("走访情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class RequestForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    title = forms.CharField(label=_("诉求标题"), max_length=200)
    description = forms.CharField(label=_("诉求内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.filter(active=True))
    project = forms.ModelChoiceField(label=_("相关项目（可选）"), queryset=None, required=False)

    def __init__(self, *args, pairing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = pairing.enterprise.projects.all() if pairing else None


class MilestoneForm(forms.Form):
    stage = forms.ChoiceField(label=_("阶段"), choices=[c for c in Stage.choices if c[0] != Stage.SIGNING])
    title = forms.CharField(label=_("事项（如：建设工程规划许可）"), max_length=200)
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.filter(active=True), required=False)
    started_on = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    case_number = forms.CharField(label=_("关联审批办件编号（证照，可选）"), max_length=32, required=False)


class ReachForm(forms.Form):
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    reached_on = forms.DateField(label=_("完成日期"), widget=forms.DateInput(attrs={"type": "date"}))
