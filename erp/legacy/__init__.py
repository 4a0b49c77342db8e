"""Adoption of legacy Flask ERP databases in place: schema (plan, conflicts, quarantine, apply), users and passwords."""
