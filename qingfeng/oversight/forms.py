from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department
from qingfeng.core.policies import departments_for_picker
from qingfeng.tickets.forms import MultipleFileField

from .models import Source


class TaskForm(forms.Form):
    title = forms.CharField(label=_("督办事项"), max_length=200)
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices)
    source_ref = forms.CharField(label=_("来源文号（会议纪要、批示件）"), max_length=128, required=False)
    description = forms.CharField(label=_("工作要求"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    due_at = forms.DateTimeField(label=_("完成时限"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    lead = forms.ModelChoiceField(label=_("牵头部门"), queryset=Department.objects.none())
    others = forms.ModelMultipleChoiceField(label=_("配合部门"), queryset=Department.objects.none(), required=False)
    milestones = forms.CharField(label=_("节点（每行：节点名称,YYYY-MM-DD）"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = departments_for_picker(user) if user is not None else Department.objects.none()
        self.fields["lead"].queryset = qs
        self.fields["others"].queryset = qs


class ReportForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    milestone = forms.ModelChoiceField(label=_("对应节点（可选）"), queryset=None, required=False)
    final = forms.BooleanField(label=_("办结报告（申请销号，须附佐证）"), required=False)
    files = MultipleFileField(label=_("佐证材料"), required=False)

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = assignment.milestones.filter(done_at__isnull=True) if assignment else None


class ReasonForm(forms.Form):
    text = forms.CharField(label=_("理由 / 意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.TypedChoiceField(label=_("审核"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                    choices=[("1", _("通过")), ("0", _("退回"))])
    text = forms.CharField(label=_("意见"), max_length=2000, required=False)


class ExtensionForm(forms.Form):
    new_due_at = forms.DateTimeField(label=_("申请延至"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("理由"), max_length=2000)
    progress = forms.CharField(label=_("目前进展"), max_length=2000)


class ExtensionReviewForm(forms.Form):
    extension = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(label=_("审批"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                     choices=[("1", _("同意")), ("0", _("不同意"))])
    text = forms.CharField(label=_("意见"), max_length=2000, required=False)


class ReassignForm(forms.Form):
    department = forms.ModelChoiceField(label=_("改派给"), queryset=Department.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for_picker(user) if user is not None else Department.objects.none()
