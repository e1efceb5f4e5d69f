"""Memory units of work: real transactions over dictionaries, for tests and embedders."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import attrs

from petcare_adapters.memory import tables
from petcare_adapters.memory.repositories import (
    MemoryAnimalRepository,
    MemoryApiKeyRepository,
    MemoryBreedRepository,
    MemoryFormRepository,
    MemoryImmunizationRecordRepository,
    MemoryImmunizationTypeRepository,
    MemoryLocationRepository,
    MemoryOwnerRepository,
    MemoryPortalAccountRepository,
    MemoryStaffUserRepository,
    ScopedRepository,
)
from petcare_adapters.memory.repositories_booking import (
    MemoryAdditionalServiceRepository,
    MemoryAgreementRepository,
    MemoryAgreementSignatureRepository,
    MemoryBookingOverrideRepository,
    MemoryCapacityLedgerRepository,
    MemoryCapacityPoolRepository,
    MemoryEvaluationRepository,
    MemoryLodgingRepository,
    MemoryReservationRepository,
    MemoryReservationTypeRepository,
)
from petcare_adapters.memory.repositories_portal import (
    MemoryLeadRepository,
    MemoryPasswordResetTokenRepository,
    MemoryStaffNotificationRepository,
)
from petcare_adapters.memory.state import MemoryState
from petcare_adapters.memory.transaction import Transaction
from petcare_core.domain.catalog import Species, Temperament, Vet
from petcare_core.domain.events import DomainEvent, OutboxEntry
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import FacilityId, SpeciesId, TemperamentId, VetId
from petcare_core.domain.staff import ApiKey
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
from petcare_core.ports.errors import NotFound, TenantViolation
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
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, PlatformUnitOfWork


class _MemoryUnitOfWork:
    """The transaction handling both kinds of unit of work share."""

    def __init__(self, state: MemoryState) -> None:
        self._txn = Transaction(state)

    def __enter__(self) -> Self:
        self._txn.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._txn.end()

    def commit(self) -> None:
        """Make every change and recorded event visible at once (or raise and keep none)."""
        self._txn.commit()

    def rollback(self) -> None:
        """Discard every change since the last commit."""
        self._txn.ensure_active()
        self._txn.rollback()

    def new_id(self) -> int:
        """A fresh positive id, unique across the storage."""
        return self._txn.new_id()


class _MemoryOutbox:
    """The facility's committed events."""

    def __init__(self, txn: Transaction, state: MemoryState, facility_id: FacilityId) -> None:
        self._txn = txn
        self._state = state
        self._facility_id = facility_id

    def list(self, after: int = 0, limit: int = 1000) -> list[OutboxEntry]:
        """Events with position greater than ``after``, oldest first."""
        self._txn.ensure_active()
        return self._state.outbox(self._facility_id, after, limit)


class MemoryFacilityUnitOfWork(_MemoryUnitOfWork):
    """A transaction that can only see and change one facility's records."""

    def __init__(self, state: MemoryState, facility_id: FacilityId) -> None:
        """A unit of work on ``state`` for ``facility_id``."""
        super().__init__(state)
        txn = self._txn
        self.facility_id: FacilityId = facility_id
        self.locations: LocationRepository = MemoryLocationRepository(
            txn, tables.LOCATIONS, facility_id
        )
        self.staff: StaffUserRepository = MemoryStaffUserRepository(txn, tables.STAFF, facility_id)
        self.api_keys: ApiKeyRepository = MemoryApiKeyRepository(txn, tables.API_KEYS, facility_id)
        self.owners: OwnerRepository = MemoryOwnerRepository(txn, tables.OWNERS, facility_id)
        self.animals: AnimalRepository = MemoryAnimalRepository(txn, tables.ANIMALS, facility_id)
        self.species: SpeciesRepository = ScopedRepository[Species, SpeciesId](
            txn, tables.SPECIES, facility_id
        )
        self.breeds: BreedRepository = MemoryBreedRepository(txn, tables.BREEDS, facility_id)
        self.vets: VetRepository = ScopedRepository[Vet, VetId](txn, tables.VETS, facility_id)
        self.temperaments: TemperamentRepository = ScopedRepository[Temperament, TemperamentId](
            txn, tables.TEMPERAMENTS, facility_id
        )
        self.immunization_types: ImmunizationTypeRepository = MemoryImmunizationTypeRepository(
            txn, tables.IMMUNIZATION_TYPES, facility_id
        )
        self.immunizations: ImmunizationRecordRepository = MemoryImmunizationRecordRepository(
            txn, tables.IMMUNIZATIONS, facility_id
        )
        self.forms: FormRepository = MemoryFormRepository(txn, facility_id)
        self.leads: LeadRepository = MemoryLeadRepository(txn, tables.LEADS, facility_id)
        self.staff_notifications: StaffNotificationRepository = MemoryStaffNotificationRepository(
            txn, tables.STAFF_NOTIFICATIONS, facility_id
        )
        self.reservation_types: ReservationTypeRepository = MemoryReservationTypeRepository(
            txn, tables.RESERVATION_TYPES, facility_id
        )
        self.additional_services: AdditionalServiceRepository = MemoryAdditionalServiceRepository(
            txn, tables.ADDITIONAL_SERVICES, facility_id
        )
        self.capacity_pools: CapacityPoolRepository = MemoryCapacityPoolRepository(
            txn, tables.CAPACITY_POOLS, facility_id
        )
        self.lodgings: LodgingRepository = MemoryLodgingRepository(
            txn, tables.LODGINGS, facility_id
        )
        self.agreements: AgreementRepository = MemoryAgreementRepository(
            txn, tables.AGREEMENTS, facility_id
        )
        self.agreement_signatures: AgreementSignatureRepository = (
            MemoryAgreementSignatureRepository(txn, facility_id)
        )
        self.evaluations: EvaluationRepository = MemoryEvaluationRepository(txn, facility_id)
        self.booking_overrides: BookingOverrideRepository = MemoryBookingOverrideRepository(
            txn, facility_id
        )
        self.reservations: ReservationRepository = MemoryReservationRepository(
            txn, tables.RESERVATIONS, facility_id
        )
        # Kept under its concrete type too: what it loaded must be forgotten when the
        # transaction ends.
        self._ledger = MemoryCapacityLedgerRepository(txn, facility_id)
        self.capacity_ledger: CapacityLedgerRepository = self._ledger
        self.outbox: Outbox = _MemoryOutbox(txn, state, facility_id)
        self.accounts: PortalAccountRepository = MemoryPortalAccountRepository(txn)

    def __enter__(self) -> Self:
        self._ledger.forget()
        return super().__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._ledger.forget()
        super().__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        """Make every change and recorded event visible at once (or raise and keep none)."""
        # Whether the commit succeeds or conflicts, the next transaction starts afresh.
        self._ledger.forget()
        super().commit()

    def rollback(self) -> None:
        """Discard every change since the last commit."""
        super().rollback()
        self._ledger.forget()

    def facility(self) -> Facility:
        """This unit of work's facility (``NotFound`` if it does not exist)."""
        row = self._txn.get(tables.FACILITIES, None, self.facility_id)
        if row is None:
            raise NotFound(tables.FACILITIES.kind, self.facility_id)
        return row

    def add_facility(self, facility: Facility) -> None:
        """Insert this unit of work's own facility (a new tenant), in this transaction."""
        if facility.id != self.facility_id:
            raise TenantViolation(
                f"facility {facility.id} cannot be created through facility "
                f"{self.facility_id}'s unit of work"
            )
        _MemoryFacilityRepository(self._txn).add(facility)

    def record(self, event: DomainEvent) -> None:
        """Queue an event of this facility; ``commit`` writes it to the outbox."""
        if event.facility_id != self.facility_id:
            raise TenantViolation(
                f"{event.name} of facility {event.facility_id} cannot be recorded through "
                f"facility {self.facility_id}'s unit of work"
            )
        self._txn.record(event)


class _MemoryFacilityRepository:
    """Every facility of the storage."""

    def __init__(self, txn: Transaction) -> None:
        self._txn = txn

    def add(self, facility: Facility) -> None:
        """Insert a facility; a taken slug or invite code raises ``ConcurrencyConflict``."""
        self._txn.insert(tables.FACILITIES, facility)

    def get(self, facility_id: FacilityId) -> Facility:
        """The facility or ``NotFound``."""
        row = self._txn.get(tables.FACILITIES, None, facility_id)
        if row is None:
            raise NotFound(tables.FACILITIES.kind, facility_id)
        return row

    def find_by_slug(self, slug: str) -> Facility | None:
        """The facility with this slug."""
        return self._txn.find_unique(tables.FACILITIES, ("slug", slug))

    def find_by_invite_code(self, code: str) -> Facility | None:
        """The facility with this invite code."""
        return self._txn.find_unique(tables.FACILITIES, ("invite_code", code))

    def update(self, facility: Facility) -> Facility:
        """Store a changed facility (optimistic version check)."""
        stored = attrs.evolve(facility, version=facility.version + 1)
        return self._txn.replace(tables.FACILITIES, None, facility, stored)

    def list(self) -> list[Facility]:
        """Every facility, ordered by id."""
        return self._txn.select(tables.FACILITIES, None, lambda _: True)


class _MemoryApiKeyIndex:
    """Finds API keys by prefix in every facility."""

    def __init__(self, txn: Transaction) -> None:
        self._txn = txn

    def find_by_prefix(self, prefix: str) -> ApiKey | None:
        """The key with this prefix, in whichever facility it belongs to."""
        return self._txn.find_unique(tables.API_KEYS, ("prefix", prefix))


class MemoryPlatformUnitOfWork(_MemoryUnitOfWork):
    """A transaction over facilities, portal logins and the API key index."""

    def __init__(self, state: MemoryState) -> None:
        """A platform unit of work on ``state``."""
        super().__init__(state)
        self.facilities: FacilityRepository = _MemoryFacilityRepository(self._txn)
        self.accounts: PortalAccountRepository = MemoryPortalAccountRepository(self._txn)
        self.reset_tokens: PasswordResetTokenRepository = MemoryPasswordResetTokenRepository(
            self._txn
        )
        self.api_key_index: ApiKeyIndex = _MemoryApiKeyIndex(self._txn)


class MemoryUnitOfWorkFactory:
    """Opens units of work on one in-memory storage, shared by every unit of work it opens."""

    def __init__(self) -> None:
        """A factory over a new, empty storage."""
        self._state = MemoryState()

    def for_facility(self, facility_id: FacilityId) -> FacilityUnitOfWork:
        """A unit of work that sees only ``facility_id``'s records."""
        return MemoryFacilityUnitOfWork(self._state, facility_id)

    def platform(self) -> PlatformUnitOfWork:
        """A unit of work over facilities, portal accounts and the API key index."""
        return MemoryPlatformUnitOfWork(self._state)
