"""The booking state machine's model (tests/stateful/test_booking_machine.py): the facility it
opens, the stays it draws, what it expects of each reservation and the helpers that compare
outcomes with it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st
from returns.result import Failure, Result

from petcare_core.domain.capacity import occupied_days
from petcare_core.domain.estimate import Estimate, PricingUnit
from petcare_core.domain.ids import (
    AnimalId,
    OwnerId,
    PortalAccountId,
    ReservationId,
)
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation import (
    HOLDS_CAPACITY,
    Reservation,
    ReservationStatus,
)
from petcare_core.domain.staff import Permission
from petcare_core.services import (
    OverrideKey,
)

S = ReservationStatus
ZONE = ZoneInfo("America/New_York")
CURRENCY = "EUR"
#: 10:00 in New York on Saturday 15 June 2024; the window of stays is the two weeks from Monday.
T0 = datetime(2024, 6, 15, 14, 0, tzinfo=UTC)
FIRST_DAY = date(2024, 6, 17)
WINDOW_DAYS = 14
#: Every day a stay of the window can count on (a 3-night stay from the last day ends later).
LEDGER_DAYS = tuple(FIRST_DAY + timedelta(days=n) for n in range(-3, WINDOW_DAYS + 6))
PASSWORD = "correct horse battery staple"

BOARDING = "boarding"
DAYCARE = "daycare"
KINDS = (BOARDING, DAYCARE)
UNITS = {BOARDING: PricingUnit.NIGHT, DAYCARE: PricingUnit.DAY}
CAPACITY = {BOARDING: 2, DAYCARE: 3}
#: Drop-off and pick-up times (inside the default 07:00-19:00 hours).
TIMES = {BOARDING: (time(15), time(10)), DAYCARE: (time(8), time(17))}
DEPOSIT_RATE = Decimal("0.25")
MULTI_PET_DISCOUNT = Decimal("0.1")

#: Vaccine expiry dates: inside the window (stays ending later fail), after it, already past.
EXPIRIES = (FIRST_DAY + timedelta(days=4), FIRST_DAY + timedelta(days=9), date(2025, 6, 1))
LATE_EXPIRY = FIRST_DAY - timedelta(days=3)

DESK = "desk"
SUPERVISOR = "supervisor"
ADMIN = "admin"
STAFF = (DESK, SUPERVISOR, ADMIN)
BASE_PERMISSIONS = frozenset(
    {
        Permission.RESERVATIONS_READ,
        Permission.RESERVATIONS_MANAGE,
        Permission.RESERVATIONS_APPROVE,
    }
)
PERMISSIONS = {
    DESK: BASE_PERMISSIONS,
    SUPERVISOR: BASE_PERMISSIONS
    | {Permission.OVERRIDE_CAPACITY, Permission.OVERRIDE_IMMUNIZATIONS},
    ADMIN: frozenset(Permission),
}

#: A reason as an override names it: its code and its pet (None: about the whole booking).
Key = tuple[str, AnimalId | None]
CAPACITY_FULL: Key = ("capacity_full", None)
OVERRIDE_PERMISSION = {
    "missing": Permission.OVERRIDE_IMMUNIZATIONS,
    "expires_during_stay": Permission.OVERRIDE_IMMUNIZATIONS,
    "evaluation_missing": Permission.OVERRIDE_EVALUATIONS,
    "evaluation_failed": Permission.OVERRIDE_EVALUATIONS,
    "agreement_unsigned": Permission.OVERRIDE_AGREEMENTS,
    "starts_in_the_past": Permission.OVERRIDE_BOOKING_RULES,
    "capacity_full": Permission.OVERRIDE_CAPACITY,
    # Nobody waives a pet booked twice at once ("pet_already_booked"): not in this table.
}


#: How often each kind of step happened in this process (printed after a run, to show what the
#: examples reached).
TALLY: Counter[str] = Counter()


def tally(what: str) -> None:
    TALLY[what] += 1


def key_order(key: Key) -> tuple[str, int]:
    return key[0], key[1] or 0


def as_overrides(chosen: dict[Key, str]) -> dict[OverrideKey, str]:
    """Override requests as the services take them."""
    return {(code, animal): note for (code, animal), note in chosen.items()}


def may_waive(staff: str, key: Key) -> bool:
    """True when ``staff`` holds the permission that waives ``key``'s reason."""
    return OVERRIDE_PERMISSION.get(key[0]) in PERMISSIONS[staff]


def codes_of(keys: Iterable[Key]) -> set[str]:
    return {code for code, _ in keys}


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZONE).date()


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class MachineClock:
    """The machine's clock: it stands still between steps and only ever moves forward."""

    def __init__(self) -> None:
        self.current = T0

    def now(self) -> datetime:
        return self.current

    def move_to(self, moment: datetime) -> None:
        self.current = max(self.current, moment)

    def advance(self, hours: int) -> None:
        self.current += timedelta(hours=hours)


@attrs.frozen
class Stay:
    """Where a booking falls: its type and its start and end."""

    kind: str
    start: datetime
    end: datetime

    @classmethod
    def of(cls, kind: str, offset: int, length: int) -> Stay:
        first = FIRST_DAY + timedelta(days=offset)
        drop_off, pick_up = TIMES[kind]
        last = first + timedelta(days=length if kind == BOARDING else min(length, 2) - 1)
        return cls(
            kind,
            datetime.combine(first, drop_off, tzinfo=ZONE),
            datetime.combine(last, pick_up, tzinfo=ZONE),
        )

    @property
    def days(self) -> frozenset[date]:
        """The local days the stay holds a place on (the ones the estimate charges)."""
        return frozenset(occupied_days(UNITS[self.kind], self.start, self.end, ZONE))


@attrs.frozen
class StayChoice:
    """A drawn stay: ``offset`` days into the window, or (``soon``) after tomorrow, kept
    inside the window; ``length`` nights, or days (at most two) of daycare."""

    kind: str
    offset: int
    length: int
    soon: bool

    def at(self, today: date) -> Stay:
        base = (today + timedelta(days=1) - FIRST_DAY).days if self.soon else 0
        return Stay.of(self.kind, min(max(base + self.offset, 0), WINDOW_DAYS - 1), self.length)


#: Most stays start in the three days after tomorrow, so that pools fill and waitlists form
#: however far the clock has moved.
stays = st.one_of(
    st.builds(
        StayChoice, st.sampled_from(KINDS), st.integers(0, 2), st.integers(1, 3), st.just(True)
    ),
    st.builds(
        StayChoice,
        st.sampled_from(KINDS),
        st.integers(0, WINDOW_DAYS - 1),
        st.integers(1, 3),
        st.just(False),
    ),
)
#: Which of a household's two dogs go: the first, the second or both.
pet_choices = st.sampled_from(((0,), (1,), (0, 1)))


@attrs.define
class Expected:
    """The model's view of one reservation."""

    id: ReservationId
    household: int
    stay: Stay
    pets: tuple[AnimalId, ...]
    status: ReservationStatus
    asked_at: datetime
    waitlisted_at: datetime | None = None
    overrides: set[Key] = attrs.field(factory=set)
    #: The days the stored ledger counts this reservation on.
    counted: frozenset[date] = frozenset()
    estimate: Estimate | None = None

    @property
    def demand(self) -> int:
        return 1 if self.stay.kind == BOARDING else len(self.pets)


@attrs.define
class Household:
    owner_id: OwnerId
    account_id: PortalAccountId
    pets: tuple[AnimalId, ...]
    signed_version: int | None = None


def counted_days(reservation: Reservation, unit: PricingUnit) -> frozenset[date]:
    """The days the ledger should count ``reservation`` on, read from the stored reservation
    alone: every day of its stay while it holds a place; for a stay checked out, the days it
    still occupied when it ended; for a no-show, the days before the local day it was marked."""
    days = frozenset(occupied_days(unit, reservation.start, reservation.end, ZONE))
    ended_at = reservation.history[-1].at
    if reservation.status in HOLDS_CAPACITY:
        return days
    if reservation.status is S.CHECKED_OUT:
        if ended_at >= reservation.end:
            return days
        if ended_at <= reservation.start:
            return frozenset()
        return days & frozenset(occupied_days(unit, reservation.start, ended_at, ZONE))
    if reservation.status is S.NO_SHOW:
        return frozenset(day for day in days if day < local_day(ended_at))
    return frozenset()


def rejection_codes(result: Result[Any, Rejection]) -> set[str]:
    assert isinstance(result, Failure), f"expected a rejection, got {result}"
    return {reason.code for reason in result.failure().reasons}
