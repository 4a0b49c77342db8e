"""Everything the module admins share for the people using them: history, export, attention filter, safe input.

One mixin, so that erp/admin_base.py names it once; each behaviour lives in its own module.
"""

from erp.admin_export import ExportAdminMixin
from erp.admin_history import HistoryAdminMixin
from erp.admin_input import ActionSelectionGuard, SafeAutocompleteMixin
from erp.dashboard import AttentionFilterMixin


class UxAdminMixin(HistoryAdminMixin, ExportAdminMixin, AttentionFilterMixin, SafeAutocompleteMixin,
                   ActionSelectionGuard):
    """Mixed into erp.admin_base.ModuleAdmin, before admin.ModelAdmin."""
