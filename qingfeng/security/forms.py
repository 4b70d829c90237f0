"""Forms of the login steps and the administrators' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import ADMIN_ROLES, Department, Role, Scope

from . import parameters


class CodeForm(forms.Form):
    code = forms.CharField(label=_("动态口令"), max_length=8, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "autofocus": True}),
        help_text=_("手机验证器（如 FreeOTP、Google Authenticator、微信小程序“腾讯身份验证器”）显示的 6 位数字"))


class PasswordChangeForm(forms.Form):
    old = forms.CharField(label=_("原口令"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new = forms.CharField(label=_("新口令"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    again = forms.CharField(label=_("再次输入新口令"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new") and data.get("again") and data["new"] != data["again"]:
            self.add_error("again", _("两次输入的新口令不一致"))
        return data


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    staff_no = forms.CharField(label=_("工号（关联人员，可空）"), max_length=32, required=False)
    password = forms.CharField(label=_("初始口令"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("用户首次登录须修改。"))


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    scope = forms.ChoiceField(label=_("数据范围"), choices=Scope.choices, initial=Scope.OWN,
                              help_text=_("管理员角色不带业务数据范围。"))
    departments = forms.ModelMultipleChoiceField(label=_("自定义部门"), queryset=Department.objects.filter(active=True),
                                                 required=False)

    def clean(self):
        data = super().clean()
        if data.get("role") in ADMIN_ROLES:
            data["scope"] = Scope.SELF
        if data.get("scope") == Scope.CUSTOM and not data.get("departments"):
            self.add_error("departments", _("自定义范围须选择部门"))
        return data


class PolicyForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for p in parameters.EDITABLE:
            self.fields[p.name] = forms.IntegerField(label=p.name, min_value=p.minimum, max_value=p.maximum,
                                                     initial=p.value(), help_text=f"{p.unit} · {p.basis}")


class LoginRecordFilterForm(forms.Form):
    username = forms.CharField(label=_("用户名"), required=False, max_length=150)
    event = forms.ChoiceField(label=_("事件"), required=False)
    success = forms.ChoiceField(label=_("结果"), required=False, choices=[("", _("全部")), ("1", _("成功")), ("0", _("失败"))])

    def __init__(self, *args, **kwargs):
        from .models import LoginEvent

        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("全部事件")), *LoginEvent.choices]
