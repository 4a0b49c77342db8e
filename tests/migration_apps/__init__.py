"""Apps that exist only for migration-safety tests; installed through tests.migration_apps.settings."""
