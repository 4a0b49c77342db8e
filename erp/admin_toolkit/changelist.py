"""Changelist tuning for the module admins: changelists that stay cheap on tables that grow without end
(attendance, gate logs, payments): no full-table COUNT(*), no date drill-down over the whole table, no facet counts, and
deep pages read through an index-only scan. `ERP_ADMIN_TUNING = False` turns all of it off, which
gives Django's stock behaviour on the same admin classes (bench/admin_bench.py compares the two).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import ShowFacets, helpers
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.db.models import ExpressionWrapper, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
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
    - Filtered or searched list: an exact count capped at `count_cap` rows, shown as "1,000+". Below the cap
      the count read the matching keys, and the page is read by them.
    - Pages from `deferred_join_offset` on: the page's primary keys come from an index-only scan,
      then the rows themselves by primary key (OFFSET over the whole rows is what gets slow).
    """

    exact_count_below = 20_000
    count_cap = 1_000
    deferred_join_offset = 500
    _matching_keys: list | None = None  # set by the count of a filtered or searched list below the cap

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
        # The keys of at most count_cap + 1 matching rows, in no order: the server stops after that many.
        keys = list(qs.order_by().values_list("pk", flat=True)[: self.count_cap + 1])
        if len(keys) > self.count_cap:
            return ResultCount(self.count_cap, kind="at_least")
        self._matching_keys = keys
        return ResultCount(len(keys))

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
        if isinstance(qs, QuerySet) and self._matching_keys is not None:
            # All the matches are known by key (a search or filter with at most count_cap rows): the page is
            # sorted from those rows, read by primary key. Left to itself, MariaDB walks the ordering index
            # and tests every row until it has a page (a name searched for matches a row in a thousand).
            return self._get_page(qs.filter(pk__in=self._matching_keys)[bottom:top], number, self)
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


def _search_lookup(model, field_name: str) -> str:
    """The ORM lookup of a search field, as Django's admin builds it: `^` prefix, `=` exact, `@` full text, a
    lookup named at the end of the path as is, otherwise contains."""
    for mark, lookup in (("^", "istartswith"), ("=", "iexact"), ("@", "search")):
        if field_name.startswith(mark):
            return f"{field_name[1:]}__{lookup}"
    opts, field = model._meta, None
    for part in field_name.split(LOOKUP_SEP):
        try:
            field = opts.get_field(opts.pk.name if part == "pk" else part)
        except FieldDoesNotExist:
            if field is not None and field.get_lookup(part):
                return field_name
            break
        if hasattr(field, "path_infos"):
            opts = field.path_infos[-1].to_opts
    return f"{field_name}__icontains"


def _search_terms(search_term: str, words: bool) -> list[str]:
    """The values each to be found: Django's words (a quoted phrase is one), or the whole term."""
    if not words:
        term = " ".join(search_term.split())
        return [term] if term else []
    terms = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        terms.append(bit)
    return terms


def _forward_key(model, name: str):
    """The model's foreign key (or one-to-one) of that name, or None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete and (field.many_to_one or field.one_to_one) else None


class KeySearch:
    """A search whose matches through a foreign key are found in the related table first, then matched
    on this table by the key column (`employee_id IN (3, 17)`), not by an OR across a join.

    An OR of this table's own conditions with a condition on a joined table cannot use this table's indexes:
    MariaDB reads every row (seconds at a million). A search field is `<key>__<path>` where <key> is a
    foreign key of the model (`^employee__last_name`, `=sales_order__order_number`); its fields through
    the same key are looked up together, one query per key in the related table for all the terms (it may
    join further: `dispatch_request__sales_order__order_number`). The keys found, at most `key_cap`, are
    written into the big table's query, where each OR branch has an index (an index merge). Past the cap
    the related rows go in as a subquery: still right, no longer cheap.
    """

    key_cap = 1_000

    def __init__(self, model, search_fields, *, words: bool = True):
        self.model = model
        self.own: list[str] = []
        self.related: dict[str, tuple[models.Field, list[str]]] = {}
        for spec in search_fields:
            lookup = _search_lookup(model, str(spec))
            name, _, rest = lookup.partition(LOOKUP_SEP)
            key = _forward_key(model, name)
            if key is not None and _is_field_path(key.related_model, rest):
                self.related.setdefault(name, (key, []))[1].append(rest)
            else:
                self.own.append(lookup)
        self.words = words

    def may_have_duplicates(self) -> bool:
        return any(lookup_spawns_duplicates(self.model._meta, lookup) for lookup in self.own)

    def _keys(self, key, lookups: list[str], terms: list[str], using: str | None) -> list:
        """For each term, the keys of the related rows it matches (a list), or a subquery past `key_cap`:
        one query for all the terms, each term's match a column of it."""
        target = key.target_field.attname
        related = key.related_model._base_manager.using(using)
        conditions = [Q.create([(lookup, term) for lookup in lookups], connector=Q.OR) for term in terms]
        flags = {f"term_{i}": ExpressionWrapper(c, output_field=models.BooleanField())
                 for i, c in enumerate(conditions)} if len(terms) > 1 else {}
        rows = list(related.filter(Q.create(conditions, connector=Q.OR)).annotate(**flags)
                    .values_list(target, *flags).order_by()[: self.key_cap + 1])
        if len(rows) > self.key_cap:
            return [related.filter(condition).values(target) for condition in conditions]
        if not flags:
            return [[row[0] for row in rows]]
        return [[row[0] for row in rows if row[i + 1]] for i in range(len(terms))]

    def apply(self, queryset: QuerySet, search_term: str) -> QuerySet:
        terms = _search_terms(search_term, self.words)
        if not terms:
            return queryset
        own = [Q.create([(lookup, term) for lookup in self.own], connector=Q.OR) for term in terms]
        keyed = [(key, self._keys(key, lookups, terms, queryset.db)) for key, lookups in self.related.values()]
        by_word_sets = self._by_word_sets(own, keyed)
        if by_word_sets is not None:
            return queryset.filter(by_word_sets)
        found = list(own)
        for key, keys_per_term in keyed:
            for i, keys in enumerate(keys_per_term):
                found[i] |= Q(**{f"{key.attname}__in": keys})
        return queryset.filter(*found)

    # Words of a term written as one OR branch per way of matching them (2 ** words branches).
    combined_words = 3

    def _by_word_sets(self, own: list[Q], keyed: list) -> Q | None:
        """The same rows as "each word matches an own field OR its keys", written as an OR over which words the
        row's own fields match, the other words matched by the keys all of them found (an intersection):

            (name^w1 OR key IN K1) AND (name^w2 OR key IN K2)
          = key IN K1∩K2  OR  (name^w1 AND key IN K2)  OR  (name^w2 AND key IN K1)  OR  (name^w1 AND name^w2)

        Each branch is a few ranges of an index: (key, name) seeks for the mixed ones, and two prefixes of one
        column that disagree are an empty range. The per-word form made MariaDB read the whole index range of
        the commonest word (a first name shared by thousands). None where it does not apply: one word, one key
        through which words match, keys past the cap (subqueries), or more than `combined_words` words."""
        n = len(own)
        if not 2 <= n <= self.combined_words or len(keyed) != 1:
            return None
        key, per_term = keyed[0]
        if not all(isinstance(keys, list) for keys in per_term):
            return None
        branches = []
        for mask in range(2 ** n):  # bit i set: word i matched by the row's own fields
            mine = [i for i in range(n) if mask >> i & 1]
            if mine and not self.own:
                continue
            condition = Q.create([own[i] for i in mine], connector=Q.AND)
            rest = [set(per_term[i]) for i in range(n) if not mask >> i & 1]
            if rest:
                keys = set.intersection(*rest)
                if not keys:
                    continue
                condition &= Q(**{f"{key.attname}__in": sorted(keys)})
            branches.append(condition)
        return Q.create(branches, connector=Q.OR) if branches else Q(pk__in=[])


def _is_field_path(model, path: str) -> bool:
    """Whether `path` (a lookup such as `last_name__istartswith`) starts with a field of `model`."""
    name = path.partition(LOOKUP_SEP)[0]
    try:
        model._meta.get_field("pk" if name == "pk" else name)
    except FieldDoesNotExist:
        return name == "pk"
    return True


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

    # Search through foreign keys by key (KeySearch) rather than by a join: for the tables that grow
    # without end, whose search fields reach a related table. `search_words = False` finds the whole term as
    # one value (a customer's full name) rather than each word.
    search_by_key = False
    search_words = True

    def get_search_results(self, request, queryset, search_term):
        if not (admin_tuning_enabled() and self.search_by_key):
            return super().get_search_results(request, queryset, search_term)
        search = KeySearch(self.model, self.get_search_fields(request), words=self.search_words)
        if not search_term.strip() or not (search.own or search.related):
            return queryset, False
        return search.apply(queryset, search_term), search.may_have_duplicates()

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
