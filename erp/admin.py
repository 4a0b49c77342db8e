"""Admin for the cross-cutting records: the quarantine of values set aside by legacy adoption, and the history
of migration runs."""

from django.contrib import admin, messages

from erp.legacy.quarantine import quarantined_value_restore
from erp.models import MigrationRun, QuarantinedValue


class RestoredFilter(admin.SimpleListFilter):
    title = "restored"
    parameter_name = "restored"

    def lookups(self, request, model_admin):
        return [("no", "Not restored"), ("yes", "Restored")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(restored_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(restored_at__isnull=False)
        return queryset


@admin.register(QuarantinedValue)
class QuarantinedValueAdmin(admin.ModelAdmin):
    """Read-only: the records are evidence; the only change offered is putting a value back."""

    list_display = ["table_name", "column_name", "row_pk", "reason", "original_value", "replacement_value",
                    "restorable", "restored_at", "quarantined_at"]
    list_filter = ["reason", "table_name", RestoredFilter, "restorable", "adoption_run"]
    search_fields = ["=row_pk", "table_name", "column_name"]
    readonly_fields = [f.name for f in QuarantinedValue._meta.fields]
    actions = ["restore_original_value"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_restore_permission(self, request):
        # The records are read-only; writing a value back needs the model's change permission.
        return request.user.has_perm("erp.change_quarantinedvalue")

    @admin.action(description="Restore original value", permissions=["restore"])
    def restore_original_value(self, request, queryset):
        restored, refused = 0, []
        for record in queryset:
            ok, message = quarantined_value_restore(record=record, restored_by=request.user.get_username())
            if ok:
                restored += 1
            else:
                refused.append(f"{record.table_name}.{record.column_name} #{record.row_pk}: {message}")
        if restored:
            self.message_user(request, f"Restored {restored} value(s).", messages.SUCCESS)
        for line in refused[:20]:
            self.message_user(request, f"Not restored – {line}", messages.WARNING)


@admin.register(MigrationRun)
class MigrationRunAdmin(admin.ModelAdmin):
    """Read-only: the history of migrate, adoption and repair runs (erp.migration_safety.history)."""

    list_display = ["started_at", "kind", "outcome", "duration", "os_user", "host", "command"]
    list_filter = ["kind", "outcome", "host"]
    search_fields = ["migrations", "command", "detail", "os_user"]
    readonly_fields = [f.name for f in MigrationRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
