"""Issue 11 defect 1 (b): a data migration that uses a field a later migration renames."""
