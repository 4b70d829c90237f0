from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "qingfeng.land"
    label = "land"
    verbose_name = _("土地出让")

    def ready(self):
        from . import contract  # noqa: F401  registers the land records and the clock that rules read
