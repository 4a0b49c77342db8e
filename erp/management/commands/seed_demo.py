"""`manage.py seed_demo --scale N`: volume demo data across every module (a thin shell over erp/demo_data/)."""

from __future__ import annotations

import time
from contextlib import nullcontext
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from erp.demo_data.plan import Plan
from erp.demo_data.seeder import Seeder
from erp.demo_data.writer import Progress
from erp.migration_safety.lock import migration_lock

MAX_SCALE = 50_000_000


def business_row_count(alias: str) -> dict[str, int]:
    """Rows in the module apps' tables, leaving out what a fresh install gets from its migrations (sample
    catalogue, counters): each app's AppConfig may name those rows (`fresh_install_rows`)."""
    found = {}
    for app_label in settings.MODULE_APPS:
        config = apps.get_app_config(app_label)
        install_rows = getattr(config, "fresh_install_rows", dict)()
        for model in config.get_models():
            qs = model._default_manager.using(alias)
            if model in install_rows:
                qs = qs.exclude(install_rows[model])
            if qs.exists():
                found[model._meta.label] = qs.count()
    return found


def _positive(value: str, what: str, maximum: int | None = None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise CommandError(f"{what} must be a whole number, not {value!r}.") from None
    if number < 1:
        raise CommandError(f"{what} must be at least 1, not {number}.")
    if maximum and number > maximum:
        raise CommandError(f"{what} must be at most {maximum:,}, not {number:,}.")
    return number


def _whole(value: str, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise CommandError(f"{what} must be a whole number, not {value!r}.") from None
    if number < 0:
        raise CommandError(f"{what} must not be negative, not {number}.")
    return number


class Command(BaseCommand):
    help = (
        "Fill the database with realistic demo data for every module: about N rows each in attendance, "
        "gate entry logs and sales transactions, and proportionate employees, orders, dispatches, "
        "visitors, vehicles and purchase orders. Refuses a database that already has business rows "
        "unless --append is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", required=True, help="about this many rows in each of the largest tables")
        parser.add_argument("--seed", default="1", help="random seed: the same seed (and --until) gives the same data")
        parser.add_argument("--until", default=None,
                            help="last day of the generated history, YYYY-MM-DD (default: today)")
        parser.add_argument("--append", action="store_true", help="add to a database that already has business rows")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)")
        parser.add_argument("--no-progress", action="store_true", help="no progress line")
        parser.add_argument("--defer-indexes", choices=("auto", "always", "never"), default="auto",
                            help="MySQL/MariaDB: drop plain secondary indexes for the load and build them after it, "
                                 "for tables getting at least 100,000 rows (auto, the default), every table "
                                 "(always) or none (never)")

    def handle(self, *args, **options):
        scale = _positive(options["scale"], "--scale", MAX_SCALE)
        seed = _whole(options["seed"], "--seed")
        until = date.today()
        if options["until"]:
            try:
                until = date.fromisoformat(options["until"])
            except ValueError:
                raise CommandError(f"--until must be a date as YYYY-MM-DD, not {options['until']!r}.") from None
        alias = options["database"]
        if alias not in connections:
            raise CommandError(f"--database {alias!r} is not a configured database ({', '.join(connections)}).")

        connection = connections[alias]
        # On MySQL/MariaDB outside a transaction, seeding may drop and re-create indexes (DDL): it takes the
        # migration lock, so a migrate (or adopt_legacy) never runs against a table missing its indexes.
        ddl = connection.vendor == "mysql" and not connection.in_atomic_block and options["defer_indexes"] != "never"
        with migration_lock(alias, stdout=self.stdout, purpose="seed_demo") if ddl else nullcontext():
            counts, elapsed, seeder, plan = self._seed(alias, scale, seed, until, options)
        total = sum(counts.values())
        if options["verbosity"] > 1:
            for label, count in counts.items():
                load, build = seeder.seconds.get(label, (0.0, 0.0))
                line = f"  {label:<28} {count:>12,} rows {load:>7.1f} s {count / max(load, 1e-9):>10,.0f} rows/s"
                if label in seeder.deferred:
                    line += f"; {len(seeder.deferred[label])} indexes built after the load in {build:.1f} s"
                self.stdout.write(line)
            if seeder.deferred:
                self.stdout.write(f"  Index builds run while the next tables load; {seeder.index_wait:.1f} s "
                                  "waited for the last ones at the end (counted in the total).")
        self.stdout.write(
            f"Seeded {total:,} rows in {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f} rows/s): scale {scale:,}, "
            f"seed {seed}, {len(plan.working_days)} working days up to {until.isoformat()}."
        )

    def _seed(self, alias, scale, seed, until, options):
        """Restore what a killed run left, refuse a database with business rows, load; (counts, seconds, ...)."""
        plan = Plan.for_scale(scale, until)
        seeder = Seeder(plan=plan, seed=seed, alias=alias, defer_indexes=options["defer_indexes"])
        # A run killed while a table's indexes were dropped left them missing: build them first.
        restored = seeder.restore_indexes()
        for label, names in restored.items():
            self.stderr.write(f"Re-created indexes an interrupted seed_demo left dropped: {label} {', '.join(names)}.")

        existing = business_row_count(alias)
        if existing and not options["append"]:
            listed = ", ".join(f"{label} {count:,}" for label, count in sorted(existing.items())[:4])
            raise CommandError(
                f"The database already has business rows ({listed}{', ...' if len(existing) > 4 else ''}); "
                "nothing was written. Use --append to add demo data to it anyway."
            )
        # Into a database without business rows the generated rows are consistent by construction:
        # the server need not check keys row by row. With --append the checks stay on.
        seeder.relax_checks = not existing

        seeder.continue_keys()
        seeder.progress = Progress(seeder.planned_rows(), stream=self.stderr._out,
                                   enabled=not options["no_progress"] and options["verbosity"] > 0)
        started = time.perf_counter()
        counts = seeder.run()  # the rate counts building the indexes it deferred
        elapsed = time.perf_counter() - started
        return counts, elapsed, seeder, plan
