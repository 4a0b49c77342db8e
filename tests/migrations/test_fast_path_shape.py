"""Which tables the fast path's guard treats as changed by later migrations (fast_path.changed_tables).

A data migration runs against the final tables on the fast path, so a table whose definition in the
database differs between the data migration's state and the final state must be guarded; a change that
never reaches the database (a constraint's message or code, a field's verbose name or choices) must not
turn the fast path off. The states are built from the test apps' own migration files, as the loader does.
"""

import importlib
import pkgutil

from django.db import migrations, models
from django.db.migrations.state import ProjectState

from erp.migration_safety import fast_path


def states(app: str, data_migration: str):
    """(state just before `data_migration`, final state) of test app `app`, from its migration files."""
    package = importlib.import_module(f"tests.migration_apps.{app}.migrations")
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
    state, before = ProjectState(), None
    for name in names:
        if name == data_migration:
            before = state.clone()
        migration = importlib.import_module(f"{package.__name__}.{name}").Migration(name, app)
        state = migration.mutate_state(state, preserve=True)
    assert before is not None, f"{app} has no migration {data_migration}"
    return before, state


def test_constraint_messages_and_codes_are_no_change_of_the_table():
    """showroom.0003's pattern: AlterConstraint of messages only (no SQL); the sample data stays fast."""
    before, final = states("fastpath_message_app", "0002_sample_widget")
    assert fast_path.changed_tables(before, final) == set()


def test_a_changed_constraint_condition_is_a_change_of_the_table():
    before, final = states("fastpath_condition_app", "0002_sample_sprocket")
    assert fast_path.changed_tables(before, final) == {"fastpath_sprocket"}


def test_added_and_renamed_fields_are_changes_of_the_table():
    assert fast_path.changed_tables(*states("fastpath_app", "0002_sample_gizmo")) == {"fastpath_gizmo"}
    assert fast_path.changed_tables(*states("fastpath_rename_app", "0002_first_doohickey")) == {"fastpath_doohickey"}


def _state(*operations):
    state = ProjectState()
    for operation in operations:
        operation.state_forwards("shop", state)
    return state


def _create(*fields, **options):
    return migrations.CreateModel("Item", [("id", models.AutoField(primary_key=True)), *fields], options=options)


def test_what_reaches_the_database_and_what_does_not():
    base = _create(("name", models.CharField(max_length=20)))
    quiet = [  # Python-only: no SQL, no change of the table
        migrations.AlterField("item", "name", models.CharField(max_length=20, verbose_name="Name", help_text="x",
                                                               choices=[("a", "A")], blank=True)),
        migrations.AlterModelOptions("item", {"verbose_name": "article", "ordering": ["name"]}),
        migrations.AddConstraint("item", models.CheckConstraint(condition=models.Q(name__gt=""), name="c1")),
    ]
    loud = [  # each reaches the table
        migrations.AlterField("item", "name", models.CharField(max_length=30)),
        migrations.AlterField("item", "name", models.CharField(max_length=20, null=True)),
        migrations.AlterField("item", "name", models.CharField(max_length=20, db_column="title")),
        migrations.AlterField("item", "name", models.CharField(max_length=20, db_index=True)),
        migrations.AddIndex("item", models.Index(fields=["name"], name="item_name_idx")),
        migrations.AlterModelTable("item", "shop_article"),
    ]
    assert fast_path.changed_tables(_state(base), _state(base, *quiet[:2])) == set()
    for operation in loud:
        assert fast_path.changed_tables(_state(base), _state(base, operation)) == {"shop_item"}, operation
    # A constraint added later is a change; one whose message alone changes later is not.
    with_check = _state(base, quiet[2])
    assert fast_path.changed_tables(_state(base), with_check) == {"shop_item"}
    message = models.CheckConstraint(condition=models.Q(name__gt=""), name="c1", violation_error_message="Empty.")
    reworded = _state(base, quiet[2], migrations.AlterConstraint("item", "c1", message))
    assert fast_path.changed_tables(with_check, reworded) == set()
    condition = models.CheckConstraint(condition=models.Q(name__gt="a"), name="c1", violation_error_message="Empty.")
    changed = _state(base, quiet[2], migrations.RemoveConstraint("item", "c1"),
                     migrations.AddConstraint("item", condition))
    assert fast_path.changed_tables(with_check, changed) == {"shop_item"}


def test_a_foreign_key_follows_the_type_of_the_key_it_points_to():
    """A later migration that widens a referenced primary key changes the referencing column too,
    though the foreign key field itself is unchanged."""
    part = migrations.CreateModel("Part", [("id", models.AutoField(primary_key=True)),
                                           ("item", models.ForeignKey("shop.Item", models.CASCADE))])
    before = _state(_create(), part)
    after = _state(_create(), part, migrations.AlterField("item", "id", models.BigAutoField(primary_key=True)))
    assert fast_path.changed_tables(before, after) == {"shop_item", "shop_part"}
