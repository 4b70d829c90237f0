from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "qingfeng.accountability"
    label = "accountability"
    verbose_name = _("问责与廉政档案")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions as ext

        from . import contract  # noqa: F401  registers the HR appointments and the snapshots rules read

        roles = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD)
        ext.add_nav(_("廉政档案与谈话"), "accountability:home", roles=roles, group=ext.GROUP_CONDUCT, order=10,
                    prefixes=("/accountability/", ))
        ext.add_nav(_("容错纠错"), "accountability:leniency_list", roles=roles, group=ext.GROUP_CONDUCT, order=30,
                    prefixes=("/accountability/leniency/",))
        from .panels import dashboard_panel

        ext.add_panel("web/includes/panel_figures.html", dashboard_panel, roles=roles, order=70)
        ext.add_nav(_("学法"), "accountability:study", roles=roles, group=ext.GROUP_CONDUCT, order=40,
                    prefixes=("/accountability/study/",))
