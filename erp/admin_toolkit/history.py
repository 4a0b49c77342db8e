"""Per-record change history in the admin, read from django-auditlog's LogEntry table.

The change page's "History" button shows every audited change of the record (from the admin,
services and commands alike), with the user who made it, instead of Django's admin-only log.
"""

from auditlog.middleware import AuditlogMiddleware
from auditlog.mixins import AuditlogHistoryAdminMixin
from django.conf import settings
from django.contrib.admin.utils import unquote

from erp.core.client_address import client_ip


class HistoryAdminMixin(AuditlogHistoryAdminMixin):
    """Adds `<pk>/auditlog/` and points the change page's History button at it."""

    def history_view(self, request, object_id, extra_context=None):
        return self.auditlog_history_view(request, object_id, extra_context)

    def auditlog_history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            # Same answer as Django's own history view for a missing record (auditlog's would be a 500).
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().auditlog_history_view(request, object_id, extra_context)


class HistoryMiddleware(AuditlogMiddleware):
    """auditlog's middleware (records the request's user as actor), with the client address taken as
    the login lockout takes it: X-Forwarded-For only from a trusted proxy (BEHIND_PROXY), never as the
    client wrote it."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.BEHIND_PROXY:
            return client_ip(request)
        return request.META.get("REMOTE_ADDR")
