"""Whether a reservation's history could have happened, and the days its places stay counted.

A reservation brought over from another system (``import_reservations``) arrives with its whole
history instead of living it step by step, so the rules the lifecycle use cases apply one step at
a time are checked here on the history as a whole:

- ``history_problems``: the history starts as petcare's own reservations start (requested, or
  booked confirmed by staff), every step is a legal transition (``TRANSITIONS``), the steps are
  in time order and none lies ahead of ``now``.
- ``held_days``: the days on which the reservation, as it ended up, still counts in its pool's
  ledger — exactly the days the lifecycle use cases would have left counted: every occupied day
  while it holds a place, the days up to its check-out once checked out (a pet leaving early
  frees the rest), the days before the no-show's day for a no-show, none once cancelled, denied,
  requested or waitlisted.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from petcare_core.domain.capacity import occupied_days
from petcare_core.domain.estimate import PricingUnit
from petcare_core.domain.reservation import (
    HOLDS_CAPACITY,
    ReservationStatus,
    StatusChange,
    can_become,
)

_S = ReservationStatus
#: How a reservation begins: a request, or a booking staff confirmed at once.
FIRST_STATUSES = frozenset({_S.REQUESTED, _S.CONFIRMED})


def history_problems(history: Sequence[StatusChange], *, now: datetime) -> list[str]:
    """Why ``history`` (oldest first, the current status last) could not have happened; empty
    when it could. Each problem is a sentence saying what is wrong and how to fix it."""
    if not history:
        return ["is empty; list at least the status the reservation was created with"]
    problems: list[str] = []
    if any(change.at.utcoffset() is None for change in history):
        return ["has a time without a timezone; give every status change's time with its offset"]
    first = history[0].status
    if first not in FIRST_STATUSES:
        problems.append(
            f"starts with {first}; a reservation starts requested or confirmed (booked by staff)"
        )
    for earlier, later in itertools.pairwise(history):
        if not can_become(earlier.status, later.status):
            problems.append(
                f"goes from {earlier.status} to {later.status}, which the status machine does "
                "not allow (docs/domain-rules.md, 'Reservation lifecycle')"
            )
        if later.at < earlier.at:
            problems.append(
                f"is out of order: {later.status} at {later.at.isoformat()} comes before "
                f"{earlier.status} at {earlier.at.isoformat()}; list the changes oldest first"
            )
    ahead = [change for change in history if change.at > now]
    if ahead:
        problems.append(
            f"has {ahead[0].status} at {ahead[0].at.isoformat()}, which has not happened yet; "
            "import only what has happened"
        )
    return problems


def days_left_after(
    unit: PricingUnit, start: datetime, end: datetime, cut: datetime, zone: tzinfo
) -> tuple[date, ...]:
    """The occupied days of a stay from ``start`` to ``end`` that it no longer occupies once
    cut short at ``cut``: none when ``cut`` is at or after the end, all when at or before the
    start."""
    held = occupied_days(unit, start, end, zone)
    if cut >= end:
        return ()
    if cut <= start:
        return held
    kept = set(occupied_days(unit, start, cut, zone))
    return tuple(day for day in held if day not in kept)


def held_days(
    unit: PricingUnit,
    start: datetime,
    end: datetime,
    history: Sequence[StatusChange],
    zone: tzinfo,
) -> tuple[date, ...]:
    """The local days on which a reservation with ``history`` counts in its pool's ledger (see
    the module's docstring); ``history`` must be one ``history_problems`` accepts."""
    status = history[-1].status
    if status in HOLDS_CAPACITY:
        return occupied_days(unit, start, end, zone)
    if status is _S.CHECKED_OUT:
        freed = set(days_left_after(unit, start, end, history[-1].at, zone))
        return tuple(day for day in occupied_days(unit, start, end, zone) if day not in freed)
    if status is _S.NO_SHOW:
        marked = history[-1].at.astimezone(zone).date()
        return tuple(day for day in occupied_days(unit, start, end, zone) if day < marked)
    return ()
