"""Gingr's scalar conventions: every value a string, ``null`` when absent.

Ids are decimal strings (``"382"``), flags ``"1"``/``"0"``, instants unix seconds
(``"1657368000"``), calendar dates the unix seconds of their midnight in the facility's time
zone (how Gingr stores birthdays and expiry dates), money ``"0.00"``.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from decimal import Decimal

Row = dict[str, str | None]


def flag(value: bool) -> str:
    """``"1"`` or ``"0"``."""
    return "1" if value else "0"


def optional_id(value: int | None) -> str | None:
    """An id as a string, ``None`` when there is none."""
    return None if value is None else str(value)


def unix(moment: datetime) -> str:
    """Unix seconds of an instant."""
    return str(int(moment.timestamp()))


def unix_day(day: date | None, zone: tzinfo) -> str | None:
    """Unix seconds of the start of ``day`` in ``zone``; ``None`` for no date."""
    if day is None:
        return None
    return str(int(datetime.combine(day, time(), tzinfo=zone).timestamp()))


def local_iso(moment: datetime, zone: tzinfo) -> str:
    """ISO 8601 in the facility's time zone, with its offset (``2025-11-17T13:00:00-07:00``)."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal without exponent (``"42.5"``); ``None`` when absent."""
    return None if value is None else format(value, "f")
