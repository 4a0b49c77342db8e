"""Indexes that keep the changelist of a table that grows without end cheap: filters and searches in the default order."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gate', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='gateentrylog',
            index=models.Index(fields=['action', 'timestamp', 'id'], name='gate_entry_logs_action_idx'),
        ),
        migrations.AddIndex(
            model_name='gateentrylog',
            index=models.Index(fields=['method', 'timestamp', 'id'], name='gate_entry_logs_method_idx'),
        ),
        migrations.AddIndex(
            model_name='gateentrylog',
            index=models.Index(fields=['status', 'timestamp', 'id'], name='gate_entry_logs_status_idx'),
        ),
        migrations.AddIndex(
            model_name='gateentrylog',
            index=models.Index(fields=['user_name'], name='gate_entry_logs_name_idx'),
        ),
    ]
