from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "qingfeng.land"
    label = "land"
    verbose_name = _("土地出让")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the land records and the clock that rules read

        extensions.add_nav(_("土地出让"), "land:list", prefixes=("/land/",), group=extensions.GROUP_RESOURCES, order=20,
                           roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD))
