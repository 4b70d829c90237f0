from django.contrib import admin

from .models import CalendarDay, Department, LedgerEvent, Person, Post, RoleGrant


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "depth", "active")
    search_fields = ("code", "name")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "layer", "is_workday", "kind", "name", "source")
    list_filter = ("layer", "kind", "is_workday")
    date_hierarchy = "date"


@admin.register(LedgerEvent)
class LedgerEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes ledger events, not even a superuser."""

    list_display = ("seq", "at", "actor", "action", "object_type", "object_id")
    list_filter = ("action",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Person)
admin.site.register(Post)
admin.site.register(RoleGrant)
