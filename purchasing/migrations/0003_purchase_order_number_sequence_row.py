"""The single purchase order number sequence row (see purchasing.services.purchase_order_next_number)."""

from django.db import migrations

SEQUENCE_ROW = 1


def create_sequence_row(apps, schema_editor):
    Sequence = apps.get_model("purchasing", "PurchaseOrderNumberSequence")
    Sequence.objects.using(schema_editor.connection.alias).get_or_create(
        pk=SEQUENCE_ROW, defaults={"year": 0, "last_number": 0})


def remove_sequence_row(apps, schema_editor):
    # Nothing is lost: numbers are recomputed from the purchase orders when the row is recreated.
    Sequence = apps.get_model("purchasing", "PurchaseOrderNumberSequence")
    Sequence.objects.using(schema_editor.connection.alias).filter(pk=SEQUENCE_ROW).delete()


class Migration(migrations.Migration):
    dependencies = [("purchasing", "0002_purchase_order_number_sequence")]

    operations = [migrations.RunPython(create_sequence_row, remove_sequence_row)]
