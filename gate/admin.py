from django.contrib import admin

from erp.admin_base import ModuleAdmin

from .models import GateEntryLog, GateEntrySession, GateUser, GoingOutLog


@admin.register(GateUser)
class GateUserAdmin(ModuleAdmin):
    list_display = ["name", "phone", "status", "last_entry", "last_exit"]
    list_filter = ["status"]
    search_fields = ["name", "=phone"]
    readonly_fields = ["registered_at", "last_entry", "last_exit", "created_at", "updated_at"]
    exclude = ["face_encoding", "photo"]


@admin.register(GateEntryLog)
class GateEntryLogAdmin(ModuleAdmin):
    list_display = ["timestamp", "user_name", "user_phone", "action", "method", "status"]
    list_filter = ["action", "method", "status", "timestamp"]  # each served by an index (see the model)
    search_fields = ["=user_phone", "^user_name"]  # exact phone or name prefix, both indexed
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(GoingOutLog)
class GoingOutLogAdmin(ModuleAdmin):
    list_display = ["going_out_time", "user_name", "reason_type", "coming_back_time", "duration_minutes", "status"]
    list_filter = ["status", "reason_type"]
    search_fields = ["=user_phone", "user_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["duration_minutes", "created_at", "updated_at"]


@admin.register(GateEntrySession)
class GateEntrySessionAdmin(ModuleAdmin):
    list_display = ["date", "user_name", "user_phone", "status", "entry_time", "exit_time"]
    list_filter = ["status", "date"]
    search_fields = ["=user_phone", "user_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]
