"""Codes of free-text legacy fields are shown as words in changelists and their filters (both legs)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from erp.admin_toolkit.display import code_label
from fleet.models import TransportJob
from showroom.models import ShowroomProduct

pytestmark = pytest.mark.django_db


def test_code_label_turns_codes_into_words_and_leaves_the_rest():
    assert [code_label(v) for v in ("spare_part", "portal", "seed_drill", "Spare Part", "MH12 AB", None, "")] == [
        "Spare part", "Portal", "Seed drill", "Spare Part", "MH12 AB", None, ""]


def test_product_categories_and_legacy_vehicle_numbers_read_as_words_in_the_lists(superuser_client):
    ShowroomProduct.objects.create(name="Tiller T-1", category="spare_part", cost_price=Decimal("1.00"),
                                   sale_price=Decimal("2.00"))
    page = superuser_client.get(reverse("admin:showroom_showroomproduct_changelist")).content.decode()
    assert '<td class="field-category_label">Spare part</td>' in page
    assert ">spare_part<" not in page and ">Spare part</a>" in page  # the filter too
    TransportJob.objects.create(transporter_name="VRL Logistics", vehicle_no="KA01XY9999", status="in_transit")
    page = superuser_client.get(reverse("admin:fleet_transportjob_changelist")).content.decode()
    assert '<td class="field-vehicle_shown">KA01XY9999</td>' in page
