"""The base every module's ModelAdmin inherits: one place for behaviour shared by all changelists."""

from django.contrib import admin

from erp.admin_ux import UxAdminMixin


class ModuleAdmin(UxAdminMixin, admin.ModelAdmin):
    """Base admin for the business modules' models."""
