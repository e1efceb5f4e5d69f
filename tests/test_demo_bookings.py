"""The booking part of the demo data: loaded on memory and SQLite storage at a set time, every
status shown, nothing over capacity, statuses that agree with their dates, the demo parent's
portal full of examples, and a second load adding nothing."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from petcare_adapters.bootstrap import build, open_sql_storage
from petcare_adapters.memory import MemoryFileStore, MemoryNotifier, MemoryUnitOfWorkFactory
from petcare_adapters.settings import Settings
from petcare_adapters.system import (
    Argon2PasswordHasher,
    LibPhoneNumberNormalizer,
    SecureSecretGenerator,
)
from petcare_core.domain.capacity import CapacityPool, demand, occupied_days, pool_for
from petcare_core.domain.ids import AnimalId, OwnerId
from petcare_core.domain.reservation import HOLDS_CAPACITY, Reservation, ReservationStatus
from petcare_core.services import PetcareServices
from petcare_web.demo_booking_catalog import SettableClock, services_with_clock
from petcare_web.demo_booking_plan import (
    FUTURE_DAYS,
    PAST_DAYS,
    Fate,
    PlanFrame,
    PlanPet,
    Step,
)
from petcare_web.demo_booking_schedule import plan_reservations
from petcare_web.demo_data import PARENT_EMAIL, PARENT_PASSWORD, DemoSummary, load_demo_data
from petcare_web.demo_regulars import REGULAR_COUNT

# 12:30 in Denver: today's daycare dogs are in, some of today's appointments still to come.
NOW = datetime(2026, 11, 28, 19, 30, tzinfo=UTC)
ZONE = ZoneInfo("America/Denver")
_S = ReservationStatus
Demo = tuple[PetcareServices, SettableClock, DemoSummary]


def _memory_services(clock: SettableClock) -> PetcareServices:
    return PetcareServices(
        MemoryUnitOfWorkFactory(),
        clock,
        Argon2PasswordHasher(time_cost=1, memory_kib=8, parallelism=1),
        SecureSecretGenerator(),
        LibPhoneNumberNormalizer(),
        notifier=MemoryNotifier(),
        files=MemoryFileStore(),
    )


@pytest.fixture(scope="module", params=["memory", "sqlite"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    """The demo loaded once per storage, at ``NOW``."""
    clock = SettableClock(NOW)
    if request.param == "memory":
        services = _memory_services(clock)
        yield services, clock, load_demo_data(services)
        return
    path: Path = tmp_path_factory.mktemp("demo") / "petcare.db"
    settings = Settings(
        database_url=f"sqlite:///{path}", password_hash_time_cost=1, password_hash_memory_kib=64
    )
    storage = open_sql_storage(settings)
    storage.upgrade()
    storage.close()
    built, close = build(settings)
    try:
        services = services_with_clock(built, clock)
        yield services, clock, load_demo_data(services)
    finally:
        close()


def _reservations(services: PetcareServices, summary: DemoSummary) -> list[Reservation]:
    with services.uow_factory.for_facility(summary.facility.id) as uow:
        return uow.reservations.list()


def test_every_status_is_shown_and_nothing_was_refused(demo: Demo) -> None:
    services, _, summary = demo
    bookings = summary.bookings

    assert bookings.refused == ()
    assert set(bookings.reservation_types) == {"Boarding", "Daycare", "Grooming"}
    for status in _S:
        assert bookings.by_status[status.value] >= 1, status
    assert sum(bookings.by_status.values()) == bookings.reservations
    assert bookings.reservations == len(_reservations(services, summary))
    assert (bookings.first_day, bookings.last_day) == (
        date(2026, 11, 28) - timedelta(days=PAST_DAYS),
        date(2026, 11, 28) + timedelta(days=FUTURE_DAYS),
    )
    # About 150 reservations start on each day of the plan, as a busy two-location resort.
    assert 140 <= bookings.per_day <= 170


def test_no_pool_is_over_capacity_on_any_day_and_the_ledger_agrees(demo: Demo) -> None:
    services, _, summary = demo
    fid = summary.facility.id
    pools = services.list_capacity_pools(fid)
    types = {kind.id: kind for kind in services.list_reservation_types(fid)}
    used: Counter[tuple[int, date]] = Counter()
    for reservation in _reservations(services, summary):
        pool = pool_for(pools, reservation.location_id, reservation.type_id)
        if pool is None or reservation.status not in HOLDS_CAPACITY | {_S.CHECKED_OUT}:
            continue
        days = occupied_days(
            types[reservation.type_id].unit, reservation.start, reservation.end, ZONE
        )
        for day in days:
            used[pool.id, day] += demand(pool, reservation)
    assert used, "no reservation holds a place"
    with services.uow_factory.for_facility(fid) as uow:
        for pool in pools:
            days = sorted(day for pool_id, day in used if pool_id == pool.id)
            ledger = uow.capacity_ledger.load(pool, days)
            for day in days:
                assert used[pool.id, day] <= pool.capacity, (pool.name, day)
                assert ledger.used_on(day) == used[pool.id, day], (pool.name, day)
    full = [key for key, count in used.items() if count == _capacity(pools, key[0])]
    assert full, "the waitlist needs full days"


def _capacity(pools: Sequence[CapacityPool], pool_id: int) -> int:
    return next(pool.capacity for pool in pools if pool.id == pool_id)


def test_statuses_agree_with_their_dates(demo: Demo) -> None:
    services, clock, summary = demo
    now = clock.now()
    for reservation in _reservations(services, summary):
        status, start, end = reservation.status, reservation.start, reservation.end
        if status in (_S.CHECKED_OUT, _S.NO_SHOW, _S.CANCELLED):
            assert start < now, reservation
        if status is _S.CHECKED_OUT:
            assert end <= now
        if status is _S.CHECKED_IN:
            assert start <= now < end, reservation
        if status in (_S.REQUESTED, _S.UNCONFIRMED, _S.WAITLISTED, _S.CONFIRMED):
            assert start > now, reservation
        # The history is in time order and ends with the current status.
        times = [change.at for change in reservation.history]
        assert times == sorted(times)
        assert reservation.history[-1].status is status


def test_no_pet_and_no_groomer_is_in_two_places_at_once(demo: Demo) -> None:
    services, _, summary = demo
    taken = [
        r
        for r in _reservations(services, summary)
        if r.status in HOLDS_CAPACITY | {_S.CHECKED_OUT, _S.REQUESTED}
    ]
    by_pet: dict[AnimalId, list[Reservation]] = {}
    by_groomer: dict[int, list[Reservation]] = {}
    for reservation in taken:
        for pet in reservation.animal_ids:
            by_pet.setdefault(pet, []).append(reservation)
        if reservation.staff_id is not None:
            by_groomer.setdefault(reservation.staff_id, []).append(reservation)
    assert len(by_groomer) == 2
    for reservations in (*by_pet.values(), *by_groomer.values()):
        ordered = sorted(reservations, key=lambda r: r.start)
        for earlier, later in itertools.pairwise(ordered):
            assert earlier.end <= later.start, (earlier, later)


def test_cancellations_are_free_and_late_by_parents_and_staff(demo: Demo) -> None:
    services, _, summary = demo
    cancelled = [r for r in _reservations(services, summary) if r.status is _S.CANCELLED]
    cancellations = [r.cancellation for r in cancelled if r.cancellation is not None]
    assert len(cancellations) == len(cancelled)
    assert {cancellation.late for cancellation in cancellations} == {True, False}
    assert {cancellation.by.kind.value for cancellation in cancellations} == {"owner", "staff"}


def test_today_has_guests_in_and_guests_arriving(demo: Demo) -> None:
    services, clock, summary = demo
    today = clock.now().astimezone(ZONE).date()
    starting_today = [
        r for r in _reservations(services, summary) if r.start.astimezone(ZONE).date() == today
    ]
    statuses = {reservation.status for reservation in starting_today}
    assert _S.CHECKED_IN in statuses
    assert _S.CONFIRMED in statuses


def test_the_demo_parent_sees_every_kind_of_reservation_and_an_agreement_to_sign(
    demo: Demo,
) -> None:
    services, _, summary = demo
    account = services.authenticate_portal_account(PARENT_EMAIL, PARENT_PASSWORD).unwrap()
    fid = summary.facility.id

    mine = services.my_reservations(fid, account.id)

    assert mine.upcoming
    assert mine.past
    assert mine.waitlisted
    pending = {view.reservation.status for view in mine.pending}
    assert pending == {_S.REQUESTED, _S.UNCONFIRMED}
    assert any(len(view.pets) == 2 for view in mine.past)
    to_sign = services.agreements_to_sign(fid, account.id)
    assert [(reason.title, reason.new_version) for reason in to_sign] == [
        ("Boarding & daycare agreement", True)
    ]


def test_most_households_signed_and_most_dogs_were_evaluated(demo: Demo) -> None:
    services, _, summary = demo
    fid = summary.facility.id
    with services.uow_factory.for_facility(fid) as uow:
        owners = uow.owners.list()
        signed = [o for o in owners if uow.agreement_signatures.list_for_owner(o.id)]
        animals = uow.animals.list()
        evaluated = [a for a in animals if uow.evaluations.list_for_animal(a.id)]
    # A household in sixteen (and two of the first) only book grooming and never sign.
    assert 0.9 * len(owners) <= len(signed) < len(owners)
    assert 0.8 * len(animals) <= len(evaluated) < len(animals)


def test_a_second_load_adds_nothing_and_a_later_one_only_moves_the_stays_on() -> None:
    clock = SettableClock(NOW)
    services = _memory_services(clock)
    first = load_demo_data(services)
    before = _reservations(services, first)

    second = load_demo_data(services)

    assert second.bookings.created == 0
    assert second.created == 0
    assert _reservations(services, second) == before

    clock.moment = NOW + timedelta(days=1)
    later = load_demo_data(services)

    after = {reservation.id: reservation for reservation in _reservations(services, later)}
    assert later.bookings.created == 0
    assert later.bookings.refused == ()
    assert set(after) == {reservation.id for reservation in before}
    moved = [r for r in before if after[r.id].status is not r.status]
    assert moved
    assert all(after[r.id].history[: len(r.history)] == r.history for r in before)
    # The regulars' reservations were imported up to the first load; what came due since ran
    # through the use cases, as the others' steps do.
    regulars = _regular_owners(services, later)
    assert {r.owner_id for r in moved} & regulars
    assert {r.owner_id for r in moved} - regulars


def _regular_owners(services: PetcareServices, summary: DemoSummary) -> set[OwnerId]:
    with services.uow_factory.for_facility(summary.facility.id) as uow:
        return {owner.id for owner in uow.owners.list() if owner.email.startswith("regular")}


def _reservations_with_events(services: PetcareServices, summary: DemoSummary) -> set[object]:
    found: set[object] = set()
    after = 0
    with services.uow_factory.for_facility(summary.facility.id) as uow:
        while page := uow.outbox.list(after=after):
            found.update(getattr(entry.event, "reservation_id", None) for entry in page)
            after = page[-1].position
    return found


def test_the_regulars_history_is_imported_and_the_others_replayed(demo: Demo) -> None:
    services, _, summary = demo
    regulars = _regular_owners(services, summary)
    reservations = _reservations(services, summary)
    with_events = _reservations_with_events(services, summary)
    imported = [r for r in reservations if r.owner_id in regulars]
    replayed = [r for r in reservations if r.owner_id not in regulars]

    assert len(regulars) == REGULAR_COUNT
    assert len(imported) > 10 * len(replayed)
    assert not with_events & {r.id for r in imported}
    assert all(r.id in with_events for r in replayed)


def test_two_fresh_loads_make_the_same_reservations() -> None:
    def snapshot() -> list[tuple[object, ...]]:
        services = _memory_services(SettableClock(NOW))
        summary = load_demo_data(services)
        with services.uow_factory.for_facility(summary.facility.id) as uow:
            names = {pet.id: pet.name for pet in uow.animals.list()}
            reservations = uow.reservations.list()
        return sorted(
            (r.start, r.end, r.status.value, tuple(names[pet] for pet in r.animal_ids))
            for r in reservations
        )

    assert snapshot() == snapshot()


def test_the_demo_loads_on_a_denver_evening_when_utc_is_already_on_the_next_day() -> None:
    # 21:30 in Denver on 28 November is 04:30 UTC on the 29th: a vaccine "given today" must be
    # dated the 28th, or the facility sees it as given in the future and refuses the load.
    evening = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)
    services = _memory_services(SettableClock(evening))
    summary = load_demo_data(services)
    with services.uow_factory.for_facility(summary.facility.id) as uow:
        given = [r.administered_on for r in uow.immunizations.list() if r.administered_on]
    assert max(given) == evening.astimezone(ZONE).date() == date(2026, 11, 28)
    assert summary.bookings.refused == ()


# The plan on its own: any first-load date, simple pets that may always come.

_PETS = [
    PlanPet(
        number=number,
        animal_id=AnimalId(100 + number),
        owner_id=OwnerId(1 + number // 2),
        household=number // 2,
        dog=number % 7 != 6,
        location=(number // 2) % 2,
        has_login=number % 3 == 0,
    )
    for number in range(40)
]


def _frame(anchor: date) -> PlanFrame:
    return PlanFrame(
        anchor=anchor,
        zone=ZONE,
        first_booking=datetime.combine(anchor - timedelta(days=73), datetime.min.time(), ZONE),
        runs=(8, 6),
        yard=(12, 10),
        closed={"Boarding": frozenset(), "Daycare": frozenset(), "Grooming": frozenset()},
        cancellation_hours={"Boarding": 48, "Daycare": 12, "Grooming": 24},
        groomers=2,
    )


@settings(max_examples=8, deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
def test_a_plan_keeps_every_rule_it_promises(anchor: date) -> None:
    frame = _frame(anchor)
    plan = plan_reservations(frame, _PETS, lambda *_: True, lambda *_: True)

    assert plan == plan_reservations(frame, _PETS, lambda *_: True, lambda *_: True)
    midnight = frame.midnight
    places: Counter[tuple[str, int, date]] = Counter()
    days_of_pet: Counter[tuple[AnimalId, date]] = Counter()
    for reservation in plan:
        times = [step.at for step in reservation.steps]
        assert times == sorted(times)
        created = reservation.steps[0]
        assert created.step in (Step.BOOK, Step.REQUEST, Step.JOIN_WAITLIST)
        assert frame.first_booking <= created.at < min(midnight, reservation.start)
        if reservation.fate is Fate.WAITLISTED:
            continue
        first, last = reservation.start.date(), reservation.end.date()
        for pet in reservation.pets:
            day = first
            while day <= last:
                days_of_pet[pet, day] += 1
                day += timedelta(days=1)
        if reservation.kind == "Boarding":
            day = first
            while day < last:
                places["Boarding", reservation.location, day] += 1
                day += timedelta(days=1)
        elif reservation.kind == "Daycare":
            places["Daycare", reservation.location, first] += len(reservation.pets)
    assert max(days_of_pet.values()) == 1
    for (kind, location, _), used in places.items():
        assert used <= (frame.runs if kind == "Boarding" else frame.yard)[location]
    fates = {reservation.fate for reservation in plan}
    assert {Fate.CHECKED_OUT, Fate.CONFIRMED, Fate.REQUESTED, Fate.DENIED} <= fates
