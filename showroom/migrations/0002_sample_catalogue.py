"""A small sample catalogue for a fresh install.

Inserted only when the product table is empty and ERP_SAMPLE_DATA is not false, so an existing
catalogue is never touched. Reversing removes only these rows, and only while they are unsold.
"""

from decimal import Decimal

from django.conf import settings
from django.db import migrations

# (name, category, cost price, sale price): agricultural machinery, as the legacy sites sell.
SAMPLE_PRODUCTS = [
    ("Power Tiller PT-12", "tiller", Decimal("98000.00"), Decimal("124500.00")),
    ("Rotavator RX-7 (7 ft)", "rotavator", Decimal("71500.00"), Decimal("89900.00")),
    ("Seed Drill SD-9", "seed_drill", Decimal("54000.00"), Decimal("67250.00")),
    ("Mini Tractor MT-25", "tractor", Decimal("392000.00"), Decimal("465000.00")),
    ("Harvester H-40", "harvester", Decimal("1180000.00"), Decimal("1395000.00")),
    ("Boom Sprayer BS-400", "sprayer", Decimal("38500.00"), Decimal("47900.00")),
    ("Rotavator blade set (42 pcs)", "spare_part", Decimal("6200.00"), Decimal("8450.00")),
    ("Tiller gearbox assembly", "spare_part", Decimal("14800.00"), Decimal("19900.00")),
]


def add_sample_catalogue(apps, schema_editor):
    if not settings.ERP_SAMPLE_DATA:
        return
    Product = apps.get_model("showroom", "ShowroomProduct")
    db = schema_editor.connection.alias
    if Product.objects.using(db).exists():
        return
    Product.objects.using(db).bulk_create(
        Product(name=name, category=category, cost_price=cost, sale_price=sale, showroom_status="available")
        for name, category, cost, sale in SAMPLE_PRODUCTS
    )


def remove_sample_catalogue(apps, schema_editor):
    Product = apps.get_model("showroom", "ShowroomProduct")
    db = schema_editor.connection.alias
    for name, category, cost, sale in SAMPLE_PRODUCTS:
        Product.objects.using(db).filter(
            name=name, category=category, cost_price=cost, sale_price=sale, showroom_status="available"
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("showroom", "0001_initial")]

    operations = [migrations.RunPython(add_sample_catalogue, remove_sample_catalogue)]
