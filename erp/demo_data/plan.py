"""What the demo data holds: the vocabulary rows are made of, and how many rows each table gets for a scale N."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

FIRST_NAMES = (
    "Aarav Vivaan Aditya Arjun Sai Reyansh Krishna Ishaan Rohan Rahul Amit Sunil Vikram Manoj Suresh Ravi "
    "Priya Ananya Diya Kavya Meera Pooja Sneha Neha Anjali Lakshmi Sunita Rekha Divya Swati Nisha Asha"
).split()
LAST_NAMES = (
    "Sharma Verma Patel Singh Kumar Reddy Nair Iyer Gupta Joshi Mehta Shah Rao Das Yadav Mishra Pillai "
    "Chauhan Thakur Desai Kulkarni Menon Bhat Pandey Saxena Agarwal Naidu Gill Sethi Bose"
).split()
DEPARTMENTS = {
    "Production": ["Machine Operator", "Welder", "Fitter", "Line Supervisor"],
    "Assembly": ["Assembler", "Quality Inspector", "Shift Lead"],
    "Sales": ["Sales Executive", "Showroom Manager", "Key Account Manager"],
    "Stores": ["Storekeeper", "Inventory Clerk"],
    "Dispatch": ["Dispatch Clerk", "Driver", "Loader"],
    "Accounts": ["Accountant", "Cashier"],
    "HR": ["HR Executive", "Recruiter"],
    "Security": ["Security Guard", "Gate Supervisor"],
}
PRODUCTS = [
    ("Power Tiller PT-12", "tiller", 98000, 124500),
    ("Rotavator RX-7", "rotavator", 71500, 89900),
    ("Seed Drill SD-9", "seed_drill", 54000, 67250),
    ("Mini Tractor MT-25", "tractor", 392000, 465000),
    ("Harvester H-40", "harvester", 1180000, 1395000),
    ("Boom Sprayer BS-400", "sprayer", 38500, 47900),
    ("Rotavator blade set", "spare_part", 6200, 8450),
    ("Tiller gearbox assembly", "spare_part", 14800, 19900),
    ("Disc Harrow DH-16", "harrow", 61000, 76800),
    ("Cultivator C-9", "cultivator", 32000, 41500),
]
CITIES = "Pune Nashik Indore Ludhiana Karnal Hubli Guntur Rajkot Agra Nagpur Raipur Hisar".split()
SUPPLIERS = "Bharat Forgings|Shakti Castings|Sai Steel Traders|Kisan Hydraulics|Om Bearings|Delta Paints".split("|")
COMPANIES = "Agro Corp|Green Fields Ltd|Kisan Seva Kendra|State Bank|District Office|Tata Motors".split("|")


@dataclass
class Plan:
    """How many rows each table gets for a scale N, over which working days."""

    scale: int
    until: date
    employees: int = 0
    working_days: list[date] = field(default_factory=list)
    gate_users: int = 0
    products: int = 0
    customers: int = 0
    orders: int = 0
    vehicles: int = 0
    visitors: int = 0
    purchase_orders: int = 0

    @classmethod
    def for_scale(cls, scale: int, until: date) -> Plan:
        plan = cls(scale=scale, until=until)
        plan.employees = max(8, scale // 250)
        days = max(1, math.ceil(scale / plan.employees))
        plan.working_days = working_days_until(until, days)
        plan.gate_users = max(5, scale // 500)
        plan.products = max(10, scale // 100)
        plan.customers = max(10, scale // 200)
        plan.orders = max(4, scale // 3)
        plan.vehicles = max(3, scale // 20_000)
        plan.visitors = max(5, scale // 50)
        plan.purchase_orders = max(5, scale // 100)
        return plan

    def months(self) -> list[date]:
        first = self.working_days[0].replace(day=1)
        out = []
        while first <= self.until:
            out.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return out


def working_days_until(until: date, count: int) -> list[date]:
    """The last `count` working days (Monday to Saturday, as the factories work) up to `until`."""
    days = []
    day = until
    while len(days) < count:
        if day.weekday() != 6:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]

