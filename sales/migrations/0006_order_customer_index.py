"""The payments list finds an order's payments by its customer's name as a prefix: an index on the orders, read before the payments (search_by_key)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sales', '0005_constraint_messages'),
        ('showroom', '0003_constraint_messages'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='salesorder',
            index=models.Index(fields=['customer_name'], name='sales_order_customer_idx'),
        ),
    ]
