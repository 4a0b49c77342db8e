"""Every admin page a clerk uses answers, and module groups see only their module."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.support import verified_login

# auditlog's log entries are read-only (no add page); tests/admin_toolkit/test_history.py covers them.
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
    if model._meta.app_label != "auditlog"
)


@pytest.mark.django_db
@pytest.mark.parametrize("app_label,model_name", REGISTERED)
def test_changelist_and_add_page_answer_for_superuser(client, superuser, app_label, model_name):
    verified_login(client, superuser)
    model_admin = next(ma for m, ma in admin.site._registry.items()
                       if (m._meta.app_label, m._meta.model_name) == (app_label, model_name))
    # django-axes' login-attempt records are written by axes only: their admin has no add page.
    views = ("changelist", "add") if model_admin.has_add_permission(_request_for(superuser)) else ("changelist",)
    for view in views:
        response = client.get(reverse(f"admin:{app_label}_{model_name}_{view}"))
        assert response.status_code == 200, (app_label, model_name, view)


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.django_db
def test_gate_guard_sees_gate_and_guest_list_not_payroll(client, group_user):
    verified_login(client, group_user("Gate", "Guest list"))
    index = client.get(reverse("admin:index"))
    apps_shown = {app["app_label"] for app in index.context["app_list"]}
    assert apps_shown == {"gate", "guestlist"}
    assert client.get(reverse("admin:gate_gateentrylog_changelist")).status_code == 200
    assert client.get(reverse("admin:guestlist_guestvisit_add")).status_code == 200
    assert client.get(reverse("admin:hr_payroll_changelist")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group,app_label",
    [("Showroom", "showroom"), ("Sales", "sales"), ("HR", "hr"), ("Purchasing", "purchasing"),
     ("Dispatch", "dispatch"), ("Fleet", "fleet"), ("Guest list", "guestlist"), ("Gate", "gate")],
)
def test_each_module_group_sees_only_its_module(client, group, app_label, group_user):
    verified_login(client, group_user(group))
    index = client.get(reverse("admin:index"))
    assert {app["app_label"] for app in index.context["app_list"]} == {app_label}
    other = "hr" if app_label != "hr" else "sales"
    other_model = "employee" if other == "hr" else "salesorder"
    assert client.get(reverse(f"admin:{other}_{other_model}_changelist")).status_code == 403
