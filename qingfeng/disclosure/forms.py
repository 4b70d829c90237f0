from django import forms
from django.utils.translation import gettext_lazy as _


class HeadLookupForm(forms.Form):
    seq = forms.IntegerField(label=_("事件序号"), min_value=1, max_value=2**63 - 1)
