from django.contrib import admin

from erp.admin_base import ModuleAdmin

from .models import TransportJob, Vehicle


@admin.register(Vehicle)
class VehicleAdmin(ModuleAdmin):
    list_display = ["vehicle_number", "vehicle_type", "driver_name", "driver_employee", "capacity", "status",
                    "current_location"]
    list_filter = ["status", "vehicle_type"]
    search_fields = ["vehicle_number", "driver_name"]
    list_select_related = ["driver_employee"]
    autocomplete_fields = ["driver_employee"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(TransportJob)
class TransportJobAdmin(ModuleAdmin):
    list_display = ["id", "dispatch_request", "vehicle", "driver", "transporter_name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["vehicle_no", "transporter_name", "vehicle__vehicle_number"]
    list_select_related = ["dispatch_request", "vehicle", "driver"]
    autocomplete_fields = ["vehicle", "driver"]
    raw_id_fields = ["dispatch_request"]
    readonly_fields = ["created_at", "updated_at"]
