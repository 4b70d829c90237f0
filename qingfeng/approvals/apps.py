from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "qingfeng.approvals"
    label = "approvals"
    verbose_name = "行政审批电子监察"

    def ready(self):
        from . import contract  # noqa: F401  registers the approval datasets rules read
