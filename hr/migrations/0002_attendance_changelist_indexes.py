"""Indexes that keep the changelist of a table that grows without end cheap: filters and searches in the default order."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hr', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['status', 'date', 'id'], name='attendance_status_date_idx'),
        ),
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['name'], name='attendance_name_idx'),
        ),
    ]
