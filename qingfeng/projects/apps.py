from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "qingfeng.projects"
    label = "projects"
    verbose_name = _("政府投资项目")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the project registries and wage records
        from .panels import dashboard_panel

        staff = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD)
        extensions.add_nav(_("政府投资项目"), "projects:list", roles=staff, prefixes=("/projects/",),
                           group=extensions.GROUP_RESOURCES, order=30)
        extensions.add_panel("projects/panel.html", dashboard_panel, roles=staff, order=60)
