"""Forms of the staff pages. Pickers offer only what the user's data scope allows."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.alerts.lifecycle import WAITING
from qingfeng.alerts.models import AnswerKind, Severity, Status, Verdict
from qingfeng.core.models import Person
from qingfeng.core.policies import departments_for_picker
from qingfeng.records.contract import importable, importable_names

OVERDUE = "overdue"


class DepartmentChoiceField(forms.ModelChoiceField):
    """Departments indented by depth so the tree reads as a tree in a plain <select>."""

    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth, 0) + obj.name


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False)
    rule = forms.ChoiceField(label=_("规则"), required=False)
    severity = forms.ChoiceField(label=_("等级"), required=False,
                                 choices=[("", _("全部等级")), *Severity.choices])
    department = DepartmentChoiceField(label=_("责任部门（含下级）"), required=False, queryset=None,
                                       empty_label=_("全部部门"))
    q = forms.CharField(label=_("关键词"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("标题或对象")}))

    def __init__(self, data, *, user, alerts, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["status"].choices = [("", _("全部状态")), *Status.choices, (OVERDUE, _("已逾期"))]
        self.fields["department"].queryset = departments_for_picker(user)
        rule_ids = alerts.order_by("rule_id").values_list("rule_id", flat=True).distinct()
        self.fields["rule"].choices = [("", _("全部规则")), *((r, r) for r in rule_ids)]

    def apply(self, qs):
        """Narrow an already scoped queryset; an invalid filter (e.g. a department out of scope) shows nothing."""
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["status"] == OVERDUE:
            qs = qs.filter(status__in=WAITING, due_at__lt=timezone.now())
        elif data["status"]:
            qs = qs.filter(status=data["status"])
        if data["rule"]:
            qs = qs.filter(rule_id=data["rule"])
        if data["severity"]:
            qs = qs.filter(severity=data["severity"])
        if data["department"]:
            qs = qs.filter(department__path__startswith=data["department"].path)
        if data["q"]:
            qs = qs.filter(Q(title__icontains=data["q"]) | Q(subject_key__icontains=data["q"]))
        return qs


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(label=_("答复类型"), choices=AnswerKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("答复说明"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("说明核实情况；整改的写明整改措施和结果；认为误报的写明理由。"))
    attachment = forms.FileField(label=_("佐证材料"), required=False,
                                 help_text=_("整改的请上传佐证（PDF、OFD、图片、Office 文档或 ZIP）。"))

    def clean(self):
        data = super().clean()
        rectified_with_file = data.get("kind") == AnswerKind.RECTIFICATION and data.get("attachment")
        if not (data.get("text") or "").strip() and not rectified_with_file:
            self.add_error("text", _("请填写答复说明。"))
        return data


class VerifyForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(label=_("核查结论"), widget=forms.RadioSelect, choices=[
        (ACCEPT, _("认可答复，予以销号")), (RETURN, _("不认可，退回重新答复"))])
    verdict = forms.ChoiceField(label=_("预警定性"), choices=Verdict.choices, widget=forms.RadioSelect, required=False,
                                help_text=_("认可答复时必选：属实计入规则查准率，误报用于改进规则。"))
    text = forms.CharField(label=_("核查意见"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("退回重新答复时必填。"))

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.ACCEPT and not data.get("verdict"):
            self.add_error("verdict", _("认可答复时须选择预警定性。"))
        if data.get("decision") == self.RETURN and not (data.get("text") or "").strip():
            self.add_error("text", _("退回时须写明理由。"))
        return data

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == self.ACCEPT


class ImportForm(forms.Form):
    dataset = forms.ChoiceField(label=_("数据集"))
    file = forms.FileField(label=_("数据文件"), help_text=_("支持 CSV（UTF-8 或 GBK）、XLSX、Parquet"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = dataset_choices()

    def clean_file(self):
        """Size and content are checked before the importer reads a byte (qingfeng/security/uploads.py)."""
        from pathlib import Path

        from qingfeng.security.parameters import IMPORT_UPLOAD_MAX_BYTES
        from qingfeng.security.uploads import check_content, check_size

        upload = self.cleaned_data["file"]
        check_size(upload, int(IMPORT_UPLOAD_MAX_BYTES.value()))
        check_content(upload, Path(upload.name).suffix)
        return upload


def dataset_choices() -> list[tuple[str, str]]:
    return [(n, f"{importable(n).zh}（{n}）") for n in importable_names()]


class LoginForm(AuthenticationForm):
    """Django's login form with Chinese labels and a message that does not say which part was wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码错误。请注意区分大小写。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")


class AssignForm(forms.Form):
    """A department head names who in the department handles the alert (or dispatches a new one)."""

    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=None, required=False, empty_label=_("（不指定）"))

    def __init__(self, *args, alert, **kwargs):
        super().__init__(*args, **kwargs)
        # Only staff who can log in are worth naming; the action checks they belong to the department.
        self.fields["assignee"].queryset = Person.objects.filter(
            department__path__startswith=alert.department.path, user__isnull=False, user__is_active=True,
        ).select_related("department").order_by("department__path", "name")
        self.fields["assignee"].label_from_instance = lambda p: f"{p.name}（{p.department.name}）"
