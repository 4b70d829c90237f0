"""The main navigation: each role sees the pages it can use, in the order it uses them."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Role
from qingfeng.core.policies import has_role

from .access import ALERT_ROLES, IMPORT_READ_ROLES


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


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
    return [NavItem(str(label), url, active) for label, url, active in entries]
