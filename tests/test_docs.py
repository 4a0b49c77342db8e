"""README.md and docs/ stay true to the repository: every path, module and link they name exists, and no
absolute path of a machine appears in them."""

import importlib
import re

import pytest

from tests.support import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PACKAGES = ("erp", "showroom", "sales", "hr", "purchasing", "dispatch", "fleet", "guestlist", "gate", "tests",
            "bench")
# Named in the docs as what a command or the operator creates, not as files of the repository.
CREATED_BY_COMMANDS = {".env", "staticfiles/", "var/", "db.sqlite3"}
CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
MACHINE_PATH = re.compile(r"(?<![\w.:/~-])/(?:work|home|root|Users|opt|srv|mnt|tmp)/|[A-Za-z]:\\\\|file://")


def doc_id(path):
    return str(path.relative_to(ROOT))


def code_spans(path) -> list[str]:
    text = re.sub(r"^(    |\t).*$", "", path.read_text(), flags=re.M)  # indented blocks are shell examples
    return [span.strip() for span in CODE.findall(text)]


FILE_SUFFIXES = (".py", ".md", ".sh", ".sql", ".ini", ".txt", ".cfg", ".toml", ".html", ".json")
SKIPPED_DIRS = {".git", ".venv", "var", "staticfiles", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}


def is_repository_path(span: str) -> bool:
    """A span that names a file or folder of the repository (not a URL, a placeholder or a time zone)."""
    if "://" in span or span.startswith(("/", "~", "-")) or re.search(r"[<>*{}\s=$]", span):
        return False
    if span in CREATED_BY_COMMANDS or span.startswith(("var/", "django.")):  # made by a command; a Django module
        return False
    if span.startswith("var/"):  # inside var/, which commands create (git ignores it): not on a clean clone
        return False
    first, *rest = span.rstrip("/").split("/")
    if rest:  # a relative path: the repository's if it starts at a top-level entry or names a source file
        return (ROOT / first).exists() or span.endswith(FILE_SUFFIXES)
    return span.endswith(("/", *FILE_SUFFIXES)) or span in (".env.example", "Makefile")


def repository_names() -> set[str]:
    names = set()
    stack = [ROOT]
    while stack:
        for entry in stack.pop().iterdir():
            if entry.name not in SKIPPED_DIRS:
                names.add(entry.name + ("/" if entry.is_dir() else ""))
                if entry.is_dir():
                    stack.append(entry)
    return names


def exists(span: str, names: set[str]) -> bool:
    """A path from the repository's root; a bare name (`services.py`, `ux/`) anywhere in the repository."""
    if "/" in span.rstrip("/"):
        return (ROOT / span).exists()
    return span in names or (span.endswith("/") and span[:-1] + "/" in names)


def resolve_module(dotted: str) -> str | None:
    """None when `dotted` (a module, a module's attribute, or app.migration) exists; else what is missing."""
    parts = dotted.removesuffix("()").split(".")
    if len(parts) == 2 and re.match(r"\d{4}_\w+$", parts[1]):
        found = list((ROOT / parts[0]).glob(f"**/migrations/{parts[1]}.py"))
        return None if found else f"migration {dotted}"
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(obj, attribute):
                return f"{'.'.join(parts[:cut])} has no {attribute!r} (named as {dotted})"
            obj = getattr(obj, attribute)
        return None
    return f"module {dotted}"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path) -> set[str]:
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", path.read_text(), re.M)}


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_path_a_document_names_exists(doc):
    names = repository_names()
    assert [s for s in code_spans(doc) if is_repository_path(s) and not exists(s, names)] == []


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_module_a_document_names_exists(doc):
    dotted = [s for s in code_spans(doc)
              if re.fullmatch(rf"(?:{'|'.join(PACKAGES)})(?:\.\w+)+(?:\(\))?", s)
              and not re.search(r"\.(com|org|net)$", s)]  # erp.example.com is a host name
    assert [problem for s in dotted if (problem := resolve_module(s))] == []


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_link_between_documents_resolves(doc):
    broken = []
    for target in LINK.findall(doc.read_text()):
        if re.match(r"\w+://|mailto:", target):
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_no_absolute_path_of_a_machine(doc):
    assert [line for line in doc.read_text().splitlines() if MACHINE_PATH.search(line)] == []


def test_the_checks_catch_what_they_are_for(tmp_path):
    # Guards the tests above against passing vacuously.
    assert is_repository_path("erp/settings.py") and is_repository_path("erp/no_such_room/")
    assert not is_repository_path("/healthz") and not is_repository_path("Europe/Berlin")
    names = repository_names()
    assert exists("erp/settings.py", names) and exists("services.py", names) and exists("admin_toolkit/", names)
    assert not exists("erp/no_such_room/", names) and not exists("no_such_file.py", names)
    assert resolve_module("erp.config.env") is None
    assert resolve_module("erp.config.no_such_reader") and resolve_module("erp.no_such_module.thing")
    assert resolve_module("erp.0002_first_admin_user") is None and resolve_module("erp.0999_nothing")
    assert slug("Admin, migrations, adoption") == "admin-migrations-adoption"
    assert slug("`migrate` in production") == "migrate-in-production"
    assert MACHINE_PATH.search("see /" + "srv/shared/legacy") and MACHINE_PATH.search("/" + "mnt/me/erp")
    assert not MACHINE_PATH.search("open http://127.0.0.1:8000/admin/ or /usr/bin/chromium")
    assert sum(len(code_spans(d)) for d in DOCS) > 100


def test_the_schema_check_page_lists_every_difference_kind_with_its_class():
    from erp.schema.diff import KINDS

    table = re.findall(r"^\| (\w+) \| `(\w+)` \|", (ROOT / "docs" / "schema-check.md").read_text(), re.M)
    assert {kind: cls for cls, kind in table} == {kind: cls for kind, (cls, _) in KINDS.items()}


def test_readme_stays_short():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 160, "move the detail into docs/"
