"""Units of work: one transaction, either for one facility or for the platform."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

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


class UnitOfWork(Protocol):
    """One transaction. Nothing is stored unless ``commit`` is called inside the ``with`` block.

    Leaving the block without committing, or with an exception, rolls back. After ``commit`` the
    unit of work may be used again for a further transaction.
    """

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None:
        """Make every change (and recorded event) durable at once."""
        ...

    def rollback(self) -> None:
        """Discard every change since the last commit."""
        ...

    def new_id(self) -> int:
        """A fresh positive id, unique across the deployment."""
        ...


class FacilityUnitOfWork(UnitOfWork, Protocol):
    """A transaction that can only see and change one facility's records."""

    facility_id: FacilityId
    locations: LocationRepository
    staff: StaffUserRepository
    api_keys: ApiKeyRepository
    owners: OwnerRepository
    animals: AnimalRepository
    species: SpeciesRepository
    breeds: BreedRepository
    vets: VetRepository
    temperaments: TemperamentRepository
    immunization_types: ImmunizationTypeRepository
    immunizations: ImmunizationRecordRepository
    forms: FormRepository
    leads: LeadRepository
    staff_notifications: StaffNotificationRepository
    reservation_types: ReservationTypeRepository
    additional_services: AdditionalServiceRepository
    capacity_pools: CapacityPoolRepository
    lodgings: LodgingRepository
    agreements: AgreementRepository
    agreement_signatures: AgreementSignatureRepository
    evaluations: EvaluationRepository
    reservations: ReservationRepository
    capacity_ledger: CapacityLedgerRepository
    booking_overrides: BookingOverrideRepository
    outbox: Outbox
    # Logins span facilities; they are reachable here so that signing up (a new owner and its
    # login) is one transaction.
    accounts: PortalAccountRepository

    def facility(self) -> Facility:
        """This unit of work's facility (``NotFound`` if it does not exist)."""
        ...

    def add_facility(self, facility: Facility) -> None:
        """Insert this unit of work's own facility, a new tenant, so that its first records and
        events commit with it in one transaction. Another facility's id raises
        ``TenantViolation``; a taken id, slug or invite code ``ConcurrencyConflict``."""
        ...

    def record(self, event: DomainEvent) -> None:
        """Queue an event; it is written to the outbox by ``commit``, in the same transaction."""
        ...


class PlatformUnitOfWork(UnitOfWork, Protocol):
    """A transaction over what spans facilities: the facilities, portal logins (and their
    password reset tokens), API key lookup."""

    facilities: FacilityRepository
    accounts: PortalAccountRepository
    reset_tokens: PasswordResetTokenRepository
    api_key_index: ApiKeyIndex


class UnitOfWorkFactory(Protocol):
    """Opens units of work; the composition root builds one per storage."""

    def for_facility(self, facility_id: FacilityId) -> FacilityUnitOfWork:
        """A unit of work that sees only ``facility_id``'s records."""
        ...

    def platform(self) -> PlatformUnitOfWork:
        """A unit of work over facilities, portal accounts and the API key index."""
        ...
