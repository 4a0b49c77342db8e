"""The "Managers" group: view and change of leave and attendance (a manager's team only: hr/admin/team.py),
nothing of employees' records, payroll or salaries.

Permissions normally appear only on post_migrate, so hr's are created here first (as erp.0003 does).
Idempotent: an existing group of that name gets the permissions added. Reversing leaves the group and
its members as they are (people may have been put in it since): nothing is deleted.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

GROUP = "Managers"
PERMISSIONS = ["view_leave", "change_leave", "view_attendance", "change_attendance"]


def create_managers_group(apps, schema_editor):
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("hr")
    app_config.models_module = True
    create_contenttypes(app_config, verbosity=0, using=db, apps=apps)
    create_permissions(app_config, verbosity=0, using=db, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(db).get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.using(db).filter(content_type__app_label="hr",
                                                              codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("hr", "0010_payroll_reversal"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_managers_group, migrations.RunPython.noop, elidable=False)]
