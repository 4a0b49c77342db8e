"""A second leaf beside 0002_ghost: conflicting migrations, as two branches merged without a merge migration."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("parity_app", "0001_initial")]
    operations = []
