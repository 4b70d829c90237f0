"""The main navigation: each role sees the pages it can use, in the order it uses them."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Role
from qingfeng.core.policies import has_role

from . import extensions
from .access import ALERT_ROLES, IMPORT_READ_ROLES


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool
    children: list["NavItem"] = field(default_factory=list)   # a menu group: url is empty


def _registered(request) -> tuple[list[NavItem], list[NavItem]]:
    """Entries the apps registered (qingfeng.web.extensions): top-level items, then one menu per group."""
    user, path = request.user, request.path
    top: list[NavItem] = []
    groups: dict[str, list[NavItem]] = {}
    if not user.is_authenticated:
        return top, []
    for entry in extensions.nav_entries():
        if not has_role(user, *entry.roles):
            continue
        item = NavItem(str(entry.label), reverse(entry.url_name), path.startswith(entry.prefixes))
        if entry.group is None:
            top.append(item)
        else:
            groups.setdefault(str(entry.group), []).append(item)
    order = [str(g) for g in extensions.GROUP_ORDER]
    menus = [NavItem(name, "", any(c.active for c in children), children)
             for name, children in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))]
    return top, menus


def items_for(request) -> list[NavItem]:
    user = request.user
    path = request.path
    entries: list[tuple[str, str, bool]] = []
    if user.is_authenticated and has_role(user, *ALERT_ROLES):
        entries.append((_("工作台"), reverse("web:dashboard"), path == reverse("web:dashboard")))
        entries.append((_("预警处置"), reverse("web:alert_list"), path.startswith(reverse("web:alert_list"))))
        entries.append((_("人员关系"), reverse("people:search"), path.startswith(reverse("people:search"))))
        entries.append((_("民情民意"), reverse("tickets:list"), path.startswith((reverse("tickets:list"), reverse("tickets:tipoffs")))))
        entries.append((_("督查督办"), reverse("oversight:list"), path.startswith(reverse("oversight:list"))))
        entries.append((_("行政审批"), reverse("approvals:cases"), path.startswith("/approvals/")))
    split = len(entries)   # registered items and menus go after the alert desk, before imports and administration
    if user.is_authenticated and has_role(user, *IMPORT_READ_ROLES):
        entries.append((_("数据导入"), reverse("web:imports"), path.startswith(reverse("web:imports"))))
    if user.is_authenticated and has_role(user, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):  # Open311 keys, tip-off readers
        entries.append((_("接入与授权"), reverse("tickets:api_keys") if has_role(user, Role.SYSTEM_ADMIN)
                        else reverse("tickets:tipoff_readers"), path.startswith(("/tickets/keys/", "/tipoffs/readers/"))))
    if user.is_authenticated and user.is_staff:
        entries.append((_("系统管理"), reverse("admin:index"), path.startswith(reverse("admin:index"))))
    if user.is_authenticated:
        entries.append((_("账号安全"), reverse("security:home"), path.startswith("/security/")))
    entries.append((_("公开门户"), reverse("disclosure:portal"), path.startswith(reverse("disclosure:portal"))))
    items = [NavItem(str(label), url, active) for label, url, active in entries]
    top, menus = _registered(request)
    return items[:split] + top + menus + items[split:]
