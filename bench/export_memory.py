"""Peak memory of a changelist CSV export on MySQL/MariaDB: QuerySet.iterator() vs keys first, then chunks.

    DATABASE_URL=mysql://root@127.0.0.1:3306/erp_bench_export python bench/export_memory.py --rows 200000

Creates (and drops afterwards) the named database, fills it with purchase orders, then exports all of
them through the admin's export view in two fresh processes, one per way of reading, and prints each
process's peak resident memory growth during the export (Linux: /proc/self/status), side by side, with their ratio.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def setup_django():
    import django

    django.setup()


def fill(rows: int) -> None:
    from django.core.management import call_command

    from purchasing.models import PurchaseOrder

    call_command("migrate", verbosity=0)
    filler = "steel sheet, 2mm, cut to size; " * 12
    batch = 5000
    for start in range(0, rows, batch):
        PurchaseOrder.objects.bulk_create(
            PurchaseOrder(po_number=f"PO-B-{i:07d}", supplier_name=f"Supplier {i % 97}", requirements=filler,
                          requested_by="bench")
            for i in range(start, min(rows, start + batch))
        )


def _status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{key} not in /proc/self/status (Linux only)")


def measure(mode: str) -> None:
    """In a fresh process: export every purchase order as CSV and print peak RSS growth (KiB) and bytes."""
    setup_django()
    from django.contrib import admin
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    from erp.admin_toolkit.export import ExportAdminMixin
    from purchasing.models import PurchaseOrder

    if mode == "iterator":
        ExportAdminMixin._objects = lambda self, qs: qs.iterator(chunk_size=self.export_chunk_size)
    user = User(username="bench", is_staff=True, is_superuser=True, is_active=True)
    request = RequestFactory().get("/admin/purchasing/purchaseorder/export/csv/")
    request.user = user
    model_admin = admin.site._registry[PurchaseOrder]
    Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to the current size
    before = _status_kib("VmRSS")
    started = time.perf_counter()
    response = model_admin.export_view(request, "csv")
    size = sum(len(part) for part in response.streaming_content)
    elapsed = time.perf_counter() - started
    print(_status_kib("VmHWM") - before, size, f"{elapsed:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--measure", choices=["iterator", "keys-first"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return 0

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("mysql://"):
        print("Set DATABASE_URL=mysql://user@host:port/erp_bench_export (a database this script may create "
              "and drop).", file=sys.stderr)
        return 2
    import MySQLdb

    u = urlparse(url)
    name = u.path.lstrip("/")
    server = MySQLdb.connect(host=u.hostname or "127.0.0.1", port=u.port or 3306, user=u.username or "root",
                             password=u.password or "", autocommit=True)
    server.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        setup_django()
        fill(args.rows)
        results = {}
        for mode in ("iterator", "keys-first"):
            out = subprocess.run([sys.executable, __file__, "--measure", mode], capture_output=True, text=True,
                                 check=True, env=os.environ).stdout.split()
            results[mode] = (int(out[0]), int(out[1]), out[2])
        print(f"CSV export of {args.rows} purchase orders on MySQL/MariaDB:")
        for mode, (kib, size, seconds) in results.items():
            print(f"  {mode:<10}  peak memory +{kib / 1024:7.1f} MiB   {size / 2**20:7.1f} MiB of CSV   {seconds} s")
        ratio = results["iterator"][0] / max(results["keys-first"][0], 1024)
        print(f"  iterator / keys-first peak memory growth: {ratio:.1f}x (keys-first counted as at least 1 MiB)")
    finally:
        server.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
