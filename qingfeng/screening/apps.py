from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "qingfeng.screening"
    verbose_name = "筛查"
