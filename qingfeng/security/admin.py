from django.contrib import admin

from qingfeng.core.admin import ReadOnlyAdmin

from .models import LoginRecord


@admin.register(LoginRecord)
class LoginRecordAdmin(ReadOnlyAdmin):
    """Login records are read here and on /security/logins/; nobody edits or deletes them."""

    list_display = ("seq", "at", "username", "event", "success", "ip", "by")
    list_filter = ("event", "success")
    search_fields = ("username", "ip")
