from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "qingfeng.security"
    label = "security"
    verbose_name = _("登录与安全")

    def ready(self):
        from . import signals  # noqa: F401  (login/logout records and password history)
