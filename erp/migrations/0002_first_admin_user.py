"""Create the first superuser, once: only when the database has none.

The password comes from ERP_ADMIN_PASSWORD; without it a random one is generated and printed once.
There is never a fixed default password. Reversing removes only the user this migration created.
"""

import secrets
import sys

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import migrations

RECORD_KIND = "admin_user"


def create_first_admin(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    BootstrapRecord = apps.get_model("erp", "BootstrapRecord")
    db = schema_editor.connection.alias
    users = User.objects.using(db)
    if users.filter(is_superuser=True).exists():
        return
    username = settings.ERP_ADMIN_USERNAME
    if users.filter(username=username).exists():
        sys.stdout.write(
            f"\n  A user named {username!r} exists but is not a superuser: no admin user was created.\n"
            "  Create one with `python manage.py createsuperuser`.\n"
        )
        return
    password = settings.ERP_ADMIN_PASSWORD
    generated = not password
    if generated:
        password = secrets.token_urlsafe(18)
    else:
        try:
            validate_password(password)
        except ValidationError as exc:
            # Raised inside the migration's transaction: nothing is created.
            raise CommandError("ERP_ADMIN_PASSWORD is not acceptable: " + " ".join(exc.messages)) from None
    user = users.create(
        username=username,
        email=settings.ERP_ADMIN_EMAIL,
        password=make_password(password),
        is_staff=True,
        is_superuser=True,
        is_active=True,
    )
    BootstrapRecord.objects.using(db).create(kind=RECORD_KIND, object_pk=str(user.pk), label=username)
    if generated:
        rule = "=" * 64
        sys.stdout.write(
            f"\n  {rule}\n"
            f"  First admin user created. This password is shown only once:\n"
            f"      username: {username}\n"
            f"      password: {password}\n"
            f"  Change it after logging in (or set ERP_ADMIN_PASSWORD before the first migrate).\n"
            f"  {rule}\n"
        )
    else:
        sys.stdout.write(f"\n  First admin user {username!r} created with the password from ERP_ADMIN_PASSWORD.\n")


def remove_first_admin(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    BootstrapRecord = apps.get_model("erp", "BootstrapRecord")
    db = schema_editor.connection.alias
    records = BootstrapRecord.objects.using(db).filter(kind=RECORD_KIND)
    User.objects.using(db).filter(pk__in=[int(r.object_pk) for r in records]).delete()
    records.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("erp", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_first_admin, remove_first_admin)]
