"""Dates and times written as pet parents read them: ``1 June 2026``, ``07:00``.

The month names come from a table, not ``strftime``'s ``%B``, so that the process locale of an
embedding application cannot change what a message says.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date) -> str:
    """Day first, month in words: ``1 June 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def clock(moment: time) -> str:
    """A wall-clock time on the 24-hour clock: ``07:00``."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def date_runs(days: Iterable[date]) -> str:
    """Dates in order, consecutive ones as a range: ``1 June 2026 to 3 June 2026 and 9 June
    2026``."""
    runs: list[list[date]] = []
    for day in sorted(set(days)):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        long_date(run[0]) if len(run) == 1 else f"{long_date(run[0])} to {long_date(run[-1])}"
        for run in runs
    ]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
