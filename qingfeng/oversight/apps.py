from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "qingfeng.oversight"
    label = "oversight"
    verbose_name = _("督查督办")

    def ready(self):
        from . import contract  # noqa: F401  registers the task snapshots that rules read
