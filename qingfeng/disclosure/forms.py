from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BudgetKind
from .regulation import ApplicantKind, Article, Channel, Decision


class HeadLookupForm(forms.Form):
    seq = forms.IntegerField(label=_("事件序号"), min_value=1, max_value=2**63 - 1)


class FeeForm(forms.Form):
    requests_in_month = forms.IntegerField(label=_("本月第几件申请"), min_value=1, max_value=10000, initial=1,
                                           help_text=_("同一申请人本自然月内提出的申请，按收到顺序，含本件"))
    pages = forms.IntegerField(label=_("本件提供页数"), min_value=0, max_value=1_000_000, initial=0)


class RequestForm(forms.Form):
    department = forms.ModelChoiceField(label=_("受理机关"), queryset=None)
    channel = forms.ChoiceField(label=_("提交方式"), choices=Channel.choices)
    received_on = forms.DateField(label=_("收到申请日期"), help_text=_("第三十一条：按提交方式确定的收到之日"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    applicant_kind = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("申请人"), max_length=200)
    contact = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    description = forms.CharField(label=_("申请内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class ThirdPartyReplyForm(forms.Form):
    objects = forms.BooleanField(label=_("第三方不同意公开"), required=False)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("答复类型"), choices=Decision.choices)
    article = forms.ChoiceField(label=_("不予公开依据（不予公开、部分公开必填）"), choices=[("", "—"), *Article.choices],
                                required=False)
    other_agency = forms.CharField(label=_("负责公开的机关（非本机关时填写）"), max_length=200, required=False)
    fee_method = forms.ChoiceField(label=_("信息处理费"), choices=[("none", _("不收费")), ("per_request", _("按件计收")),
                                                                  ("per_page", _("按量计收"))], initial="none")
    pages = forms.IntegerField(label=_("提供页数"), min_value=0, initial=0, required=False)


class ApprovalForm(forms.Form):
    department = forms.ModelChoiceField(label=_("部门"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("类别"), choices=BudgetKind.choices)
    approved_on = forms.DateField(label=_("批复日期"), widget=forms.DateInput(attrs={"type": "date"}))
    document_no = forms.CharField(label=_("批复文号"), max_length=64, required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class ExemptionForm(forms.Form):
    dataset = forms.ChoiceField(label=_("公开数据集"), choices=())
    item_key = forms.CharField(label=_("条目编号"), max_length=200)
    article = forms.ChoiceField(label=_("不予公开依据"), choices=Article.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    department = forms.ModelChoiceField(label=_("决定部门"), queryset=None, required=False,
                                        help_text=_("不选：本人所在部门；全市纪检监察人员不选即为全市范围"))

    def __init__(self, *args, user=None, **kwargs):
        from qingfeng.core.policies import departments_for_picker

        from .catalogue import publications

        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = [(p.slug, p.title) for p in publications()]
        self.fields["department"].queryset = departments_for_picker(user)


class PublicRequestForm(forms.Form):
    """A request filed on the portal (互联网渠道): received the day the platform confirms it (第三十一条)."""

    department = forms.ModelChoiceField(label=_("向哪个机关申请"), queryset=None)
    applicant_kind = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("姓名或名称"), max_length=200)
    contact = forms.CharField(label=_("联系电话"), max_length=32)
    applicant_id = forms.CharField(label=_("身份证件号码或统一社会信用代码"), max_length=32, required=False,
                                   help_text=_("用于按月累计申请件数（信息处理费），只保存其密钥哈希"))
    description = forms.CharField(label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
                                  widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, **kwargs):
        from qingfeng.core.models import Department

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(depth__lte=1).order_by("code")


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=11, widget=forms.TextInput(attrs={"placeholder": "XXXXX-XXXXX"}))
