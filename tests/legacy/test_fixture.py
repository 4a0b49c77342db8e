"""The repository carries its own legacy test data: the fixture's quirks are there, its hashes are real werkzeug
hashes, and no code, test or benchmark reads anything outside the checkout (both legs, no database)."""

import re
from decimal import Decimal

from werkzeug.security import check_password_hash

from tests.legacy import fixture
from tests.support import ROOT
from tests.test_docs import MACHINE_PATH

CODE_DIRS = ("erp", "tests", "bench", "scripts", ".ci", "showroom", "sales", "hr", "purchasing", "dispatch", "fleet",
             "guestlist", "gate")
CODE_SUFFIXES = {".py", ".sql", ".sh", ".ini", ".toml", ".cfg", ".txt", ".json", ".html", ".css", ".js", ""}


def code_files():
    for top in CODE_DIRS:
        base = ROOT / top
        if not base.exists():
            continue
        for path in base.rglob("*"):
            if path.is_file() and path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                yield path
    for name in ("Makefile", "manage.py", "gunicorn.conf.py", "pytest.ini", "ruff.toml", ".importlinter",
                 ".env.example", ".gitignore", "requirements.txt",
                 "requirements-dev.txt", "requirements-django-next.txt"):
        if (ROOT / name).is_file():
            yield ROOT / name


def test_no_code_test_or_benchmark_names_a_path_outside_the_checkout():
    offending = []
    for path in code_files():
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
            # tests/test_docs.py holds the pattern and proves it on such a string, on purpose. The generated
            # schema file (schema_snapshot) is checked too: a shadow database's error must not carry a path into it.
            if MACHINE_PATH.search(line) and path != ROOT / "tests" / "test_docs.py":
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offending == []
    assert sum(1 for _ in code_files()) > 100


def test_the_fixture_is_deterministic_and_has_every_table_of_its_schema():
    tables = re.findall(r"^CREATE TABLE `?(\w+)`?", fixture.schema_sql(), re.M)
    rows = fixture.generate()
    assert sorted(rows) == sorted(tables) and len(tables) == 29
    assert fixture.data_sql() == fixture.data_sql(0)
    assert fixture.data_sql(1) != fixture.data_sql(0)
    for table, (columns, table_rows) in rows.items():
        assert table_rows and all(len(r) == len(columns) for r in table_rows), table
        ids = [r[0] for r in table_rows]
        assert len(set(ids)) == len(ids), table


def test_the_fixture_has_the_quirks_adoption_must_cope_with():
    rows = {t: {r[0]: dict(zip(cols, r)) for r in data} for t, (cols, data) in fixture.generate().items()}
    assert rows["showroom_product"][4]["sale_price"] == 149999.99
    assert rows["transport_job"][4]["dispatch_request_id"] == 999 and 999 not in rows["dispatch_request"]
    assert rows["dispatch_request"][8]["sales_order_id"] == 77 and 77 not in rows["sales_order"]
    assert {rows["job_applications"][k]["candidate_id"] for k in (7, 8)} == {42} and 42 not in rows["candidates"]
    assert rows["leaves"][1]["status"] == "MANAGER_APPROVED"
    approvers = {r["approved_by"] for r in rows["leaves"].values()} - {None}
    assert approvers and approvers <= set(rows["user"])  # legacy *user* ids
    assert len(rows["attendance"]) == 120
    assert any("🤝" in (r["purpose"] or "") for r in rows["guest_list"].values())
    # Every amount fits DECIMAL(12,2) apart from the float noise the legacy application stored.
    assert all(abs(Decimal(repr(r["cost_price"]))) < 10**10 for r in rows["showroom_product"].values())


def test_the_fixture_hashes_are_werkzeug_hashes_of_the_test_passwords():
    users = {r[1]: r for r in fixture.generate()["user"][1]}
    for username, (password, method) in fixture.LEGACY_LOGINS.items():
        encoded = users[username][3]
        assert encoded.startswith(method + "$"), username
        assert check_password_hash(encoded, password), username
        assert not check_password_hash(encoded, password + "x"), username
    assert users[fixture.NO_HASH_USER][3] is None
    formats = {users[u][3].split("$")[0] for u in fixture.LEGACY_LOGINS}
    assert formats == {"scrypt:32768:8:1", "pbkdf2:sha256:600000", "pbkdf2:sha256:260000"}
