from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "qingfeng.decisions"
    label = "decisions"
    verbose_name = _("三重一大集体决策")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the decision snapshots that rules read

        extensions.add_nav(_("集体决策"), "decisions:list", roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER),
                           prefixes=("/decisions/",), group=extensions.GROUP_POWER, order=10)
        extensions.add_portal_link(_("重大决策"), "decisions:portal", prefix="/portal/decisions/", order=30)
