"""Adopting legacy (Flask ERP) MySQL/MariaDB databases in place: plan, conflicts, quarantine, apply."""
