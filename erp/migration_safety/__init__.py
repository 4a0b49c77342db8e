"""Migration safety: one migrator at a time, resuming after a crash, cost preview, checked history.

Exit codes of `manage.py migrate` beyond Django's own (0 = done, 1 = error) are defined here.
"""

# Timed out waiting for another migrate to finish (sysexits EX_TEMPFAIL: retry later).
EXIT_LOCK_TIMEOUT = 75
# The pre-migration backup failed; nothing was migrated (sysexits EX_IOERR).
EXIT_BACKUP_FAILED = 74
