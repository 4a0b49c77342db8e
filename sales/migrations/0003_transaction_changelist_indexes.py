"""Indexes that keep the changelist of a table that grows without end cheap: filters and searches in the default order."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sales', '0002_sales_transaction_sign_matches_type'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='salestransaction',
            index=models.Index(fields=['transaction_type', 'id'], name='sales_txn_type_idx'),
        ),
        migrations.AddIndex(
            model_name='salestransaction',
            index=models.Index(fields=['payment_method', 'id'], name='sales_txn_method_idx'),
        ),
        migrations.AddIndex(
            model_name='salestransaction',
            index=models.Index(fields=['created_at', 'id'], name='sales_txn_created_idx'),
        ),
        migrations.AddIndex(
            model_name='salestransaction',
            index=models.Index(fields=['reference_number'], name='sales_txn_reference_idx'),
        ),
        migrations.AddIndex(
            model_name='salestransaction',
            index=models.Index(fields=['utr_number'], name='sales_txn_utr_idx'),
        ),
    ]
