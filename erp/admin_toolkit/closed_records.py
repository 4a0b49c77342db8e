"""Closed records in the admin (erp.core.lifecycle): shown read-only to everyone, deleted by a superuser only.

A module user who tries anyway (the change form posted, the delete page, "Delete selected") is refused;
the model's guard refuses the same change or deletion from anywhere else.
"""

import contextlib

from django.contrib import messages

from erp.admin_toolkit.actions import action_parts, location_kwargs, with_func
from erp.core.lifecycle import Lifecycle, superuser_deletion


class ClosedRecordAdminMixin:
    """Reads the model's `lifecycle` declaration; models without one are unchanged."""

    def _lifecycle(self) -> Lifecycle | None:
        lifecycle = getattr(self.model, "lifecycle", None)
        return lifecycle if isinstance(lifecycle, Lifecycle) else None

    def _is_closed(self, obj) -> bool:
        lifecycle = self._lifecycle()
        return obj is not None and lifecycle is not None and lifecycle.is_closed(obj)

    def has_change_permission(self, request, obj=None):
        if self._is_closed(obj):
            return False  # read-only for everyone, superusers included
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._is_closed(obj) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def _deletion(self, request):
        return superuser_deletion() if request.user.is_superuser else contextlib.nullcontext()

    def delete_model(self, request, obj):
        with self._deletion(request):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with self._deletion(request):
            super().delete_queryset(request, queryset)

    def get_actions(self, request, action_location=None):
        actions = super().get_actions(request, **location_kwargs(action_location))
        lifecycle = self._lifecycle()
        if lifecycle is not None and "delete_selected" in actions and not request.user.is_superuser:
            action = actions["delete_selected"]
            func, _name, _description = action_parts(action)
            actions["delete_selected"] = with_func(action, self._open_rows_only(func, lifecycle))
        return actions

    @staticmethod
    def _open_rows_only(delete_selected, lifecycle: Lifecycle):
        def delete_open_rows(modeladmin, request, queryset):
            closed = [obj for obj in queryset if lifecycle.is_closed(obj)]
            if not closed:
                return delete_selected(modeladmin, request, queryset)
            for obj in closed:
                modeladmin.message_user(request, " ".join(lifecycle.refusal(obj, deleting=True).messages),
                                        messages.ERROR)
            modeladmin.message_user(request, "Nothing was deleted.", messages.ERROR)
            return None

        delete_open_rows.allowed_permissions = getattr(delete_selected, "allowed_permissions", ("delete",))
        delete_open_rows.short_description = getattr(delete_selected, "short_description", "")
        return delete_open_rows
