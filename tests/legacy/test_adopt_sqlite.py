"""adopt_legacy on SQLite: a clear one-line refusal, nothing changed."""

import pytest


def test_sqlite_is_refused_with_a_clear_message(scratch_db):
    if scratch_db.path is None:
        pytest.skip("SQLite leg only: legacy databases are MySQL/MariaDB")
    result = scratch_db.manage("adopt_legacy", "--dry-run")
    assert result.returncode == 1
    assert "adopt_legacy adopts MySQL/MariaDB legacy databases" in result.stderr
    assert "Traceback" not in result.stderr
    assert not scratch_db.path.exists() or scratch_db.query("SELECT name FROM sqlite_master WHERE type = 'table'") == []
