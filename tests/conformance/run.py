"""Conformance leg: Django's own `migrations` and `migrate_signals` tests, run with our `migrate` in place
of Django's, compared test by test with the same tests run with Django's stock command.

    .venv/bin/python tests/conformance/run.py [--database-url URL] [--django VERSION] [--parallel N]

- The tests come from the sdist of the installed Django's version (requirements.txt's pin in the
  project's virtualenv, the newest release in `make test-django-next`'s), downloaded once with
  `pip download` into var/django-tests/ and unpacked there; --django names it (it must be installed).
- Both runs go through Django's own runner (tests/runtests.py of the sdist) in a child process each,
  with the shim app tests/conformance/shim installed first: it brings in the project's apps and
  provides `migrate`, the ERP's or Django's (ERP_CONFORMANCE_COMMAND).
- The database is SQLite (in memory, as Django's suite uses it) or the MariaDB server of --database-url
  (the runner creates `test_<name>` and `test_<name>_other` there and drops them).
- Exit 0 only when every test has the same outcome in both runs, except those listed with their reason
  in tests/conformance/known_differences.txt; a listed test that no longer differs fails the leg too,
  so the list stays true.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tarfile
import time
import types
import unittest
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CACHE = ROOT / "var" / "django-tests"
KNOWN = HERE / "known_differences.txt"
LABELS = ["migrations", "migrate_signals"]
SHIM = "tests.conformance.shim"


def project_apps() -> list[str]:
    """The project's apps as erp/settings.py installs them, after the shim (its `migrate` is the one used);
    Django's contrib apps are the runner's own."""
    os.environ["ERP_IGNORE_DOTENV"] = "1"
    os.environ.setdefault("SECRET_KEY", "conformance-" + "x" * 50)
    from erp import settings

    return [SHIM, *(app for app in settings.INSTALLED_APPS if not app.startswith("django.contrib."))]


def pinned_django() -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        found = re.match(r"\s*django==([\w.]+)", line, re.IGNORECASE)
        if found:
            return found.group(1)
    raise SystemExit("requirements.txt pins no Django version")


def django_tests_dir(version: str) -> Path:
    """The sdist's tests/ directory, downloaded and unpacked on first use."""
    target = CACHE / f"django-{version}"
    tests = target / "tests"
    if (tests / "runtests.py").exists():
        return tests
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = CACHE / f"django-{version}.tar.gz"
    if not archive.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
             f"django=={version}", "-d", str(CACHE)],
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(CACHE, filter="data")
    if not (tests / "runtests.py").exists():
        raise SystemExit(f"{archive} has no tests/runtests.py")
    return tests


def known_differences(vendor: str, version: str) -> dict[str, str]:
    """Test id -> reason, for this database vendor and Django version: a line may be limited by a leading
    `[...]` of comma-separated qualifiers, each a vendor (`sqlite`, `mysql`) or a Django version prefix
    (`django 6.1`); the line applies when it names this vendor (or none) and this version (or none)."""
    known = {}
    for raw in KNOWN.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        test, _, reason = line.partition(" ")
        reason = reason.strip()
        only = re.match(r"\[([^\]]+)\]\s*(.*)", reason)
        if only:
            tokens = [t.strip() for t in only.group(1).split(",")]
            vendors = [t for t in tokens if not t.startswith("django ")]
            versions = [t.removeprefix("django ").strip() for t in tokens if t.startswith("django ")]
            if (vendors and vendor not in vendors) or (versions and not any(
                    version == v or version.startswith(v + ".") for v in versions)):
                continue
            reason = only.group(2)
        if not reason:
            raise SystemExit(f"{KNOWN.name}: {test} is listed without a reason")
        known[test] = reason
    return known


# ---- the child: one run of Django's runner with one of the two commands ----

OUTCOMES: dict[str, str] = {}


class RecordingResult(unittest.TextTestResult):
    """Django's text result, also keeping each test's outcome (the parallel runner replays them here)."""

    def _note(self, test, outcome):
        test_id = test.id()
        if OUTCOMES.get(test_id) not in ("fail", "error"):
            OUTCOMES[test_id] = outcome

    def addSuccess(self, test):
        super().addSuccess(test)
        self._note(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._note(test, "fail")

    def addError(self, test, err):
        super().addError(test, err)
        self._note(test, "error")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._note(test, "skip")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._note(test, "expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._note(test, "unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            OUTCOMES[test.id()] = "fail" if failed else "error"


def child(tests_dir: Path, out: Path, runner_args: list[str]) -> int:
    """Run runtests.py in this process with the shim installed; write {test id: outcome} to `out`."""
    # The project first: Django's suite has a test app named `dispatch` too (not one of the labels run here).
    sys.path[:0] = [str(ROOT), str(tests_dir)]
    source = (tests_dir / "runtests.py").read_text()
    tree = ast.parse(source)
    main = [
        node for node in tree.body
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)
    ]
    if len(main) != 1:
        raise SystemExit("runtests.py: no single `if __name__ == '__main__'` block")
    tree.body.remove(main[0])
    module = types.ModuleType("runtests")
    module.__file__ = str(tests_dir / "runtests.py")
    sys.modules["runtests"] = module
    exec(compile(tree, module.__file__, "exec"), module.__dict__)
    # Installed with Django's own apps, before the test labels' apps.
    module.ALWAYS_INSTALLED_APPS.extend(project_apps())

    from django.test.runner import DiscoverRunner

    DiscoverRunner.get_resultclass = lambda self: RecordingResult
    sys.argv = [module.__file__, "--settings=tests.conformance.settings", "--noinput", *runner_args]
    body = ast.Module(body=main[0].body, type_ignores=[])
    code = 0
    try:
        exec(compile(body, module.__file__, "exec"), module.__dict__)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        out.write_text(json.dumps(OUTCOMES, indent=0, sort_keys=True))
    return code


# ---- the parent: both runs, then the comparison ----

def run_one(command: str, args, tests_dir: Path, out: Path) -> tuple[dict[str, str], float]:
    env = dict(os.environ, ERP_CONFORMANCE_COMMAND=command, ERP_CONFORMANCE_DATABASE_URL=args.database_url,
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = out.with_suffix(".log")
    started = time.monotonic()
    with open(log, "w") as handle:
        subprocess.run(
            [sys.executable, __file__, "--child", str(out), "--tests-dir", str(tests_dir), "--",
             f"--parallel={args.parallel}", *args.labels],
            env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
        )
    elapsed = time.monotonic() - started
    if not out.exists():
        raise SystemExit(f"The {command} run wrote no results; see {log.relative_to(ROOT)}")
    return json.loads(out.read_text()), elapsed


def summary(outcomes: dict[str, str]) -> str:
    counts = Counter(outcomes.values())
    return f"{len(outcomes)} tests: " + ", ".join(f"{counts[k]} {k}" for k in sorted(counts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite://:memory:",
                        help="sqlite://:memory: (default) or mysql://user@host:port/name")
    parser.add_argument("--django", default=None, help="Django version of the tests (default: the installed one)")
    parser.add_argument("--parallel", default="2", help="Django runner's --parallel (default 2)")
    parser.add_argument("--labels", nargs="*", default=LABELS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tests-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.tests_dir, args.child, args.rest)

    import django

    version = args.django or django.get_version()
    if version != pinned_django():
        print(f"Django {version} is installed; requirements.txt pins {pinned_django()}.")
    if django.get_version() != version:
        raise SystemExit(f"The installed Django is {django.get_version()}; the tests asked for are {version}.")
    tests_dir = django_tests_dir(version)
    vendor = "sqlite" if args.database_url.startswith("sqlite") else "mysql"
    results = CACHE / f"results-{version}-{vendor}"
    results.mkdir(parents=True, exist_ok=True)
    stock, stock_time = run_one("django", args, tests_dir, results / "django.json")
    ours, ours_time = run_one("erp", args, tests_dir, results / "erp.json")
    print(f"Django {version} tests {' '.join(args.labels)} on {vendor}:")
    print(f"  Django's migrate: {summary(stock)} ({stock_time:.0f} s)")
    print(f"  our migrate:      {summary(ours)} ({ours_time:.0f} s)")
    if not stock:
        print("  No test ran with Django's command: see the log in", results.relative_to(ROOT))
        return 1
    known = known_differences(vendor, version)
    differ = {t: (stock.get(t, "missing"), ours.get(t, "missing"))
              for t in sorted(set(stock) | set(ours)) if stock.get(t) != ours.get(t)}
    unexplained = {t: o for t, o in differ.items() if t not in known}
    stale = [t for t in known if t not in differ]
    for test, (theirs, mine) in differ.items():
        mark = "listed" if test in known else "DIFFERENT"
        print(f"  {mark}: {test}: Django's {theirs}, ours {mine}" + (f" ({known[test]})" if test in known else ""))
    for test in stale:
        print(f"  STALE: {test} is listed in {KNOWN.name} but has the same outcome with both commands")
    if unexplained or stale:
        print(f"  Logs: {results.relative_to(ROOT)}/django.log, erp.log")
        return 1
    print(f"  Same outcome for every test ({len(differ)} listed difference(s)).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
