"""Contract of the reservation repository: the aggregate with its lines, history, cancellation
and denial, and the queries the booking engine runs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st

from petcare_core.domain.actors import Actor
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    LocationId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reservation import Reservation, ReservationLine, ReservationStatus
from petcare_core.ports.booking_repositories import VisitTally
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract
from petcare_core.testing.contracts.booking_catalog import add_location, add_pool
from petcare_core.testing.contracts.samples import (
    make_animal,
    make_owner,
    make_species,
    make_staff_user,
)
from petcare_core.testing.contracts.samples_booking import (
    make_additional_service,
    make_lodging,
    make_reservation,
    moved,
)

_S = ReservationStatus

#: A legal history reaching each status, long enough to hold repeated statuses.
PATHS: dict[ReservationStatus, tuple[ReservationStatus, ...]] = {
    _S.REQUESTED: (),
    _S.CONFIRMED: (_S.CONFIRMED,),
    _S.UNCONFIRMED: (_S.WAITLISTED, _S.UNCONFIRMED),
    _S.WAITLISTED: (_S.WAITLISTED, _S.REQUESTED, _S.WAITLISTED),
    _S.DENIED: (_S.WAITLISTED, _S.DENIED),
    _S.CHECKED_IN: (_S.UNCONFIRMED, _S.CONFIRMED, _S.CHECKED_IN),
    _S.CHECKED_OUT: (_S.CONFIRMED, _S.CHECKED_IN, _S.CHECKED_OUT),
    _S.CANCELLED: (_S.CONFIRMED, _S.CANCELLED),
    _S.NO_SHOW: (_S.CONFIRMED, _S.NO_SHOW),
}


@attrs.frozen
class Household:
    """What a reservation refers to, added in one unit of work."""

    location_id: LocationId
    owner_id: OwnerId
    type_id: ReservationTypeId
    animal_ids: tuple[AnimalId, ...]
    staff_id: StaffUserId
    lines: tuple[ReservationLine, ...]

    def reservation(
        self, uow: FacilityUnitOfWork, *statuses: ReservationStatus, **changes: Any
    ) -> Reservation:
        """A reservation of every pet of the household, moved through ``statuses``."""
        fields: dict[str, Any] = {
            "location_id": self.location_id,
            "owner_id": self.owner_id,
            "type_id": self.type_id,
            "lines": self.lines,
        }
        fields.update(changes)
        return moved(make_reservation(uow, **fields), *statuses, by=Actor.staff(self.staff_id))


def add_household(uow: FacilityUnitOfWork, pets: int = 2) -> Household:
    """Add a location, an owner with ``pets`` pets, a pool with its reservation types, two
    add-ons, a lodging and a member of staff; lines give the first pet both add-ons and the
    lodging, the second one add-on."""
    pool = add_pool(uow)
    owner, species, staff = make_owner(uow), make_species(uow), make_staff_user(uow)
    uow.owners.add(owner)
    uow.species.add(species)
    uow.staff.add(staff)
    animals = [make_animal(uow, owner.id, species.id) for _ in range(pets)]
    for animal in animals:
        uow.animals.add(animal)
    type_id = min(pool.type_ids)
    services = [make_additional_service(uow, [type_id]) for _ in range(2)]
    for service in services:
        uow.additional_services.add(service)
    lodging = make_lodging(uow, pool.id)
    uow.lodgings.add(lodging)
    lines = [ReservationLine(animal.id) for animal in animals]
    lines[0] = ReservationLine(animals[0].id, (services[1].id, services[0].id), lodging.id)
    if pets > 1:
        lines[1] = ReservationLine(animals[1].id, (services[0].id,))
    return Household(
        pool.location_id,
        owner.id,
        type_id,
        tuple(animal.id for animal in animals),
        staff.id,
        tuple(lines),
    )


def _ids(reservations: list[Reservation]) -> list[int]:
    return [reservation.id for reservation in reservations]


class ReservationRepositoryContract(AggregateRepositoryContract[Reservation]):
    """What every ``ReservationRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Reservation, Any]:
        return uow.reservations

    def make(self, uow: FacilityUnitOfWork) -> Reservation:
        household = add_household(uow)
        return household.reservation(uow, _S.WAITLISTED, staff_id=household.staff_id)

    def changed(self, record: Reservation) -> Reservation:
        cancelled = moved(record, _S.CANCELLED, by=Actor.owner(record.owner_id))
        return attrs.evolve(
            cancelled,
            end=record.end + timedelta(days=1, microseconds=3),
            lines=(ReservationLine(record.lines[0].animal_id),),
            staff_id=None,
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Reservation]:
        household = add_household(uow, pets=3)
        reservation_id = ReservationId(uow.new_id())
        lines = st.lists(st.sampled_from(household.lines), min_size=1, max_size=3, unique=True).map(
            tuple
        )
        staff = st.none() | st.just(household.staff_id)
        return st.tuples(
            strategies.reservations(facility_id=uow.facility_id, owner_id=household.owner_id),
            lines,
            staff,
        ).map(
            lambda drawn: attrs.evolve(
                drawn[0],
                id=reservation_id,
                location_id=household.location_id,
                type_id=household.type_id,
                lines=drawn[1],
                staff_id=drawn[2],
            )
        )

    @pytest.mark.parametrize("status", list(ReservationStatus))
    def test_a_reservation_in_every_status_reads_back_equal(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId, status: ReservationStatus
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            household = add_household(uow)
            reservation = household.reservation(uow, *PATHS[status])
            uow.reservations.add(reservation)
            uow.commit()
        assert reservation.status is status
        with uow_factory.for_facility(facility_id) as uow:
            stored = uow.reservations.get(reservation.id)
        assert stored == reservation

    def test_overlapping_uses_the_half_open_rule_and_filters_and_orders(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            household = add_household(uow)
            stay = household.reservation(uow, _S.CONFIRMED)
            start, end = stay.start, stay.end
            # Same start as ``stay``, a higher id, inserted last: order is by start, then id.
            twin = household.reservation(uow, _S.WAITLISTED, end=end + timedelta(days=3))
            earlier = household.reservation(
                uow, start=start - timedelta(days=2), end=start + timedelta(microseconds=1)
            )
            before = household.reservation(uow, start=start - timedelta(days=2), end=start)
            after = household.reservation(uow, start=end, end=end + timedelta(days=1))
            elsewhere = household.reservation(uow, location_id=add_location(uow))
            for reservation in (after, stay, elsewhere, before, earlier, twin):
                uow.reservations.add(reservation)
            uow.commit()
        overlapping = [earlier, stay, twin, elsewhere]  # by start, then id
        with uow_factory.for_facility(facility_id) as uow:
            found = uow.reservations.overlapping(start, end)
            assert _ids(found) == _ids(overlapping)
            assert found == overlapping
            here = uow.reservations.overlapping(start, end, location_id=household.location_id)
            assert here == [r for r in overlapping if r is not elsewhere]
            waiting = uow.reservations.overlapping(start, end, statuses={_S.WAITLISTED})
            assert waiting == [twin]
            both = uow.reservations.overlapping(
                start, end, location_id=household.location_id, statuses=[_S.REQUESTED, _S.CONFIRMED]
            )
            assert both == [earlier, stay]
            assert uow.reservations.overlapping(start, end, statuses=()) == []
            # The rule compares instants: the same bounds in another zone find the same.
            zone = timezone(timedelta(hours=-9, minutes=-30))
            assert (
                uow.reservations.overlapping(start.astimezone(zone), end.astimezone(zone)) == found
            )
            # Touching bounds do not overlap; one microsecond more does.
            assert uow.reservations.overlapping(end, end + timedelta(days=9)) == [twin, after]
            just_before = uow.reservations.overlapping(start - timedelta(days=9), start)
            assert just_before == [earlier, before]
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.reservations.overlapping(start, end) == []

    def test_overlapping_for_finds_what_keeps_pets_or_a_staff_member_busy(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            household, neighbours = add_household(uow, pets=2), add_household(uow, pets=1)
            first_pet, second_pet = household.animal_ids
            stay = household.reservation(uow, _S.CONFIRMED)
            start, end = stay.start, stay.end
            # The second pet alone, elsewhere, starting earlier: found, and first by start.
            second_only = household.reservation(
                uow,
                lines=household.lines[1:],
                location_id=add_location(uow),
                start=start - timedelta(days=1),
                end=start + timedelta(hours=1),
            )
            touching = household.reservation(uow, start=end, end=end + timedelta(days=1))
            cancelled = household.reservation(uow, _S.CANCELLED)
            # The neighbours' stay with the household's staff member assigned.
            staffed = neighbours.reservation(uow, staff_id=household.staff_id)
            theirs = neighbours.reservation(uow)
            for reservation in (theirs, staffed, cancelled, touching, second_only, stay):
                uow.reservations.add(reservation)
            uow.commit()
        busy = {_S.REQUESTED, _S.CONFIRMED, _S.WAITLISTED}
        with uow_factory.for_facility(facility_id) as uow:
            found = uow.reservations.overlapping_for

            assert found([first_pet], None, start, end, busy) == [stay]
            assert found([first_pet, second_pet], None, start, end, busy) == [second_only, stay]
            assert found([second_pet], None, start, end, {_S.CONFIRMED}) == [stay]
            assert found([first_pet], household.staff_id, start, end, busy) == [stay, staffed]
            assert found([], household.staff_id, start, end, busy) == [staffed]
            assert found([], None, start, end, busy) == []
            assert found([first_pet], None, start, end, ()) == []
            assert found(household.animal_ids, None, start, end, {_S.CANCELLED}) == [cancelled]
            # Touching bounds do not overlap.
            assert found([first_pet], None, end, end + timedelta(hours=1), busy) == [touching]
            assert found([AnimalId(uow.new_id())], None, start, end, busy) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            everyone = (*household.animal_ids, *neighbours.animal_ids)
            assert (
                uow.reservations.overlapping_for(everyone, household.staff_id, start, end, busy)
                == []
            )

    def test_list_for_owner_and_for_animal_order_by_start_then_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            household, neighbours = add_household(uow, pets=2), add_household(uow, pets=1)
            first_pet, second_pet = household.animal_ids
            both = household.reservation(uow, *PATHS[_S.CHECKED_OUT])
            later = both.start + timedelta(days=40)
            alone = household.reservation(
                uow, lines=household.lines[1:], start=later, end=later + timedelta(hours=3)
            )
            # Same start as ``both`` but a higher id: it comes after it.
            same_start = household.reservation(uow, _S.CANCELLED, lines=household.lines[:1])
            theirs = neighbours.reservation(uow)
            for reservation in (alone, theirs, same_start, both):
                uow.reservations.add(reservation)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.reservations.list_for_owner(household.owner_id) == [both, same_start, alone]
            assert uow.reservations.list_for_owner(neighbours.owner_id) == [theirs]
            assert uow.reservations.list_for_animal(first_pet) == [both, same_start]
            assert uow.reservations.list_for_animal(second_pet) == [both, alone]
            assert uow.reservations.list_for_animal(AnimalId(uow.new_id())) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.reservations.list_for_owner(household.owner_id) == []
            assert uow.reservations.list_for_animal(first_pet) == []

    def test_waitlisted_orders_by_the_last_time_put_on_the_waitlist_then_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            household = add_household(uow)
            # Asked first, but requeued and waitlisted again last: it goes to the back.
            requeued = household.reservation(uow, _S.WAITLISTED, _S.REQUESTED, _S.WAITLISTED)
            at_back = requeued.history[-1].at
            last_put = requeued.history[1].at  # first time waitlisted
            first = household.reservation(uow, _S.WAITLISTED)
            first = _retimed(first, last_put - timedelta(microseconds=1))
            tied = [_retimed(household.reservation(uow, _S.WAITLISTED), last_put) for _ in range(2)]
            left = _retimed(household.reservation(uow, _S.WAITLISTED, _S.CONFIRMED), last_put)
            elsewhere = household.reservation(uow, _S.WAITLISTED, location_id=add_location(uow))
            assert at_back > last_put
            for reservation in (tied[1], requeued, elsewhere, left, first, tied[0]):
                uow.reservations.add(reservation)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.reservations.waitlisted(household.location_id) == [first, *tied, requeued]
            assert uow.reservations.waitlisted(elsewhere.location_id) == [elsewhere]
            assert uow.reservations.waitlisted(LocationId(uow.new_id())) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.reservations.waitlisted(household.location_id) == []

    def test_cancelled_between_is_half_open_and_ordered_by_cancellation_time_then_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            household = add_household(uow)
            cancelled = [household.reservation(uow, _S.CANCELLED) for _ in range(4)]
            when = cancelled[0].history[-1].at
            # Started later but cancelled earlier: cancellation time orders, not the start.
            first = _retimed(cancelled[3], when - timedelta(microseconds=1), start_days=9)
            tied = cancelled[1:3]
            last = _retimed(cancelled[0], when + timedelta(hours=1))
            denied = household.reservation(uow, _S.DENIED)
            for reservation in (last, tied[1], denied, first, tied[0]):
                uow.reservations.add(reservation)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            window = uow.reservations.cancelled_between
            assert window(first.history[-1].at, last.history[-1].at) == [first, *tied]
            assert window(when, last.history[-1].at + timedelta(microseconds=1)) == [*tied, last]
            assert window(when, when) == []
            assert (
                window(last.history[-1].at + timedelta(microseconds=1), when + timedelta(days=9))
                == []
            )
        with uow_factory.for_facility(other_facility_id) as uow:
            assert (
                uow.reservations.cancelled_between(first.history[-1].at, when + timedelta(days=9))
                == []
            )

    def test_visit_tallies_count_and_bracket_the_moment_per_owner_and_per_pet(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        booked = (_S.CONFIRMED, _S.CHECKED_OUT)
        with uow_factory.for_facility(other_facility_id) as uow:
            theirs = add_household(uow, pets=1)
            uow.reservations.add(theirs.reservation(uow, *PATHS[_S.CONFIRMED]))
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            household = add_household(uow, pets=2)
            first_pet, second_pet = household.animal_ids
            both = household.reservation(uow, *PATHS[_S.CHECKED_OUT])
            start = both.start
            later = household.reservation(
                uow,
                *PATHS[_S.CONFIRMED],
                lines=household.lines[:1],
                start=start + timedelta(days=20),
                end=start + timedelta(days=21),
            )
            cancelled = household.reservation(
                uow, *PATHS[_S.CANCELLED], start=start + timedelta(days=40),
                end=start + timedelta(days=41),
            )  # fmt: skip
            for reservation in (both, later, cancelled):
                uow.reservations.add(reservation)
            uow.commit()
        now = start + timedelta(days=10)
        with uow_factory.for_facility(facility_id) as uow:
            owners, pets = uow.reservations.visit_tallies(booked, now)
        assert owners == {household.owner_id: VisitTally(2, start, later.start)}
        assert pets == {
            first_pet: VisitTally(2, start, later.start),
            second_pet: VisitTally(1, start, None),
        }
        with uow_factory.for_facility(facility_id) as uow:
            # A start exactly at the moment is the last one, not the next.
            owners, _ = uow.reservations.visit_tallies(booked, later.start)
            assert owners[household.owner_id] == VisitTally(2, later.start, None)
            assert uow.reservations.visit_tallies((), now) == ({}, {})

    def test_last_visit_is_the_latest_stay_that_came_before_the_given_time(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            household = add_household(uow, pets=2)
            first_pet, second_pet = household.animal_ids
            came = household.reservation(uow, *PATHS[_S.CHECKED_OUT])
            start = came.start
            here = household.reservation(
                uow,
                *PATHS[_S.CHECKED_IN],
                lines=household.lines[:1],
                start=start + timedelta(days=20),
                end=start + timedelta(days=21),
            )
            # Later, but never came: neither counts.
            for status in (_S.CONFIRMED, _S.NO_SHOW, _S.CANCELLED):
                uow.reservations.add(
                    household.reservation(
                        uow,
                        *PATHS[status],
                        start=start + timedelta(days=30),
                        end=start + timedelta(days=31),
                    )
                )
            uow.reservations.add(came)
            uow.reservations.add(here)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            last_visit = uow.reservations.last_visit
            assert last_visit(first_pet, start + timedelta(days=99)) == here.start
            assert last_visit(first_pet, here.start) == start
            assert last_visit(first_pet, here.start + timedelta(microseconds=1)) == here.start
            assert last_visit(first_pet, start) is None
            assert last_visit(second_pet, start + timedelta(days=99)) == start
            assert last_visit(AnimalId(uow.new_id()), start + timedelta(days=99)) is None
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.reservations.last_visit(first_pet, start + timedelta(days=99)) is None


def _retimed(reservation: Reservation, last: datetime, *, start_days: int = 0) -> Reservation:
    """``reservation`` with its last status change at ``last`` (earlier ones shifted with it)
    and its stay moved ``start_days`` later."""
    shift = last - reservation.history[-1].at
    history = tuple(attrs.evolve(change, at=change.at + shift) for change in reservation.history)
    later = timedelta(days=start_days)
    return attrs.evolve(
        reservation, history=history, start=reservation.start + later, end=reservation.end + later
    )
