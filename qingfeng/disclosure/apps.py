from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "qingfeng.disclosure"
    label = "disclosure"
    verbose_name = _("政务公开")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the request and budget snapshots that rules read
        from .panel import dashboard_panel
        from .publications import register_all

        register_all()
        extensions.add_nav(_("政务公开"), "disclosure_office:home", group=extensions.GROUP_POWER, prefixes=("/disclosure/",),
                           roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD), order=30)
        extensions.add_panel("web/includes/panel_figures.html", dashboard_panel, order=45,
                             roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER))
        extensions.add_portal_link(_("开放数据"), "disclosure:open", prefix="/portal/open/", order=10)
        extensions.add_portal_link(_("依申请公开"), "disclosure:requests", prefix="/portal/requests/", order=11)
