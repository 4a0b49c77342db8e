"""The attendance search of several words: a row whose recorded name starts with one word and whose employee
matches the others is found by (employee_id, name) seeks, one per employee found, instead of reading every
index entry of the commoner word (a first name shared by thousands of rows)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hr', '0012_attendance_search_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['employee', 'name'], name='attendance_employee_name_idx'),
        ),
    ]
