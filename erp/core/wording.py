"""How records, dates and times are written in what people read: messages, record names, exports.

Dates read "2 Mar 2026", moments "2 Mar 2026, 09:15" in the site's time zone (TIME_ZONE), never an ISO
timestamp with microseconds and an offset.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def day(value: dt.date | None) -> str:
    if value is None:
        return "no date"
    if not isinstance(value, dt.date):  # a value not yet cleaned (a form's text): as given
        return str(value)
    return f"{value.day} {value:%b %Y}"


def moment(value: dt.datetime | None) -> str:
    if value is None:
        return "an unknown time"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{day(value.date())}, {value:%H:%M}"


def day_of(value: dt.datetime | None) -> str | None:
    """The site's date of a moment ("2 Mar 2026"), for naming a record by its day; None without one."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return day(value.date())


def named(*parts: str | None) -> str:
    """A record's name from its parts, leaving out the missing ones: "Gate pass for Ravi, MH12AB1234"."""
    return ", ".join(part for part in parts if part)


def names_itself(obj) -> bool:
    """Whether a record's name already says what kind of record it is ("Interview of Asha Rao, 2 Mar 2026",
    "Casual leave of ...", "Dispatch of SO-1 to ..."): then it is not put after its kind again."""
    kind = str(obj._meta.verbose_name).lower().split()
    return any(word in kind for word in str(obj).lower().split()[:2])


def record_name(obj) -> str:
    """A record in a sentence's subject: its name alone where it says its kind, else "Kind “name”"."""
    if names_itself(obj):
        return str(obj)
    noun = str(obj._meta.verbose_name)
    return f"{noun[:1].upper()}{noun[1:]} “{obj}”"


def lower_first(text: str) -> str:
    """A name inside a sentence: "No gate pass can be issued for dispatch of SO-1 to Ravi"."""
    return text[:1].lower() + text[1:]


def clock(value: dt.time | None) -> str:
    return "--:--" if value is None else f"{value:%H:%M}"


def period(start: dt.date | None, end: dt.date | None) -> str:
    """"1–31 Mar 2026", "28 Feb – 3 Mar 2026", "30 Dec 2025 – 2 Jan 2026"."""
    if start is None or end is None or start == end:
        return day(start or end)
    if not (isinstance(start, dt.date) and isinstance(end, dt.date)):
        return f"{day(start)} – {day(end)}"
    if start.year != end.year:
        return f"{day(start)} – {day(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%b} – {day(end)}"
    return f"{start.day}–{day(end)}"
