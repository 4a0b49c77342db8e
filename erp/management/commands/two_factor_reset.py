"""`manage.py two_factor_reset <username>`: the recovery path for a lost phone (docs/security.md)."""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from erp.security.two_factor import required_for, reset_devices


def _users_with_devices() -> set[int]:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return {*TOTPDevice.objects.values_list("user_id", flat=True),
            *StaticDevice.objects.values_list("user_id", flat=True)}


logger = logging.getLogger("erp.security")


class Command(BaseCommand):
    help = ("Remove a user's two-factor devices (authenticator apps and backup codes), e.g. after a lost phone. "
            "The user's open sessions end; at the next login, with the password, the user enrols a new "
            "device. Check the person's identity before running it. The removal is in the audit log.")

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument("--all", action="store_true",
                            help="every user's devices (a leaked database or backup: the TOTP keys are in it)")

    def handle(self, *args, username=None, **options):
        User = get_user_model()
        if options["all"] == bool(username):
            raise CommandError("Give one username, or --all (not both); nothing was changed.")
        if options["all"]:
            users = User.objects.filter(pk__in=_users_with_devices()).order_by("pk")
            removed = sum(reset_devices(user) for user in users)
            logger.warning("Two-factor devices of all users reset by an operator (%d removed).", removed)
            self.stdout.write(f"Removed {removed} two-factor device(s) of {len(users)} user(s) and ended their "
                              "sessions; each sets up a new one at the next login where two-factor login is "
                              "required.")
            return
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}; nothing was changed.") from None
        removed = reset_devices(user)
        if not removed:
            self.stdout.write(f"{username} has no two-factor device; nothing to reset.")
            return
        logger.warning("Two-factor devices of %s reset by an operator (%d removed).", username, removed)
        then = ("sets up a new authenticator app at the next login" if required_for(user)
                else "logs in with a password alone (two-factor login is not required for this account)")
        self.stdout.write(f"Removed {removed} two-factor device(s) of {username} and ended their sessions; "
                          f"{username} {then}.")
