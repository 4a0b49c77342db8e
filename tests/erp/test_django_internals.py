"""The promises of docs/development.md's "Django and Python versions": the private Django modules the
code imports and the private names of Django's classes it uses are all listed there (each name with the
one module that uses it), and the table names the Django versions the two requirement files pin."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "development.md").read_text()
APP_DIRS = ["erp", "showroom", "sales", "hr", "purchasing", "dispatch", "fleet", "guestlist", "gate"]

# Modules of Django that its documentation does not describe as public API.
PRIVATE = re.compile(
    r"^django\.(db\.migrations\.(executor|loader|recorder|writer|state|graph|autodetector|questioner)"
    r"|core\.management\.(commands\.\w+|sql)|contrib\.admin\.(views\.main|utils|widgets|helpers|options)"
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


# Underscored names of Django's model API that its documentation describes (Model._meta, _state, managers).
DOCUMENTED_UNDERSCORED = {"_meta", "_state", "_default_manager", "_base_manager"}


def _private_names_used():
    """Underscored attributes the code reads that it does not define itself: Django's (or a library's) private
    names. {name: {module path}}"""
    used, defined = {}, set()
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.arg):
                defined.add(node.arg)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                if isinstance(node.ctx, ast.Store):
                    defined.add(node.attr)
                else:
                    used.setdefault(node.attr, set()).add(str(path.relative_to(ROOT)))
    return {name: files for name, files in used.items() if name not in defined | DOCUMENTED_UNDERSCORED}


def _documented_names():
    """{name: module path} from the section's table of private names."""
    names = {}
    section = DOC.split("### Django internals the project calls", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`_"):
            for name in re.findall(r"`(_\w+)`", cells[0]):
                names[name] = cells[2].strip("`")
    return names


def test_every_private_name_is_listed_with_the_one_module_using_it():
    used = _private_names_used()
    assert "_create_project_state" in used  # the scan finds them
    documented = _documented_names()
    assert {name: sorted(files) for name, files in used.items()} == {
        name: [module] for name, module in documented.items()
    }, "docs/development.md, 'Django internals the project calls': list each private name with its one module"


def test_the_admin_registry_is_read_through_public_methods():
    assert "_registry" not in _private_names_used()  # admin.site.is_registered / get_model_admin


def _pin(requirements: str) -> str:
    return re.search(r"^Django==(\S+)$", (ROOT / requirements).read_text(), re.M).group(1)


def test_the_versions_table_names_both_pins():
    default, newest = _pin("requirements.txt"), _pin("requirements-django-next.txt")
    assert default.split(".")[:2] < newest.split(".")[:2] or default.split(".")[0] < newest.split(".")[0]
    table = DOC.split("## Django and Python versions", 1)[1].split("###", 1)[0]
    assert f"| {default} (LTS) |" in table and f"| {newest} |" in table
    assert f"Tested on {default} and {newest}." in DOC
