# Schema only: the table behind generated PO numbers. Its single row comes in 0003.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('purchasing', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='PurchaseOrderNumberSequence',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(default=0, help_text='0 until the first number is issued')),
                ('last_number', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'purchase order number sequence',
                'db_table': 'purchase_order_number_sequence',
                'ordering': ['id'],
                'default_permissions': (),
            },
        ),
    ]
