"""Adoption of legacy Flask ERP databases: users and their password hashes."""
