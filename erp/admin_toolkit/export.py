"""CSV and Excel export of a module changelist, with the changelist's filters, search and ordering applied.

Columns are the model admin's `export_columns` (all the data of a list trimmed to fit a screen) or else
the changelist's own (`list_display`), with the labels and values a clerk sees there (a status badge is
written as its plain label).
Memory stays bounded: rows are read a chunk at a time (`QuerySet.iterator()`; on MySQL/MariaDB, whose
client buffers whole results, the ordered keys first and then the rows by chunks of keys); CSV is
streamed as it is written, Excel is written by openpyxl in write-only mode to a temporary file that is
then streamed from disk.
"""

import csv
import datetime
import re
import tempfile
from decimal import Decimal

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.db import connections, models
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import capfirst

CHUNK_SIZE = 2000
FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_CELL = 32767  # Excel's limit on the characters of one cell
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection), also
# after leading spaces or line breaks, which spreadsheet programs skip; a leading tab or line break is
# defused in any case.
FORMULA_START = ("=", "+", "-", "@")
CONTROL_START = ("\t", "\r", "\n", "\0")


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _plain(value, field) -> object:
    """The value as the changelist shows it, in a type a spreadsheet understands."""
    if value is None:
        return None
    if field is not None and getattr(field, "flatchoices", None):
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value.replace(microsecond=0)
    if isinstance(value, (bool, int, float, Decimal, datetime.date, datetime.time)):
        return value
    if isinstance(value, SafeString):  # a display method's HTML
        return strip_tags(value)
    return str(value)


def _runs_as_formula(text: str) -> bool:
    return text.startswith(CONTROL_START) or text.lstrip().startswith(FORMULA_START)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return "'" + value if _runs_as_formula(value) else value
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


class ExportAdminMixin:
    """Adds `export/csv/` and `export/xlsx/` to a ModelAdmin and their links to its changelist."""

    export_chunk_size = CHUNK_SIZE

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "export/<str:fmt>/",
                self.admin_site.admin_view(self.export_view),
                name=f"{opts.app_label}_{opts.model_name}_export",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        # The links carry the changelist's current query (filters, search, ordering), not its page.
        query = request.GET.copy()
        for key in (PAGE_VAR, ERROR_FLAG):
            query.pop(key, None)
        suffix = f"?{query.urlencode()}" if query else ""
        opts = self.model._meta
        links = [
            (label, reverse(f"admin:{opts.app_label}_{opts.model_name}_export", args=[fmt]) + suffix)
            for fmt, label in (("csv", "Export CSV"), ("xlsx", "Export Excel"))
        ]
        return super().changelist_view(request, {**(extra_context or {}), "export_links": links})

    # The columns an export writes when they differ from the list's: a list shows the columns that matter
    # on a screen, an export keeps all of them (the list's columns if None).
    export_columns: list | None = None

    def get_export_columns(self, changelist):
        columns = self.export_columns if self.export_columns is not None else changelist.list_display
        return [name for name in columns if name != "action_checkbox"]

    def export_view(self, request, fmt: str):
        if fmt not in FORMATS:
            raise Http404(f"No export format {fmt!r}.")
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?{ERROR_FLAG}=1"
            )
        columns = [getattr(name, "field_name", name) for name in self.get_export_columns(changelist)]
        headers = [capfirst(str(label_for_field(name, self.model, self))) for name in columns]
        rows = self._export_rows(changelist.queryset, columns)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        filename = f"{self.model._meta.model_name}-{stamp}.{fmt}"
        if fmt == "csv":
            return self._csv_response(headers, rows, filename)
        return self._xlsx_response(headers, rows, filename)

    def _objects(self, queryset):
        """The queryset's rows in its order, a chunk at a time."""
        if connections[queryset.db].vendor != "mysql":
            yield from queryset.iterator(chunk_size=self.export_chunk_size)
            return
        # mysqlclient buffers a whole result set in the client however it is iterated: read the keys
        # in order first (a few bytes a row), then the rows a chunk of keys at a time.
        keys = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(keys), self.export_chunk_size):
            chunk = keys[start:start + self.export_chunk_size]
            found = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=chunk)}
            yield from (found[key] for key in chunk if key in found)

    def _export_rows(self, queryset, columns):
        for obj in self._objects(queryset):
            row = []
            for name in columns:
                field, _attr, value = lookup_field(name, obj, self)
                row.append(_plain(value, field))
            yield row

    def _csv_response(self, headers, rows, filename) -> StreamingHttpResponse:
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # BOM: spreadsheet programs then read the file as UTF-8
            yield writer.writerow(headers)
            for row in rows:
                yield writer.writerow([_csv_cell(value) for value in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def _xlsx_response(self, headers, rows, filename) -> FileResponse:
        # Imported here: openpyxl costs ~65 ms of every manage.py start-up, and only exports need it.
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        title = re.sub(r"[\\/?*\[\]:]", " ", str(self.model._meta.verbose_name_plural))[:31]
        sheet = workbook.create_sheet(title=title or "export")
        sheet.append(headers)
        for row in rows:
            sheet.append([self._xlsx_cell(sheet, value) for value in row])
        # Deleted by the OS when FileResponse closes it.
        spool = tempfile.TemporaryFile(suffix=".xlsx")
        workbook.save(spool)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)

    @staticmethod
    def _xlsx_cell(sheet, value):
        if not isinstance(value, str):
            return value
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL])
        cell.data_type = "s"  # text stays text, even when it starts with "=" (no formula injection)
        return cell
