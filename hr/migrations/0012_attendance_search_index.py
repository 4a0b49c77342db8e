"""The attendance search index holds the employee key beside the name: a search of several words (the name by prefix, or employee_id IN the employees found first) is decided in the index, without reading each row."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hr', '0011_managers_group'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['name', 'employee'], name='attendance_name_employee_idx'),
        ),
        migrations.RemoveIndex(
            model_name='attendance',
            name='attendance_name_idx',
        ),
    ]
