"""Forms of the portal (citizens) and of the staff pages (pickers offer only what the user's scope allows)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department
from qingfeng.core.policies import departments_for_picker

from .models import Kind, Resolution, Satisfaction, Service, Status, Tier


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class TicketForm(forms.Form):
    kind = forms.ChoiceField(label=_("诉求类型"), choices=Kind.choices, initial=Kind.COMPLAINT, widget=forms.RadioSelect)
    service = forms.ModelChoiceField(label=_("类别"), queryset=Service.objects.filter(active=True), empty_label=None)
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("具体内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    address = forms.CharField(label=_("地点（可选）"), max_length=255, required=False)
    lat = forms.FloatField(label=_("纬度（可选）"), required=False, min_value=-90, max_value=90)
    long = forms.FloatField(label=_("经度（可选）"), required=False, min_value=-180, max_value=180)
    submitter = forms.ChoiceField(label=_("您是"), choices=[("citizen", _("个人")), ("enterprise", _("企业"))],
                                  initial="citizen", widget=forms.RadioSelect)
    name = forms.CharField(label=_("姓名或企业名称（可选，加密保存）"), max_length=64, required=False)
    phone = forms.CharField(label=_("联系电话（可选，加密保存，便于回访）"), max_length=32, required=False)
    attachments = MultipleFileField(label=_("附件（图片、文档，可多选）"), required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=11, widget=forms.TextInput(attrs={"placeholder": "XXXXX-XXXXX"}))


class RateForm(forms.Form):
    satisfaction = forms.TypedChoiceField(label=_("您对办理结果是否满意？"), coerce=int, choices=Satisfaction.choices,
                                          widget=forms.RadioSelect)
    resolution = forms.ChoiceField(label=_("您反映的问题是否已解决？"), choices=Resolution.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见（可选）"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TipOffForm(forms.Form):
    anonymous = forms.TypedChoiceField(label=_("举报方式"), coerce=lambda v: v == "1", initial="1", widget=forms.RadioSelect,
                                       choices=[("1", _("匿名举报（凭查询码跟进）")), ("0", _("实名举报"))])
    named_department = forms.ModelChoiceField(label=_("被举报单位"), queryset=Department.objects.filter(active=True),
                                              required=False, empty_label=_("（不清楚或不涉及单位）"))
    named_person = forms.CharField(label=_("被举报人（可选）"), max_length=128, required=False)
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("举报内容（时间、地点、经过、证据线索）"), max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 8}))
    name = forms.CharField(label=_("姓名（实名举报必填，加密保存）"), max_length=64, required=False)
    id_number = forms.CharField(label=_("身份证号（可选，加密保存）"), max_length=18, required=False)
    phone = forms.CharField(label=_("联系电话（实名举报必填，加密保存）"), max_length=32, required=False)


class ClaimForm(forms.Form):
    number = forms.CharField(label=_("举报编号"), max_length=20)
    code = forms.CharField(label=_("查询码"), max_length=40)


class SupplementForm(ClaimForm):
    text = forms.CharField(label=_("补充内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


# ------------------------------------------------------------------------------------------- staff


class TicketFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False)
    service = forms.ModelChoiceField(label=_("类别"), queryset=Service.objects.all(), required=False, empty_label=_("全部类别"))
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["status"].choices = [("", _("全部状态")), *Status.choices, ("overdue", _("已逾期"))]


class DispatchForm(forms.Form):
    department = forms.ModelChoiceField(label=_("承办部门"), queryset=Department.objects.none())
    tier = forms.ChoiceField(label=_("时限档次"), choices=Tier.choices, required=False)
    note = forms.CharField(label=_("派单说明"), max_length=1000, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for_picker(user) if user is not None else Department.objects.none()


class TextForm(forms.Form):
    text = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(TextForm):
    attachment = forms.FileField(label=_("附件（可选）"), required=False)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延期（与时限同单位）"), min_value=1, max_value=60)
    text = forms.CharField(label=_("延期理由"), max_length=1000)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("回访记录"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    satisfaction = forms.TypedChoiceField(label=_("满意度（群众未在线评价时填写）"), coerce=int, required=False, empty_value=None,
                                          choices=[("", "—"), *Satisfaction.choices])
    resolution = forms.ChoiceField(label=_("解决情况"), required=False, choices=[("", "—"), *Resolution.choices])


class ReviewForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(label=_("审核"), coerce=lambda v: v == "1", choices=[("1", _("同意")), ("0", _("不同意"))],
                                     widget=forms.RadioSelect)
    text = forms.CharField(label=_("审核意见"), max_length=1000, required=False)


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("客户端名称"), max_length=128)


class TipOffHandleForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[])
    text = forms.CharField(label=_("办理记录（仅查阅人员可见）"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    public_note = forms.CharField(label=_("答复举报人（举报人凭查询码可见）"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from .models import TipOff

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = TipOff.Status.choices


class ReaderForm(forms.Form):
    username = forms.CharField(label=_("用户名（须为纪检监察人员）"), max_length=150)
