"""What each module's demo rows are: generators of plain tuples, reproducible from a seed.

Keys are assigned here, so foreign keys agree across tables without reading anything back; a table's
rows do not depend on the order tables are generated in (one random stream per table).
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps

from erp.demo_data.plan import CITIES, COMPANIES, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, PRODUCTS, SUPPLIERS, Plan


def date_text(value: date) -> str:
    return value.isoformat()


def datetime_text(value: datetime) -> str:
    return value.isoformat(" ", "seconds")


# Clock times and worked hours by minute of the day, formatted once.
_CLOCK = [f"{m // 60:02d}:{m % 60:02d}:00" for m in range(24 * 60)]
_HOURS = [f"{m / 60:.2f}" for m in range(24 * 60)]


def money_text(value: float) -> str:
    return f"{value:.2f}"


@dataclass(eq=False)
class DemoRows:
    """Every module's demo rows for one plan, keys starting at `start_ids` (1 where not given)."""

    plan: Plan
    seed: int
    start_ids: dict[str, int] = field(default_factory=dict)

    def rng(self, table: str) -> random.Random:
        # One stream per table: the rows of a table do not depend on the order tables are generated in.
        return random.Random(f"{self.seed}:{table}")

    def first_id(self, label: str) -> int:
        return self.start_ids.get(label, 1)

    def model(self, label: str):
        return apps.get_model(label)

    def planned_counts(self) -> dict[str, int]:
        p = self.plan
        days = len(p.working_days)
        dispatches = int(p.orders * 0.6)
        return {
            "hr.Employee": p.employees, "hr.Attendance": p.employees * days, "hr.Leave": p.employees * 2,
            "hr.Payroll": p.employees * len(p.months()), "showroom.ShowroomProduct": p.products,
            "sales.Customer": p.customers, "sales.SalesOrder": p.orders, "sales.SalesTransaction": p.scale,
            "dispatch.DispatchRequest": dispatches, "dispatch.GatePass": dispatches // 2,
            "fleet.Vehicle": p.vehicles, "fleet.TransportJob": dispatches - dispatches // 2,
            "gate.GateUser": p.gate_users, "gate.GateEntryLog": p.scale, "guestlist.GuestVisit": p.visitors,
            "purchasing.PurchaseOrder": p.purchase_orders,
        }

    def planned_rows(self) -> int:
        return sum(self.planned_counts().values())

    def tables(self) -> list[tuple[str, list[str], Callable[[], Iterator[tuple]]]]:
        """(model label, fields of each tuple, generator), in the order they are loaded."""
        return [
            ("hr.Employee", ["id", "employee_id", "first_name", "last_name", "email", "phone", "department",
                             "designation", "joining_date", "salary_type", "salary", "status", "manager",
                             "created_at", "updated_at"], self.employees),
            # Gate logs early: their index build (the longest) then overlaps the loads that follow.
            ("gate.GateUser", ["id", "name", "phone", "status", "registered_at", "last_entry", "last_exit",
                               "created_at", "updated_at"], self.gate_users),
            ("gate.GateEntryLog", ["user", "user_name", "user_phone", "action", "method", "status", "entry_time",
                                   "exit_time", "override_cooling", "timestamp", "created_at"], self.gate_logs),
            ("hr.Attendance", ["employee", "name", "date", "check_in_time", "check_out_time", "status",
                               "hours_worked", "created_at", "updated_at"], self.attendance),
            ("hr.Leave", ["employee", "name", "leave_type", "start_date", "end_date", "days_requested", "reason",
                          "status", "manager_approved_by", "manager_approved_at", "approved_at", "created_at",
                          "updated_at"],
             self.leaves),
            ("hr.Payroll", ["employee", "name", "pay_period_start", "pay_period_end", "salary_type",
                            "monthly_salary", "allowances", "deductions", "gross_salary", "net_salary",
                            "payment_date", "status", "created_at", "updated_at"], self.payroll),
            ("showroom.ShowroomProduct", ["id", "name", "category", "cost_price", "sale_price", "showroom_status",
                                          "sold_date", "quantity", "created_at"], self.products),
            ("sales.Customer", ["id", "name", "contact", "email", "address", "customer_type", "credit_limit",
                                "current_balance", "is_active", "created_at", "updated_at"], self.customers),
            ("sales.SalesOrder", ["id", "order_number", "customer_name", "customer_contact", "customer_email",
                                  "customer_address", "showroom_product", "quantity", "unit_price", "total_amount",
                                  "discount_amount", "final_amount", "payment_method", "payment_status",
                                  "order_status", "sales_person", "created_at", "updated_at", "finance_bypass",
                                  "payment_due_date", "origin", "destination"], self.orders),
            ("sales.SalesTransaction", ["sales_order", "transaction_type", "amount", "payment_method",
                                        "reference_number", "utr_number", "created_at"], self.transactions),
            ("dispatch.DispatchRequest", ["id", "showroom_product", "party_name", "party_contact", "party_address",
                                          "delivery_type", "status", "created_at", "sales_order", "quantity",
                                          "updated_at"], self.dispatches),
            ("dispatch.GatePass", ["dispatch_request", "party_name", "vehicle_no", "driver_name", "status",
                                   "issued_at", "verified_at"], self.gate_passes),
            ("fleet.Vehicle", ["id", "vehicle_number", "vehicle_type", "driver_name", "driver_employee", "status",
                               "created_at", "updated_at"], self.vehicles),
            ("fleet.TransportJob", ["dispatch_request", "transporter_name", "vehicle_no", "vehicle", "driver",
                                    "status", "created_at", "updated_at"], self.transport_jobs),
            ("guestlist.GuestVisit", ["guest_name", "guest_contact", "guest_company", "meeting_person",
                                      "meeting_person_department", "visit_date", "visit_time", "purpose",
                                      "in_time", "out_time", "status", "created_by", "created_at", "updated_at"],
             self.visitors),
            ("purchasing.PurchaseOrder", ["po_number", "supplier_name", "supplier_contact", "requirements",
                                          "total_amount", "status", "requested_by", "approved_by",
                                          "expected_delivery", "created_at", "updated_at", "payment_terms"],
             self.purchase_orders),
        ]

    # -- people
    @functools.lru_cache(maxsize=None)
    def _employee(self, n: int) -> tuple[str, str, str]:
        """(first, last, department) of the n-th employee of this run: derived, so other tables agree."""
        rng = random.Random(f"{self.seed}:employee:{n}")
        return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), rng.choice(list(DEPARTMENTS))

    def employee_ids(self) -> range:
        start = self.first_id("hr.Employee")
        return range(start, start + self.plan.employees)

    def employees(self) -> Iterator[tuple]:
        rng = self.rng("employees")
        ids = self.employee_ids()
        managers = ids[: max(1, len(ids) // 10)]
        start_day = self.plan.working_days[0]
        for pk in ids:
            first, last, dept = self._employee(pk)
            # The first is the managing director; managers report to them; everyone else to a manager.
            if pk == ids[0]:
                manager = None
            elif pk in managers:
                manager = ids[0]
            else:
                manager = managers[rng.randrange(len(managers))]
            monthly = rng.random() < 0.6
            salary = rng.randrange(18_000, 90_000) if monthly else rng.randrange(600, 1_500)
            joined = start_day - timedelta(days=rng.randrange(30, 3_000))
            stamp = datetime_text(datetime.combine(joined, datetime.min.time()) + timedelta(hours=10))
            status = "active" if rng.random() < 0.96 else rng.choice(["inactive", "on_leave"])
            yield (pk, f"E{pk:06d}", first, last, f"{first}.{last}.{pk}@example.com".lower(),
                   f"9{rng.randrange(10**8, 10**9)}", dept, rng.choice(DEPARTMENTS[dept]), date_text(joined),
                   "monthly" if monthly else "daily", money_text(salary), status, manager, stamp, stamp)

    def attendance(self) -> Iterator[tuple]:
        rng = self.rng("attendance")
        random_ = rng.random
        clock, hours = _CLOCK, _HOURS
        names = [(pk, "{} {}".format(*self._employee(pk)[:2])) for pk in self.employee_ids()]
        for day in self.plan.working_days:
            ds = date_text(day)
            stamp = f"{ds} 19:00:00"
            for pk, name in names:
                roll = random_()
                if roll < 0.05:
                    yield (pk, name, ds, None, None, "ABSENT", None, stamp, stamp)
                    continue
                in_min = 525 + int(random_() * 45)  # 08:45 to 09:30
                status = "PRESENT"
                if roll < 0.12:
                    status, in_min = "LATE", 570 + int(random_() * 60)
                out_min = 1020 + int(random_() * 90)  # 17:00 to 18:30
                if roll > 0.97:
                    status, out_min = "HALF_DAY", in_min + 240
                yield (pk, name, ds, clock[in_min], clock[out_min], status, hours[out_min - in_min], stamp, stamp)

    def leaves(self) -> Iterator[tuple]:
        rng = self.rng("leaves")
        ids = self.employee_ids()
        managers = ids[: max(1, len(ids) // 10)]
        days = self.plan.working_days
        for pk in ids:
            first, last, _ = self._employee(pk)
            for _ in range(2):
                start = days[rng.randrange(len(days))]
                length = rng.choice([1, 1, 1, 2, 3, 5])
                status = rng.choice(["APPROVED", "APPROVED", "APPROVED", "PENDING", "MANAGER_APPROVED", "REJECTED"])
                manager = managers[rng.randrange(len(managers))] if status != "PENDING" else None
                created = datetime.combine(start, datetime.min.time()) - timedelta(days=rng.randrange(2, 15))
                yield (pk, f"{first} {last}", rng.choice(["CASUAL", "SICK", "EARNED"]), date_text(start),
                       date_text(start + timedelta(days=length - 1)), f"{length:.1f}", "Personal work", status, manager,
                       datetime_text(created + timedelta(hours=20)) if manager else None,
                       # HR's decision, a day after the manager's (a decided leave keeps its time).
                       datetime_text(created + timedelta(hours=44)) if status in ("APPROVED", "REJECTED") else None,
                       datetime_text(created), datetime_text(created))

    def payroll(self) -> Iterator[tuple]:
        rng = self.rng("payroll")
        for pk in self.employee_ids():
            first, last, _ = self._employee(pk)
            monthly = 18_000 + rng.randrange(0, 72_000)
            for month in self.plan.months():
                end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                allowances = rng.randrange(0, 4_000)
                deductions = rng.randrange(0, 2_500)
                gross = monthly + allowances
                paid = end < self.plan.until
                stamp = datetime_text(datetime.combine(end, datetime.min.time()) + timedelta(hours=18))
                yield (pk, f"{first} {last}", date_text(month), date_text(end), "MONTHLY", money_text(monthly),
                       money_text(allowances), money_text(deductions), money_text(gross),
                       money_text(gross - deductions), date_text(end + timedelta(days=1)) if paid else None,
                       "paid" if paid else "pending", stamp, stamp)

    # -- showroom and sales
    def product_ids(self) -> range:
        start = self.first_id("showroom.ShowroomProduct")
        return range(start, start + self.plan.products)

    def products(self) -> Iterator[tuple]:
        rng = self.rng("products")
        days = self.plan.working_days
        for pk in self.product_ids():
            name, category, cost, sale = PRODUCTS[pk % len(PRODUCTS)]
            made = days[rng.randrange(len(days))]
            sold = rng.random() < 0.5
            stamp = datetime_text(datetime.combine(made, datetime.min.time()) + timedelta(hours=9))
            sold_at = datetime.combine(made, datetime.min.time()) + timedelta(days=3, hours=15)
            yield (pk, f"{name} #{pk}", category, money_text(cost), money_text(sale), "sold" if sold else "available",
                   datetime_text(sold_at) if sold else None, rng.randrange(1, 6), stamp)

    @functools.lru_cache(maxsize=None)
    def _customer(self, n: int) -> tuple[str, str, str]:
        rng = random.Random(f"{self.seed}:customer:{n}")
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        return name, f"9{rng.randrange(10**8, 10**9)}", rng.choice(CITIES)

    def customers(self) -> Iterator[tuple]:
        rng = self.rng("customers")
        start = self.first_id("sales.Customer")
        for pk in range(start, start + self.plan.customers):
            name, contact, city = self._customer(pk)
            stamp = datetime_text(datetime.combine(self.plan.working_days[0], datetime.min.time()))
            yield (pk, name, contact, f"customer{pk}@example.com", f"{rng.randrange(1, 300)} Main Road, {city}",
                   rng.choice(["retail", "retail", "dealer", "corporate"]),
                   money_text(rng.choice([0, 50_000, 200_000])), "0.00", 1, stamp, stamp)

    def order_ids(self) -> range:
        start = self.first_id("sales.SalesOrder")
        return range(start, start + self.plan.orders)

    @functools.cached_property
    def _order_facts(self) -> list[tuple[datetime, float, str, int, str]]:
        """(created, final amount, payment method, product, order status) of each order, in key order."""
        rng = self.rng("order_facts")
        days = self.plan.working_days
        products = self.product_ids()
        facts = []
        for n in range(self.plan.orders):
            # Orders spread evenly over the period, in key order, so newer keys are newer orders.
            day = days[min(n * len(days) // self.plan.orders, len(days) - 1)]
            created = datetime.combine(day, datetime.min.time()) + timedelta(minutes=600 + rng.randrange(480))
            product = products[rng.randrange(len(products))]
            sale = PRODUCTS[product % len(PRODUCTS)][3]
            final = sale - rng.choice((0, 0, 500, 1_000, 2_500))
            status = rng.choice(("delivered", "delivered", "dispatched", "confirmed", "pending", "cancelled"))
            method = rng.choice(("cash", "upi", "upi", "bank_transfer", "cheque", "card"))
            facts.append((created, float(final), method, product, status))
        return facts

    def _order(self, pk: int) -> tuple[datetime, float, str, int, str]:
        return self._order_facts[pk - self.order_ids().start]

    def orders(self) -> Iterator[tuple]:
        rng = self.rng("orders")
        sales_people = [f"{first} {last}" for first, last in zip(FIRST_NAMES[:8], LAST_NAMES[:8])]
        for pk in self.order_ids():
            created, final, method, product, status = self._order(pk)
            sale = PRODUCTS[product % len(PRODUCTS)][3]
            name, contact, city = self._customer(self.first_id("sales.Customer") + pk % self.plan.customers)
            if status in ("delivered", "dispatched"):
                paid = "paid"
            elif status in ("pending", "cancelled"):
                paid = "pending" if status == "pending" else "refunded"
            else:
                paid = "partial"
            stamp = datetime_text(created)
            yield (pk, f"SO-{pk:08d}", name, contact, None, city, product, 1, money_text(sale), money_text(sale),
                   money_text(sale - final), money_text(final), method, paid, status, rng.choice(sales_people), stamp,
                   stamp, 0, date_text(created.date() + timedelta(days=15)), "Factory yard", city)

    def transactions(self) -> Iterator[tuple]:
        """About three payments per order (N in all): deposit, instalment, balance; refunds for cancellations."""
        remaining = self.plan.scale
        orders = self.order_ids()
        for i, pk in enumerate(orders):
            share = remaining // (len(orders) - i)
            remaining -= share
            if share == 0:
                continue
            created, final, method, _, status = self._order(pk)
            parts = [round(final / share, 2)] * share
            parts[-1] = round(final - sum(parts[:-1]), 2)
            for n, amount in enumerate(parts):
                kind = "payment"
                if status == "cancelled" and n == share - 1 and share > 1:
                    kind, amount = "refund", -round(sum(parts[:-1]), 2)
                if amount == 0:
                    amount = 1.0
                stamp = datetime_text(created + timedelta(days=n * 3, minutes=n * 7))
                bank = method in ("upi", "bank_transfer")
                yield (pk, kind, money_text(amount), method, f"RCPT-{pk:08d}-{n + 1}",
                       f"UTR{pk:010d}{n + 1}" if bank else None, stamp)

    def dispatch_ids(self) -> range:
        start = self.first_id("dispatch.DispatchRequest")
        return range(start, start + int(self.plan.orders * 0.6))

    def dispatches(self) -> Iterator[tuple]:
        rng = self.rng("dispatches")
        orders = self.order_ids()
        for n, pk in enumerate(self.dispatch_ids()):
            order = orders[n * len(orders) // max(len(self.dispatch_ids()), 1)]
            created, _, _, product, status = self._order(order)
            name, contact, city = self._customer(self.first_id("sales.Customer") + order % self.plan.customers)
            transport = n % 2 == 0
            state = "completed" if status == "delivered" else rng.choice(["pending", "ready_for_pickup", "in_transit"])
            stamp = datetime_text(created + timedelta(days=1))
            yield (pk, product, name, contact, city, "transport" if transport else "self", state, stamp, order, 1,
                   stamp)

    def gate_passes(self) -> Iterator[tuple]:
        rng = self.rng("gate_passes")
        issued = datetime.combine(self.plan.until, datetime.min.time())
        for pk in self.dispatch_ids()[1::2]:
            yield (pk, "Customer pickup", f"MH{rng.randrange(10, 50)}AB{rng.randrange(1000, 9999)}",
                   f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", rng.choice(["verified", "released"]),
                   datetime_text(issued), datetime_text(issued + timedelta(minutes=20)))

    def vehicle_ids(self) -> range:
        start = self.first_id("fleet.Vehicle")
        return range(start, start + self.plan.vehicles)

    def vehicles(self) -> Iterator[tuple]:
        rng = self.rng("vehicles")
        drivers = list(self.employee_ids())
        for pk in self.vehicle_ids():
            driver = drivers[rng.randrange(len(drivers))]
            first, last, _ = self._employee(driver)
            stamp = datetime_text(datetime.combine(self.plan.working_days[0], datetime.min.time()))
            yield (pk, f"MH12-{pk:05d}", rng.choice(["truck", "van", "pickup", "tempo", "trailer"]), f"{first} {last}",
                   driver, rng.choice(["available", "available", "assigned", "maintenance"]), stamp, stamp)

    def transport_jobs(self) -> Iterator[tuple]:
        rng = self.rng("transport_jobs")
        vehicles = self.vehicle_ids()
        drivers = self.employee_ids()
        for pk in self.dispatch_ids()[0::2]:
            vehicle = vehicles[rng.randrange(len(vehicles))]
            stamp = datetime_text(datetime.combine(self.plan.until, datetime.min.time()))
            yield (pk, "Own fleet", f"MH12-{vehicle:05d}", vehicle, drivers[rng.randrange(len(drivers))],
                   rng.choice(["delivered", "delivered", "in_transit", "assigned"]), stamp, stamp)

    # -- gate, visitors, purchasing
    def gate_user_ids(self) -> range:
        start = self.first_id("gate.GateUser")
        return range(start, start + self.plan.gate_users)

    @functools.lru_cache(maxsize=None)
    def _gate_user(self, pk: int) -> tuple[str, str]:
        rng = random.Random(f"{self.seed}:gate_user:{pk}")
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", f"8{pk:09d}"

    def gate_users(self) -> Iterator[tuple]:
        start = datetime_text(datetime.combine(self.plan.working_days[0], datetime.min.time()))
        for pk in self.gate_user_ids():
            name, phone = self._gate_user(pk)
            yield (pk, name, phone, "active", start, None, None, start, start)

    def gate_logs(self) -> Iterator[tuple]:
        """N logs shared among gate users; each user's logs alternate entry, exit, entry, ... in time order."""
        rng = self.rng("gate_logs")
        random_ = rng.random
        users = self.gate_user_ids()
        period_start = datetime.combine(self.plan.working_days[0], datetime.min.time()) + timedelta(hours=7)
        period = (datetime.combine(self.plan.until, datetime.min.time()) + timedelta(hours=20)) - period_start
        remaining = self.plan.scale
        # Interleaved by visit slot rather than user by user, so keys follow time as a live gate would write them.
        per_user = [remaining // len(users) + (1 if i < remaining % len(users) else 0) for i in range(len(users))]
        visits = max(math.ceil(p / 2) for p in per_user)
        step = period / max(visits, 1)
        for slot in range(visits):
            base = period_start + step * slot
            for i, pk in enumerate(users):
                if 2 * slot >= per_user[i]:
                    continue
                name, phone = self._gate_user(pk)
                method = "face_recognition" if random_() < 0.7 else ("manual" if random_() < 0.9 else "override")
                entered = base + timedelta(seconds=int(random_() * step.total_seconds() * 0.3))
                es = datetime_text(entered)
                blocked = random_() < 0.01
                yield (pk, name, phone, "entry", method, "blocked" if blocked else "completed", es, None,
                       1 if method == "override" else 0, es, es)
                if 2 * slot + 1 < per_user[i]:
                    # Before the next entry.
                    left = entered + timedelta(seconds=int(step.total_seconds() * (0.05 + random_() * 0.6)))
                    xs = datetime_text(left)
                    yield (pk, name, phone, "exit", method, "completed", es, xs, 0, xs, xs)

    def visitors(self) -> Iterator[tuple]:
        rng = self.rng("visitors")
        days = self.plan.working_days
        for n in range(self.plan.visitors):
            day = days[n * len(days) // self.plan.visitors]
            arrive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=600 + rng.randrange(420))
            host, _ = rng.choice(FIRST_NAMES), None
            done = day < self.plan.until
            yield (f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", f"7{rng.randrange(10**8, 10**9)}",
                   rng.choice(COMPANIES), f"{host} {rng.choice(LAST_NAMES)}", rng.choice(list(DEPARTMENTS)),
                   date_text(day), arrive.strftime("%H:%M:%S"),
                   rng.choice(["Meeting", "Delivery", "Interview", "Audit"]),
                   datetime_text(arrive) if done else None,
                   datetime_text(arrive + timedelta(minutes=45)) if done else None,
                   "checked_out" if done else "scheduled", "reception", datetime_text(arrive), datetime_text(arrive))

    def purchase_orders(self) -> Iterator[tuple]:
        rng = self.rng("purchase_orders")
        days = self.plan.working_days
        start = self.first_id("purchasing.PurchaseOrder")
        for n in range(self.plan.purchase_orders):
            day = days[n * len(days) // self.plan.purchase_orders]
            status = rng.choice(["received", "received", "ordered", "approved", "pending", "cancelled"])
            stamp = datetime_text(datetime.combine(day, datetime.min.time()) + timedelta(hours=11))
            yield (f"PO-{start + n:08d}", rng.choice(SUPPLIERS), f"9{rng.randrange(10**8, 10**9)}",
                   "Steel sheet 2mm x 40; bearings 6204 x 200", money_text(rng.randrange(5_000, 900_000)), status,
                   "Stores", None if status == "pending" else "Accounts", date_text(day + timedelta(days=14)), stamp,
                   stamp, rng.choice(["full_payment", "advance_50", "net_30", "net_60"]))
