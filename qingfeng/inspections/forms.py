from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Item, Outcome


class DrawForm(forms.Form):
    item = forms.ModelChoiceField(label=_("抽查事项"), queryset=Item.objects.none())
    ratio_a = forms.FloatField(label=_("A类抽查比例（0–1）"), min_value=0, max_value=1, initial=0.05)
    ratio_b = forms.FloatField(label=_("B类抽查比例"), min_value=0, max_value=1, initial=0.1)
    ratio_c = forms.FloatField(label=_("C类抽查比例"), min_value=0, max_value=1, initial=0.3)
    ratio_d = forms.FloatField(label=_("D类抽查比例"), min_value=0, max_value=1, initial=1.0)
    per_target = forms.IntegerField(label=_("每户执法检查人员"), min_value=2, initial=2)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else Item.objects.none()

    def ratios(self) -> dict[str, float]:
        d = self.cleaned_data
        return {"A": d["ratio_a"], "B": d["ratio_b"], "C": d["ratio_c"], "D": d["ratio_d"]}


class ResultForm(forms.Form):
    drawn = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("检查结果"), choices=Outcome.choices)
    summary = forms.CharField(label=_("检查情况"), widget=forms.Textarea(attrs={"rows": 2}))
    checked_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}))
