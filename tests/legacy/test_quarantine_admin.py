"""The quarantine in the admin: read-only list, and the "restore original value" action."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from erp.models import QuarantinedValue
from showroom.models import ShowroomProduct
from tests.support import verified_login


@pytest.fixture
def product(db):
    return ShowroomProduct.objects.create(name="Tiller T-1", category="tiller", cost_price=Decimal("1.00"),
                                          sale_price=Decimal("2.00"), showroom_status="available")


def quarantine(product, original, reason="invalid_choice"):
    return QuarantinedValue.objects.create(
        table_name="showroom_product", column_name="showroom_status", row_pk=str(product.pk), reason=reason,
        original_value=original, replacement_value="available", adoption_run="test")


def restore(client, *records):
    return client.post(reverse("admin:erp_quarantinedvalue_changelist"),
                       {"action": "restore_original_value", "_selected_action": [r.pk for r in records]},
                       follow=True)


@pytest.mark.django_db
def test_restore_writes_the_original_back_and_records_it(superuser_client, superuser, product):
    client = superuser_client
    good = quarantine(product, "reserved")
    listing = client.get(reverse("admin:erp_quarantinedvalue_changelist"))
    assert listing.status_code == 200 and b"Restore original value" in listing.content

    response = restore(client, good)
    assert "Restored 1 value(s)." in response.content.decode()
    product.refresh_from_db()
    assert product.showroom_status == "reserved"
    good.refresh_from_db()
    assert good.restored_at is not None and good.restored_by == superuser.username

    # A second restore is refused: the value was put back already.
    again = restore(client, good)
    assert "already restored" in again.content.decode()


@pytest.mark.django_db
def test_restore_refuses_an_invalid_value_and_changes_nothing(superuser_client, product):
    client = superuser_client
    bad = quarantine(product, "in_production")
    response = restore(client, bad)
    assert "not valid for the field" in response.content.decode()
    product.refresh_from_db()
    assert product.showroom_status == "available"
    bad.refresh_from_db()
    assert bad.restored_at is None


@pytest.mark.django_db
def test_records_are_read_only(superuser_client, product):
    client = superuser_client
    record = quarantine(product, "reserved")
    assert client.get(reverse("admin:erp_quarantinedvalue_add")).status_code == 403
    delete = reverse("admin:erp_quarantinedvalue_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert QuarantinedValue.objects.filter(pk=record.pk).exists()


def set_aside(product, **stored):
    """A showroom product set aside whole, as adoption records it (every column's stored bytes in hex)."""
    from django.db import connection

    from erp.models import QuarantinedRow

    values = {f.column: f.get_db_prep_save(getattr(product, f.attname), connection)
              for f in product._meta.concrete_fields}
    values.update(stored)
    data = [{"column": c, "type": "varchar(255)", "charset": "utf8mb4",
             "hex": None if v is None else str(v).encode().hex()} for c, v in values.items()]
    pk = product.pk
    product.delete()
    return QuarantinedRow.objects.create(table_name="showroom_product", row_pk=str(pk), reason="invalid_choice",
                                         column_name="showroom_status", detail="value outside the model's choices",
                                         row_data=data, row_text={c: v and str(v) for c, v in values.items()},
                                         adoption_run="test")


@pytest.mark.django_db
def test_a_row_set_aside_is_listed_corrected_and_restored_with_its_key(superuser_client, superuser, product):
    client = superuser_client
    pk = product.pk
    record = set_aside(product, showroom_status="in_production")
    listing = client.get(reverse("admin:erp_quarantinedrow_changelist"))
    assert listing.status_code == 200
    assert "showroom_product" in listing.content.decode() and "Value outside the field&#x27;s choices" in \
        listing.content.decode()

    def restore_rows():
        return client.post(reverse("admin:erp_quarantinedrow_changelist"),
                           {"action": "restore_row", "_selected_action": [record.pk]}, follow=True).content.decode()

    # Not valid for the model as stored: refused, nothing inserted.
    assert "showroom_status: &#x27;in_production&#x27;" in restore_rows()
    assert not ShowroomProduct.objects.filter(pk=pk).exists()

    # Corrected in the admin (only the corrections are editable), then restored with its original key.
    change = reverse("admin:erp_quarantinedrow_change", args=[record.pk])
    response = client.post(change, {"corrections": '{"showroom_status": "reserved"}'})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Restored 1 row(s)." in restore_rows()
    restored = ShowroomProduct.objects.get(pk=pk)
    assert restored.showroom_status == "reserved" and restored.name == "Tiller T-1"
    assert restored.sale_price == Decimal("2.00")
    record.refresh_from_db()
    assert record.restored_by == superuser.username and record.restored_at is not None
    assert "already restored" in restore_rows()


@pytest.mark.django_db
def test_both_quarantines_are_evidence_and_restoring_needs_the_change_permission(client, group_user, product):
    """Values and rows set aside share one admin base: never added or deleted, restored with change only."""
    from erp.models import QuarantinedRow

    value, row = quarantine(product, "reserved"), set_aside(product, showroom_status="in_production")
    reader = group_user()
    reader.user_permissions.set(Permission.objects.filter(
        content_type__app_label="erp", codename__in=["view_quarantinedvalue", "view_quarantinedrow"]))
    verified_login(client, reader)
    for record, action in ((value, "restore_original_value"), (row, "restore_row")):
        opts = record._meta
        listing = client.get(reverse(f"admin:erp_{opts.model_name}_changelist"))
        assert listing.status_code == 200 and action not in listing.content.decode(), opts.model_name
        assert client.get(reverse(f"admin:erp_{opts.model_name}_add")).status_code == 403
        delete = reverse(f"admin:erp_{opts.model_name}_delete", args=[record.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    assert QuarantinedValue.objects.filter(pk=value.pk).exists() and QuarantinedRow.objects.filter(pk=row.pk).exists()

    reader.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="erp", codename__in=["change_quarantinedvalue", "change_quarantinedrow"]))
    for record, action in ((value, "restore_original_value"), (row, "restore_row")):
        listing = client.get(reverse(f"admin:erp_{record._meta.model_name}_changelist"))
        assert action in listing.content.decode(), record._meta.model_name


@pytest.mark.django_db
def test_deeply_nested_corrections_get_a_field_error_not_a_server_error(superuser_client, product):
    from erp.models import QuarantinedRow

    row = set_aside(product, showroom_status="in_production")
    url = reverse("admin:erp_quarantinedrow_change", args=[row.pk])
    for depth in (6, 5000, 100_000):  # json.loads gave up (RecursionError) from a few thousand levels
        nested = '{"showroom_status": ' + "[" * depth + "]" * depth + "}"
        answer = superuser_client.post(url, {"corrections": nested})
        assert answer.status_code == 200, depth
        assert "nested more than 5 levels deep" in str(answer.context["adminform"].form.errors["corrections"])
    assert QuarantinedRow.objects.get(pk=row.pk).corrections == {}
    saved = superuser_client.post(url, {"corrections": '{"showroom_status": "reserved"}'})
    assert saved.status_code == 302
    assert QuarantinedRow.objects.get(pk=row.pk).corrections == {"showroom_status": "reserved"}
