from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department
from qingfeng.core.policies import departments_for_picker

from .models import Exemption, RateBasis, SecurityKind
from .stages import DocKind


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("项目编号"), max_length=32)
    name = forms.CharField(label=_("项目名称"), max_length=200)
    owner = forms.ModelChoiceField(label=_("项目单位"), queryset=Department.objects.none())
    departments = forms.ModelMultipleChoiceField(label=_("参与部门（可提出异议）"), queryset=Department.objects.all(),
                                                 required=False)
    budget_line = forms.CharField(label=_("预算项目编码"), max_length=64, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = departments_for_picker(user) if user is not None else Department.objects.none()


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料"), choices=DocKind.choices)
    reference = forms.CharField(label=_("文号"), max_length=128)
    issued_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))


class EstimateForm(forms.Form):
    estimate = forms.DecimalField(label=_("核定概算（元）"), max_digits=18, decimal_places=2, required=False)
    adjusted = forms.DecimalField(label=_("调整后概算（元）"), max_digits=18, decimal_places=2, required=False)
    adjusted_ref = forms.CharField(label=_("概算调整批复文号"), max_length=128, required=False)
    investment = forms.DecimalField(label=_("累计完成投资（元）"), max_digits=18, decimal_places=2, required=False)


class ContractForm(forms.Form):
    code = forms.CharField(label=_("合同编号"), max_length=64)
    contractor = forms.CharField(label=_("承包单位"), max_length=200)
    value = forms.DecimalField(label=_("合同金额（元）"), max_digits=18, decimal_places=2)
    signed_on = forms.DateField(label=_("签订日期"), widget=forms.DateInput(attrs={"type": "date"}))
    general = forms.BooleanField(label=_("施工总承包"), required=False, initial=True)
    advance_funding = forms.BooleanField(label=_("约定由施工单位垫资"), required=False)


class WageAccountForm(forms.Form):
    contract = forms.IntegerField(widget=forms.HiddenInput)
    bank = forms.CharField(label=_("开户银行"), max_length=128)
    account_no = forms.CharField(label=_("专用账户账号"), max_length=64)
    opened_on = forms.DateField(label=_("开户日期"), widget=forms.DateInput(attrs={"type": "date"}))


class WageSecurityForm(forms.Form):
    contract = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("方式"), choices=SecurityKind.choices)
    rate = forms.DecimalField(label=_("存储比例（如 0.02）"), max_digits=6, decimal_places=4, required=False)
    lodged_on = forms.DateField(label=_("存储或开具日期"), widget=forms.DateInput(attrs={"type": "date"}))
    exemption = forms.ChoiceField(label=_("免缴情形"), choices=[("", "—"), *Exemption.choices], required=False)
    reference = forms.CharField(label=_("凭证或保函编号"), max_length=128, required=False)
    rate_basis = forms.ChoiceField(label=_("比例依据"), choices=RateBasis.choices, initial=RateBasis.STANDARD)


class AdjustSecurityForm(forms.Form):
    contract = forms.IntegerField(widget=forms.HiddenInput)
    rate = forms.DecimalField(label=_("新的存储比例"), max_digits=6, decimal_places=4)
    rate_basis = forms.ChoiceField(label=_("比例依据"), choices=RateBasis.choices)
    amount = forms.DecimalField(label=_("调整后金额（元，留空按比例计算）"), max_digits=18, decimal_places=2, required=False)
    lodged_on = forms.DateField(label=_("调整日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ObjectionForm(forms.Form):
    department = forms.ModelChoiceField(label=_("以哪个部门名义"), queryset=Department.objects.none())
    text = forms.CharField(label=_("异议内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(pk__in=[d.pk for d in departments])


class ResolveForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("处理结果"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
