"""The promises of docs/development.md's "Django and Python versions": the private Django modules the
code imports are all listed there, private methods are called from one module, and the table names the
Django versions the two requirement files pin."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "development.md").read_text()
APP_DIRS = ["erp", "showroom", "sales", "hr", "purchasing", "dispatch", "fleet", "guestlist", "gate"]

# Modules of Django that its documentation does not describe as public API.
PRIVATE = re.compile(
    r"^django\.(db\.migrations\.(executor|loader|recorder|writer|state|graph|autodetector|questioner)"
    r"|core\.management\.(commands\.\w+|sql)|contrib\.admin\.(views\.main|utils|widgets|helpers)"
    r"|db\.backends\.\w+\.\w+|db\.models\.(fields|sql)(\.\w+)?)$"
)


def _code_files():
    for d in APP_DIRS:
        for path in (ROOT / d).rglob("*.py"):
            if path.parent.name != "migrations":  # migration files import django.db only
                yield path


def _private_imports():
    found = {}
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and PRIVATE.match(node.module):
                for alias in node.names:
                    found.setdefault((node.module, alias.name), []).append(str(path.relative_to(ROOT)))
    return found


def _documented():
    rows = {}
    section = DOC.split("### Django internals the project calls", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`django."):
            rows[cells[0].strip("`")] = cells[1]
    return rows


def test_every_private_django_import_is_listed_with_its_names():
    documented = _documented()
    imports = _private_imports()
    assert ("django.db.migrations.executor", "MigrationExecutor") in imports  # the scan finds them
    missing = [f"{module}.{name} (in {', '.join(sorted(set(files)))})" for (module, name), files in imports.items()
               if module not in documented or f"`{name}`" not in documented[module]]
    assert missing == [], "add these to docs/development.md, 'Django internals the project calls'"


def test_listed_modules_are_still_used():
    used = {module for module, _ in _private_imports()}
    assert sorted(set(_documented()) - used) == []


def test_private_methods_are_called_from_one_module():
    callers = {}
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in {"_create_project_state", "_migrate_all_forwards",
                                                                 "_migrate_all_backwards", "_build_migration_list"}:
                callers.setdefault(node.attr, set()).add(str(path.relative_to(ROOT)))
    assert callers == {"_create_project_state": {"erp/migration_safety/django_api.py"}}


def _pin(requirements: str) -> str:
    return re.search(r"^Django==(\S+)$", (ROOT / requirements).read_text(), re.M).group(1)


def test_the_versions_table_names_both_pins():
    default, newest = _pin("requirements.txt"), _pin("requirements-django-next.txt")
    assert default.split(".")[:2] < newest.split(".")[:2] or default.split(".")[0] < newest.split(".")[0]
    table = DOC.split("## Django and Python versions", 1)[1].split("###", 1)[0]
    assert f"| {default} (LTS) |" in table and f"| {newest} |" in table
    assert f"Tested on {default} and {newest}." in DOC
