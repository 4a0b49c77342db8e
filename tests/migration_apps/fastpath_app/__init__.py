"""Issue 11 defect 1 (a): a data migration that reads ERP_SAMPLE_DATA, then a field added with a default."""
