"""The booking engine's catalog and facts: reservation types, add-ons, capacity pools,
lodgings and agreements (versioned aggregates), agreement signatures, evaluations and staff
overrides (added, never changed). Reservations and the capacity ledger have their own
modules."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from petcare_adapters.sqlalchemy import rows_booking as rows
from petcare_adapters.sqlalchemy import tables_booking as tables
from petcare_adapters.sqlalchemy.codecs import Reader, fetch_all, fetch_one, readers
from petcare_adapters.sqlalchemy.errors import translated
from petcare_adapters.sqlalchemy.repositories import (
    ScopedRepository,
    ScopedTable,
    Transaction,
    insert_new,
    insert_or_conflict,
)
from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement, AgreementSignature
from petcare_core.domain.booking import BookingOverride
from petcare_core.domain.capacity import CapacityPool, Lodging
from petcare_core.domain.evaluations import Evaluation
from petcare_core.domain.ids import (
    AnimalId,
    CapacityPoolId,
    EvaluationId,
    LocationId,
    OwnerId,
    ReservationId,
)
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.ports.errors import NotFound, TenantViolation

RESERVATION_TYPES = ScopedTable(
    "reservation type",
    tables.reservation_types,
    rows.RESERVATION_TYPE_COLUMNS,
    rows.reservation_type_reader,
    rows.reservation_type_to_row,
)
ADDITIONAL_SERVICES = ScopedTable(
    "additional service",
    tables.additional_services,
    rows.ADDITIONAL_SERVICE_COLUMNS,
    rows.additional_service_reader,
    rows.additional_service_to_row,
)
CAPACITY_POOLS = ScopedTable(
    "capacity pool",
    tables.capacity_pools,
    rows.CAPACITY_POOL_COLUMNS,
    rows.capacity_pool_reader,
    rows.capacity_pool_to_row,
)
LODGINGS = ScopedTable(
    "lodging", tables.lodgings, rows.LODGING_COLUMNS, rows.lodging_reader, rows.lodging_to_row
)
AGREEMENTS = ScopedTable(
    "agreement",
    tables.agreements,
    rows.AGREEMENT_COLUMNS,
    rows.agreement_reader,
    rows.agreement_to_row,
)


class SqlReservationTypeRepository(ScopedRepository[ReservationType]):
    """The facility's reservation types."""


class SqlAdditionalServiceRepository(ScopedRepository[AdditionalService]):
    """The facility's add-on services."""


class SqlCapacityPoolRepository(ScopedRepository[CapacityPool]):
    """The facility's capacity pools."""

    _of_location = CAPACITY_POOLS.select_where(
        tables.capacity_pools.c.location_id == sa.bindparam("location_id")
    )

    def list_for_location(self, location_id: LocationId) -> list[CapacityPool]:
        """One location's pools, ordered by id."""
        return self._select(self._of_location, {"location_id": location_id})


class SqlLodgingRepository(ScopedRepository[Lodging]):
    """The facility's lodgings."""

    _of_pool = LODGINGS.select_where(tables.lodgings.c.pool_id == sa.bindparam("pool_id"))

    def list_for_pool(self, pool_id: CapacityPoolId) -> list[Lodging]:
        """One pool's lodgings, ordered by id."""
        return self._select(self._of_pool, {"pool_id": pool_id})


class SqlAgreementRepository(ScopedRepository[Agreement]):
    """The facility's agreements with all their versions."""


F = TypeVar("F", AgreementSignature, Evaluation, BookingOverride)


class _Facts(Generic[F]):
    """Records that are added and read, never changed, in one facility."""

    def __init__(
        self,
        transaction: Transaction,
        facility_id: int,
        kind: str,
        table: sa.Table,
        read: dict[str, Reader[F]],
    ) -> None:
        self._transaction = transaction
        self._facility_id = facility_id
        self._kind = kind
        self._insert = insert_new(table)
        self._read: dict[str, Reader[F]] = read
        self._scope = {"w_facility_id": facility_id}

    def _add(self, item: F, row: dict[str, Any]) -> None:
        if item.facility_id != self._facility_id:
            raise TenantViolation(
                f"{self._kind} {item.id} belongs to facility {item.facility_id}, not to this "
                f"unit of work's facility {self._facility_id}"
            )
        with translated(self._kind, item.id):
            insert_or_conflict(self._transaction.get(), self._insert, row, self._kind, item.id)

    def _all(self, statement: sa.Select[Any], parameters: dict[str, Any]) -> list[F]:
        with translated(self._kind):
            return fetch_all(
                self._transaction.get(), statement, {**parameters, **self._scope}, self._read
            )


_s = tables.agreement_signatures.c
_e = tables.evaluations.c
_o = tables.booking_overrides.c
_FACILITY: sa.BindParameter[int] = sa.bindparam("w_facility_id")
_READ_SIGNATURE = readers(rows.signature_reader)
_READ_EVALUATION = readers(rows.evaluation_reader)
_READ_OVERRIDE = readers(rows.override_reader)


class SqlAgreementSignatureRepository(_Facts[AgreementSignature]):
    """The facility's agreement signatures."""

    _of_owner = (
        sa.select(*rows.SIGNATURE_COLUMNS)
        .where(_s.facility_id == _FACILITY, _s.owner_id == sa.bindparam("owner_id"))
        .order_by(_s.signed_at, _s.id)
    )

    def __init__(self, transaction: Transaction, facility_id: int) -> None:
        super().__init__(
            transaction,
            facility_id,
            "agreement signature",
            tables.agreement_signatures,
            _READ_SIGNATURE,
        )

    def add(self, signature: AgreementSignature) -> None:
        """Insert a signature (``ConcurrencyConflict`` for a taken id)."""
        self._add(signature, rows.signature_to_row(signature))

    def list_for_owner(self, owner_id: OwnerId) -> list[AgreementSignature]:
        """One owner's signatures, oldest ``signed_at`` first, then by id."""
        return self._all(self._of_owner, {"owner_id": owner_id})


class SqlEvaluationRepository(_Facts[Evaluation]):
    """The facility's evaluation results."""

    _by_id = sa.select(*rows.EVALUATION_COLUMNS).where(
        _e.facility_id == _FACILITY, _e.id == sa.bindparam("w_id")
    )
    _of_animal = (
        sa.select(*rows.EVALUATION_COLUMNS)
        .where(_e.facility_id == _FACILITY, _e.animal_id == sa.bindparam("animal_id"))
        .order_by(_e.recorded_at, _e.id)
    )

    def __init__(self, transaction: Transaction, facility_id: int) -> None:
        super().__init__(
            transaction,
            facility_id,
            "evaluation",
            tables.evaluations,
            _READ_EVALUATION,
        )

    def add(self, evaluation: Evaluation) -> None:
        """Insert an evaluation (``ConcurrencyConflict`` for a taken id)."""
        self._add(evaluation, rows.evaluation_to_row(evaluation))

    def get(self, evaluation_id: EvaluationId) -> Evaluation:
        """The evaluation or ``NotFound``."""
        with translated(self._kind, evaluation_id):
            found = fetch_one(
                self._transaction.get(),
                self._by_id,
                {"w_id": evaluation_id, **self._scope},
                self._read,
            )
        if found is None:
            raise NotFound(self._kind, evaluation_id)
        return found

    def list_for_animal(self, animal_id: AnimalId) -> list[Evaluation]:
        """One animal's evaluations, oldest ``recorded_at`` first, then by id."""
        return self._all(self._of_animal, {"animal_id": animal_id})


class SqlBookingOverrideRepository(_Facts[BookingOverride]):
    """The overrides staff recorded on the facility's reservations."""

    _of_reservation = (
        sa.select(*rows.OVERRIDE_COLUMNS)
        .where(_o.facility_id == _FACILITY, _o.reservation_id == sa.bindparam("reservation_id"))
        .order_by(_o.id)
    )

    def __init__(self, transaction: Transaction, facility_id: int) -> None:
        super().__init__(
            transaction, facility_id, "booking override", tables.booking_overrides, _READ_OVERRIDE
        )

    def add(self, override: BookingOverride) -> None:
        """Insert an override (``ConcurrencyConflict`` for a taken id)."""
        self._add(override, rows.override_to_row(override))

    def list_for_reservation(self, reservation_id: ReservationId) -> list[BookingOverride]:
        """One reservation's overrides, ordered by id."""
        return self._all(self._of_reservation, {"reservation_id": reservation_id})
