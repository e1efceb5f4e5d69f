"""Units of work over one SQLAlchemy connection and transaction each."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Self

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine

from petcare_adapters.sqlalchemy import repositories_booking as booking
from petcare_adapters.sqlalchemy import repositories_facility as facility_repositories
from petcare_adapters.sqlalchemy.errors import translate, translated
from petcare_adapters.sqlalchemy.ids import IdAllocator
from petcare_adapters.sqlalchemy.repositories import Transaction
from petcare_adapters.sqlalchemy.repositories_forms_outbox import (
    SqlFormRepository,
    SqlOutbox,
    append_events,
)
from petcare_adapters.sqlalchemy.repositories_ledger import SqlCapacityLedgerRepository
from petcare_adapters.sqlalchemy.repositories_platform import (
    SqlApiKeyIndex,
    SqlFacilityRepository,
    SqlPortalAccountRepository,
)
from petcare_adapters.sqlalchemy.repositories_portal import (
    LEADS,
    STAFF_NOTIFICATIONS,
    SqlLeadRepository,
    SqlPasswordResetTokenRepository,
    SqlStaffNotificationRepository,
)
from petcare_adapters.sqlalchemy.repositories_reservations import SqlReservationRepository
from petcare_core.domain.events import DomainEvent
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import FacilityId
from petcare_core.ports.booking_repositories import (
    AdditionalServiceRepository,
    AgreementRepository,
    AgreementSignatureRepository,
    BookingOverrideRepository,
    CapacityLedgerRepository,
    CapacityPoolRepository,
    EvaluationRepository,
    LodgingRepository,
    ReservationRepository,
    ReservationTypeRepository,
)
from petcare_core.ports.errors import PersistenceUnavailable, TenantViolation
from petcare_core.ports.portal_repositories import (
    LeadRepository,
    PasswordResetTokenRepository,
    StaffNotificationRepository,
)
from petcare_core.ports.repositories import (
    AnimalRepository,
    ApiKeyIndex,
    ApiKeyRepository,
    BreedRepository,
    FacilityRepository,
    FormRepository,
    ImmunizationRecordRepository,
    ImmunizationTypeRepository,
    LocationRepository,
    Outbox,
    OwnerRepository,
    PortalAccountRepository,
    SpeciesRepository,
    StaffUserRepository,
    TemperamentRepository,
    VetRepository,
)

# Taken before the outbox insert on PostgreSQL (see SqlFacilityUnitOfWork._before_commit).
_OUTBOX_LOCK = sa.text(
    "SELECT pg_advisory_xact_lock(CAST(:namespace AS integer), CAST(:key AS integer))"
)
_OUTBOX_LOCK_NAMESPACE = 0x70657401  # "pet" + 1: keeps our advisory locks apart from others'
_GUARD_TIMEOUT_S = 30.0


class TurnTaking:
    """Lets one unit of work at a time use a single-connection (in-memory SQLite) database.

    Other threads wait their turn; opening a second unit of work in the thread that holds the
    open one would wait forever, so it fails at once instead.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: int | None = None

    def acquire(self) -> None:
        """Wait for the turn of the calling thread."""
        if self._holder == threading.get_ident():
            raise PersistenceUnavailable(
                "an in-memory SQLite database has a single connection: finish the open unit "
                "of work before opening another (or use a file: sqlite:///path.db)"
            )
        if not self._lock.acquire(timeout=_GUARD_TIMEOUT_S):
            raise PersistenceUnavailable("the in-memory SQLite database stayed busy")
        self._holder = threading.get_ident()

    def release(self) -> None:
        """End the turn."""
        self._holder = None
        self._lock.release()


class NoTurnTaking:
    """Pooled databases: units of work run side by side."""

    def acquire(self) -> None:
        """Nothing to wait for."""

    def release(self) -> None:
        """Nothing to release."""


class _SqlUnitOfWork:
    """One connection and transaction per ``with`` block; reusable after ``commit``."""

    def __init__(self, engine: Engine, turns: TurnTaking | NoTurnTaking, ids: IdAllocator) -> None:
        self._engine = engine
        self._turns = turns
        self._ids = ids
        self._transaction = Transaction()

    def __enter__(self) -> Self:
        if self._transaction.connection is not None:
            raise RuntimeError("this unit of work is already open")
        self._turns.acquire()
        try:
            self._transaction.connection = self._connect()
        except BaseException:
            self._turns.release()
            raise
        return self

    def _connect(self) -> Connection:
        with translated("database connection"):
            connection = self._engine.connect()
            try:
                connection.begin()
            except BaseException:
                connection.close()
                raise
        return connection

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self._transaction.connection
        if connection is None:
            return
        self._transaction.connection = None
        self._discard()
        try:
            connection.rollback()
        except exc.DBAPIError as error:
            # Never hide the exception that is already leaving the block.
            if exc_type is None:
                raise translate(error, "transaction", None) from error
        finally:
            connection.close()
            self._turns.release()

    def commit(self) -> None:
        """Make every change (and recorded event) durable at once, then begin anew."""
        connection = self._transaction.get()
        try:
            with translated("transaction"):
                self._before_commit(connection)
                connection.commit()
                connection.begin()
        finally:
            self._discard()

    def rollback(self) -> None:
        """Discard every change since the last commit."""
        connection = self._transaction.get()
        self._discard()
        with translated("transaction"):
            connection.rollback()
            connection.begin()

    def new_id(self) -> int:
        """A fresh positive id, unique across the deployment."""
        connection = self._transaction.get()
        with translated("id"):
            return self._ids.allocate(connection)

    def _before_commit(self, connection: Connection) -> None:
        """Write what the unit of work queued (events), inside the transaction."""

    def _discard(self) -> None:
        """Forget what was queued for the transaction that ended."""


class SqlFacilityUnitOfWork(_SqlUnitOfWork):
    """A transaction that can only see and change one facility's records."""

    def __init__(
        self,
        engine: Engine,
        turns: TurnTaking | NoTurnTaking,
        ids: IdAllocator,
        facility_id: FacilityId,
    ) -> None:
        super().__init__(engine, turns, ids)
        self.facility_id: FacilityId = facility_id
        t = self._transaction
        repos = facility_repositories
        self.locations: LocationRepository = repos.SqlLocationRepository(
            t, facility_id, repos.LOCATIONS
        )
        self.staff: StaffUserRepository = repos.SqlStaffUserRepository(
            t, facility_id, repos.STAFF_USERS
        )
        self.api_keys: ApiKeyRepository = repos.SqlApiKeyRepository(t, facility_id, repos.API_KEYS)
        self.owners: OwnerRepository = repos.SqlOwnerRepository(t, facility_id, repos.OWNERS)
        self.animals: AnimalRepository = repos.SqlAnimalRepository(t, facility_id, repos.ANIMALS)
        self.species: SpeciesRepository = repos.SqlSpeciesRepository(t, facility_id, repos.SPECIES)
        self.breeds: BreedRepository = repos.SqlBreedRepository(t, facility_id, repos.BREEDS)
        self.vets: VetRepository = repos.SqlVetRepository(t, facility_id, repos.VETS)
        self.temperaments: TemperamentRepository = repos.SqlTemperamentRepository(
            t, facility_id, repos.TEMPERAMENTS
        )
        self.immunization_types: ImmunizationTypeRepository = repos.SqlImmunizationTypeRepository(
            t, facility_id, repos.IMMUNIZATION_TYPES
        )
        self.immunizations: ImmunizationRecordRepository = repos.SqlImmunizationRecordRepository(
            t, facility_id, repos.IMMUNIZATION_RECORDS
        )
        self.forms: FormRepository = SqlFormRepository(t, facility_id)
        self.leads: LeadRepository = SqlLeadRepository(t, facility_id, LEADS)
        self.staff_notifications: StaffNotificationRepository = SqlStaffNotificationRepository(
            t, facility_id, STAFF_NOTIFICATIONS
        )
        self.reservation_types: ReservationTypeRepository = booking.SqlReservationTypeRepository(
            t, facility_id, booking.RESERVATION_TYPES
        )
        self.additional_services: AdditionalServiceRepository = (
            booking.SqlAdditionalServiceRepository(t, facility_id, booking.ADDITIONAL_SERVICES)
        )
        self.capacity_pools: CapacityPoolRepository = booking.SqlCapacityPoolRepository(
            t, facility_id, booking.CAPACITY_POOLS
        )
        self.lodgings: LodgingRepository = booking.SqlLodgingRepository(
            t, facility_id, booking.LODGINGS
        )
        self.agreements: AgreementRepository = booking.SqlAgreementRepository(
            t, facility_id, booking.AGREEMENTS
        )
        self.agreement_signatures: AgreementSignatureRepository = (
            booking.SqlAgreementSignatureRepository(t, facility_id)
        )
        self.evaluations: EvaluationRepository = booking.SqlEvaluationRepository(t, facility_id)
        self.reservations: ReservationRepository = SqlReservationRepository(t, facility_id)
        self.booking_overrides: BookingOverrideRepository = booking.SqlBookingOverrideRepository(
            t, facility_id
        )
        # Kept typed as the adapter: the unit of work resets what it loaded when a transaction
        # ends.
        self._ledger = SqlCapacityLedgerRepository(t, facility_id)
        self.capacity_ledger: CapacityLedgerRepository = self._ledger
        self.outbox: Outbox = SqlOutbox(t, facility_id)
        self.accounts: PortalAccountRepository = SqlPortalAccountRepository(t)
        self._facilities = SqlFacilityRepository(t)
        self._events: list[DomainEvent] = []

    def facility(self) -> Facility:
        """This unit of work's facility (``NotFound`` if it does not exist)."""
        return self._facilities.get(self.facility_id)

    def add_facility(self, facility: Facility) -> None:
        """Insert this unit of work's own facility (a new tenant), in this transaction."""
        if facility.id != self.facility_id:
            raise TenantViolation(
                f"facility {facility.id} cannot be created through facility "
                f"{self.facility_id}'s unit of work"
            )
        self._facilities.add(facility)

    def record(self, event: DomainEvent) -> None:
        """Queue an event of this facility for the outbox; ``commit`` writes it."""
        if event.facility_id != self.facility_id:
            raise TenantViolation(
                f"{event.name} of facility {event.facility_id} cannot be recorded in facility "
                f"{self.facility_id}"
            )
        self._events.append(event)

    def _before_commit(self, connection: Connection) -> None:
        if not self._events:
            return
        if connection.dialect.name == "postgresql":
            # Outbox positions come from a sequence, drawn at insert time, while readers need
            # them in commit order (a reader at position p must never later see p - 1 appear).
            # Holding a per-facility lock from the insert until the commit makes the two agree;
            # it is held only for that short moment, and only by transactions with events.
            connection.execute(
                _OUTBOX_LOCK,
                {"namespace": _OUTBOX_LOCK_NAMESPACE, "key": self.facility_id & 0x7FFFFFFF},
            )
        append_events(connection, self._events)

    def _discard(self) -> None:
        self._events.clear()
        self._ledger.forget()


class SqlPlatformUnitOfWork(_SqlUnitOfWork):
    """A transaction over facilities, portal logins and the API key index."""

    def __init__(self, engine: Engine, turns: TurnTaking | NoTurnTaking, ids: IdAllocator) -> None:
        super().__init__(engine, turns, ids)
        self.facilities: FacilityRepository = SqlFacilityRepository(self._transaction)
        self.accounts: PortalAccountRepository = SqlPortalAccountRepository(self._transaction)
        self.reset_tokens: PasswordResetTokenRepository = SqlPasswordResetTokenRepository(
            self._transaction
        )
        self.api_key_index: ApiKeyIndex = SqlApiKeyIndex(self._transaction)


class SqlUnitOfWorkFactory:
    """Opens units of work on one engine."""

    def __init__(self, engine: Engine, ids: IdAllocator, *, single_connection: bool) -> None:
        self._engine = engine
        self._ids = ids
        # Shared with SqlStorage's schema operations, which use the same connection(s).
        self.turns: TurnTaking | NoTurnTaking = (
            TurnTaking() if single_connection else NoTurnTaking()
        )

    def for_facility(self, facility_id: FacilityId) -> SqlFacilityUnitOfWork:
        """A unit of work that sees only ``facility_id``'s records."""
        return SqlFacilityUnitOfWork(self._engine, self.turns, self._ids, facility_id)

    def platform(self) -> SqlPlatformUnitOfWork:
        """A unit of work over facilities, portal accounts and the API key index."""
        return SqlPlatformUnitOfWork(self._engine, self.turns, self._ids)
