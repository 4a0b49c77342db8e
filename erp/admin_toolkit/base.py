"""The base every module's ModelAdmin inherits, and the read-only inline of related rows.

Each behaviour lives in its own module of this package; ModuleAdmin names them once.
"""

from django.contrib import admin

from erp.admin_toolkit.changelist import ScalableChangelistMixin
from erp.admin_toolkit.closed_records import ClosedRecordAdminMixin
from erp.admin_toolkit.contributions import ContributionsMixin
from erp.admin_toolkit.documents import DocumentsMixin
from erp.admin_toolkit.export import ExportAdminMixin
from erp.admin_toolkit.history import HistoryAdminMixin
from erp.admin_toolkit.input_guards import ActionSelectionGuard, SafeAutocompleteMixin
from erp.admin_toolkit.landing import AttentionFilterMixin
from erp.admin_toolkit.record_steps import RecordStepsMixin


class ModuleAdmin(ClosedRecordAdminMixin, HistoryAdminMixin, ExportAdminMixin, AttentionFilterMixin,
                  SafeAutocompleteMixin, ActionSelectionGuard, RecordStepsMixin, ContributionsMixin,
                  DocumentsMixin, ScalableChangelistMixin, admin.ModelAdmin):
    """Base admin for the business modules' models: closed records read-only, history, export, the "needs
    attention" filter, safe input, the status bar and step buttons on a record's page, what other apps
    contribute, printed documents, and changelists that stay cheap on big tables."""

    def scope_rows(self, request, queryset):
        """The rows this user may see at all (a module narrows it, e.g. a manager's team: hr/admin/team.py);
        the lists, record pages, actions and the landing page's counts all go through it."""
        return queryset

    def get_queryset(self, request):
        return self.scope_rows(request, super().get_queryset(request))

    # Rendering the rows is most of a changelist's time (the SQL is a few ms): 50 rows a page rather
    # than Django's 100 keeps the big changelists well inside 60 ms (bench/admin_bench.py).
    list_per_page = 50

    class Media:
        # Status badges and the narrower filter panel of the lists (erp/admin_toolkit/display.py).
        css = {"all": ["erp/lists.css"]}


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """A record the machinery writes and people only read: no add, change or delete in the admin."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown for reading on a parent's page; they change through their own admin and services."""

    extra = 0
    show_change_link = True
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
