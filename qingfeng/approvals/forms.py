"""Forms of the approval pages (staff and portal). Pickers offer only what the user's scope allows and only
what the item's list names (materials, fees, intermediary services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.deadlines import SuspensionReason
from qingfeng.core.models import Person, Post
from qingfeng.core.policies import departments_for_picker, person_of

from . import powerlist
from .models import AbsenceKind, ApplicantKind, CaseStatus, CaseType, Decision, PowerType

TEXTAREA = {"rows": 3}


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *CaseStatus.choices])
    q = forms.CharField(label=_("关键词"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("办件编号、事项或申请人")}))


class RequestMaterialsForm(forms.Form):
    codes = forms.MultipleChoiceField(label=_("需要补正的全部材料"), widget=forms.CheckboxSelectMultiple)
    notice = forms.CharField(label=_("一次性告知书"), widget=forms.Textarea(attrs=TEXTAREA),
                             help_text=_("一次写明全部需要补正的内容、格式与份数；告知后不能再次要求补正。"))

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = [(m["code"], f"{m['code']} {m['name']}") for m in version.materials]


class RefuseAcceptanceForm(forms.Form):
    reasons = forms.CharField(label=_("不予受理的理由"), widget=forms.Textarea(attrs=TEXTAREA))
    remedies = forms.CharField(label=_("救济途径"), widget=forms.Textarea(attrs=TEXTAREA),
                               initial=_("如不服本决定，可自收到之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。"))


class SuspendForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("特别程序"), choices=[
        c for c in SuspensionReason.choices if c[0] != SuspensionReason.MISSING_MATERIALS])
    notice = forms.CharField(label=_("书面告知内容"), widget=forms.Textarea(attrs=TEXTAREA),
                             help_text=_("特别程序所需时间不计入办理期限，须书面告知申请人。"))


class ResumeForm(forms.Form):
    note = forms.CharField(label=_("特别程序结果"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延长天数（工作日）"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs=TEXTAREA))


class StepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("环节意见"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class ForwardForm(forms.Form):
    note = forms.CharField(label=_("初审意见"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("决定"), choices=Decision.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("决定理由"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    remedies = forms.CharField(label=_("救济途径（不予准予时必填）"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
                               initial=_("如不服本决定，可自收到之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。"))


class DeliverForm(forms.Form):
    method = forms.CharField(label=_("送达方式"), max_length=100, initial=_("电子证照"))


class FeeForm(forms.Form):
    fee_code = forms.ChoiceField(label=_("收费项目"))
    amount = forms.DecimalField(label=_("金额（元）"), min_value=0, decimal_places=2, max_digits=12)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee_code"].choices = [(f["code"], f"{f['name']}（标准 {f['amount']} 元）") for f in version.fees]


class IntermediaryForm(forms.Form):
    service_code = forms.ChoiceField(label=_("中介服务"))
    org = forms.CharField(label=_("申请人自主选择的中介机构"), max_length=200)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_code"].choices = [(s["code"], s["name"]) for s in version.intermediaries]


class ProposeForm(forms.Form):
    code = forms.CharField(label=_("事项编码"), max_length=64)
    department = forms.ModelChoiceField(label=_("实施部门"), queryset=None)
    name = forms.CharField(label=_("事项名称"), max_length=200)
    power_type = forms.ChoiceField(label=_("权力类型"), choices=PowerType.choices)
    case_type = forms.ChoiceField(label=_("办件类型"), choices=CaseType.choices)
    statutory_days = forms.IntegerField(label=_("法定时限（工作日）"), min_value=0)
    committed_days = forms.IntegerField(label=_("承诺时限（工作日）"), min_value=0)
    extension_days = forms.IntegerField(label=_("可延长（工作日）"), min_value=0, initial=0)
    bases = forms.CharField(label=_("法律依据"), widget=forms.Textarea(attrs=TEXTAREA),
                            help_text=_("每行一项：法律法规名称|条款|位阶（法律、行政法规、地方性法规、部门规章、地方政府规章、规范性文件）"))
    steps = forms.CharField(label=_("办理环节"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
                            help_text=_("每行一项：环节编码|环节名称|时限（工作日）；各环节之和不超过承诺时限"))
    materials = forms.CharField(label=_("申请材料"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                help_text=_("每行一项：材料编码|材料名称|说明（格式、份数、出具单位）"))
    fees = forms.CharField(label=_("收费项目"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
                           help_text=_("每行一项：收费编码|名称|标准（元）|收费依据"))
    intermediaries = forms.CharField(label=_("中介服务"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                     help_text=_("每行一项：服务编码|名称|设定依据"))
    responsibilities = forms.CharField(label=_("责任事项"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                       help_text=_("每行一项：环节编码|责任岗位|职责|追责情形"))
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, user, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for_picker(user)
        if item is not None:  # a change to an existing item keeps its code and department
            del self.fields["code"]
            del self.fields["department"]

    @classmethod
    def initial_from(cls, version) -> dict:
        content = powerlist.content_of(version)
        return {**{k: content[k] for k in powerlist.SCALAR_FIELDS},
                **{k: powerlist.format_lines(content[k], k) for k in powerlist.LIST_FIELDS}}

    def content(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in (*powerlist.SCALAR_FIELDS, *powerlist.LIST_FIELDS)}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结论"), widget=forms.RadioSelect, choices=[
        ("publish", _("合法，予以公布")), ("return", _("退回修改"))])
    effective_from = forms.DateField(label=_("生效日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    opinion = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class ImportListForm(forms.Form):
    file = forms.FileField(label=_("权力清单工作簿（.xlsx）"))
    reason = forms.CharField(label=_("调整理由"), max_length=200)


class AbsenceForm(forms.Form):
    person = forms.ModelChoiceField(label=_("人员"), queryset=None)
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("类型"), choices=AbsenceKind.choices)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)
    unplanned = forms.BooleanField(label=_("突发情况，事后登记"), required=False,
                                   help_text=_("计划内离岗不能与本岗位A/B同时离岗；突发情况照实登记，空岗天数计入考核。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        me = person_of(user)
        from .policies import HEAD_ROLES, _covers

        depts = [d.pk for d in departments_for_picker(user) if _covers(user, d.pk, HEAD_ROLES)]
        qs = Person.objects.filter(department__in=depts) if depts else Person.objects.none()
        if me is not None:
            qs = qs | Person.objects.filter(pk=me.pk)
        self.fields["person"].queryset = qs.distinct().order_by("department__path", "staff_no")
        if me is not None:
            self.fields["person"].initial = me.pk


class BackupPairForm(forms.Form):
    post = forms.ModelChoiceField(label=_("岗位"), queryset=None)
    primary = forms.ModelChoiceField(label=_("A岗"), queryset=None)
    backup = forms.ModelChoiceField(label=_("B岗"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .policies import HEAD_ROLES, _covers

        depts = [d.pk for d in departments_for_picker(user) if _covers(user, d.pk, HEAD_ROLES)]
        self.fields["post"].queryset = Post.objects.filter(department__in=depts).select_related("department")
        people = Person.objects.filter(department__in=depts).order_by("department__path", "staff_no")
        self.fields["primary"].queryset = people
        self.fields["backup"].queryset = people


class ScoreForm(forms.Form):
    year = forms.IntegerField(label=_("年"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月"), min_value=1, max_value=12)


# ------------------------------------------------------------------------------------------ portal


class ApplyForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantKind.choices, widget=forms.RadioSelect,
                                       initial=ApplicantKind.ENTERPRISE)
    applicant_name = forms.CharField(label=_("申请人名称"), max_length=200)
    applicant_id = forms.CharField(label=_("统一社会信用代码或身份证号码"), max_length=32)
    phone = forms.CharField(label=_("联系电话"), max_length=20)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        for m in version.materials:
            self.fields[f"material_{m['code']}"] = forms.FileField(
                label=m["name"], required=False, help_text=m.get("note") or "")

    def material_files(self) -> dict:
        return {name.removeprefix("material_"): f for name, f in self.cleaned_data.items()
                if name.startswith("material_") and f is not None}


class SupplementForm(forms.Form):
    def __init__(self, *args, wanted: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in wanted:
            self.fields[f"material_{code}"] = forms.FileField(label=name)

    def material_files(self) -> dict:
        return {name.removeprefix("material_"): f for name, f in self.cleaned_data.items() if name.startswith("material_")}


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
