"""Repositories of the booking engine: its catalog, agreements, evaluations, reservations and
the per-day capacity ledger.

They follow the conventions of ``repositories.py`` (``add``/``get``/``update``/``list``,
versions, tenancy: each sees only its unit of work's facility). Lists are ordered by id unless
a method says otherwise.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Protocol

import attrs

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
    LocationId,
    LodgingId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reservation import Reservation, ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.ports.repositories import Repository


@attrs.frozen
class VisitTally:
    """An owner's or a pet's reservations in some statuses: how many, the latest start at or
    before a moment, and the earliest start after it (``None`` when there is none)."""

    count: int
    last: datetime | None
    next: datetime | None


class ReservationTypeRepository(Repository[ReservationType, ReservationTypeId], Protocol):
    """The facility's reservation types (boarding, daycare, grooming, ...)."""


class AdditionalServiceRepository(Repository[AdditionalService, AdditionalServiceId], Protocol):
    """The facility's add-on services."""


class CapacityPoolRepository(Repository[CapacityPool, CapacityPoolId], Protocol):
    """The facility's capacity pools."""

    def list_for_location(self, location_id: LocationId) -> list[CapacityPool]:
        """One location's pools, ordered by id."""
        ...


class LodgingRepository(Repository[Lodging, LodgingId], Protocol):
    """The facility's lodgings (runs, suites)."""

    def list_for_pool(self, pool_id: CapacityPoolId) -> list[Lodging]:
        """One pool's lodgings, ordered by id."""
        ...


class AgreementRepository(Repository[Agreement, AgreementId], Protocol):
    """The facility's agreements with all their versions."""


class AgreementSignatureRepository(Protocol):
    """Signatures are facts: added, never changed."""

    def add(self, signature: AgreementSignature) -> None:
        """Insert a signature (``ConcurrencyConflict`` for a taken id)."""
        ...

    def list_for_owner(self, owner_id: OwnerId) -> list[AgreementSignature]:
        """One owner's signatures, oldest ``signed_at`` first, then by id."""
        ...


class EvaluationRepository(Protocol):
    """Evaluation results are facts: added, never changed."""

    def add(self, evaluation: Evaluation) -> None:
        """Insert an evaluation (``ConcurrencyConflict`` for a taken id)."""
        ...

    def get(self, evaluation_id: EvaluationId) -> Evaluation:
        """The evaluation or ``NotFound``."""
        ...

    def list_for_animal(self, animal_id: AnimalId) -> list[Evaluation]:
        """One animal's evaluations, oldest ``recorded_at`` first, then by id."""
        ...


class ReservationRepository(Repository[Reservation, ReservationId], Protocol):
    """The facility's reservations, with their lines, history and cancellation."""

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
        ...

    def overlapping_for(
        self,
        animal_ids: Collection[AnimalId],
        staff_id: StaffUserId | None,
        start: datetime,
        end: datetime,
        statuses: Collection[ReservationStatus],
    ) -> list[Reservation]:
        """Reservations in ``statuses`` with ``reservation.start < end and reservation.end >
        start`` that have a line for one of ``animal_ids`` or are assigned ``staff_id`` (at
        any location), ordered by start, then id: what keeps those pets or that staff member
        busy then. Reads the pets' and the staff member's reservations, not the facility's."""
        ...

    def list_for_owner(self, owner_id: OwnerId) -> list[Reservation]:
        """One owner's reservations, ordered by start, then id."""
        ...

    def list_for_animal(self, animal_id: AnimalId) -> list[Reservation]:
        """Reservations with a line for this animal, ordered by start, then id."""
        ...

    def waitlisted(self, location_id: LocationId) -> list[Reservation]:
        """One location's waitlisted reservations in queue order: the time each was last put on
        the waitlist, then id."""
        ...

    def cancelled_between(self, start: datetime, end: datetime) -> list[Reservation]:
        """Reservations whose cancellation was recorded at ``start <= t < end``, ordered by
        that time, then id."""
        ...

    def visit_tallies(
        self, statuses: Collection[ReservationStatus], now: datetime
    ) -> tuple[dict[OwnerId, VisitTally], dict[AnimalId, VisitTally]]:
        """Per owner and per pet with reservations in ``statuses``: their ``VisitTally`` around
        ``now`` (one aggregate read for the whole facility; owners and pets without such
        reservations are left out)."""
        ...

    def last_visit(self, animal_id: AnimalId, before: datetime) -> datetime | None:
        """The start of the animal's latest checked-in or checked-out reservation that started
        before ``before``; None if it never came."""
        ...


class CapacityLedgerRepository(Protocol):
    """The per-day count of used places of each pool: the one record concurrent bookings race
    for. Of two units of work that load the same day, take its last place and commit, exactly
    one commits: on PostgreSQL ``load`` locks the days (``SELECT ... FOR UPDATE``, in date
    order) until the unit of work ends, so the second waits and then sees the place taken; on
    SQLite (one writer) and in memory (a version per day, checked at commit) the second gets
    ``ConcurrencyConflict`` and, run again (ADR 0009), sees the place taken."""

    def load(self, pool: CapacityPool, days: Sequence[date]) -> CapacityLedger:
        """The pool's ledger for ``days`` (days never used count 0), locked for this unit of
        work."""
        ...

    def save(self, ledger: CapacityLedger) -> None:
        """Store the counts of every day of ``ledger`` (loaded with ``load`` in this unit of
        work)."""
        ...

    def peek(self, pool: CapacityPool, days: Sequence[date]) -> CapacityLedger:
        """The pool's stored counts for ``days`` (days never used count 0), read without
        locking or writing anything: for evaluations that save nothing (save only a ledger from
        ``load``, whose days this unit of work holds)."""
        ...


class BookingOverrideRepository(Protocol):
    """Overrides staff recorded on reservations: facts, added, never changed."""

    def add(self, override: BookingOverride) -> None:
        """Insert an override (``ConcurrencyConflict`` for a taken id)."""
        ...

    def list_for_reservation(self, reservation_id: ReservationId) -> list[BookingOverride]:
        """One reservation's overrides, ordered by id."""
        ...
