"""One group per module, holding that module's model permissions.

Permissions normally appear only on post_migrate, so they are created here first for the models
this migration's state has (Django ticket #29843); those of models migrated later are granted by
erp.module_groups after the migrate. Idempotent; reversing removes only the groups this migration
created.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

# Copied, not imported (migrations do not import app code): group name -> app labels.
MODULE_GROUPS = {
    "Showroom": ["showroom"],
    "Sales": ["sales"],
    "HR": ["hr"],
    "Purchasing": ["purchasing"],
    "Dispatch": ["dispatch"],
    "Fleet": ["fleet"],
    "Guest list": ["guestlist"],
    "Gate": ["gate"],
}
RECORD_KIND = "module_group"


def create_module_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, using=db, apps=apps)
        create_permissions(app_config, verbosity=0, using=db, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    BootstrapRecord = apps.get_model("erp", "BootstrapRecord")
    for name, app_labels in MODULE_GROUPS.items():
        group, created = Group.objects.using(db).get_or_create(name=name)
        if created:
            BootstrapRecord.objects.using(db).create(kind=RECORD_KIND, object_pk=str(group.pk), label=name)
        group.permissions.add(*Permission.objects.using(db).filter(content_type__app_label__in=app_labels))


def remove_module_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    BootstrapRecord = apps.get_model("erp", "BootstrapRecord")
    records = BootstrapRecord.objects.using(db).filter(kind=RECORD_KIND)
    Group.objects.using(db).filter(pk__in=[int(r.object_pk) for r in records]).delete()
    records.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("erp", "0002_first_admin_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # No module app's migration: a backwards migrate of a module app must not unapply this one (and
        # with it 0004, 0005: the erp app's own tables). It used to depend on every module's 0001;
        # dropping dependencies keeps every database migrated before consistent. The module's
        # permissions reach its group after each migrate (erp.module_groups), whatever ran first.
    ]

    operations = [migrations.RunPython(create_module_groups, remove_module_groups)]
