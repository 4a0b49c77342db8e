"""Module groups keep their permissions as models come and go (connected in erp.apps).

`erp.0003_module_groups` creates one group per module app. After every migrate (post_migrate, per app):

- The permissions of a model new to this migrate (a content type that had none before) go to the
  group its app names (`module_group` on its AppConfig), if that group exists. Permissions that
  existed before are left as a person set them.
- A renamed model keeps what was granted: Django 5.2 renames its content type but not its permissions'
  codenames, and creates `add_<new name>` and the like (6.1 renames the default ones itself). Every
  group and user holding a permission under the old name (`change_<old name>`, or a custom
  `inspect_<old name>` the model now declares as `inspect_<new name>`) is given the one under the new
  name. The old permission rows stay (nothing is deleted).

The migrations do not depend on module apps for this, so a backwards migrate of a module app never
unapplies the erp app's migrations (issue 11, defects 6 and 10).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connections, router

# using -> the highest permission id when this migrate began (pre_migrate), for the post_migrate handler.
_before: dict[str, int] = {}


def note_permissions(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """pre_migrate: remember which permissions exist before anything is migrated (once per run).

    Also connects the post_migrate receiver here, after every app's ready(): it must run after auth's
    own receivers (Django 6.1 renames a renamed model's permissions itself, then creates missing ones),
    and erp comes before django.contrib.auth in INSTALLED_APPS."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(keep_group_permissions, dispatch_uid="erp.module_groups.keep")
    if using in _before:
        return
    connection = connections[using]
    with connection.cursor() as cursor:
        if "auth_permission" not in connection.introspection.table_names(cursor):
            _before[using] = 0
            return
        cursor.execute("SELECT MAX(id) FROM auth_permission")
        _before[using] = cursor.fetchone()[0] or 0


def keep_group_permissions(sender, using=DEFAULT_DB_ALIAS, apps=None, **kwargs) -> None:
    """post_migrate, once per app: grant new permissions to the module group, carry renamed ones over."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    last = [c for c in global_apps.get_app_configs() if c.models_module is not None][-1]
    since = _before.pop(using, None) if sender.label == last.label else _before.get(using)
    try:
        Permission = apps.get_model("auth", "Permission")
        Group = apps.get_model("auth", "Group")
    except LookupError:
        return
    if not router.allow_migrate_model(using, Permission):
        return
    permissions = list(Permission.objects.using(using).filter(content_type__app_label=sender.label)
                       .select_related("content_type"))
    if not permissions:
        return
    _carry_renamed(using, apps, permissions)
    group_name = getattr(sender, "module_group", None)
    if group_name and since is not None:
        group = Group.objects.using(using).filter(name=group_name).first()
        # Only a new model's: a renamed model's new codenames follow its old ones (above), so what a
        # person took away from the group stays away.
        old_types = {p.content_type_id for p in permissions if p.pk <= since}
        new = [p for p in permissions if p.pk > since and p.content_type_id not in old_types]
        if group is not None and new:
            group.permissions.add(*new)


def _carry_renamed(using, apps, permissions) -> None:
    """Holders of `<action>_<old model name>` get `<action>_<model name>` of the same content type (the
    default actions, and custom permissions named the same way that the model no longer declares)."""
    by_type = defaultdict(dict)
    for p in permissions:
        by_type[p.content_type_id][p.codename] = p
    carried = []  # (stale permission, its current counterpart)
    for codes in by_type.values():
        model = next(iter(codes.values())).content_type.model
        for codename, stale in codes.items():
            action, _, name = codename.rpartition("_")  # model names have no underscore
            current = codes.get(f"{action}_{model}")
            if action and name != model and current is not None and not _declared(apps, stale):
                carried.append((stale, current))
    if not carried:
        return
    Group = apps.get_model("auth", "Group")
    from django.conf import settings

    User = apps.get_model(settings.AUTH_USER_MODEL)
    for through, holder in ((Group.permissions.through, "group_id"), (User.user_permissions.through, "user_id")):
        links = through.objects.using(using)
        rows = []
        for stale, current in carried:
            for holder_id in links.filter(permission_id=stale.pk).values_list(holder, flat=True):
                rows.append(through(**{holder: holder_id, "permission_id": current.pk}))
        links.bulk_create(rows, ignore_conflicts=True)


def _declared(apps, permission) -> bool:
    """A permission the model declares itself (Meta.permissions) is never an old name's."""
    ct = permission.content_type
    try:
        model = apps.get_model(ct.app_label, ct.model)
    except LookupError:
        return False
    return permission.codename in {codename for codename, _name in model._meta.permissions}
