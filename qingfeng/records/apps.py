from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "qingfeng.records"
    verbose_name = "业务数据"
