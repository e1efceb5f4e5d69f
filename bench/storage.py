"""Storage benchmark: save and load throughput, and the SQL adapter's cost over a raw driver.

    python bench/storage.py [--owners 10000] [--animals 15000] [--repeat 9]
                            [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]

For memory, SQLite (a temporary file) and PostgreSQL (a database created for the run and dropped
after it; only with --postgres-url or PETCARE_TEST_POSTGRES_URL), it builds one facility with the
given numbers of owners and animals through the repositories, then measures:

- save: records added per second (``add`` calls, committed every 1,000 records; ids allocated
  and records built beforehand, so only storage work is timed);
- load: records per second read by ``uow.owners.list()`` + ``uow.animals.list()`` in one unit of
  work, best of ``--repeat`` runs;
- ratio: that load time over a raw driver query (sqlite3 / psycopg cursor) fetching the same
  columns of the same rows, best of ``--repeat`` runs, the two measured alternately.

Times on shared machines are noisy: read the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import attrs

from petcare_adapters.sqlalchemy import open_storage
from petcare_adapters.sqlalchemy.rows_people import ANIMAL_COLUMNS, OWNER_COLUMNS
from petcare_core.domain.animal import Animal, AnimalStatus, IncidentReport, Sex
from petcare_core.domain.catalog import Breed, Species
from petcare_core.domain.facility import Facility, FacilitySettings
from petcare_core.domain.ids import (
    AnimalId,
    BreedId,
    FacilityId,
    OwnerId,
    SpeciesId,
)
from petcare_core.domain.owner import Address, CommunicationPreferences, Owner
from petcare_core.ports.unit_of_work import UnitOfWorkFactory

BATCH = 1000
FIRST_NAMES = ["Ana", "Bram", "Chloé", "Dev", "Émile", "Farah", "Gus", "Hana", "Iñigo", "Jo"]
LAST_NAMES = ["Nguyen", "Smith", "Müller", "García", "O'Brien", "Kowalski", "Rossi", "Lee"]
PET_NAMES = ["Rex", "Luna", "Milo", "Bella", "Réglisse", "Coco", "Max", "Nala", "Toby", "Kiwi"]
CITIES = [("Portland", "OR", "97201"), ("Austin", "TX", "73301"), ("Montréal", "QC", "H2X 1Y4")]


@attrs.frozen
class Dataset:
    """One facility's records, ready to add."""

    facility: Facility
    species: list[Species]
    breeds: list[Breed]
    owners: list[Owner]
    animals: list[Animal]

    @property
    def loaded_records(self) -> int:
        """How many records a load returns."""
        return len(self.owners) + len(self.animals)


@attrs.frozen
class Result:
    """One storage's figures."""

    name: str
    save_per_second: float
    load_seconds: float
    raw_seconds: float | None
    records: int


def build_dataset(factory: UnitOfWorkFactory, n_owners: int, n_animals: int) -> Dataset:
    """Records with ids from ``factory`` and deterministic, realistic values."""
    rng = random.Random(20260601)
    with factory.platform() as platform_uow:
        facility_id = FacilityId(platform_uow.new_id())
        ids = [platform_uow.new_id() for _ in range(4 + n_owners + n_animals)]
    suffix = uuid.uuid4().hex[:8]
    now = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
    facility = Facility(
        facility_id, f"bench-{suffix}", "Bench Pet Resort", "America/Chicago", "USD",
        f"invite-{suffix}", FacilitySettings(), now,
    )  # fmt: skip
    dog, cat = SpeciesId(ids[0]), SpeciesId(ids[1])
    species = [Species(dog, facility_id, "Dog"), Species(cat, facility_id, "Cat")]
    breeds = [
        Breed(BreedId(ids[2]), facility_id, dog, "Labrador"),
        Breed(BreedId(ids[3]), facility_id, cat, "Siamese"),
    ]
    owners = [_owner(rng, OwnerId(ids[4 + i]), facility_id, now) for i in range(n_owners)]
    animal_ids = ids[4 + n_owners :]
    animals = []
    for i, animal_id in enumerate(animal_ids):
        # Every owner gets one animal, then the rest go to random owners.
        owner = owners[i] if i < n_owners else rng.choice(owners)
        kind = rng.random() < 0.7
        animals.append(
            _animal(
                rng, AnimalId(animal_id), owner, (dog if kind else cat), breeds[0 if kind else 1]
            )
        )
    return Dataset(facility, species, breeds, owners, animals)


def _owner(rng: random.Random, owner_id: OwnerId, facility_id: FacilityId, now: datetime) -> Owner:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    city, region, postal = rng.choice(CITIES)
    created = now - timedelta(days=rng.randrange(2000), microseconds=rng.randrange(10**6))
    return Owner(
        id=owner_id,
        facility_id=facility_id,
        first_name=first,
        last_name=last,
        created_at=created,
        modified_at=created + timedelta(days=rng.randrange(30)),
        email=f"{first}.{last}.{owner_id}@example.com".lower(),
        cell_phone=f"+1503555{owner_id % 10000:04d}",
        home_phone="" if rng.random() < 0.7 else f"+1503666{owner_id % 10000:04d}",
        address=Address(f"{rng.randrange(1, 9999)} Main St", "", city, region, postal, "US"),
        emergency_contact_name=rng.choice(["", "Sam Lee"]),
        emergency_contact_phone=rng.choice(["", "+15035550100"]),
        communication=CommunicationPreferences(email_marketing=rng.random() < 0.6),
        custom_fields={"referral": "Google", "gate_code": "1234"} if rng.random() < 0.3 else {},
        employee_notes="Prefers morning drop-off" if rng.random() < 0.2 else "",
        custom_icons=("vip",) if rng.random() < 0.05 else (),
    )


def _animal(
    rng: random.Random, animal_id: AnimalId, owner: Owner, species_id: SpeciesId, breed: Breed
) -> Animal:
    incidents = (
        (IncidentReport(date(2025, 3, 1), "Scratched the gate", None),)
        if rng.random() < 0.02
        else ()
    )
    return Animal(
        id=animal_id,
        facility_id=owner.facility_id,
        owner_id=owner.id,
        name=rng.choice(PET_NAMES),
        species_id=species_id,
        created_at=owner.created_at,
        modified_at=owner.modified_at,
        breed_id=breed.id if rng.random() < 0.6 else None,
        sex=rng.choice([Sex.MALE, Sex.FEMALE]),
        birthday=date(2015, 1, 1) + timedelta(days=rng.randrange(3000)),
        weight=Decimal(rng.randrange(20, 1200)) / 10,
        colour=rng.choice(["Black", "Tan", "White", "Brindle"]),
        altered=rng.random() < 0.8,
        feeding_notes="1 cup twice a day" if rng.random() < 0.5 else "",
        medication_notes="",
        allergies="Chicken" if rng.random() < 0.1 else "",
        status=AnimalStatus.ACTIVE,
        custom_fields={"crate": "yes"} if rng.random() < 0.2 else {},
        incident_reports=incidents,
    )


def save(factory: UnitOfWorkFactory, data: Dataset) -> float:
    """Add the dataset; returns records saved per second (facility and catalog not timed)."""
    with factory.platform() as platform_uow:
        platform_uow.facilities.add(data.facility)
        platform_uow.commit()
    with factory.for_facility(data.facility.id) as uow:
        for item in data.species:
            uow.species.add(item)
        for breed in data.breeds:
            uow.breeds.add(breed)
        uow.commit()
    start = time.perf_counter()
    with factory.for_facility(data.facility.id) as uow:
        for batch_start in range(0, len(data.owners), BATCH):
            for owner in data.owners[batch_start : batch_start + BATCH]:
                uow.owners.add(owner)
            uow.commit()
        for batch_start in range(0, len(data.animals), BATCH):
            for animal in data.animals[batch_start : batch_start + BATCH]:
                uow.animals.add(animal)
            uow.commit()
    return data.loaded_records / (time.perf_counter() - start)


def load(factory: UnitOfWorkFactory, facility_id: FacilityId) -> tuple[list[Owner], list[Animal]]:
    """Every owner and animal of the facility, as the core loads them."""
    with factory.for_facility(facility_id) as uow:
        return uow.owners.list(), uow.animals.list()


def _timed(run: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(
    name: str,
    factory: UnitOfWorkFactory,
    data: Dataset,
    repeat: int,
    raw: Callable[[], int] | None,
) -> Result:
    """Save ``data`` into ``factory``, check it reads back equal, then time loads."""
    save_rate = save(factory, data)
    owners, animals = load(factory, data.facility.id)
    if owners != data.owners or animals != data.animals:
        raise AssertionError(f"{name}: the records read back differ from those saved")
    if raw is not None and raw() != data.loaded_records:
        raise AssertionError(f"{name}: the raw query returned a different number of rows")
    load_times, raw_times = [], []
    for _ in range(repeat):
        load_times.append(_timed(lambda: load(factory, data.facility.id)))
        if raw is not None:
            raw_times.append(_timed(raw))
    return Result(
        name,
        save_rate,
        min(load_times),
        min(raw_times) if raw_times else None,
        len(owners) + len(animals),
    )


def _select(columns: tuple[object, ...], table: str) -> str:
    names = ", ".join(column.name for column in columns)  # type: ignore[attr-defined]
    return f"SELECT {names} FROM {table} WHERE facility_id = %s ORDER BY id"


OWNERS_SQL = _select(OWNER_COLUMNS, "owners")
ANIMALS_SQL = _select(ANIMAL_COLUMNS, "animals")


def sqlite_leg(args: argparse.Namespace, directory: Path) -> Result:
    """SQLite in a temporary file, against the stdlib sqlite3 driver."""
    path = directory / "bench.db"
    storage = open_storage(f"sqlite:///{path}")
    try:
        storage.upgrade()
        data = build_dataset(storage.uow_factory, args.owners, args.animals)
        connection = sqlite3.connect(path)
        owners_sql, animals_sql = (sql.replace("%s", "?") for sql in (OWNERS_SQL, ANIMALS_SQL))

        def raw() -> int:
            fid = (data.facility.id,)
            return len(connection.execute(owners_sql, fid).fetchall()) + len(
                connection.execute(animals_sql, fid).fetchall()
            )

        try:
            return measure("sqlite", storage.uow_factory, data, args.repeat, raw)
        finally:
            connection.close()
    finally:
        storage.close()


@contextmanager
def bench_database(admin_url: str) -> Iterator[str]:
    """A PostgreSQL database for this run, dropped afterwards."""
    import psycopg

    name = f"petcare_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgresql_leg(args: argparse.Namespace, admin_url: str) -> Result:
    """PostgreSQL in a database of its own, against a psycopg cursor."""
    import psycopg

    with bench_database(admin_url) as url:
        storage = open_storage(url)
        try:
            storage.upgrade()
            data = build_dataset(storage.uow_factory, args.owners, args.animals)
            with psycopg.connect(url) as connection:

                def raw() -> int:
                    with connection.cursor() as cursor:
                        fid = (data.facility.id,)
                        rows = len(cursor.execute(OWNERS_SQL, fid).fetchall())
                        rows += len(cursor.execute(ANIMALS_SQL, fid).fetchall())
                    connection.rollback()  # end the transaction, as a unit of work does
                    return rows

                return measure("postgresql", storage.uow_factory, data, args.repeat, raw)
        finally:
            storage.close()


def memory_leg(args: argparse.Namespace) -> Result:
    """The memory adapter (no driver to compare with)."""
    from petcare_adapters.memory import MemoryUnitOfWorkFactory

    factory = MemoryUnitOfWorkFactory()
    data = build_dataset(factory, args.owners, args.animals)
    return measure("memory", factory, data, args.repeat, None)


def machine() -> str:
    """What the figures were measured on."""
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def report(results: list[Result]) -> None:
    """Print the figures as a table, then the ratios."""
    print(f"machine: {machine()}")
    header = f"{'storage':<11} {'save rec/s':>11} {'load rec/s':>11} {'load ms':>9} {'raw ms':>8}"
    print(header + f" {'ratio':>6}")
    for result in results:
        raw_ms = "" if result.raw_seconds is None else f"{result.raw_seconds * 1000:8.1f}"
        ratio = (
            "" if result.raw_seconds is None else f"{result.load_seconds / result.raw_seconds:6.2f}"
        )
        print(
            f"{result.name:<11} {result.save_per_second:11,.0f} "
            f"{result.records / result.load_seconds:11,.0f} {result.load_seconds * 1000:9.1f} "
            f"{raw_ms:>8} {ratio:>6}"
        )
    for result in results:
        if result.raw_seconds is not None:
            ratio = result.load_seconds / result.raw_seconds
            verdict = "ok" if ratio <= 2.0 else "ABOVE the 2.0 target"
            print(f"{result.name}: adapter / raw driver = {ratio:.2f} ({verdict})")


def main(argv: list[str] | None = None) -> None:
    """Run every leg and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--owners", type=int, default=10_000)
    parser.add_argument("--animals", type=int, default=15_000)
    parser.add_argument("--repeat", type=int, default=9, help="load repetitions (best is kept)")
    parser.add_argument("--postgres-url", default=os.environ.get("PETCARE_TEST_POSTGRES_URL"))
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args(argv)
    if args.animals < args.owners:
        parser.error("--animals must be at least --owners (every owner gets an animal)")
    results = []
    if not args.skip_memory:
        results.append(memory_leg(args))
    with tempfile.TemporaryDirectory() as directory:
        results.append(sqlite_leg(args, Path(directory)))
    if args.postgres_url:
        results.append(postgresql_leg(args, args.postgres_url))
    else:
        print("PostgreSQL leg skipped: pass --postgres-url or set PETCARE_TEST_POSTGRES_URL")
    print(f"{args.owners:,} owners, {args.animals:,} animals; best of {args.repeat} loads")
    report(results)


if __name__ == "__main__":
    sys.exit(main())
