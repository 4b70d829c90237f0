from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "qingfeng.alerts"
    verbose_name = "预警"
