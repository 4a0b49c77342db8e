"""`migrate` while the project's apps are installed: whatever django.core's module holds (see ..apps)."""

from django.core.management.commands.migrate import Command  # noqa: F401
