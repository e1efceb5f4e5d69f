"""From a booking form to what the booking rules read: ``BookingRequest`` checked into a
``BookingDraft``, and the ``BookingFacts`` of a draft loaded from the repositories."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from petcare_core.domain.booking import BookingDraft, BookingFacts
from petcare_core.domain.capacity import CapacityLedger, occupied_days, pool_for
from petcare_core.domain.double_booking import BUSY_STATUSES
from petcare_core.domain.evaluations import Evaluation
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    CapacityPoolId,
    FacilityId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.immunization import ImmunizationRecord
from petcare_core.domain.reasons import InvalidValue, RequiredValueMissing
from petcare_core.domain.reservation import Reservation, ReservationLine
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._checks import Checks

#: One pet of a request: the animal's id and the ids of its add-on services.
PetLine = tuple[AnimalId, tuple[AdditionalServiceId, ...]]


def _pet_lines(raw: Iterable[tuple[int, Iterable[int]]]) -> tuple[PetLine, ...]:
    return tuple(
        (AnimalId(animal), tuple(AdditionalServiceId(s) for s in add_ons))
        for animal, add_ons in raw
    )


MAX_STAY_DAYS = 366
EARLIEST_YEAR = 2000
LATEST_YEAR = 2999


@attrs.frozen
class BookingRequest:
    """A booking as a form fills it in.

    ``pets`` lists each pet as ``(animal_id, add_on_ids)``. ``staff_id`` is the groomer or
    trainer chosen for an appointment (ignored for types that assign nobody). ``owner_id``
    names the household when staff book; a pet parent always books for their own household,
    so it is ignored for them. Times must be timezone-aware.
    """

    location_id: LocationId
    type_id: ReservationTypeId
    start: datetime
    end: datetime
    pets: tuple[PetLine, ...] = attrs.field(converter=_pet_lines)
    staff_id: StaffUserId | None = None
    owner_id: OwnerId | None = None

    @classmethod
    def again(cls, reservation: Reservation, start: datetime, end: datetime) -> BookingRequest:
        """The same pets, add-ons, type, place and staff as ``reservation``, on new dates."""
        return cls(
            location_id=reservation.location_id,
            type_id=reservation.type_id,
            start=start,
            end=end,
            pets=tuple((line.animal_id, line.services) for line in reservation.lines),
            staff_id=reservation.staff_id,
            owner_id=reservation.owner_id,
        )


def check_times(checks: Checks, start: datetime, end: datetime) -> bool:
    """Record the reasons ``start``-``end`` is not a stay; True when it is one.

    A stay lies in the years 2000 to 2999 and lasts at most ``MAX_STAY_DAYS``: nobody books a
    longer one, and the rules walk every day of a stay, so a stay ending in the year 9999 would
    take seconds to evaluate (and reach the calendar's end).
    """
    before = len(checks.reasons)
    checks.aware("start", start)
    checks.aware("end", end)
    if len(checks.reasons) > before:
        return False
    for name, moment in (("start", start), ("end", end)):
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            checks.add(InvalidValue(name, f"must be in the years {EARLIEST_YEAR} to {LATEST_YEAR}"))
    if len(checks.reasons) == before and end <= start:
        checks.add(InvalidValue("end", "must be after the start; choose a later end"))
    elif len(checks.reasons) == before and end - start > timedelta(days=MAX_STAY_DAYS):
        checks.add(
            InvalidValue(
                "end", f"a stay lasts at most {MAX_STAY_DAYS} days; book a longer one in parts"
            )
        )
    return len(checks.reasons) == before


def check_lines(checks: Checks, pets: tuple[PetLine, ...]) -> tuple[ReservationLine, ...]:
    """The lines of ``pets``, every pet once; records a missing, repeated or malformed id."""
    if not pets:
        checks.add(RequiredValueMissing("pets"))
        return ()
    lines: list[ReservationLine] = []
    seen: set[int] = set()
    for animal_id, add_ons in pets:
        if not checks.positive_id("pets", animal_id):
            continue
        if animal_id in seen:
            checks.add(InvalidValue("pets", f"pet #{animal_id} is listed twice; list it once"))
            continue
        seen.add(animal_id)
        valid = [s for s in dict.fromkeys(add_ons) if checks.positive_id("services", s)]
        lines.append(ReservationLine(animal_id, tuple(valid)))
    return tuple(lines)


def _staff(
    checks: Checks, uow: FacilityUnitOfWork, staff_id: StaffUserId | None, assigns: bool
) -> StaffUserId | None:
    if staff_id is None or not assigns:
        return None  # a type that assigns nobody ignores the choice (the domain's rule)
    user = checks.reference("staff_id", staff_id, uow.staff.get)
    if user is not None and not user.active:
        checks.add(
            InvalidValue("staff_id", f"{user.first_name} {user.last_name} is no longer on staff")
        )
    return staff_id


def booking_draft(
    checks: Checks,
    uow: FacilityUnitOfWork,
    facility_id: FacilityId,
    owner_id: OwnerId | None,
    request: BookingRequest,
) -> BookingDraft | None:
    """``request`` as a draft for ``owner_id``, or None with every shape problem recorded.

    Unknown location, type or staff ids are ``UnknownReference``; ids that are not positive
    integers, naive times, an end not after the start, no pet or a pet listed twice are
    ``InvalidValue``/``RequiredValueMissing``. Pets that are not the household's and add-ons
    the facility does not offer are left to the evaluation (``PetNotFound``, ``UnknownAddOn``).
    ``owner_id`` None (staff named no valid household, already recorded) gives None after
    the other checks.
    """
    checks.reference("location_id", request.location_id, uow.locations.get)
    kind = checks.reference("type_id", request.type_id, uow.reservation_types.get)
    timed = check_times(checks, request.start, request.end)
    lines = check_lines(checks, request.pets)
    staff_id = _staff(checks, uow, request.staff_id, kind is None or kind.assigns_staff)
    if checks.failed or not timed or owner_id is None:
        return None
    return BookingDraft(
        facility_id=facility_id,
        location_id=request.location_id,
        owner_id=owner_id,
        type_id=request.type_id,
        start=request.start,
        end=request.end,
        lines=lines,
        staff_id=staff_id,
    )


def draft_of(reservation: Reservation, start: datetime, end: datetime) -> BookingDraft:
    """The draft of a stored reservation moved to ``start``-``end`` (its own dates to re-check
    it as it is)."""
    return BookingDraft(
        facility_id=reservation.facility_id,
        location_id=reservation.location_id,
        owner_id=reservation.owner_id,
        type_id=reservation.type_id,
        start=start,
        end=end,
        lines=tuple(ReservationLine(line.animal_id, line.services) for line in reservation.lines),
        staff_id=reservation.staff_id,
    )


def load_booking_facts(
    uow: FacilityUnitOfWork,
    draft: BookingDraft,
    now: datetime,
    *,
    ledgers: Mapping[CapacityPoolId, CapacityLedger] | None = None,
    exclude: ReservationId | None = None,
) -> BookingFacts:
    """Everything ``evaluate_booking`` reads about ``draft``, from this unit of work.

    The account is approved when the owner record is active. ``ledgers`` are the pool ledgers
    a write path loaded (locked) through ``capacity_ledger.load``; without them the ledger of
    the type's pool is read as stored (``capacity_ledger.peek``), which
    locks nothing: enough for an evaluation that writes nothing. ``now`` is the moment the date
    rules (lead time, horizon) are judged at. ``exclude`` is the reservation being evaluated
    again (an approval, new dates, a waitlisted request given a place): it does not keep its own
    pets busy.
    """
    facility = uow.facility()
    zone = ZoneInfo(facility.timezone)
    kind = uow.reservation_types.get(draft.type_id)
    owner = uow.owners.get(draft.owner_id)
    animals = {animal.id: animal for animal in uow.animals.list_for_owner(owner.id)}
    pets = [pet for pet in draft.animal_ids if pet in animals]
    records: dict[AnimalId, tuple[ImmunizationRecord, ...]] = {
        pet: tuple(uow.immunizations.list_for_animal(pet)) for pet in pets
    }
    evaluations: dict[AnimalId, tuple[Evaluation, ...]] = {}
    last_visits = {}
    if kind.requires_evaluation:
        for pet in pets:
            evaluations[pet] = tuple(uow.evaluations.list_for_animal(pet))
            visit = uow.reservations.last_visit(pet, draft.start)
            if visit is not None:
                last_visits[pet] = visit.astimezone(zone).date()
    required = sorted(kind.required_agreement_ids)
    agreements = tuple(uow.agreements.get(agreement_id) for agreement_id in required)
    signatures = tuple(uow.agreement_signatures.list_for_owner(owner.id)) if required else ()
    pools = tuple(uow.capacity_pools.list_for_location(draft.location_id))
    pool = pool_for(pools, draft.location_id, kind.id)
    found: dict[CapacityPoolId, CapacityLedger] = {}
    if pool is not None:
        if ledgers is not None and pool.id in ledgers:
            found[pool.id] = ledgers[pool.id]
        else:
            days = occupied_days(kind.unit, draft.start, draft.end, zone)
            found[pool.id] = uow.capacity_ledger.peek(pool, sorted(set(days)))
    booked = tuple(
        reservation
        for reservation in uow.reservations.overlapping_for(
            draft.animal_ids, draft.staff_id, draft.start, draft.end, BUSY_STATUSES
        )
        if reservation.id != exclude
    )
    types = {kind.id: kind for kind in uow.reservation_types.list()} if booked else {}
    return BookingFacts(
        facility=facility,
        location=uow.locations.get(draft.location_id),
        reservation_type=kind,
        account_approved=owner.active,
        animals=animals,
        immunization_types=tuple(uow.immunization_types.list()),
        immunization_records=records,
        evaluations=evaluations,
        last_visits=last_visits,
        agreements=agreements,
        signatures=signatures,
        add_ons={service.id: service for service in uow.additional_services.list()},
        pools=pools,
        ledgers=found,
        booked=booked,
        types=types,
        now=now,
    )
