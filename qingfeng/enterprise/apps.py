from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterpriseConfig(AppConfig):
    name = "qingfeng.enterprise"
    label = "enterprise"
    verbose_name = _("为企服务")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the snapshots rules read
        from .indicators import dashboard_panel

        staff = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)
        extensions.add_nav(_("重点企业与项目"), "enterprise:list", roles=staff, prefixes=("/enterprise/",),
                           group=extensions.GROUP_BUSINESS, order=10)
        extensions.add_panel("enterprise/panel.html", dashboard_panel, roles=staff, order=60)
        extensions.add_portal_link(_("营商环境"), "enterprise:portal", prefix="/portal/business/", order=60)
