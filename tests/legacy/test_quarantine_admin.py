"""The quarantine in the admin: read-only list, and the "restore original value" action."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
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
def test_restore_writes_the_original_back_and_records_it(client, product):
    admin_user = User.objects.create_superuser("quarantine-admin", "qa@example.com", password=None)
    verified_login(client, admin_user)
    good = quarantine(product, "reserved")
    listing = client.get(reverse("admin:erp_quarantinedvalue_changelist"))
    assert listing.status_code == 200 and b"Restore original value" in listing.content

    response = restore(client, good)
    assert "Restored 1 value(s)." in response.content.decode()
    product.refresh_from_db()
    assert product.showroom_status == "reserved"
    good.refresh_from_db()
    assert good.restored_at is not None and good.restored_by == "quarantine-admin"

    # A second restore is refused: the value was put back already.
    again = restore(client, good)
    assert "already restored" in again.content.decode()


@pytest.mark.django_db
def test_restore_refuses_an_invalid_value_and_changes_nothing(client, product):
    verified_login(client, User.objects.create_superuser("quarantine-admin2", "qa2@example.com", password=None))
    bad = quarantine(product, "in_production")
    response = restore(client, bad)
    assert "not valid for the field" in response.content.decode()
    product.refresh_from_db()
    assert product.showroom_status == "available"
    bad.refresh_from_db()
    assert bad.restored_at is None


@pytest.mark.django_db
def test_records_are_read_only(client, product):
    verified_login(client, User.objects.create_superuser("quarantine-admin3", "qa3@example.com", password=None))
    record = quarantine(product, "reserved")
    assert client.get(reverse("admin:erp_quarantinedvalue_add")).status_code == 403
    delete = reverse("admin:erp_quarantinedvalue_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert QuarantinedValue.objects.filter(pk=record.pk).exists()
