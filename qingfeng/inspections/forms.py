from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department

from .models import Item, Outcome, RiskClass


class DrawForm(forms.Form):
    item = forms.ModelChoiceField(label=_("抽查事项"), queryset=Item.objects.none())
    ratio_a = forms.FloatField(label=_("A类抽查比例（0–1）"), min_value=0, max_value=1, initial=0.05)
    ratio_b = forms.FloatField(label=_("B类抽查比例"), min_value=0, max_value=1, initial=0.1)
    ratio_c = forms.FloatField(label=_("C类抽查比例"), min_value=0, max_value=1, initial=0.3)
    ratio_d = forms.FloatField(label=_("D类抽查比例"), min_value=0, max_value=1, initial=1.0)
    per_target = forms.IntegerField(label=_("每户执法检查人员"), min_value=2, initial=2)
    joint = forms.ModelMultipleChoiceField(
        label=_("联合抽查部门"), queryset=Department.objects.none(), required=False,
        help_text=_("跨部门联合抽查时选择参加的部门：执法检查人员从本事项部门和这些部门（含下级）的名录库中抽取"))

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else Item.objects.none()
        self.fields["joint"].queryset = Department.objects.order_by("path")

    def ratios(self) -> dict[str, float]:
        d = self.cleaned_data
        return {"A": d["ratio_a"], "B": d["ratio_b"], "C": d["ratio_c"], "D": d["ratio_d"]}


class ResultForm(forms.Form):
    drawn = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("检查结果"), choices=Outcome.choices)
    summary = forms.CharField(label=_("检查情况"), widget=forms.Textarea(attrs={"rows": 2}))
    checked_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ItemForm(forms.Form):
    code = forms.CharField(label=_("事项编码"), max_length=32)
    name = forms.CharField(label=_("抽查事项"), max_length=200)
    department = forms.ModelChoiceField(label=_("实施部门"), queryset=Department.objects.none())
    basis = forms.CharField(label=_("抽查依据"), max_length=300)
    key_item = forms.BooleanField(label=_("重点检查事项（比例不设上限）"), required=False)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments if departments is not None else Department.objects.none()


class TargetsForm(forms.Form):
    rows = forms.CharField(label=_("检查对象（每行：统一社会信用代码,名称,风险分类 A–D）"), widget=forms.Textarea(attrs={"rows": 5}))

    def clean_rows(self):
        out = []
        for n, line in enumerate(self.cleaned_data["rows"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [x.strip() for x in line.replace("，", ",").split(",")]
            if len(parts) != 3 or len(parts[0]) != 18 or parts[2].upper() not in RiskClass.values or not parts[1]:
                raise forms.ValidationError(_("第 %(n)s 行格式应为：18 位统一社会信用代码,名称,A–D") % {"n": n})
            out.append((parts[0].upper(), parts[1], parts[2].upper()))
        return out


class InspectorsForm(forms.Form):
    staff = forms.CharField(label=_("执法检查人员（工号，每行一个）"), widget=forms.Textarea(attrs={"rows": 3}))
