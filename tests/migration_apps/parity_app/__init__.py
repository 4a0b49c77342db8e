"""A test app for answers that must be Django's: its model `Ghost` exists only in its migrations, a receiver
reports what pre_migrate/post_migrate hand it, and other migration modules (ERP_TEST_MIGRATION_MODULES)
give conflicting leaves or an applied migration whose parent is gone."""
