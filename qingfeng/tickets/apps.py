from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "qingfeng.tickets"
    label = "tickets"
    verbose_name = _("民情民意")

    def ready(self):
        from . import contract  # noqa: F401  registers the ticket snapshot that rules read
