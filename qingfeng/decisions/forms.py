from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department, Person
from qingfeng.core.policies import departments_for_picker

from .models import LinkKind, Meeting, MeetingStatus, Outcome, Stance


def _recording_departments(user):
    from . import policies

    return Department.objects.filter(pk__in=[d.pk for d in departments_for_picker(user) if policies.records_for(user, d.pk)])


class TopicForm(forms.Form):
    department = forms.ModelChoiceField(label=_("承办单位"), queryset=Department.objects.none())
    title = forms.CharField(label=_("议题"), max_length=200)
    proposal = forms.CharField(label=_("方案及说明（必要性、可行性、成本效益与风险）"), widget=forms.Textarea(attrs={"rows": 4}))
    amount = forms.DecimalField(label=_("涉及金额（元）"), max_digits=16, decimal_places=2, required=False)
    touches_public = forms.BooleanField(label=_("涉及社会公众切身利益（须公开征求意见）"), required=False)
    companies = forms.CharField(label=_("利害关系企业（统一社会信用代码，每行一个）"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    people = forms.CharField(label=_("利害关系人（工号，每行一个，如拟任免人选）"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _recording_departments(user)

    def clean_companies(self):
        from qingfeng.people.models import Company

        codes = [c.strip().upper() for c in self.cleaned_data["companies"].split() if c.strip()]
        found = list(Company.objects.filter(credit_code__in=codes))
        missing = sorted(set(codes) - {c.credit_code for c in found})
        if missing:
            raise forms.ValidationError(_("企业登记中没有：%(codes)s") % {"codes": "、".join(missing)})
        return found

    def clean_people(self):
        numbers = [n.strip() for n in self.cleaned_data["people"].split() if n.strip()]
        found = list(Person.objects.filter(staff_no__in=numbers))
        missing = sorted(set(numbers) - {p.staff_no for p in found})
        if missing:
            raise forms.ValidationError(_("人员名册中没有：%(numbers)s") % {"numbers": "、".join(missing)})
        return found


class MeetingForm(forms.Form):
    department = forms.ModelChoiceField(label=_("决策机关"), queryset=Department.objects.none())
    title = forms.CharField(label=_("会议名称"), max_length=200)
    held_at = forms.DateTimeField(label=_("召开时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    principal = forms.ModelChoiceField(label=_("主要负责人"), queryset=Person.objects.none())
    members = forms.ModelMultipleChoiceField(label=_("其他组成人员"), queryset=Person.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = _recording_departments(user)
        self.fields["department"].queryset = departments
        leaders = Person.objects.filter(department__in=departments, post__is_leader=True).order_by("department__code", "staff_no")
        self.fields["principal"].queryset = leaders
        self.fields["members"].queryset = leaders


class ReviewForm(forms.Form):
    lawful = forms.TypedChoiceField(label=_("审查结论"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                    choices=[("1", _("合法")), ("0", _("不合法"))])
    opinion = forms.CharField(label=_("合法性审查意见"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsultationForm(forms.Form):
    start = forms.DateField(label=_("征求意见开始"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("征求意见截止"), widget=forms.DateInput(attrs={"type": "date"}))
    feedback = forms.CharField(label=_("意见及采纳情况"), widget=forms.Textarea(attrs={"rows": 3}))
    short_reason = forms.CharField(label=_("少于 30 日的理由（如有）"), required=False)


class TableForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("提交会议"), queryset=Meeting.objects.none())

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        if topic is not None:
            self.fields["meeting"].queryset = Meeting.objects.filter(department=topic.department, status=MeetingStatus.SCHEDULED)


class CirculateForm(forms.Form):
    outcome = forms.ChoiceField(label=_("决定"), choices=Outcome.choices)
    text = forms.CharField(label=_("决定事项（以传阅、会签方式作出，将被预警）"), widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=LinkKind.choices)
    reference = forms.CharField(label=_("合同编号或支付凭证号"), max_length=64)


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(label=_("出席人员"), queryset=Person.objects.none(),
                                             widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["present"].queryset = Person.objects.filter(pk__in=meeting.members.values("person"))
            self.initial["present"] = list(meeting.members.filter(present=True).values_list("person", flat=True))


class OpinionForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    person = forms.ModelChoiceField(label=_("发言人"), queryset=Person.objects.none())
    stance = forms.ChoiceField(label=_("表态"), choices=Stance.choices)
    text = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["person"].queryset = Person.objects.filter(pk__in=meeting.members.filter(present=True).values("person"))


class RecusalForm(forms.Form):
    recusal = forms.IntegerField(widget=forms.HiddenInput)
    recuse = forms.TypedChoiceField(label=_("是否回避"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                    choices=[("1", _("回避")), ("0", _("不回避"))])
    reason = forms.CharField(label=_("不回避的说明"), required=False)


class DecideForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("决定"), choices=Outcome.choices)
    text = forms.CharField(label=_("决定事项"), widget=forms.Textarea(attrs={"rows": 2}))
    dissent = forms.CharField(label=_("不同意见（留空则按各人表态载明）"), required=False)
    override_reason = forms.CharField(label=_("主要负责人未采纳多数意见的理由"), required=False)


class CatalogueForm(forms.Form):
    department = forms.ModelChoiceField(label=_("决策单位"), queryset=Department.objects.none())
    threshold = forms.DecimalField(label=_("重大事项金额标准（元）"), max_digits=16, decimal_places=2, min_value=0)
    effective_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    basis = forms.CharField(label=_("依据（本单位“三重一大”事项目录文号）"), max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _recording_departments(user)
