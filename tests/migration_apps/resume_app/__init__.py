"""Issue 11 defects 3-5: a migration whose data step ran, whose MODIFY rebuilt the table, then fails."""
