from django.contrib import admin

from .models import ImportBatch, RejectedRow


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: a batch changes only through records.actions (and is never edited after commit)."""

    list_display = ("pk", "dataset", "source_name", "status", "rows_read", "rows_loaded", "rows_rejected", "actor", "finished_at")
    list_filter = ("dataset", "status")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RejectedRow)
class RejectedRowAdmin(ImportBatchAdmin):
    list_display = ("batch", "line", "field", "value", "reason")
    list_filter = ()
