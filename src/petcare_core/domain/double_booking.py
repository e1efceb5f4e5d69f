"""A pet, or a groomer, in two places at once: the booking rule that refuses it.

A pet is on at most one stay at a time and at most one appointment at a time: two boarding
stays, or a boarding stay and a day of daycare, overlapping for the same dog cannot both happen;
a grooming appointment during a boarding stay can (the dog is groomed where it sleeps). A staff
member assigned to appointments (a groomer, a trainer) has one appointment at a time.

What counts is every reservation still going ahead or waiting for a place: requested, awaiting
the parent's confirmation, confirmed, checked in and waitlisted. A waitlisted request counts too:
when its place frees it becomes a stay, and a pet must not get two. Times overlap when one
starts before the other ends (a stay ending at 10:00 and one starting at 10:00 do not).
Nobody overrides this reason: staff choose other dates, or change the other reservation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo

import attrs

from petcare_core.domain.dates import clock, long_date
from petcare_core.domain.estimate import PricingUnit
from petcare_core.domain.ids import AnimalId, ReservationId, ReservationTypeId, StaffUserId
from petcare_core.domain.reasons import Reason
from petcare_core.domain.reservation import Reservation, ReservationStatus
from petcare_core.domain.reservation_types import ReservationType

_S = ReservationStatus
#: The statuses in which a reservation keeps its pets (and its staff member) busy.
BUSY_STATUSES = frozenset(
    {_S.REQUESTED, _S.UNCONFIRMED, _S.CONFIRMED, _S.CHECKED_IN, _S.WAITLISTED}
)


@attrs.frozen
class PetAlreadyBooked(Reason):
    """The pet is on another reservation of the same kind at an overlapping time."""

    reservation_id: ReservationId
    type_name: str
    first_day: date
    last_day: date

    @property
    def message(self) -> str:
        when = long_date(self.first_day)
        if self.last_day != self.first_day:
            when = f"{when} to {long_date(self.last_day)}"
        return (
            f"already booked for {self.type_name} on {when} (reservation #{self.reservation_id});"
            " choose other dates, or change or cancel that reservation first"
        )

    @property
    def field(self) -> str | None:
        return "pets"


@attrs.frozen
class StaffAlreadyBooked(Reason):
    """The staff member chosen has another appointment at an overlapping time."""

    reservation_id: ReservationId
    type_name: str
    start: datetime
    end: datetime

    @property
    def message(self) -> str:
        return (
            f"the staff member chosen has a {self.type_name} appointment on "
            f"{long_date(self.start.date())} from {clock(self.start.time())} to "
            f"{clock(self.end.time())}; choose another time or another staff member"
        )

    @property
    def field(self) -> str | None:
        return "staff_id"


def _is_appointment(unit: PricingUnit) -> bool:
    return unit is PricingUnit.APPOINTMENT


def double_bookings(
    *,
    unit: PricingUnit,
    start: datetime,
    end: datetime,
    animal_ids: Iterable[AnimalId],
    staff_id: StaffUserId | None,
    others: Iterable[Reservation],
    types: Mapping[ReservationTypeId, ReservationType],
    zone: tzinfo,
) -> list[tuple[AnimalId | None, Reason]]:
    """Every pet (and the staff member) of a booking from ``start`` to ``end`` of a type
    charged by ``unit`` that another of ``others`` already keeps busy then, with the reason:
    ``(animal_id, PetAlreadyBooked)`` per pet and other reservation, ``(None,
    StaffAlreadyBooked)`` per other appointment of the staff member. ``types`` holds each
    other reservation's type; ``others`` must not hold the booking itself."""
    pets = set(animal_ids)
    found: list[tuple[AnimalId | None, Reason]] = []
    for other in sorted(others, key=lambda reservation: (reservation.start, reservation.id)):
        kind = types[other.type_id]
        name, other_unit = kind.name, kind.unit
        if other.status not in BUSY_STATUSES or not (other.start < end and start < other.end):
            continue
        if _is_appointment(other_unit) != _is_appointment(unit):
            continue  # a stay and an appointment may overlap
        first, last = other.start.astimezone(zone), other.end.astimezone(zone)
        for line in other.lines:
            if line.animal_id in pets:
                reason = PetAlreadyBooked(other.id, name, first.date(), last.date())
                found.append((line.animal_id, reason))
        if staff_id is not None and other.staff_id == staff_id and _is_appointment(unit):
            found.append((None, StaffAlreadyBooked(other.id, name, first, last)))
    return found
