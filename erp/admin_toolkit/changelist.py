"""Changelist tuning for the module admins: changelists that stay cheap on tables that grow without end
(attendance, gate logs, payments): no full-table COUNT(*), no date drill-down over the whole table, no facet counts, and
deep pages read through an index-only scan. `ERP_ADMIN_TUNING = False` turns all of it off, which
gives Django's stock behaviour on the same admin classes (bench/admin_bench.py compares the two).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import ShowFacets, helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _

from erp.core.database import estimated_table_rows

_PK_SLOT = "0pk0slot0"  # stands for the key in a change URL reversed once per page

def admin_tuning_enabled() -> bool:
    """Read at each request, so a test or the benchmark can switch it with override_settings."""
    return getattr(settings, "ERP_ADMIN_TUNING", True)


class ResultCount(int):
    """A row count that may be an estimate or a lower bound; it renders as "about 1,234,567" or "1,000+".

    The admin templates print `cl.result_count` and compare it with page sizes, so an int that
    renders differently needs no template override.
    """

    def __new__(cls, value: int, *, kind: str = "exact"):
        obj = super().__new__(cls, value)
        obj.kind = kind
        return obj

    def __str__(self) -> str:
        shown = number_format(int(self), force_grouping=True)
        if self.kind == "estimate":
            return f"about {shown}"
        if self.kind == "at_least":
            return f"{shown}+"
        return shown

    __html__ = __str__  # the template engine prints it as is (no escaping needed: digits and words)


class LargeTablePaginator(Paginator):
    """Counts that do not scan the table, and deep pages that read keys from an index first.

    - Unfiltered list: the server's row estimate (MySQL/MariaDB), or an exact count where the
      estimate is small or the backend has none (SQLite).
    - Filtered or searched list: an exact count capped at `count_cap` rows, shown as "1,000+".
    - Pages from `deferred_join_offset` on: the page's primary keys come from an index-only scan,
      then the rows themselves by primary key (OFFSET over the whole rows is what gets slow).
    """

    exact_count_below = 20_000
    count_cap = 1_000
    deferred_join_offset = 500

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if not isinstance(qs, QuerySet):
            return super().count
        if not qs.query.where:
            estimate = estimated_table_rows(qs)
            if estimate is not None and estimate >= self.exact_count_below:
                return ResultCount(estimate, kind="estimate")
            return ResultCount(qs.count())
        # COUNT(*) over a LIMITed subquery: stops after count_cap + 1 matching rows.
        capped = qs.order_by()[: self.count_cap + 1].count()
        if capped > self.count_cap:
            return ResultCount(self.count_cap, kind="at_least")
        return ResultCount(capped)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past an estimated or capped count there may still be rows: show the page, even empty.
            if getattr(self.count, "kind", "exact") != "exact" and int(number) >= 1:
                return int(number)
            raise

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        qs = self.object_list
        if isinstance(qs, QuerySet) and bottom >= self.deferred_join_offset:
            keys = list(qs.values_list("pk", flat=True)[bottom:top])
            return self._get_page(qs.filter(pk__in=keys), number, self)
        return self._get_page(qs[bottom:top], number, self)


class ScalableChangeList(ChangeList):
    """Related rows of the page are read by key after it (prefetch) instead of joined into it.

    With a join, MySQL/MariaDB's optimizer starts from the small parent table (employees, gate
    users, orders) and sorts the whole child table to find the newest rows: seconds at a million.
    """

    def apply_select_related(self, qs):
        if not admin_tuning_enabled():
            return super().apply_select_related(qs)
        related = self.list_select_related
        if related is True or related is False:
            related = [
                name for name in self.list_display
                if isinstance(name, str) and getattr(self._field(name), "many_to_one", False)
            ]
        return qs.prefetch_related(*related) if related else qs

    def _field(self, name):
        try:
            return self.lookup_opts.get_field(name)
        except FieldDoesNotExist:
            return None

    def url_for_result(self, result):
        # reverse() once per page rather than once per row (a fifth of a changelist's rendering time).
        pk = getattr(result, self.pk_attname)
        if not admin_tuning_enabled() or type(pk) is not int:
            return super().url_for_result(result)
        template = self.__dict__.get("_change_url_template")
        if template is None:
            template = self._change_url_template = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=(_PK_SLOT,),
                current_app=self.model_admin.admin_site.name,
            )
        return template.replace(_PK_SLOT, str(pk), 1)


def _date_fields_in_filters(model, list_filter) -> list[str]:
    names = []
    for entry in list_filter:
        name = entry[0] if isinstance(entry, (list, tuple)) else entry
        if not isinstance(name, str) or "__" in name:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:
            continue
        if isinstance(field, (models.DateField, models.DateTimeField)):
            names.append(name)
    return names


class ScalableChangelistMixin:
    """Changelist behaviour that does not grow with the table (see the module docstring).

    The admin declares its tuned form: prefix (`^`) or exact (`=`) search on indexed columns,
    filters served by indexes (choice fields and date ranges; never a drop-down of a whole table),
    `list_select_related`, search widgets for foreign keys (autocomplete, or raw-id), no `date_hierarchy`.
    With tuning off the same admin behaves as Django's defaults would: exact counts, contains-search, a
    date drill-down on the first date filter, select drop-downs for its raw-id foreign keys.
    """

    def get_changelist(self, request, **kwargs):
        return ScalableChangeList

    def action_checkbox(self, obj):
        # The same HTML as Django's, without rendering a form widget through the template engine per row.
        if not admin_tuning_enabled():
            return super().action_checkbox(obj)
        return format_html('<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
                           helpers.ACTION_CHECKBOX_NAME, str(obj.pk),
                           format_html(_("Select this object for an action - {}"), str(obj)))

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if admin_tuning_enabled():
            return LargeTablePaginator(queryset, per_page, orphans, allow_empty_first_page)
        return Paginator(queryset, per_page, orphans, allow_empty_first_page)

    @property
    def show_full_result_count(self) -> bool:
        return not admin_tuning_enabled()

    @property
    def show_facets(self):
        # Facets count every filter choice over the table.
        return ShowFacets.NEVER if admin_tuning_enabled() else ShowFacets.ALLOW

    @property
    def date_hierarchy(self):
        if admin_tuning_enabled():
            return None
        dates = _date_fields_in_filters(self.model, self.list_filter)
        return dates[0] if dates else None

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if admin_tuning_enabled():
            return fields
        # Django's default lookup: icontains, a scan of every row.
        return [f.lstrip("^=@") for f in fields]

    def get_list_select_related(self, request):
        if admin_tuning_enabled():
            return super().get_list_select_related(request)
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not admin_tuning_enabled() and db_field.name in self.raw_id_fields:
            from django import forms

            kwargs.setdefault("widget", forms.Select)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
