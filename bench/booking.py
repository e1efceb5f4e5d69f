"""Booking benchmark: evaluation latency against history size, the Gingr reservation list
against a raw driver, and accepted bookings per second.

    python bench/booking.py [--owners 2000] [--animals 3000] [--small 1000] [--large 100000]
                            [--per-day 150] [--window 30] [--evaluations 101] [--repeat 3]
                            [--servers 2] [--threads 5] [--clients 8] [--book-seconds 10]
                            [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]

For SQLite (a temporary file) and PostgreSQL (a database created for the run and dropped after
it; only with --postgres-url or PETCARE_TEST_POSTGRES_URL) it builds two facilities in the same
database, alike but for their history: the same households (``--owners``, ``--animals``, stored
as bench/storage.py does), the same catalog (boarding, daycare and grooming; two add-ons; a room
pool and an area pool; vaccines, an agreement and temperament evaluations on file for every
pet and household) and the same confirmed bookings over the coming weeks, with ``--small``
and ``--large`` past reservations (``--per-day`` starting each day, checked out, a few
cancelled or no-shows), written in large units of work through the repositories. It measures:

- evaluation: the median latency of ``evaluate_booking_as_staff`` (what the portal's live
  check runs, with the household named by staff) for the same 14-night, two-pet boarding
  draft in each facility, ``--evaluations`` times each, alternately. Target: the large
  facility's median at most 1.5x the small one's.
- list: the time of ``POST /api/v1/reservations`` for ``--window`` days of the large
  facility's history (``--per-day`` reservations starting each day), served by ``create_app``
  in a server process run by ``petcare serve``'s runner, against a raw driver fetch (sqlite3 /
  psycopg) of the same reservation, line and history rows plus ``json.dumps`` of the same rows
  nested (each reservation's columns with its lines and history), best of ``--repeat``.
  Target: at most 2.0x.
- bookings (PostgreSQL only): accepted staff bookings per second in the large facility, with
  ``--servers`` server processes (``--threads`` use-case threads and connections each) and
  ``--clients`` concurrent clients booking one-night boarding stays, each for a pet and a
  night no other booking of the run uses, best of ``--repeat`` runs of ``--book-seconds``.
  Through the staff API (``POST /staff/api/reservations``), ``--clients`` keep-alive
  clients in another process.

Times on shared machines are noisy: read the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
from returns.result import Failure, Result

from api import SPAWN, _free_port, _get, serve_petcare, start, stop
from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_adapters.sqlalchemy import open_storage
from petcare_adapters.sqlalchemy.rows_reservations import (
    HISTORY_COLUMNS,
    LINE_COLUMNS,
    RESERVATION_COLUMNS,
)
from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.agreements import AgreementSignature
from petcare_core.domain.capacity import (
    CapacityLedger,
    CapacityPool,
    PoolKind,
    demand,
    occupied_days,
)
from petcare_core.domain.estimate import AddOnCharge, PricingUnit
from petcare_core.domain.evaluations import Evaluation, EvaluationResult
from petcare_core.domain.facility import FacilitySettings, Location
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementSignatureId,
    AnimalId,
    EvaluationId,
    FacilityId,
    ImmunizationRecordId,
    LocationId,
    OwnerId,
    ReservationId,
    StaffUserId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.reservation import (
    Cancellation,
    Reservation,
    ReservationLine,
    ReservationStatus,
    StatusChange,
)
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission, StaffRole, StaffUser
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    BookingRequest,
    CapacityPoolDetails,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
)
from storage import bench_database, build_dataset, machine, save

S = ReservationStatus
T = TypeVar("T")
BATCH = 2000  # reservations per unit of work while writing the history
DRAFT_NIGHTS = 14
DRAFT_LEAD_DAYS = 7  # the draft starts a week from today
FUTURE_DAYS = 45  # confirmed bookings over the coming weeks, the same in both facilities
FUTURE_PER_DAY = 30
# The throughput test books nights from 62 days ahead, after the last upcoming stay has ended
# (14 nights from day 45): a pet is on one stay at a time, so no dog is booked then already.
BOOK_FIRST_DAY = 62
BOOK_DAYS = 80  # over 80 nights (the evaluations, 30 days old, stay valid 180 days)
EVALUATED_DAYS_AGO = 30
RUNS, YARD = 300, 150  # boarding runs (rooms) and daycare places (pets)
#: Past stays (nights of boarding), short ones most often.
NIGHTS = (1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 7, 10, 14)
SPECIES_VACCINES = {"Dog": (("Rabies", True), ("DHPP", True), ("Bordetella", False))}
CAT_VACCINES = (("Rabies", True), ("FVRCP", True))


@attrs.frozen
class Household:
    """One owner's pets, the dogs first listed apart (daycare takes dogs only)."""

    owner_id: OwnerId
    dogs: tuple[AnimalId, ...]
    pets: tuple[AnimalId, ...]


@attrs.frozen
class Shop:
    """One facility ready to book: its catalog, its staff and its households."""

    facility_id: FacilityId
    location_id: LocationId
    zone: ZoneInfo
    staff: StaffUser  # reads and books (reservations.read and .manage, api.access)
    groomer_id: StaffUserId
    api_key: str
    boarding: ReservationType
    daycare: ReservationType
    grooming: ReservationType
    runs: CapacityPool
    yard: CapacityPool
    bath: AdditionalServiceId
    walk: AdditionalServiceId
    households: tuple[Household, ...]
    #: The household the evaluated draft books: the first with two dogs.
    drafted: Household = attrs.field(
        init=False,
        default=attrs.Factory(
            lambda shop: next(item for item in shop.households if len(item.dogs) >= 2),
            takes_self=True,
        ),
    )

    def today(self) -> date:
        """The facility's local date now."""
        return datetime.now(self.zone).date()

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        """``day`` at ``hour:minute`` in the facility's time zone."""
        return datetime.combine(day, clock_time(hour, minute), tzinfo=self.zone)

    def draft(self) -> BookingRequest:
        """The evaluated draft: 14 nights of boarding from a week ahead for the first household
        with two dogs, one with a bath and a daily walk."""
        household = self.drafted
        first = self.today() + timedelta(days=DRAFT_LEAD_DAYS)
        return BookingRequest(
            location_id=self.location_id,
            type_id=self.boarding.id,
            start=self.local(first, 15),
            end=self.local(first + timedelta(days=DRAFT_NIGHTS), 10),
            pets=((household.dogs[0], (self.bath, self.walk)), (household.dogs[1], ())),
            owner_id=household.owner_id,
        )

    def pool_of(self, kind: ReservationType) -> CapacityPool | None:
        """The pool a type draws on (grooming has none)."""
        return {self.boarding.id: self.runs, self.daycare.id: self.yard}.get(kind.id)


def _ok(result: Result[T, Rejection]) -> T:
    """The value of a successful use case; a refused one stops the benchmark."""
    if isinstance(result, Failure):
        raise RuntimeError(f"a set-up step was refused: {'; '.join(result.failure().messages)}")
    return result.unwrap()


class Ids:
    """Fresh ids from the deployment's allocator, fetched a block at a time: on PostgreSQL one
    statement per block from the ``petcare_ids`` sequence (the writes then cost their inserts
    only), elsewhere through a platform unit of work's ``new_id``."""

    def __init__(self, url: str, factory: UnitOfWorkFactory) -> None:
        self._url = url
        self._factory = factory
        self._block: list[int] = []

    def _fetch(self, count: int) -> list[int]:
        if self._url.startswith("postgresql"):
            import psycopg

            with psycopg.connect(self._url, autocommit=True) as connection:
                rows = connection.execute(
                    "SELECT nextval('petcare_ids') FROM generate_series(1, %s)", (count,)
                ).fetchall()
            return [row[0] for row in rows]
        with self._factory.platform() as platform_uow:
            return [platform_uow.new_id() for _ in range(count)]

    def __call__(self) -> int:
        """The next id."""
        if not self._block:
            self._block = self._fetch(BATCH * 5)[::-1]
        return self._block.pop()


# The facilities


def open_shop(services: PetcareServices, ids: Ids, n_owners: int, n_animals: int) -> Shop:
    """A facility with ``n_owners`` households and ``n_animals`` pets, its booking catalog and
    every pet's vaccines, evaluation and household's signature on file."""
    factory = services.uow_factory
    data = build_dataset(factory, n_owners, n_animals)
    settings = FacilitySettings(
        multi_pet_discount=Decimal("0.10"), evaluation_valid_days=180, immunization_grace_days=0
    )
    data = attrs.evolve(data, facility=attrs.evolve(data.facility, settings=settings))
    save(factory, data)  # the facility, its species and breeds, owners and animals
    fid = data.facility.id
    with factory.for_facility(fid) as uow:
        location_id = LocationId(uow.new_id())
        uow.locations.add(
            Location(location_id, fid, "Main", city="Portland", tax_rate=Decimal("0.0825"))
        )
        uow.commit()
    permissions = {
        Permission.API_ACCESS,
        Permission.RESERVATIONS_READ,
        Permission.RESERVATIONS_MANAGE,
        Permission.OWNERS_READ,
        Permission.ANIMALS_READ,
    }
    staff = _ok(
        services.create_staff_user(
            fid,
            OPERATOR,
            NewStaffUser("bench", "Ben", "Chmark", StaffRole.EMPLOYEE, permissions=permissions),
        )
    )
    groomer = _ok(
        services.create_staff_user(
            fid, OPERATOR, NewStaffUser("groomer", "Sam", "Okoye", StaffRole.EMPLOYEE)
        )
    )
    key = _ok(services.create_api_key(fid, staff.id, "bench", actor=OPERATOR)).plain_key
    species = {item.id: item.name for item in data.species}
    vaccines: dict[Any, list[Any]] = {}
    bordetella = None
    for species_id, name in species.items():
        for vaccine, required in SPECIES_VACCINES.get(name, CAT_VACCINES):
            kind = _ok(
                services.add_immunization_type(
                    fid, OPERATOR, species_id, vaccine, required=required
                )
            )
            vaccines.setdefault(species_id, []).append(kind)
            if vaccine == "Bordetella":
                bordetella = kind.id
    agreement = _ok(
        services.create_agreement(
            fid, OPERATOR, "Boarding & daycare agreement", "Vaccinations current; play in groups."
        )
    )
    agreements = frozenset({agreement.id})
    vaccinated = frozenset({bordetella} if bordetella else ())

    def define(details: ReservationTypeDetails) -> ReservationType:
        return _ok(services.define_reservation_type(fid, OPERATOR, details))

    boarding = define(ReservationTypeDetails(
        name="Boarding", unit=PricingUnit.NIGHT, base_price=Decimal("55.00"),
        required_immunization_type_ids=vaccinated, required_agreement_ids=agreements,
        requires_evaluation=True, cancellation_hours=48, deposit_amount=Decimal("50.00"),
    ))  # fmt: skip
    daycare = define(ReservationTypeDetails(
        name="Daycare", unit=PricingUnit.DAY, base_price=Decimal("38.00"),
        required_agreement_ids=agreements, requires_evaluation=True, cancellation_hours=12,
    ))  # fmt: skip
    grooming = define(ReservationTypeDetails(
        name="Grooming", unit=PricingUnit.APPOINTMENT, base_price=Decimal("65.00"),
        appointment_minutes=60, assigns_staff=True,
    ))  # fmt: skip
    bath, walk = (
        _ok(services.define_additional_service(fid, OPERATOR, details))
        for details in (
            AdditionalServiceDetails(
                name="Bath", price=Decimal("25.00"), type_ids={boarding.id, daycare.id}
            ),
            AdditionalServiceDetails(
                name="Extra walk", price=Decimal("8.00"), charge=AddOnCharge.PER_UNIT,
                type_ids={boarding.id},
            ),
        )
    )  # fmt: skip
    runs, yard = (
        _ok(services.define_capacity_pool(fid, OPERATOR, CapacityPoolDetails(
            location_id=location_id, name=name, kind=kind, capacity=capacity, type_ids={type_id}
        )))
        for name, kind, capacity, type_id in (
            ("Boarding runs", PoolKind.ROOM, RUNS, boarding.id),
            ("Daycare yard", PoolKind.AREA, YARD, daycare.id),
        )
    )  # fmt: skip
    dog_species = {sid for sid, name in species.items() if name == "Dog"}
    dogs: dict[OwnerId, list[AnimalId]] = {}
    pets: dict[OwnerId, list[AnimalId]] = {}
    for animal in data.animals:
        pets.setdefault(animal.owner_id, []).append(animal.id)
        if animal.species_id in dog_species:
            dogs.setdefault(animal.owner_id, []).append(animal.id)
    households = tuple(
        Household(owner.id, tuple(dogs.get(owner.id, ())), tuple(pets[owner.id]))
        for owner in data.owners
    )
    shop = Shop(
        fid, location_id, ZoneInfo(data.facility.timezone), staff, groomer.id, key,
        boarding, daycare, grooming, runs, yard, bath.id, walk.id, households,
    )  # fmt: skip
    _records_on_file(factory, ids, shop, data.animals, vaccines, agreement.id)
    return shop


def _records_on_file(
    factory: UnitOfWorkFactory,
    ids: Ids,
    shop: Shop,
    animals: Sequence[Any],
    vaccines: dict[Any, list[Any]],
    agreement_id: Any,
) -> None:
    """Every pet's verified vaccines and passed evaluation, every household's signature."""
    now = datetime.now(UTC)
    today = shop.today()
    evaluated = shop.local(today - timedelta(days=EVALUATED_DAYS_AGO), 10)
    fid = shop.facility_id
    with factory.for_facility(fid) as uow:
        for number, animal in enumerate(animals, 1):
            for kind in vaccines[animal.species_id]:
                uow.immunizations.add(
                    ImmunizationRecord(
                        ImmunizationRecordId(ids()), fid, animal.id, kind.id,
                        expires_on=today + timedelta(days=400), source=RecordSource.STAFF,
                        status=RecordStatus.VERIFIED, created_at=now,
                        administered_on=today - timedelta(days=300),
                    )
                )  # fmt: skip
            uow.evaluations.add(
                Evaluation(
                    EvaluationId(ids()), fid, animal.id, EvaluationResult.PASS,
                    evaluated, shop.staff.id,
                )
            )  # fmt: skip
            if number % BATCH == 0:
                uow.commit()
        for number, household in enumerate(shop.households, 1):
            uow.agreement_signatures.add(
                AgreementSignature(
                    AgreementSignatureId(ids()), fid, agreement_id, 1, household.owner_id,
                    "Pet Parent", now, "192.168.10.20", None,
                )
            )  # fmt: skip
            if number % BATCH == 0:
                uow.commit()
        uow.commit()


# Reservations


def _pick_pets(rng: random.Random, shop: Shop, dogs_only: bool) -> tuple[OwnerId, list[AnimalId]]:
    """One pet of a random household, sometimes two of the same household; never the
    draft's household (a pet is on one stay at a time, so a booking of its dogs would make the
    draft unbookable)."""
    while True:
        household = rng.choice(shop.households)
        choices = household.dogs if dogs_only else household.pets
        if choices and household is not shop.drafted:
            break
    count = 2 if len(choices) >= 2 and rng.random() < 0.25 else 1
    return household.owner_id, rng.sample(list(choices), count)


def _stay(
    rng: random.Random, shop: Shop, day: date
) -> tuple[ReservationType, datetime, datetime, OwnerId, tuple[ReservationLine, ...]]:
    """A stay starting on ``day``: daycare 55 %, boarding 35 %, grooming 10 %."""
    draw = rng.random()
    if draw < 0.55:
        kind = shop.daycare
        start = shop.local(day, 7, rng.choice((30, 45)) if rng.random() < 0.5 else 0)
        end = shop.local(day, rng.choice((16, 17, 18)), rng.choice((0, 30)))
    elif draw < 0.9:
        kind = shop.boarding
        start = shop.local(day, rng.choice((14, 15, 16, 17)))
        end = shop.local(day + timedelta(days=rng.choice(NIGHTS)), rng.choice((9, 10, 11)))
    else:
        kind = shop.grooming
        start = shop.local(day, rng.randrange(9, 16))
        end = start + timedelta(minutes=60)
    owner_id, pets = _pick_pets(rng, shop, dogs_only=kind is not shop.boarding)
    lines = []
    for pet in pets:
        services: list[AdditionalServiceId] = []
        if kind is not shop.grooming and rng.random() < 0.15:
            services.append(shop.bath)
        if kind is shop.boarding and rng.random() < 0.2:
            services.append(shop.walk)
        lines.append(ReservationLine(pet, tuple(services)))
    return kind, start, end, owner_id, tuple(lines)


def _booked(
    rng: random.Random, start: datetime, owner_id: OwnerId, staff: HistoryActor
) -> list[StatusChange]:
    """How a stay was booked: requested through the portal and confirmed, or booked by staff."""
    created = start - timedelta(days=rng.randrange(1, 40), minutes=rng.randrange(600))
    if rng.random() < 0.6:
        confirmed = created + timedelta(hours=rng.randrange(1, 20))
        return [
            StatusChange(S.REQUESTED, created, HistoryActor.owner(owner_id)),
            StatusChange(S.CONFIRMED, min(confirmed, start - timedelta(minutes=30)), staff),
        ]
    return [StatusChange(S.CONFIRMED, created, staff)]


def past_reservation(
    rng: random.Random, shop: Shop, reservation_id: ReservationId, day: date
) -> Reservation:
    """A stay that started on ``day`` (in the past) and is over: checked out (90 %),
    cancelled by the household (7 %) or a no-show (3 %)."""
    kind, start, end, owner_id, lines = _stay(rng, shop, day)
    staff = HistoryActor.staff(shop.staff.id)
    history = _booked(rng, start, owner_id, staff)
    draw = rng.random()
    cancellation = None
    if draw < 0.9:
        status = S.CHECKED_OUT
        arrived = start + timedelta(minutes=rng.randrange(20))
        history.append(StatusChange(S.CHECKED_IN, arrived, staff))
        history.append(StatusChange(S.CHECKED_OUT, max(end, arrived + timedelta(minutes=5)), staff))
    elif draw < 0.97:
        status = S.CANCELLED
        at = history[-1].at + (start - history[-1].at) / 2
        cancellation = Cancellation("Plans changed", HistoryActor.owner(owner_id), late=False)
        history.append(StatusChange(S.CANCELLED, at, HistoryActor.owner(owner_id)))
    else:
        status = S.NO_SHOW
        history.append(StatusChange(S.NO_SHOW, start + timedelta(hours=4), staff))
    return Reservation(
        reservation_id, shop.facility_id, shop.location_id, owner_id, kind.id, start, end, lines,
        status, tuple(history), shop.groomer_id if kind is shop.grooming else None, cancellation,
    )  # fmt: skip


def upcoming_reservation(
    rng: random.Random, shop: Shop, reservation_id: ReservationId, day: date
) -> Reservation:
    """A confirmed stay starting on ``day`` (in the future)."""
    kind, start, end, owner_id, lines = _stay(rng, shop, day)
    now = datetime.now(UTC)
    history = [
        attrs.evolve(change, at=min(change.at, now - timedelta(minutes=1)))
        for change in _booked(rng, start, owner_id, HistoryActor.staff(shop.staff.id))
    ]
    return Reservation(
        reservation_id, shop.facility_id, shop.location_id, owner_id, kind.id, start, end, lines,
        S.CONFIRMED, tuple(history), shop.groomer_id if kind is shop.grooming else None,
    )  # fmt: skip


def last_past_start(shop: Shop) -> date:
    """The latest day a past reservation starts: every stay (14 nights at most) has ended."""
    return shop.today() - timedelta(days=max(NIGHTS) + 2)


def _write(
    factory: UnitOfWorkFactory,
    fid: FacilityId,
    count: int,
    make: Callable[[int], Reservation],
) -> list[Reservation]:
    """Add ``count`` reservations made by ``make(number)``, ``BATCH`` per unit of work;
    returns those that hold places (the others are dropped as soon as written)."""
    holding = []
    with factory.for_facility(fid) as uow:
        for number in range(count):
            reservation = make(number)
            uow.reservations.add(reservation)
            if reservation.status is S.CONFIRMED:
                holding.append(reservation)
            if (number + 1) % BATCH == 0:
                uow.commit()
        uow.commit()
    return holding


def write_history(
    factory: UnitOfWorkFactory, ids: Ids, shop: Shop, count: int, per_day: int
) -> float:
    """``count`` past reservations, ``per_day`` starting each day back from
    ``last_past_start``; returns the reservations written per second."""
    rng = random.Random(20260602)
    last = last_past_start(shop)

    def make(number: int) -> Reservation:
        day = last - timedelta(days=number // per_day)
        return past_reservation(rng, shop, ReservationId(ids()), day)

    started = time.perf_counter()
    _write(factory, shop.facility_id, count, make)
    return count / (time.perf_counter() - started)


def write_upcoming(
    factory: UnitOfWorkFactory, ids: Ids, shop: Shop, days: int, per_day: int
) -> int:
    """Confirmed stays starting on each of the next ``days`` days, ``per_day`` a day, with the
    capacity ledger that counts them (as the write paths keep it); how many were written."""
    rng = random.Random(20260603)
    first = shop.today() + timedelta(days=1)

    def make(number: int) -> Reservation:
        day = first + timedelta(days=number // per_day)
        return upcoming_reservation(rng, shop, ReservationId(ids()), day)

    holding = _write(factory, shop.facility_id, days * per_day, make)
    kinds = {shop.boarding.id: shop.boarding, shop.daycare.id: shop.daycare}
    used: dict[Any, dict[date, int]] = {shop.runs.id: {}, shop.yard.id: {}}
    for reservation in holding:
        kind = kinds.get(reservation.type_id)
        pool = None if kind is None else shop.pool_of(kind)
        if kind is None or pool is None:
            continue
        places = demand(pool, reservation)
        counts = used[pool.id]
        for day in occupied_days(kind.unit, reservation.start, reservation.end, shop.zone):
            counts[day] = counts.get(day, 0) + places
    with factory.for_facility(shop.facility_id) as uow:
        for pool in (shop.runs, shop.yard):
            uow.capacity_ledger.save(CapacityLedger(pool.id, pool.capacity, used[pool.id]))
        uow.commit()
    return len(holding)


@attrs.frozen
class Prepared:
    """The two facilities of one database, and how long writing their history took."""

    small: Shop
    large: Shop
    history_per_second: float


def prepare(url: str, args: argparse.Namespace) -> Prepared:
    """Migrate the database at ``url`` and build both facilities in it."""
    storage = open_storage(url)
    try:
        storage.upgrade()
    finally:
        storage.close()
    services, close = build(Settings(database_url=url))
    shops: list[Shop] = []
    rate = 0.0
    try:
        factory = services.uow_factory
        ids = Ids(url, factory)
        for count in (args.small, args.large):
            shop = open_shop(services, ids, args.owners, args.animals)
            write_upcoming(factory, ids, shop, FUTURE_DAYS, FUTURE_PER_DAY)
            rate = write_history(factory, ids, shop, count, args.per_day)
            shops.append(shop)
    finally:
        close()
    analyze(url)
    return Prepared(shops[0], shops[1], rate)


def analyze(url: str) -> None:
    """On PostgreSQL, gather the planner's statistics, as autovacuum does soon after a bulk
    load (without them the planner takes the fresh tables for empty). SQLite keeps none
    unless told to, and petcare never tells it, so it runs as it would in production."""
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")


# Evaluation latency


def evaluation_latency(url: str, small: Shop, large: Shop, count: int) -> tuple[float, float]:
    """The median seconds of ``evaluate_booking_as_staff`` of each facility's draft, ``count``
    times each, alternately (after a few unmeasured runs)."""
    services, close = build(Settings(database_url=url))
    try:
        runs: dict[FacilityId, list[float]] = {small.facility_id: [], large.facility_id: []}
        drafts = [(shop, shop.draft()) for shop in (small, large)]
        for shop, draft in drafts:
            evaluation = _ok(
                services.evaluate_booking_as_staff(shop.facility_id, shop.staff, draft)
            )
            if evaluation.blocking or evaluation.estimate is None:
                codes = ", ".join(reason.code for reason in evaluation.blocking)
                raise RuntimeError(f"the benchmark draft is not bookable: {codes or 'no estimate'}")
        for turn in range(count + 3):
            for shop, draft in drafts:
                started = time.perf_counter()
                services.evaluate_booking_as_staff(shop.facility_id, shop.staff, draft)
                elapsed = time.perf_counter() - started
                if turn >= 3:
                    runs[shop.facility_id].append(elapsed)
        return statistics.median(runs[small.facility_id]), statistics.median(
            runs[large.facility_id]
        )
    finally:
        close()


# The reservation list against a raw driver


def _names(columns: Sequence[Any]) -> list[str]:
    return [f"{column.table.name}.{column.name}" for column in columns]


_HEADS = ", ".join(_names(RESERVATION_COLUMNS))
_WINDOW = "r.facility_id = %s AND r.start_at < %s AND r.end_at > %s"
RAW_SQL = (
    f"SELECT {_HEADS} FROM reservations WHERE facility_id = %s AND start_at < %s AND end_at > %s"
    " ORDER BY start_at, id",
    f"SELECT {', '.join(_names(LINE_COLUMNS))} FROM reservation_lines "
    f"JOIN reservations ON reservations.id = reservation_lines.reservation_id "
    f"WHERE {_WINDOW.replace('r.', 'reservations.')} "
    "ORDER BY reservation_lines.reservation_id, reservation_lines.position",
    f"SELECT {', '.join(_names(HISTORY_COLUMNS))} FROM reservation_history "
    f"JOIN reservations ON reservations.id = reservation_history.reservation_id "
    f"WHERE {_WINDOW.replace('r.', 'reservations.')} "
    "ORDER BY reservation_history.reservation_id, reservation_history.position",
)
HEAD_NAMES = [column.name for column in RESERVATION_COLUMNS]
LINE_NAMES = [column.name for column in LINE_COLUMNS]
HISTORY_NAMES = [column.name for column in HISTORY_COLUMNS]

Rows = tuple[list[Any], list[Any], list[Any]]


def raw_reservations_json(heads: list[Any], lines: list[Any], history: list[Any]) -> bytes:
    """The baseline's work after the fetch: each reservation's columns with its lines and its
    history nested, keyed by id, as JSON (values as strings, as the Gingr rows have them)."""

    def row(names: list[str], values: Sequence[Any]) -> dict[str, Any]:
        return {
            name: None if value is None else str(value)
            for name, value in zip(names, values, strict=True)
        }

    nested: dict[str, dict[str, Any]] = {}
    for head in heads:
        item = row(HEAD_NAMES, head)
        item["lines"], item["history"] = [], []
        nested[str(head[0])] = item
    for line in lines:
        nested[str(line[0])]["lines"].append(row(LINE_NAMES, line))
    for change in history:
        nested[str(change[0])]["history"].append(row(HISTORY_NAMES, change))
    payload = {"success": True, "error": False, "data": nested}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def list_window(shop: Shop, days: int) -> tuple[date, date, datetime, datetime]:
    """The ``days`` days (both ends included) of history the list asks for, and the instants
    they stand for (the start of the first local day, the end of the last)."""
    last = last_past_start(shop)
    first = last - timedelta(days=days - 1)
    return first, last, shop.local(first, 0), shop.local(last + timedelta(days=1), 0)


def _timed(run: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def list_figures(
    url: str, shop: Shop, args: argparse.Namespace, raw_fetch: Callable[[tuple[Any, ...]], Rows]
) -> tuple[float, float, int]:
    """The best time of ``POST /api/v1/reservations`` for the window and of the raw baseline,
    measured alternately, and how many reservations the window holds."""
    first, last, since, until = list_window(shop, args.window)
    port = _free_port()
    servers = start(serve_petcare, (url, args.threads, 0.0, port), 1)
    try:
        endpoint = f"http://127.0.0.1:{port}/api/v1/reservations"
        form = f"key={shop.api_key}&start_date={first}&end_date={last}".encode()
        answer = json.loads(_get(endpoint, form))
        if not answer.get("success"):
            raise RuntimeError(f"POST /api/v1/reservations refused: {str(answer)[:300]}")
        count = len(answer["data"])
        parameters = (shop.facility_id, until, since)

        def raw() -> bytes:
            return raw_reservations_json(*raw_fetch(parameters))

        raw_count = len(json.loads(raw())["data"])
        if raw_count != count:
            raise RuntimeError(f"the raw query found {raw_count} reservations, the API {count}")
        api_times, raw_times = [], []
        for _ in range(args.repeat):
            api_times.append(_timed(lambda: _get(endpoint, form)))
            raw_times.append(_timed(raw))
    finally:
        stop(servers)
    return min(api_times), min(raw_times), count


def sqlite_fetch(path: Path) -> Callable[[tuple[Any, ...]], Rows]:
    """The raw baseline on SQLite: the stdlib driver, instants bound as the adapter stores them
    (UTC ISO text)."""
    statements = [sql.replace("%s", "?") for sql in RAW_SQL]

    def fetch(parameters: tuple[Any, ...]) -> Rows:
        fid, until, since = parameters
        bound = (fid, _utc_text(until), _utc_text(since))
        connection = sqlite3.connect(path)
        try:
            heads, lines, history = (
                connection.execute(sql, bound).fetchall() for sql in statements
            )
        finally:
            connection.close()
        return heads, lines, history

    return fetch


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# Accepted bookings per second


def booking_nights(shop: Shop, clients: int, client: int, offset: int) -> Iterator[tuple[Any, ...]]:
    """The bookings client ``client`` of ``clients`` makes, from its ``offset``-th on: a
    one-night boarding stay of one of its dogs each, no (dog, night) used twice in a run and
    concurrent clients on different nights (so that they do not queue for the same rows of
    the ledger)."""
    mine = [(h.owner_id, dog) for h in shop.households for dog in h.dogs][client::clients]
    first = shop.today() + timedelta(days=BOOK_FIRST_DAY)
    number = offset
    while True:
        owner_id, dog = mine[number % len(mine)]
        night = ((number // len(mine)) * clients + client) % BOOK_DAYS
        day = first + timedelta(days=night)
        yield owner_id, dog, shop.local(day, 15), shop.local(day + timedelta(days=1), 10)
        number += 1


BOOK_PATH = "/staff/api/reservations"


def book_body(shop: Shop, owner_id: Any, dog: Any, start: datetime, end: datetime) -> bytes:
    """The staff API's book request for one dog's stay."""
    return json.dumps(
        {
            "owner_id": owner_id,
            "location_id": shop.location_id,
            "type_id": shop.boarding.id,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "pets": [{"animal_id": dog, "add_on_ids": []}],
        }
    ).encode()


async def _book_over_http(
    port: int, shop: Shop, clients: int, seconds: float, offset: int
) -> tuple[int, int, list[str]]:
    import aiohttp

    deadline = time.monotonic() + seconds
    accepted, refused = 0, 0
    samples: list[str] = []
    headers = {"Authorization": f"Bearer {shop.api_key}", "Content-Type": "application/json"}
    url = f"http://127.0.0.1:{port}{BOOK_PATH}"

    async def client(session: aiohttp.ClientSession, number: int) -> None:
        nonlocal accepted, refused
        nights = booking_nights(shop, clients, number, offset)
        while time.monotonic() < deadline:
            body = book_body(shop, *next(nights))
            async with session.post(url, data=body, headers=headers) as response:
                text = await response.read()
                if response.status in (200, 201):
                    accepted += 1
                else:
                    refused += 1
                    if len(samples) < 3:
                        samples.append(f"{response.status} {text[:300]!r}")

    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(client(session, number) for number in range(clients)))
    return accepted, refused, samples


def book_over_http(
    port: int, shop: Shop, clients: int, seconds: float, offset: int
) -> tuple[int, int, list[str]]:
    """Process target: ``clients`` concurrent clients book through the staff API for
    ``seconds``; (accepted, refused, a few refusals)."""
    return asyncio.run(_book_over_http(port, shop, clients, seconds, offset))


@attrs.frozen
class Throughput:
    """Accepted bookings per second (best run), the refusals, and how they were made."""

    per_second: float
    refused: int
    via: str


def booking_throughput(
    url: str, shop: Shop, args: argparse.Namespace, pool: ProcessPoolExecutor
) -> Throughput:
    """Best of ``--repeat`` runs (after a short warm-up) of ``--book-seconds``."""
    rates: list[float] = []
    refused, offset = 0, 0
    via = f"staff API ({BOOK_PATH}), {args.servers} server processes"
    port = _free_port()
    servers = start(serve_petcare, (url, args.threads, 0.0, port), args.servers)
    try:
        for turn in range(args.repeat + 1):
            seconds = 2.0 if turn == 0 else args.book_seconds
            started = time.monotonic()
            done, failed, samples = pool.submit(
                book_over_http, port, shop, args.clients, seconds, offset
            ).result()
            offset += done + failed
            if turn:
                rates.append(done / (time.monotonic() - started))
                refused += failed
            if failed and samples and turn == args.repeat:
                print(f"refused bookings, e.g.: {samples}")
    finally:
        stop(servers)
    return Throughput(max(rates), refused, via)


# Legs and report


@attrs.frozen
class Figures:
    """One storage's measurements."""

    name: str
    history_per_second: float
    small_seconds: float
    large_seconds: float
    list_seconds: float
    raw_seconds: float
    listed: int
    throughput: Throughput | None


def leg(
    name: str,
    url: str,
    args: argparse.Namespace,
    raw_fetch: Callable[[tuple[Any, ...]], Rows],
    pool: ProcessPoolExecutor | None,
) -> Figures:
    """Every measurement on the storage at ``url``."""
    started = time.perf_counter()
    prepared = prepare(url, args)
    print(f"{name}: data written in {time.perf_counter() - started:.0f} s", flush=True)
    small, large = evaluation_latency(url, prepared.small, prepared.large, args.evaluations)
    list_seconds, raw_seconds, listed = list_figures(url, prepared.large, args, raw_fetch)
    throughput = None if pool is None else booking_throughput(url, prepared.large, args, pool)
    return Figures(
        name, prepared.history_per_second, small, large, list_seconds, raw_seconds, listed,
        throughput,
    )  # fmt: skip


def sqlite_leg(args: argparse.Namespace, directory: Path) -> Figures:
    """SQLite in a temporary file, against the stdlib sqlite3 driver."""
    path = directory / "bench-booking.db"
    return leg("sqlite", f"sqlite:///{path}", args, sqlite_fetch(path), None)


def postgresql_leg(args: argparse.Namespace, admin_url: str, pool: ProcessPoolExecutor) -> Figures:
    """PostgreSQL in a database of its own, against a psycopg cursor."""
    import psycopg

    with bench_database(admin_url) as url, psycopg.connect(url) as connection:

        def fetch(parameters: tuple[Any, ...]) -> Rows:
            with connection.cursor() as cursor:
                heads, lines, history = (
                    cursor.execute(sql, parameters).fetchall() for sql in RAW_SQL
                )
            connection.rollback()  # end the transaction, as a unit of work does
            return heads, lines, history

        return leg("postgresql", url, args, fetch, pool)


def verdicts(item: Figures) -> list[str]:
    """The target lines of one storage."""
    growth = item.large_seconds / item.small_seconds
    listing = item.list_seconds / item.raw_seconds
    lines = [
        f"{item.name}: evaluation large / small = {growth:.2f} "
        f"({'ok' if growth <= 1.5 else 'ABOVE the 1.5 target'}); "
        f"list / raw = {listing:.2f} ({'ok' if listing <= 2.0 else 'ABOVE the 2.0 target'})"
    ]
    if item.throughput is not None:
        lines.append(
            f"{item.name}: {item.throughput.per_second:,.1f} accepted bookings/s through "
            f"{item.throughput.via}; {item.throughput.refused} refused"
        )
    return lines


def report(args: argparse.Namespace, results: list[Figures]) -> None:
    """Print the figures and the verdicts."""
    print(f"machine: {machine()}")
    print(
        f"{args.owners:,} owners, {args.animals:,} animals per facility; {args.small:,} vs "
        f"{args.large:,} past reservations ({args.per_day} a day); median of "
        f"{args.evaluations} evaluations; list of {args.window} days, best of {args.repeat}"
    )
    print(
        f"{'storage':<11} {'history/s':>9} {'eval small ms':>13} {'eval large ms':>13} "
        f"{'ratio':>6}   {'listed':>6} {'list ms':>8} {'raw ms':>7} {'ratio':>6}   "
        f"{'bookings/s':>10}"
    )
    for item in results:
        rate = "" if item.throughput is None else f"{item.throughput.per_second:10,.1f}"
        print(
            f"{item.name:<11} {item.history_per_second:9,.0f} {item.small_seconds * 1000:13.2f} "
            f"{item.large_seconds * 1000:13.2f} {item.large_seconds / item.small_seconds:6.2f}   "
            f"{item.listed:6,} {item.list_seconds * 1000:8.1f} {item.raw_seconds * 1000:7.1f} "
            f"{item.list_seconds / item.raw_seconds:6.2f}   {rate:>10}"
        )
    for item in results:
        for line in verdicts(item):
            print(line)


def parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n", 1)[0])
    parser.add_argument("--owners", type=int, default=2_000)
    parser.add_argument("--animals", type=int, default=3_000)
    parser.add_argument("--small", type=int, default=1_000, help="past reservations (small)")
    parser.add_argument("--large", type=int, default=100_000, help="past reservations (large)")
    parser.add_argument("--per-day", type=int, default=150, help="past reservations a day")
    parser.add_argument("--window", type=int, default=30, help="days the list asks for")
    parser.add_argument("--evaluations", type=int, default=101, help="evaluations of each")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the list and bookings")
    parser.add_argument("--servers", type=int, default=2, help="server processes (bookings)")
    parser.add_argument(
        "--threads", type=int, default=5, help="use-case threads (and connections) per server"
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent booking clients")
    parser.add_argument("--book-seconds", type=float, default=10.0, help="length of a run")
    parser.add_argument("--postgres-url", default=os.environ.get("PETCARE_TEST_POSTGRES_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Run each leg and print the report."""
    command = parser()
    args = command.parse_args(argv)
    if args.animals < args.owners:
        command.error("--animals must be at least --owners (every owner gets an animal)")
    results = []
    with ProcessPoolExecutor(max_workers=1, mp_context=SPAWN) as pool:
        if not args.skip_sqlite:
            with tempfile.TemporaryDirectory() as directory:
                results.append(sqlite_leg(args, Path(directory)))
        if args.postgres_url:
            results.append(postgresql_leg(args, args.postgres_url, pool))
        else:
            print("PostgreSQL leg skipped: pass --postgres-url or set PETCARE_TEST_POSTGRES_URL")
    report(args, results)


if __name__ == "__main__":
    main()
