"""A pet, or a groomer, in two places at once (``domain.double_booking``): examples, and the
rule checked against a plain statement of it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.actors import Actor
from petcare_core.domain.double_booking import (
    BUSY_STATUSES,
    PetAlreadyBooked,
    StaffAlreadyBooked,
    double_bookings,
)
from petcare_core.domain.estimate import PricingUnit
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import (
    Cancellation,
    Reservation,
    ReservationLine,
    ReservationStatus,
    StatusChange,
)
from petcare_core.domain.reservation_types import ReservationType

ZONE = ZoneInfo("Europe/Madrid")
S = ReservationStatus
BOARDING, DAYCARE, GROOMING = ReservationTypeId(1), ReservationTypeId(2), ReservationTypeId(3)
TYPES = {
    type_id: ReservationType(
        id=type_id,
        facility_id=FacilityId(1),
        name=name,
        unit=unit,
        base_price=Money(4500, "EUR"),
        appointment_minutes=60 if unit is PricingUnit.APPOINTMENT else None,
    )
    for type_id, name, unit in (
        (BOARDING, "Boarding", PricingUnit.NIGHT),
        (DAYCARE, "Daycare", PricingUnit.DAY),
        (GROOMING, "Grooming", PricingUnit.APPOINTMENT),
    )
}
REX, ACE = AnimalId(10), AnimalId(11)
GAIL = StaffUserId(7)
T0 = datetime(2025, 3, 3, 9, tzinfo=ZONE)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def other(
    number: int,
    type_id: ReservationTypeId,
    start: float,
    end: float,
    *pets: AnimalId,
    status: ReservationStatus = S.CONFIRMED,
    staff_id: StaffUserId | None = None,
) -> Reservation:
    history = (StatusChange(S.CONFIRMED, at(-100), Actor.system()),)
    if status is not S.CONFIRMED:
        history = (
            StatusChange(S.REQUESTED, at(-100), Actor.system()),
            StatusChange(status, at(-99), Actor.system()),
        )
    return Reservation(
        id=ReservationId(number),
        facility_id=FacilityId(1),
        location_id=LocationId(1),
        owner_id=OwnerId(1),
        type_id=type_id,
        start=at(start),
        end=at(end),
        lines=tuple(ReservationLine(pet) for pet in pets or (REX,)),
        status=status,
        history=history,
        staff_id=staff_id,
        cancellation=(
            Cancellation("plans changed", Actor.system(), late=False)
            if status is S.CANCELLED
            else None
        ),
        denial_reason="full" if status is S.DENIED else None,
    )


def check(
    type_id: ReservationTypeId,
    start: float,
    end: float,
    others: list[Reservation],
    *pets: AnimalId,
    staff_id: StaffUserId | None = None,
) -> list[tuple[AnimalId | None, object]]:
    return double_bookings(
        unit=TYPES[type_id].unit,
        start=at(start),
        end=at(end),
        animal_ids=pets or (REX,),
        staff_id=staff_id,
        others=others,
        types=TYPES,
        zone=ZONE,
    )


def test_two_overlapping_stays_of_one_pet_are_refused_for_that_pet() -> None:
    boarding = other(1, BOARDING, 0, 72, REX, ACE)

    found = check(DAYCARE, 24, 32, [boarding], REX)

    assert found == [
        (REX, PetAlreadyBooked(ReservationId(1), "Boarding", T0.date(), at(72).date()))
    ]
    [(_, reason)] = found
    assert "already booked for Boarding on 3 March 2025 to 6 March 2025" in reason.message


def test_touching_stays_a_groomed_boarder_and_other_pets_are_fine() -> None:
    boarding = other(1, BOARDING, 0, 72, REX)

    assert check(BOARDING, 72, 96, [boarding]) == []  # leaves at 09:00, back at 09:00
    assert check(GROOMING, 24, 25, [boarding]) == []  # groomed during the stay
    assert check(BOARDING, 24, 48, [boarding], ACE) == []


def test_only_reservations_going_ahead_or_waiting_keep_a_pet_busy() -> None:
    ended = [
        other(n, BOARDING, 0, 72, status=status)
        for n, status in enumerate((S.CANCELLED, S.DENIED, S.CHECKED_OUT, S.NO_SHOW), start=1)
    ]
    waiting = other(9, BOARDING, 0, 72, status=S.WAITLISTED)

    assert check(BOARDING, 24, 48, ended) == []
    assert [pet for pet, _ in check(BOARDING, 24, 48, [*ended, waiting])] == [REX]


def test_a_groomer_has_one_appointment_at_a_time() -> None:
    theirs = other(1, GROOMING, 0, 1, ACE, staff_id=GAIL)

    found = check(GROOMING, 0.5, 1.5, [theirs], REX, staff_id=GAIL)

    assert found == [(None, StaffAlreadyBooked(ReservationId(1), "Grooming", at(0), at(1)))]
    assert "from 09:00 to 10:00" in found[0][1].message  # type: ignore[attr-defined]
    assert check(GROOMING, 1, 2, [theirs], REX, staff_id=GAIL) == []
    assert check(GROOMING, 0.5, 1.5, [theirs], REX, staff_id=StaffUserId(8)) == []


_KINDS = st.sampled_from((BOARDING, DAYCARE, GROOMING))
_HOURS = st.integers(0, 96)


@st.composite
def _spans(draw: st.DrawFn) -> tuple[int, int]:
    start = draw(_HOURS)
    return start, start + draw(st.integers(1, 72))


@given(
    st.lists(
        st.tuples(
            _KINDS,
            _spans(),
            st.sampled_from(sorted(S)),
            st.sets(st.sampled_from((REX, ACE)), min_size=1),
        ),
        max_size=6,
    ),
    _KINDS,
    _spans(),
    st.sets(st.sampled_from((REX, ACE)), min_size=1),
)
def test_a_pet_is_refused_exactly_when_a_busy_reservation_of_its_kind_overlaps(
    existing: list[tuple[ReservationTypeId, tuple[int, int], ReservationStatus, set[AnimalId]]],
    kind: ReservationTypeId,
    span: tuple[int, int],
    pets: set[AnimalId],
) -> None:
    others = [
        other(number, type_id, start, end, *sorted(owned), status=status)
        for number, (type_id, (start, end), status, owned) in enumerate(existing, start=1)
    ]

    found = {
        (pet, reason.reservation_id) for pet, reason in check(kind, *span, others, *sorted(pets))
    }  # type: ignore[union-attr]

    def appointment(type_id: ReservationTypeId) -> bool:
        return type_id == GROOMING

    expected = {
        (pet, reservation.id)
        for reservation in others
        for pet in pets
        if reservation.status in BUSY_STATUSES
        and pet in reservation.animal_ids
        and appointment(reservation.type_id) == appointment(kind)
        and reservation.start < at(span[1])
        and at(span[0]) < reservation.end
    }
    assert found == expected
