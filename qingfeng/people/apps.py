from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "qingfeng.people"
    label = "people"
    verbose_name = _("人员与利益冲突")

    def ready(self):
        # The people datasets of the contract, ID numbers hashed on import, the registry file kinds.
        from . import contract, imports, registry_files  # noqa: F401
