from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("fastpath_rename_app", "0002_first_doohickey")]

    operations = [migrations.RenameField("doohickey", "label", "title")]
