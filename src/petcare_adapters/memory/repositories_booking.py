"""Memory repositories of the booking engine: catalog, agreements, evaluations, reservations and
the per-day capacity ledger."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from typing import Generic, TypeVar

import attrs

from petcare_adapters.memory import tables
from petcare_adapters.memory.repositories import ScopedRepository
from petcare_adapters.memory.tables import Fact, FactRow, LedgerDay, Table
from petcare_adapters.memory.transaction import Transaction
from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement, AgreementSignature
from petcare_core.domain.booking import BookingOverride
from petcare_core.domain.capacity import CapacityLedger, CapacityPool, Lodging
from petcare_core.domain.evaluations import Evaluation
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    AnimalId,
    CapacityPoolId,
    EvaluationId,
    FacilityId,
    LocationId,
    LodgingId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reservation import Reservation, ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.ports.booking_repositories import VisitTally
from petcare_core.ports.errors import NotFound, TenantViolation

_VISITED = frozenset({ReservationStatus.CHECKED_IN, ReservationStatus.CHECKED_OUT})


def _refuse_other_facility(kind: str, item_id: int, owner: FacilityId, mine: FacilityId) -> None:
    if owner != mine:
        raise TenantViolation(
            f"{kind} {item_id} belongs to facility {owner}, not to this unit of work's "
            f"facility {mine}"
        )


class MemoryReservationTypeRepository(ScopedRepository[ReservationType, ReservationTypeId]):
    """The facility's reservation types."""


class MemoryAdditionalServiceRepository(ScopedRepository[AdditionalService, AdditionalServiceId]):
    """The facility's add-on services."""


class MemoryCapacityPoolRepository(ScopedRepository[CapacityPool, CapacityPoolId]):
    """The facility's capacity pools."""

    def list_for_location(self, location_id: LocationId) -> list[CapacityPool]:
        """One location's pools, ordered by id."""
        return self._where(lambda row: row.location_id == location_id)


class MemoryLodgingRepository(ScopedRepository[Lodging, LodgingId]):
    """The facility's lodgings."""

    def list_for_pool(self, pool_id: CapacityPoolId) -> list[Lodging]:
        """One pool's lodgings, ordered by id."""
        return self._where(lambda row: row.pool_id == pool_id)


class MemoryAgreementRepository(ScopedRepository[Agreement, AgreementId]):
    """The facility's agreements with all their versions."""


F = TypeVar("F", bound=Fact)


class _Facts(Generic[F]):
    """Facts of one facility: added, never changed, listed by id."""

    def __init__(self, txn: Transaction, table: Table[FactRow[F]], facility_id: FacilityId) -> None:
        self._txn = txn
        self._table = table
        self._facility_id = facility_id

    def add(self, fact: F) -> None:
        """Insert a fact of this facility (``ConcurrencyConflict`` for a taken id)."""
        _refuse_other_facility(self._table.kind, fact.id, fact.facility_id, self._facility_id)
        self._txn.insert(self._table, FactRow(fact))

    def _where(self, condition: Callable[[F], bool]) -> list[F]:
        rows = self._txn.select(self._table, self._facility_id, lambda row: condition(row.fact))
        return [row.fact for row in rows]


class MemoryAgreementSignatureRepository(_Facts[AgreementSignature]):
    """The facility's agreement signatures: added, never changed."""

    def __init__(self, txn: Transaction, facility_id: FacilityId) -> None:
        """The signatures of ``facility_id`` inside ``txn``."""
        super().__init__(txn, tables.AGREEMENT_SIGNATURES, facility_id)

    def list_for_owner(self, owner_id: OwnerId) -> list[AgreementSignature]:
        """One owner's signatures, oldest ``signed_at`` first, then by id."""
        signatures = self._where(lambda signature: signature.owner_id == owner_id)
        return sorted(signatures, key=lambda signature: (signature.signed_at, signature.id))


class MemoryBookingOverrideRepository(_Facts[BookingOverride]):
    """The overrides staff recorded on the facility's reservations: added, never changed."""

    def __init__(self, txn: Transaction, facility_id: FacilityId) -> None:
        """The overrides of ``facility_id`` inside ``txn``."""
        super().__init__(txn, tables.BOOKING_OVERRIDES, facility_id)

    def list_for_reservation(self, reservation_id: ReservationId) -> list[BookingOverride]:
        """One reservation's overrides, ordered by id."""
        return self._where(lambda override: override.reservation_id == reservation_id)


class MemoryEvaluationRepository:
    """The facility's evaluations: added, never changed."""

    def __init__(self, txn: Transaction, facility_id: FacilityId) -> None:
        """The evaluations of ``facility_id`` inside ``txn``."""
        self._txn = txn
        self._facility_id = facility_id

    def add(self, evaluation: Evaluation) -> None:
        """Insert an evaluation of this facility (``ConcurrencyConflict`` for a taken id)."""
        _refuse_other_facility(
            tables.EVALUATIONS.kind, evaluation.id, evaluation.facility_id, self._facility_id
        )
        self._txn.insert(tables.EVALUATIONS, evaluation)

    def get(self, evaluation_id: EvaluationId) -> Evaluation:
        """The evaluation or ``NotFound``."""
        row = self._txn.get(tables.EVALUATIONS, self._facility_id, evaluation_id)
        if row is None:
            raise NotFound(tables.EVALUATIONS.kind, evaluation_id)
        return row

    def list_for_animal(self, animal_id: AnimalId) -> list[Evaluation]:
        """One animal's evaluations, oldest ``recorded_at`` first, then by id."""
        rows = self._txn.select(
            tables.EVALUATIONS, self._facility_id, lambda row: row.animal_id == animal_id
        )
        return sorted(rows, key=lambda row: (row.recorded_at, row.id))


def _by_start(rows: list[Reservation]) -> list[Reservation]:
    return sorted(rows, key=lambda row: (row.start, row.id))


def _last_time_in(reservation: Reservation, status: ReservationStatus) -> datetime | None:
    # A reservation can return to a status (waitlisted, requeued, waitlisted again): the last
    # entry is the one that counts.
    times = [change.at for change in reservation.history if change.status is status]
    return times[-1] if times else None


def _cancelled_at(reservation: Reservation) -> datetime | None:
    if reservation.status is not ReservationStatus.CANCELLED:
        return None
    return reservation.history[-1].at


class MemoryReservationRepository(ScopedRepository[Reservation, ReservationId]):
    """The facility's reservations with their lines, history and cancellation."""

    def overlapping(
        self,
        start: datetime,
        end: datetime,
        *,
        location_id: LocationId | None = None,
        statuses: Collection[ReservationStatus] | None = None,
    ) -> list[Reservation]:
        """Reservations with ``reservation.start < end and reservation.end > start``, of one
        location and in the given statuses when given, ordered by start, then id."""
        wanted = None if statuses is None else frozenset(statuses)

        def condition(row: Reservation) -> bool:
            return (
                row.start < end
                and row.end > start
                and (location_id is None or row.location_id == location_id)
                and (wanted is None or row.status in wanted)
            )

        return _by_start(self._where(condition))

    def overlapping_for(
        self,
        animal_ids: Collection[AnimalId],
        staff_id: StaffUserId | None,
        start: datetime,
        end: datetime,
        statuses: Collection[ReservationStatus],
    ) -> list[Reservation]:
        """Reservations in ``statuses`` overlapping ``start``-``end`` with a line for one of
        ``animal_ids`` or assigned ``staff_id``, ordered by start, then id."""
        pets, wanted = frozenset(animal_ids), frozenset(statuses)

        def condition(row: Reservation) -> bool:
            if row.status not in wanted or not (row.start < end and row.end > start):
                return False
            if staff_id is not None and row.staff_id == staff_id:
                return True
            return any(line.animal_id in pets for line in row.lines)

        return _by_start(self._where(condition))

    def list_for_owner(self, owner_id: OwnerId) -> list[Reservation]:
        """One owner's reservations, ordered by start, then id."""
        return _by_start(self._where(lambda row: row.owner_id == owner_id))

    def list_for_animal(self, animal_id: AnimalId) -> list[Reservation]:
        """Reservations with a line for this animal, ordered by start, then id."""
        return _by_start(self._where(lambda row: animal_id in row.animal_ids))

    def waitlisted(self, location_id: LocationId) -> list[Reservation]:
        """One location's waitlisted reservations, by the time each was last put on the
        waitlist, then id."""
        waiting = ReservationStatus.WAITLISTED
        rows = self._where(lambda row: row.status is waiting and row.location_id == location_id)
        return sorted(rows, key=lambda row: (_last_time_in(row, waiting), row.id))

    def visit_tallies(
        self, statuses: Collection[ReservationStatus], now: datetime
    ) -> tuple[dict[OwnerId, VisitTally], dict[AnimalId, VisitTally]]:
        """Per owner and per pet with reservations in ``statuses``: how many, the latest start
        at or before ``now``, the earliest after it."""
        wanted = frozenset(statuses)
        owners: dict[OwnerId, list[datetime]] = {}
        pets: dict[AnimalId, list[datetime]] = {}
        for row in self._where(lambda row: row.status in wanted):
            owners.setdefault(row.owner_id, []).append(row.start)
            for animal_id in row.animal_ids:
                pets.setdefault(animal_id, []).append(row.start)
        return (
            {key: _tally(starts, now) for key, starts in owners.items()},
            {key: _tally(starts, now) for key, starts in pets.items()},
        )

    def cancelled_between(self, start: datetime, end: datetime) -> list[Reservation]:
        """Reservations whose cancellation was recorded at ``start <= t < end``, ordered by
        that time, then id."""

        def condition(row: Reservation) -> bool:
            cancelled = _cancelled_at(row)
            return cancelled is not None and start <= cancelled < end

        rows = self._where(condition)
        return sorted(rows, key=lambda row: (row.history[-1].at, row.id))

    def last_visit(self, animal_id: AnimalId, before: datetime) -> datetime | None:
        """The start of the animal's latest checked-in or checked-out reservation that started
        before ``before``; None if it never came."""

        def visited(row: Reservation) -> bool:
            # The cheap tests first: this runs for every reservation of the facility.
            if row.status not in _VISITED or row.start >= before:
                return False
            return any(line.animal_id == animal_id for line in row.lines)

        return max((row.start for row in self._where(visited)), default=None)


class MemoryCapacityLedgerRepository:
    """The facility's per-day capacity ledgers, one versioned row per pool and day.

    Concurrency is optimistic, as the memory adapter's is everywhere: ``load`` remembers the
    version of each day it read, ``save`` writes every loaded day against that version, and
    the commit fails with ``ConcurrencyConflict`` if another unit of work committed any of
    those days meanwhile. Of two bookings that both read the last place, only the first to
    commit succeeds; the other, retried, sees the place taken.
    """

    def __init__(self, txn: Transaction, facility_id: FacilityId) -> None:
        """The ledgers of ``facility_id`` inside ``txn``."""
        self._txn = txn
        self._facility_id = facility_id
        # Per pool, each day this transaction loaded and the version it knows it at (None: no
        # row yet). Forgotten when the transaction ends (``forget``).
        self._seen: dict[CapacityPoolId, dict[date, int | None]] = {}

    def forget(self) -> None:
        """Forget what was loaded: the transaction that loaded it committed or rolled back."""
        self._seen = {}

    def _row(self, pool_id: CapacityPoolId, day: date) -> LedgerDay | None:
        return self._txn.get(tables.LEDGER_DAYS, self._facility_id, (pool_id, day))

    def load(self, pool: CapacityPool, days: Sequence[date]) -> CapacityLedger:
        """The pool's ledger for ``days`` and for every day of the pool loaded before in this
        transaction (days never used count 0)."""
        self._txn.ensure_active()
        _refuse_other_facility(
            tables.CAPACITY_POOLS.kind, pool.id, pool.facility_id, self._facility_id
        )
        seen = self._seen.setdefault(pool.id, {})
        for day in days:
            if type(day) is not date:
                raise ValueError(f"ledger days must be dates, got {day!r}")
            if day not in seen:
                row = self._row(pool.id, day)
                seen[day] = None if row is None else row.version
        # Every day loaded so far is in the ledger, so that saving it (which writes every
        # loaded day, a day released to zero included) cannot zero a day it does not show.
        used: dict[date, int] = {}
        for day in seen:
            row = self._row(pool.id, day)
            used[day] = 0 if row is None else row.used
        return CapacityLedger.of(pool, used)

    def peek(self, pool: CapacityPool, days: Sequence[date]) -> CapacityLedger:
        """The pool's stored counts for ``days``, read without remembering them for a save."""
        self._txn.ensure_active()
        _refuse_other_facility(
            tables.CAPACITY_POOLS.kind, pool.id, pool.facility_id, self._facility_id
        )
        used: dict[date, int] = {}
        for day in days:
            if type(day) is not date:
                raise ValueError(f"ledger days must be dates, got {day!r}")
            row = self._row(pool.id, day)
            used[day] = 0 if row is None else row.used
        return CapacityLedger.of(pool, used)

    def save(self, ledger: CapacityLedger) -> None:
        """Store the count of every day of the pool loaded in this transaction, as ``ledger``
        has it (a day it leaves out counts 0).

        Raises ``ValueError`` for a ledger whose days were not all loaded in this transaction,
        since writing them would overwrite counts nobody read, and ``ConcurrencyConflict`` if
        another unit of work committed one of the days since it was loaded.
        """
        self._txn.ensure_active()
        seen = self._seen.get(ledger.pool_id)
        unread = sorted(set(ledger.used) - set(seen or ()))
        if seen is None or unread:
            listed = ", ".join(day.isoformat() for day in unread) or "any day"
            raise ValueError(
                f"the ledger of pool {ledger.pool_id} was not loaded for {listed} in this "
                "unit of work; load it before saving it"
            )
        for day, version in seen.items():
            seen[day] = self._write(ledger.pool_id, day, ledger.used_on(day), version)

    def _write(self, pool_id: CapacityPoolId, day: date, used: int, version: int | None) -> int:
        if version is None:
            # Raises ``ConcurrencyConflict`` if another unit of work created the day's row
            # after this one read none, now or at commit.
            self._txn.insert(tables.LEDGER_DAYS, LedgerDay(self._facility_id, pool_id, day, used))
            return 1
        read = LedgerDay(self._facility_id, pool_id, day, used, version)
        self._txn.replace(
            tables.LEDGER_DAYS, self._facility_id, read, attrs.evolve(read, version=version + 1)
        )
        return version + 1


def _tally(starts: list[datetime], now: datetime) -> VisitTally:
    return VisitTally(
        count=len(starts),
        last=max((start for start in starts if start <= now), default=None),
        next=min((start for start in starts if start > now), default=None),
    )
