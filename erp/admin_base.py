"""The base every module's ModelAdmin inherits: one place for behaviour shared by all changelists."""

from django.contrib import admin

from erp.admin_export import ExportAdminMixin
from erp.admin_history import HistoryAdminMixin
from erp.dashboard import AttentionFilterMixin


class ModuleAdmin(HistoryAdminMixin, ExportAdminMixin, AttentionFilterMixin, admin.ModelAdmin):
    """Base admin for the business modules' models."""
