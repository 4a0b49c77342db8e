"""Per-record change history in the admin, read from django-auditlog's LogEntry table.

The change page's "History" button shows every audited change of the record (from the admin,
services and commands alike), with the user who made it, instead of Django's admin-only log.
"""

import datetime as dt

from auditlog.middleware import AuditlogMiddleware
from auditlog.mixins import AuditlogHistoryAdminMixin
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst

from erp.core import wording
from erp.core.client_address import client_ip

EMPTY = "(empty)"


def _shown(field, value) -> str:
    """A logged value as the record's page would show it: a choice's label, a related record by its name, a
    date or moment in the site's time zone, yes/no; "(empty)" for no value (auditlog writes "None")."""
    if value in (None, "None", ""):
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else "a record since deleted"
    if isinstance(field, models.BooleanField):
        return {"True": "yes", "False": "no"}.get(str(value), str(value))
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is None:
            return str(value)
        if moment.tzinfo is None:  # auditlog logs moments in UTC, without the offset
            moment = moment.replace(tzinfo=dt.timezone.utc)
        return wording.moment(moment)
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        return wording.day(day) if day else str(value)
    return str(value)


def readable_changes(entry) -> list[tuple[str, str, str]]:
    """(field label, from, to) of a log entry, in the words of the record's page: no ids, no None, no UTC
    timestamps. The row's own id is left out."""
    model = entry.content_type.model_class()
    rows = []
    for name, values in entry.changes_dict.items():
        old, new = (list(values) + [None, None])[:2]
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        if field is None:
            rows.append((name, str(old), str(new)))
            continue
        if field.primary_key:
            continue
        rows.append((capfirst(str(field.verbose_name)), _shown(field, old), _shown(field, new)))
    return rows


class HistoryAdminMixin(AuditlogHistoryAdminMixin):
    """Adds `<pk>/auditlog/` and points the change page's History button at it."""

    def history_view(self, request, object_id, extra_context=None):
        return self.auditlog_history_view(request, object_id, extra_context)

    def auditlog_history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            # Same answer as Django's own history view for a missing record (auditlog's would be a 500).
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        response = super().auditlog_history_view(request, object_id, extra_context)
        for entry in getattr(response, "context_data", {}).get("log_entries", []):
            entry.readable_changes = readable_changes(entry)  # shown by auditlog/entry_detail.html (ours)
        return response


class HistoryMiddleware(AuditlogMiddleware):
    """auditlog's middleware (records the request's user as actor), with the client address taken as
    the login lockout takes it: X-Forwarded-For only from a trusted proxy (BEHIND_PROXY), never as the
    client wrote it."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.BEHIND_PROXY:
            return client_ip(request)
        return request.META.get("REMOTE_ADDR")
