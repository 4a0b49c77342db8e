"""A unique constraint that ignores letter case on every database the project runs on.

MariaDB compares text in a case-insensitive collation: a plain UNIQUE key already refuses "e001" beside
"E001". SQLite compares bytes, so the same rule needs a unique index on LOWER(column). Django's
`UniqueConstraint(Lower(...))` is silently not created on MariaDB (it has no indexes on expressions), so this
constraint is the expression index where the database has them and the plain column key where it has not.
Either way a duplicate is refused, by validation (on the field, in the constraint's own words) and by the
database.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower


class UniqueIgnoringCase(models.UniqueConstraint):
    def __init__(self, *expressions, field: str | None = None, name: str, violation_error_message=None,
                 **kwargs):
        if field is not None:
            expressions = (Lower(field),)
        super().__init__(*expressions, name=name, violation_error_message=violation_error_message, **kwargs)

    @property
    def field_name(self) -> str:
        return self.expressions[0].source_expressions[0].name

    def _as_built(self, connection) -> models.UniqueConstraint:
        if connection.features.supports_expression_indexes:
            return models.UniqueConstraint(*self.expressions, name=self.name)
        # A case-insensitive collation (MariaDB's utf8mb4_*_ci): the column itself compares without case.
        return models.UniqueConstraint(fields=[self.field_name], name=self.name)

    def constraint_sql(self, model, schema_editor):
        return self._as_built(schema_editor.connection).constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        return self._as_built(schema_editor.connection).create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        return self._as_built(schema_editor.connection).remove_sql(model, schema_editor)

    # Django warns (models.W044) that MariaDB creates no expression index: this constraint builds the column
    # key there instead, so the warning is dropped. The method is `_check` in Django 5.2, `check` from 6.0.
    def _check(self, model, connection):
        return [error for error in super()._check(model, connection) if error.id != "models.W044"]

    def check(self, model, connection):
        return [error for error in super().check(model, connection) if error.id != "models.W044"]

    def validate(self, model, instance, exclude=None, using=None):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field_name: error.messages}) from None


def integrity_refusal(error: Exception) -> ValidationError | None:
    """The sentence of the model constraint a database error names, as a refusal; None if it names none.

    A race can still reach the database after validation passed; the database then names the constraint
    (MariaDB: "CONSTRAINT `x` failed", "Duplicate entry ... for key 'x'"; SQLite: "CHECK constraint failed: x",
    "UNIQUE constraint failed: table.column" or "... index 'x'"), never in words a clerk can use.
    """
    from django.apps import apps

    text = str(error)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            names = [constraint.name]
            fields = getattr(constraint, "fields", ())
            if fields:
                table = model._meta.db_table
                names.append(", ".join(f"{table}.{model._meta.get_field(name).column}" for name in fields))
            if any(name in text for name in names):
                return ValidationError(constraint.get_violation_error_message(), code="constraint")
    return None
