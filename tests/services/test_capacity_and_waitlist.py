"""Capacity and the waitlist through the booking use cases: places taken and freed in the
per-day ledger, the waitlist filled (offer or promote, oldest request first, a request that
does not fit skipped), concurrent bookings of the last place, and the ledger always equal to
the places the reservations hold."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from booking_shop import ZONE, S, Shop, codes, local, open_shop
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from returns.result import Failure, Result, Success

from petcare_core.domain.capacity import CapacityPool, demand, occupied_days
from petcare_core.domain.events import ReservationConfirmationRequested, ReservationConfirmed
from petcare_core.domain.ids import AnimalId
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation import HOLDS_CAPACITY, Reservation, ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.waitlist import WaitlistPlaceFreed, WaitlistPolicy
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.services import (
    CapacityPoolDetails,
    ReservationTypeDetails,
    booking,
    reservation_lifecycle,
)


def booked(shop: Shop, *pets: AnimalId, **fields: Any) -> Reservation:
    return (
        shop.services.book_reservation(shop.fid, shop.admin, shop.stay(*pets, **fields))
        .unwrap()
        .reservation
    )


def waitlisted(shop: Shop, *pets: AnimalId, **fields: Any) -> Reservation:
    result = shop.services.request_reservation(
        shop.fid, shop.account.id, shop.stay(*pets, **fields), join_waitlist=True
    ).unwrap()
    assert result.reservation.status is S.WAITLISTED
    return result.reservation


def current(shop: Shop, reservation: Reservation) -> Reservation:
    with shop.services.uow_factory.for_facility(shop.fid) as uow:
        return uow.reservations.get(reservation.id)


def set_policy(shop: Shop, kit: Any, policy: WaitlistPolicy) -> None:
    facility = kit.world.facility
    settings_ = attrs.evolve(facility.settings, waitlist_policy=policy)
    shop.services.update_facility_settings(shop.fid, shop.admin, settings_).unwrap()


@pytest.mark.parametrize(
    ("policy", "status", "event"),
    [
        (WaitlistPolicy.OFFER, S.UNCONFIRMED, ReservationConfirmationRequested),
        (WaitlistPolicy.PROMOTE, S.CONFIRMED, ReservationConfirmed),
    ],
)
def test_a_freed_place_is_offered_or_given_to_the_waitlist(
    kit: Any, policy: WaitlistPolicy, status: ReservationStatus, event: type
) -> None:
    shop = open_shop(kit, rooms=1)
    set_policy(shop, kit, policy)
    holder = booked(shop)
    first = waitlisted(shop, shop.ace)
    kit.clock.advance(minutes=1)
    second = waitlisted(shop, shop.household_dog("Max"))

    result = shop.services.cancel_reservation_as_parent(shop.fid, shop.account.id, holder.id)

    assert [r.id for r in result.unwrap().filled] == [first.id]
    assert current(shop, first).status is status
    assert current(shop, first).history[-1].by.kind == "system"
    assert current(shop, second).status is S.WAITLISTED
    freed, changed = shop.events()[-2:]
    assert isinstance(freed, WaitlistPlaceFreed)
    assert (freed.reservation_id, freed.pool_id, freed.policy) == (first.id, shop.suites.id, policy)
    assert isinstance(changed, event)
    assert shop.ledger() == {date(2024, 7, 1): 1, date(2024, 7, 2): 1, date(2024, 7, 3): 1}


def test_the_queue_is_the_domains_oldest_first(kit: Any) -> None:
    # Asked and waitlisted in the same order, so the test holds whichever moment the domain's
    # queue counts from (waitlist.WaitlistCandidate).
    shop = open_shop(kit, rooms=1)
    services = shop.services
    holder = booked(shop)
    kit.clock.advance(minutes=1)
    older = waitlisted(shop, shop.ace)
    kit.clock.advance(minutes=1)
    newer = waitlisted(shop, shop.household_dog("Max"))
    kit.clock.advance(minutes=1)

    services.cancel_reservation(shop.fid, shop.desk, holder.id, "moved away").unwrap()

    assert current(shop, older).status is S.UNCONFIRMED
    assert current(shop, newer).status is S.WAITLISTED


def daycare(shop: Shop, places: int) -> tuple[ReservationType, CapacityPool]:
    """A daycare type whose area pool counts pets."""
    services = shop.services
    kind = services.define_reservation_type(
        shop.fid,
        shop.admin,
        ReservationTypeDetails(name="Daycare", unit="day", base_price=Decimal(30)),
    ).unwrap()
    pool = services.define_capacity_pool(
        shop.fid,
        shop.admin,
        CapacityPoolDetails(
            location_id=shop.here, name="Yard", kind="area", capacity=places, type_ids={kind.id}
        ),
    ).unwrap()
    return kind, pool


def vaccinated_dog(shop: Shop, kit: Any, name: str) -> AnimalId:
    dog = kit.add_dog(name).id
    shop.services.record_immunization(
        shop.fid, shop.admin, dog, type_id=kit.world.rabies.id, expires_on=date(2026, 1, 1)
    ).unwrap()
    return dog


def test_an_older_request_that_does_not_fit_is_skipped_not_blocking(shop: Shop, kit: Any) -> None:
    kind, yard = daycare(shop, 2)
    day = {"type_id": kind.id, "start": local(7, 2, 8), "end": local(7, 2, 17)}
    first, _ = booked(shop, shop.rex, **day), booked(shop, shop.ace, **day)
    bo, cy, dee = (vaccinated_dog(shop, kit, name) for name in ("Bo", "Cy", "Dee"))
    family = waitlisted(shop, bo, cy, **day)
    kit.clock.advance(minutes=1)
    single = waitlisted(shop, dee, **day)

    shop.services.cancel_reservation(shop.fid, shop.desk, first.id, "ill").unwrap()

    assert current(shop, family).status is S.WAITLISTED
    assert current(shop, single).status is S.UNCONFIRMED
    with shop.services.uow_factory.for_facility(shop.fid) as uow:
        assert dict(uow.capacity_ledger.load(yard, [date(2024, 7, 2)]).used) == {
            date(2024, 7, 2): 2
        }


def test_a_waitlisted_request_for_other_dates_is_left_alone(kit: Any) -> None:
    shop = open_shop(kit, rooms=1)
    holder = booked(shop)
    booked(shop, start=local(7, 10, 15), end=local(7, 12, 10))
    other_dates = waitlisted(shop, shop.ace, start=local(7, 10, 15), end=local(7, 12, 10))

    shop.services.cancel_reservation(shop.fid, shop.desk, holder.id, "moved").unwrap()

    assert current(shop, other_dates).status is S.WAITLISTED


def test_a_waitlisted_stay_that_has_started_is_not_offered_a_place(kit: Any) -> None:
    shop = open_shop(kit, rooms=1)
    holder = booked(shop)
    late = waitlisted(shop, shop.ace)
    kit.clock.current = local(7, 2, 9)

    shop.services.mark_no_show(shop.fid, shop.desk, holder.id).unwrap()

    assert current(shop, late).status is S.WAITLISTED
    assert shop.ledger() == {date(2024, 7, 1): 1}


def test_a_shortened_stay_gives_its_days_to_the_waitlist(kit: Any) -> None:
    shop = open_shop(kit, rooms=1)
    holder = booked(shop, end=local(7, 8, 10))
    later = waitlisted(shop, shop.ace, start=local(7, 5, 15), end=local(7, 7, 10))

    result = shop.services.reschedule_reservation(
        shop.fid, shop.desk, holder.id, local(7, 1, 15), local(7, 4, 10)
    ).unwrap()

    assert [r.id for r in result.filled] == [later.id]
    assert current(shop, later).status is S.UNCONFIRMED
    assert shop.ledger() == {
        date(2024, 7, 1): 1,
        date(2024, 7, 2): 1,
        date(2024, 7, 3): 1,
        date(2024, 7, 5): 1,
        date(2024, 7, 6): 1,
    }


def test_an_evaluation_reads_the_places_without_writing(kit: Any) -> None:
    shop = open_shop(kit, rooms=1)
    booked(shop)
    before = shop.state()

    evaluation = shop.services.evaluate_booking_as_parent(
        shop.fid, shop.account.id, shop.stay(shop.ace, start=local(7, 3, 15), end=local(7, 5, 10))
    ).unwrap()

    assert shop.state() == before
    [full] = [reason.reason for reason in evaluation.blocking]
    assert full.dates == (date(2024, 7, 3),)  # type: ignore[attr-defined]


# Concurrency: two writers racing for the last place


class GatedUnitsOfWork:
    """Units of work on the same storage whose ledger reads wait for each other, so that two
    use cases both read the last place before either commits."""

    def __init__(self, inner: Any, gate: threading.Barrier) -> None:
        self._inner = inner
        self._gate = gate

    def for_facility(self, facility_id: Any) -> Any:
        uow = self._inner.for_facility(facility_id)
        ledger, gate = uow.capacity_ledger, self._gate

        class WaitingLedger:
            def load(self, pool: CapacityPool, days: Any) -> Any:
                loaded = ledger.load(pool, days)
                gate.wait(timeout=10)
                return loaded

            def save(self, value: Any) -> None:
                ledger.save(value)

        uow.capacity_ledger = WaitingLedger()
        return uow

    def platform(self) -> Any:
        return self._inner.platform()


RACES: dict[str, Callable[[Any, Shop, Any], Result[Any, Rejection]]] = {
    # Staff book each of the household's two dogs; the approvals decide each one's request.
    "book": lambda ctx, shop, pet: booking.book_reservation(
        ctx, shop.fid, shop.desk, shop.stay(pet)
    ),
    "approve": lambda ctx, shop, request: reservation_lifecycle.approve_reservation(
        ctx, shop.fid, shop.desk, request.id
    ),
}


@pytest.mark.parametrize("race", sorted(RACES))
def test_two_writers_racing_for_the_last_place_end_with_exactly_one_holding_it(
    kit: Any, race: str
) -> None:
    shop = open_shop(kit, rooms=1)
    services = shop.services
    subjects: list[Any] = [shop.rex, shop.ace]
    if race == "approve":
        subjects = [
            services.request_reservation(shop.fid, shop.account.id, shop.stay(pet))
            .unwrap()
            .reservation
            for pet in subjects
        ]
    gated = attrs.evolve(
        services._ctx,
        uows=GatedUnitsOfWork(services.uow_factory, threading.Barrier(2)),
    )
    outcomes: list[Result[Any, Rejection]] = []
    conflicts: list[int] = []

    def write(subject: Any) -> None:
        try:
            outcomes.append(RACES[race](gated, shop, subject))
        except ConcurrencyConflict:
            conflicts.append(1)
            # The web layer runs the use case again (ADR 0009); now it sees the pool full.
            outcomes.append(RACES[race](services._ctx, shop, subject))

    threads = [threading.Thread(target=write, args=(subject,)) for subject in subjects]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(conflicts) == 1
    assert len(outcomes) == 2
    assert len([outcome for outcome in outcomes if isinstance(outcome, Success)]) == 1
    [lost] = [outcome for outcome in outcomes if isinstance(outcome, Failure)]
    assert codes(lost) == ("capacity_full",)
    assert set(shop.ledger().values()) == {1}


# The ledger always counts exactly the places the reservations hold


def held_places(shop: Shop) -> dict[date, int]:
    """The places the reservations holding one use in the suites, counted from them."""
    used: dict[date, int] = {}
    with shop.services.uow_factory.for_facility(shop.fid) as uow:
        for reservation in uow.reservations.list():
            if reservation.status in HOLDS_CAPACITY and reservation.type_id == shop.boarding.id:
                days = occupied_days(shop.boarding.unit, reservation.start, reservation.end, ZONE)
                for day in days:
                    used[day] = used.get(day, 0) + demand(shop.suites, reservation)
    return used


def fits(shop: Shop, reservation: Reservation, ledger: dict[date, int]) -> bool:
    days = occupied_days(shop.boarding.unit, reservation.start, reservation.end, ZONE)
    return all(ledger.get(day, 0) < shop.suites.capacity for day in days)


STEPS = st.one_of(
    st.tuples(st.just("book"), st.integers(1, 6), st.integers(1, 3), st.booleans()),
    st.tuples(st.just("request"), st.integers(1, 6), st.integers(1, 3), st.booleans()),
    st.tuples(
        st.sampled_from(["approve", "cancel", "no_show", "visit", "parent_cancel"]),
        st.integers(0, 30),
        st.integers(0, 0),
        st.booleans(),
    ),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(1, 12), st.booleans()),
)
_shops = itertools.count(1)


def run_step(shop: Shop, step: tuple[str, int, int, bool], made: list[Reservation]) -> None:
    name, a, b, flag = step
    services, fid, desk = shop.services, shop.fid, shop.desk
    pets = (shop.rex, shop.ace) if flag else (shop.rex,)
    if name in {"book", "request"}:
        stay = shop.stay(*pets, start=local(7, a, 15), end=local(7, a + b, 10))
        result: Result[Any, Rejection]
        if name == "book":
            result = services.book_reservation(fid, desk, stay)
        else:
            result = services.request_reservation(fid, shop.account.id, stay, join_waitlist=True)
        if isinstance(result, Success):
            made.append(result.unwrap().reservation)
        return
    if not made:
        return
    target = made[a % len(made)]
    if name == "approve":
        services.approve_reservation(fid, desk, target.id)
    elif name == "cancel":
        services.cancel_reservation(fid, desk, target.id, "plans changed")
    elif name == "parent_cancel":
        services.cancel_reservation_as_parent(fid, shop.account.id, target.id)
    elif name == "no_show":
        services.mark_no_show(fid, desk, target.id)
    elif name == "visit":
        if isinstance(services.check_in(fid, desk, target.id), Success):
            services.check_out(fid, desk, target.id)
    else:
        start = 1 + (a % 6)
        services.reschedule_reservation(
            fid, desk, target.id, local(7, start, 15), local(7, start + 1 + b % 3, 10)
        )


@pytest.fixture
def base_shop(kit: Any) -> Shop:
    return open_shop(kit, rooms=2)


def fresh_shop(kit: Any, base: Shop, number: int) -> Shop:
    """A new boarding type with its own one-room pool in the world's facility (dogs and staff
    shared), so that each example starts with an empty ledger."""
    services, fid, admin = kit.services, kit.world.fid, kit.world.admin
    kind = services.define_reservation_type(
        fid,
        admin,
        ReservationTypeDetails(name=f"Boarding {number}", unit="night", base_price=Decimal(45)),
    ).unwrap()
    pool = services.define_capacity_pool(
        fid,
        admin,
        CapacityPoolDetails(
            location_id=base.here,
            name=f"Suites {number}",
            kind="room",
            capacity=1,
            type_ids={kind.id},
        ),
    ).unwrap()
    return attrs.evolve(base, boarding=kind, suites=pool)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, max_size=15))
def test_no_pool_is_ever_over_capacity_and_the_ledger_counts_the_held_places(
    kit: Any, base_shop: Shop, steps: list[tuple[str, int, int, bool]]
) -> None:
    shop = fresh_shop(kit, base_shop, next(_shops))
    kit.clock.current = local(6, 15, 10)
    made: list[Reservation] = []
    for step in steps:
        run_step(shop, step, made)
        ledger = shop.ledger()
        assert all(count <= shop.suites.capacity for count in ledger.values()), step
        assert ledger == held_places(shop), step
        with shop.services.uow_factory.for_facility(shop.fid) as uow:
            waiting = [
                r for r in uow.reservations.waitlisted(shop.here) if r.type_id == shop.boarding.id
            ]
        # A freed place never stays empty while a waitlisted request fits it.
        assert not [r.id for r in waiting if fits(shop, r, ledger)], step
