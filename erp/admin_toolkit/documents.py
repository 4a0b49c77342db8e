"""Printed documents of a record (invoice, gate pass, payslip, purchase order): a page to print and its PDF.

A module app declares each of its documents with `printed_document()` in its admin module: the model, a
template extending "erp/documents/base.html" and the function that gives the template its figures.
ModuleAdmin then serves, for whoever may view the record (and nobody else):

    <record>/document/<key>/       the HTML page, with print styles (erp/admin_toolkit/static/erp/documents.css)
    <record>/document/<key>/pdf/   the same page as a PDF, drawn by WeasyPrint (a download)

and shows a "Print <label>" and a "PDF" button beside History on the record's page. The PDF is drawn from
the same template with the stylesheet read from the static files; WeasyPrint fetches nothing else (any
other URL in a document is refused), so a document cannot be made to reach the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.admin.utils import unquote
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone

STYLESHEET = "erp/documents.css"


@dataclass(frozen=True)
class PrintedDocument:
    model: type[models.Model]
    key: str  # in the URL: document/<key>/
    label: str  # "Invoice", "Gate pass"...
    template: str
    context: Callable[[models.Model, HttpRequest], dict]  # the record, the request -> the template's figures
    filename: Callable[[models.Model], str]  # the record -> the PDF's file name, without ".pdf"


DOCUMENTS: list[PrintedDocument] = []


def printed_document(model: type[models.Model], *, key: str, label: str, template: str,
                     context: Callable[[models.Model, HttpRequest], dict],
                     filename: Callable[[models.Model], str]) -> PrintedDocument:
    """Declare a printed document of `model`'s records (see the module's docstring)."""
    if any(other.model is model and other.key == key for other in DOCUMENTS):
        raise ValueError(f"A printed document {key!r} is already declared for {model._meta.label}.")
    document = PrintedDocument(model=model, key=key, label=label, template=template, context=context,
                               filename=filename)
    DOCUMENTS.append(document)
    return document


def documents_for(model: type[models.Model]) -> list[PrintedDocument]:
    return [document for document in DOCUMENTS if document.model is model]


def _refuse_fetch(url, *args, **kwargs):
    raise ValueError(f"A printed document fetches nothing: {url} refused.")


def render_pdf(html: str) -> bytes:
    """The page as a PDF, with the documents' stylesheet from the static files."""
    from weasyprint import CSS, HTML  # imported on use: it loads Pango when imported

    stylesheet = finders.find(STYLESHEET)
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[CSS(filename=stylesheet)])


class DocumentsMixin:
    """Mixin for a ModelAdmin: serves the printed documents declared for its model."""

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(self.document_view)
        return [
            path("<path:object_id>/document/<slug:key>/", view,
                 name=f"{opts.app_label}_{opts.model_name}_document"),
            path("<path:object_id>/document/<slug:key>/pdf/", view, {"as_pdf": True},
                 name=f"{opts.app_label}_{opts.model_name}_document_pdf"),
            *super().get_urls(),
        ]

    def document_view(self, request, object_id, key, as_pdf=False):
        document = next((d for d in documents_for(self.model) if d.key == key), None)
        if document is None:
            raise Http404(f"No printed document {key!r} for {self.model._meta.verbose_name_plural}.")
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with id {object_id!r}.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            "document": document,
            "object": obj,
            "printed_at": timezone.localtime(),
            "as_pdf": as_pdf,
            "change_url": reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]),
            "pdf_url": self._document_url(obj, document, pdf=True),
            **document.context(obj, request),
        }
        html = render_to_string(document.template, context, request=request)
        if not as_pdf:
            return HttpResponse(html)
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{document.filename(obj)}.pdf"'
        return response

    def _document_url(self, obj, document, *, pdf=False) -> str:
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}_document{'_pdf' if pdf else ''}"
        return reverse(name, args=[obj.pk, document.key], current_app=self.admin_site.name)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        documents = documents_for(self.model)
        printed = []
        if documents:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_view_or_change_permission(request, obj):
                printed = [{"label": d.label, "url": self._document_url(obj, d),
                            "pdf_url": self._document_url(obj, d, pdf=True), "key": d.key} for d in documents]
        return super().change_view(request, object_id, form_url,
                                   {**(extra_context or {}), "printed_documents": printed})
