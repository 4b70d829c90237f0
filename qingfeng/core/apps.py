from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qingfeng.core"
    verbose_name = "基础"
