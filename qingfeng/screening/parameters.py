"""Rule parameter values in force: the rule.yaml default unless an effective-dated override applies."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from .catalogue import Param, Rule
from .models import RuleParameter


def params_in_force(rule: Rule, on: date | None = None) -> dict:
    """{name: value} for ``rule`` on day ``on`` (today): the latest override with effective_from ≤ on."""
    on = on or timezone.localdate()
    values = rule.default_params()
    rows = (RuleParameter.objects.filter(rule_id=rule.id, name__in=list(values), effective_from__lte=on)
            .order_by("name", "-effective_from", "-pk").values_list("name", "value"))
    seen = set()
    for name, value in rows:
        if name not in seen:
            seen.add(name)
            values[name] = value
    return values


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_value(param: Param, value) -> None:
    """A new value must have the default's shape: a number for a number, a list of text for a list…"""
    default = param.default
    if _is_number(default):
        if not _is_number(value):
            raise ValidationError(f"参数 {param.name} 应为数值（单位：{param.unit}），收到 {value!r}")
        if value < 0:
            raise ValidationError(f"参数 {param.name} 不能为负数")
    elif isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValidationError(f"参数 {param.name} 应为 true 或 false")
    elif isinstance(default, list):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValidationError(f"参数 {param.name} 应为非空的文本列表（单位：{param.unit}）")
    elif isinstance(default, str) and not isinstance(value, str):
        raise ValidationError(f"参数 {param.name} 应为文本")
