from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "qingfeng.procurement"
    label = "procurement"
    verbose_name = _("政府采购")

    def ready(self):
        # The procurement datasets of the contract and the supplier-name keys derived on every import.
        from qingfeng.web import extensions

        from . import contract, names  # noqa: F401
        from .policies import ROLES
        from .views import dashboard_panel

        extensions.add_nav(_("政府采购"), "procurement:overview", roles=ROLES, prefixes=("/procurement/",),
                           group=extensions.GROUP_RESOURCES, order=10)
        extensions.add_panel("web/includes/panel_figures.html", dashboard_panel, roles=ROLES, order=40)
        from django.apps import apps

        if apps.is_installed("qingfeng.people"):
            from qingfeng.people import counterparties as people_counterparties

            from .counterparties import awards

            people_counterparties.register("contract", awards)
        extensions.add_portal_link(_("政府采购（OCDS）"), "procurement:ocds_export", prefix="/portal/procurement/", order=40)
