from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConductConfig(AppConfig):
    name = "qingfeng.conduct"
    label = "conduct"
    verbose_name = _("作风督查")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the snapshots rules read

        staff = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)
        extensions.add_nav(_("明察暗访"), "conduct:list", roles=staff, prefixes=("/conduct/",),
                           group=extensions.GROUP_CONDUCT, order=20)
        extensions.add_portal_link(_("曝光通报"), "conduct:naming", prefix="/portal/naming/", order=70)
