from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "qingfeng.inspections"
    label = "inspections"
    verbose_name = _("双随机一公开")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the result snapshot that rules read

        extensions.add_nav(_("双随机抽查"), "inspections:list", roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER),
                           prefixes=("/inspections/",), group=extensions.GROUP_POWER, order=20)
        extensions.add_portal_link(_("双随机抽查"), "inspections:portal", prefix="/portal/inspections/", order=31)
