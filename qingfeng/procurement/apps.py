from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "qingfeng.procurement"
    label = "procurement"
    verbose_name = _("政府采购")

    def ready(self):
        # The procurement datasets of the contract and the supplier-name keys derived on every import.
        from . import contract, names  # noqa: F401
