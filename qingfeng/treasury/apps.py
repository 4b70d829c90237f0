from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreasuryConfig(AppConfig):
    name = "qingfeng.treasury"
    label = "treasury"
    verbose_name = _("财政资金与镇属土地租赁")

    def ready(self):
        # The non-tax revenue, appropriation and reserve-fund records, the lease register's file kind and snapshot.
        from qingfeng.core.models import Role
        from qingfeng.web.extensions import GROUP_RESOURCES, add_nav, add_panel

        from . import contract, lease_files  # noqa: F401
        from .views import dashboard_panel

        roles = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD)
        add_nav(_("镇属土地租赁"), "treasury:leases", roles=roles, prefixes=("/treasury/",), group=GROUP_RESOURCES)
        add_panel("web/includes/panel_figures.html", dashboard_panel, roles=roles, order=70)
