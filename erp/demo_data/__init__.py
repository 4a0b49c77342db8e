"""Volume demo data for every module, generated reproducibly and written in bulk (`manage.py seed_demo`).

plan (what the data holds and how many rows per table for a scale N), generators (each module's rows as
plain tuples with keys assigned, so foreign keys agree without reading anything back), writer (how rows
reach the database: LOAD DATA, multi-row INSERT or executemany, in transactions of 50,000 rows), indexes
(big tables' plain secondary indexes dropped for the load and built after it, on MySQL/MariaDB), seeder
(runs all of it). Module apps are reached through the app registry only.
"""
