"""Template helpers of the staff pages: navigation, role names, and Chinese durations."""

from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.core.models import Role
from qingfeng.core.policies import roles

from .. import extensions
from ..navigation import NavItem, items_for

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_items(context):
    request = context.get("request")
    return items_for(request) if request is not None else []


@register.simple_tag(takes_context=True)
def portal_links(context):
    """Public portal links the apps registered (qingfeng.web.extensions.add_portal_link)."""
    request = context.get("request")
    path = request.path if request is not None else ""
    return [NavItem(str(link.label), reverse(link.url_name), path.startswith(link.prefix)) for link in extensions.portal_links()]


@register.simple_tag(takes_context=True)
def user_roles(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    held = roles(request.user)
    return [str(label) for value, label in Role.choices if value in held]


@register.filter
def duration(value: timedelta | None) -> str:
    """A span as days and hours ("2天3小时"), for answer times and clocks."""
    if value is None:
        return "—"
    seconds = abs(int(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return _("%(d)s天%(h)s小时") % {"d": days, "h": hours} if hours else _("%(d)s天") % {"d": days}
    if hours:
        return _("%(h)s小时") % {"h": hours}
    return _("%(m)s分钟") % {"m": max(rest // 60, 1)}


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def column_label(name: str, dataset: str | None = None) -> str:
    from ..evidence import column_label as label

    return label(name, dataset)
