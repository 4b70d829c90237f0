from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "qingfeng.people"
    label = "people"
    verbose_name = _("人员与利益冲突")

    def ready(self):
        from . import contract  # noqa: F401  (registers the people datasets in the data contract)
