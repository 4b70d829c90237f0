from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "qingfeng.reports"
    label = "reports"
    verbose_name = _("廉政月报")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions as ext

        ext.add_nav(_("廉政月报"), "reports:monthly", roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD), group=ext.GROUP_POWER,
                    prefixes=("/reports/",), order=90)
