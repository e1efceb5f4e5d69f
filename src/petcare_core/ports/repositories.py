"""Repository protocols. Every facility-scoped repository sees only its facility's rows.

Conventions shared by every repository (the contract suites check each):
- ``add`` inserts a new record; its ``facility_id`` must be the unit of work's facility, else
  ``TenantViolation``. A duplicate id or unique value raises ``ConcurrencyConflict``.
- ``get`` returns the record or raises ``NotFound``; ``find_*`` return ``None`` or an empty list.
- ``update`` takes a record as loaded (its ``version`` is the one read) and stores it with
  ``version + 1``; if the stored version differs, it raises ``ConcurrencyConflict``; if the record
  does not exist, ``NotFound``. It returns the stored record.
- ``list`` returns every record ordered by id.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol, TypeVar

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.events import OutboxEntry
from petcare_core.domain.facility import Facility, Location
from petcare_core.domain.forms import FormDefinition, FormKind
from petcare_core.domain.ids import (
    AnimalId,
    ApiKeyId,
    BreedId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    LocationId,
    OwnerId,
    PortalAccountId,
    SpeciesId,
    StaffUserId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordStatus
from petcare_core.domain.owner import Owner
from petcare_core.domain.staff import ApiKey, StaffUser

T = TypeVar("T")
K_contra = TypeVar("K_contra", contravariant=True)


class Repository(Protocol[T, K_contra]):
    """The operations every aggregate repository has."""

    def add(self, item: T) -> None:
        """Insert a new record."""
        ...

    def get(self, item_id: K_contra) -> T:
        """The record with this id, or ``NotFound``."""
        ...

    def update(self, item: T) -> T:
        """Store a changed record (optimistic version check); returns it with the new version."""
        ...

    def list(self) -> list[T]:
        """Every record, ordered by id."""
        ...


class LocationRepository(Repository[Location, LocationId], Protocol):
    """The facility's locations."""


class SpeciesRepository(Repository[Species, SpeciesId], Protocol):
    """The facility's species."""


class BreedRepository(Repository[Breed, BreedId], Protocol):
    """The facility's breeds."""

    def list_for_species(self, species_id: SpeciesId) -> list[Breed]:
        """Breeds of one species, ordered by id."""
        ...


class VetRepository(Repository[Vet, VetId], Protocol):
    """The facility's vets."""


class TemperamentRepository(Repository[Temperament, TemperamentId], Protocol):
    """The facility's temperaments."""


class ImmunizationTypeRepository(Repository[ImmunizationType, ImmunizationTypeId], Protocol):
    """The facility's immunization types."""

    def list_for_species(self, species_id: SpeciesId) -> list[ImmunizationType]:
        """Immunization types of one species, ordered by id."""
        ...


class StaffUserRepository(Repository[StaffUser, StaffUserId], Protocol):
    """The facility's staff users."""

    def find_by_username(self, username: str) -> StaffUser | None:
        """The staff user with this (case-folded) username."""
        ...


class ApiKeyRepository(Repository[ApiKey, ApiKeyId], Protocol):
    """The facility's API keys."""

    def list_for_staff_user(self, staff_user_id: StaffUserId) -> list[ApiKey]:
        """Keys of one staff user, ordered by id."""
        ...


class OwnerRepository(Repository[Owner, OwnerId], Protocol):
    """The facility's owners."""

    def find_by_email(self, email: str) -> list[Owner]:
        """Owners whose (case-folded) email equals ``email``, ordered by id."""
        ...

    def find_by_phone(self, phone: str) -> list[Owner]:
        """Owners whose cell or home phone (E.164) equals ``phone``, ordered by id."""
        ...

    def modified_between(self, start: datetime, end: datetime) -> list[Owner]:
        """Owners created or modified at ``start <= t < end``, ordered by id."""
        ...

    def list_by_ids(self, ids: Collection[OwnerId]) -> list[Owner]:
        """The owners with these ids, ordered by id, read together (not a query per id); an id
        naming no owner of this facility is left out."""
        ...


class AnimalRepository(Repository[Animal, AnimalId], Protocol):
    """The facility's animals."""

    def list_for_owner(self, owner_id: OwnerId) -> list[Animal]:
        """One owner's animals, ordered by id."""
        ...

    def modified_between(self, start: datetime, end: datetime) -> list[Animal]:
        """Animals created or modified at ``start <= t < end``, ordered by id."""
        ...

    def list_by_ids(self, ids: Collection[AnimalId]) -> list[Animal]:
        """The animals with these ids, ordered by id, read together (not a query per id); an id
        naming no animal of this facility is left out."""
        ...


class ImmunizationRecordRepository(Repository[ImmunizationRecord, ImmunizationRecordId], Protocol):
    """The facility's immunization records."""

    def list_for_animal(self, animal_id: AnimalId) -> list[ImmunizationRecord]:
        """One animal's records, ordered by id."""
        ...

    def list_by_status(self, status: RecordStatus) -> list[ImmunizationRecord]:
        """Records in one status (the review queue), ordered by id."""
        ...


class FormRepository(Protocol):
    """The facility's owner and animal forms (one of each)."""

    def get(self, kind: FormKind) -> FormDefinition:
        """The form; a form never saved is empty with version 0."""
        ...

    def save(self, form: FormDefinition) -> FormDefinition:
        """Store the form if its version is the stored one (0 for a first save).

        Returns the form with ``version + 1``; a stale version raises ``ConcurrencyConflict``."""
        ...


class Outbox(Protocol):
    """The facility's recorded events."""

    def list(self, after: int = 0, limit: int = 1000) -> list[OutboxEntry]:
        """Events with position greater than ``after``, oldest first."""
        ...


class FacilityRepository(Protocol):
    """Every facility of the deployment (platform scope)."""

    def add(self, facility: Facility) -> None:
        """Insert a facility; a taken slug or invite code raises ``ConcurrencyConflict``."""
        ...

    def get(self, facility_id: FacilityId) -> Facility:
        """The facility or ``NotFound``."""
        ...

    def find_by_slug(self, slug: str) -> Facility | None:
        """The facility with this slug."""
        ...

    def find_by_invite_code(self, code: str) -> Facility | None:
        """The facility with this invite code."""
        ...

    def update(self, facility: Facility) -> Facility:
        """Store a changed facility (optimistic version check)."""
        ...

    def list(self) -> list[Facility]:
        """Every facility, ordered by id."""
        ...


class PortalAccountRepository(Repository[PortalAccount, PortalAccountId], Protocol):
    """Every pet-parent login (platform scope)."""

    def find_by_email(self, email: str) -> PortalAccount | None:
        """The account with this case-folded email."""
        ...

    def find_by_phone(self, phone: str) -> PortalAccount | None:
        """The account with this E.164 phone."""
        ...


class ApiKeyIndex(Protocol):
    """Finds an API key by its public prefix across facilities (platform scope)."""

    def find_by_prefix(self, prefix: str) -> ApiKey | None:
        """The key with this prefix, in whichever facility it belongs to."""
        ...
