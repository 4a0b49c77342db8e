"""Showroom rules: no negative prices or quantities (database constraints, each with its sentence)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from showroom.models import ShowroomProduct
from tests.admin_toolkit.support import assert_rule_through_the_admin
from tests.support import verified_login

pytestmark = pytest.mark.django_db
FORM = {"name": "Tiller T9", "category": "tiller", "quantity": "1", "cost_price": "100", "sale_price": "150"}


def test_rule_prices_are_not_negative(client, group_user):
    verified_login(client, group_user("Showroom"))
    assert_rule_through_the_admin(client, "/admin/showroom/showroomproduct/add/", FORM, model=ShowroomProduct,
                                  breaking={"sale_price": "-5"}, corrected={"sale_price": "5"},
                                  message="Prices cannot be negative.")
    with pytest.raises(ValidationError, match="Prices cannot be negative."):
        ShowroomProduct(name="X", category="c", sale_price=-1).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ShowroomProduct.objects.create(name="X", category="c", sale_price=-1)
