"""The Django admin is the administrators' (三员) console. Every change it makes goes through core.actions,
so it is ledgered; registries it only shows are read-only here."""

from django.contrib import admin

from . import actions
from .models import CalendarDay, Department, LedgerEvent, Person, Post, RoleGrant


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "layer", "is_workday", "kind", "name", "source")
    list_filter = ("layer", "kind", "is_workday")
    date_hierarchy = "date"
    fields = ("date", "layer", "is_workday", "kind", "name")

    def save_model(self, request, obj, form, change):
        saved = actions.set_calendar_day(request.user, day=obj.date, is_workday=obj.is_workday, kind=obj.kind,
                                         name=obj.name, layer=obj.layer)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False  # a day is corrected, never deleted: deadlines computed from it must stay explainable


@admin.register(LedgerEvent)
class LedgerEventAdmin(ReadOnlyAdmin):
    """Nobody edits or deletes ledger events, not even a superuser."""

    list_display = ("seq", "at", "actor", "action", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("object_id", "actor")


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "parent", "depth", "active")
    search_fields = ("code", "name")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("staff_no", "name", "department", "post", "id_masked")
    exclude = ("id_hash",)


admin.site.register(Post, ReadOnlyAdmin)


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "scope")
    list_filter = ("role", "scope")


admin.site.site_header = "清风 · 管理控制台"
admin.site.site_title = "清风"
