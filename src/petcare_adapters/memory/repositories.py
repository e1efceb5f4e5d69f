"""Facility-scoped memory repositories: each sees and changes only its facility's rows."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Generic, Protocol, TypeVar

import attrs

from petcare_adapters.memory import tables
from petcare_adapters.memory.transaction import Transaction
from petcare_core.domain.account import PortalAccount
from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import Breed, ImmunizationType
from petcare_core.domain.facility import Location
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
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordStatus
from petcare_core.domain.owner import Owner
from petcare_core.domain.staff import ApiKey, StaffUser
from petcare_core.ports.errors import ConcurrencyConflict, NotFound, TenantViolation


class _Scoped(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def facility_id(self) -> FacilityId: ...

    @property
    def version(self) -> int: ...


S = TypeVar("S", bound=_Scoped)
K = TypeVar("K", bound=int)


def bumped(row: S) -> S:
    """``row`` as stored by an update: one version later."""
    # attrs' mypy plugin cannot tell that a protocol-bound type variable is an attrs class.
    stored: S = attrs.evolve(row, version=row.version + 1)  # type: ignore[misc]
    return stored


class ScopedRepository(Generic[S, K]):
    """The add/get/update/list every facility-scoped repository has."""

    def __init__(self, txn: Transaction, table: tables.Table[S], facility_id: FacilityId) -> None:
        """A repository of ``table`` rows of ``facility_id`` inside ``txn``."""
        self._txn = txn
        self._table = table
        self._facility_id = facility_id

    def _own(self, row: S) -> None:
        if row.facility_id != self._facility_id:
            raise TenantViolation(
                f"{self._table.kind} {row.id} belongs to facility {row.facility_id}, "
                f"not to this unit of work's facility {self._facility_id}"
            )

    def _where(self, condition: Callable[[S], bool]) -> list[S]:
        return self._txn.select(self._table, self._facility_id, condition)

    def add(self, item: S) -> None:
        """Insert a new record of this facility."""
        self._own(item)
        self._txn.insert(self._table, item)

    def get(self, item_id: K) -> S:
        """The record with this id, or ``NotFound``."""
        row = self._txn.get(self._table, self._facility_id, item_id)
        if row is None:
            raise NotFound(self._table.kind, item_id)
        return row

    def update(self, item: S) -> S:
        """Store a changed record one version later (optimistic version check)."""
        self._own(item)
        return self._txn.replace(self._table, self._facility_id, item, bumped(item))

    def list(self) -> list[S]:
        """Every record of this facility, ordered by id."""
        return self._txn.select(self._table, self._facility_id, lambda _: True)


class MemoryBreedRepository(ScopedRepository[Breed, BreedId]):
    """The facility's breeds."""

    def list_for_species(self, species_id: SpeciesId) -> list[Breed]:
        """Breeds of one species, ordered by id."""
        return self._where(lambda row: row.species_id == species_id)


class MemoryImmunizationTypeRepository(ScopedRepository[ImmunizationType, ImmunizationTypeId]):
    """The facility's immunization types."""

    def list_for_species(self, species_id: SpeciesId) -> list[ImmunizationType]:
        """Immunization types of one species, ordered by id."""
        return self._where(lambda row: row.species_id == species_id)


class MemoryStaffUserRepository(ScopedRepository[StaffUser, StaffUserId]):
    """The facility's staff users."""

    def find_by_username(self, username: str) -> StaffUser | None:
        """The staff user with this (case-folded) username."""
        value = ("username", self._facility_id, username.casefold())
        return self._txn.find_unique(self._table, value)


class MemoryApiKeyRepository(ScopedRepository[ApiKey, ApiKeyId]):
    """The facility's API keys."""

    def list_for_staff_user(self, staff_user_id: StaffUserId) -> list[ApiKey]:
        """Keys of one staff user, ordered by id."""
        return self._where(lambda row: row.staff_user_id == staff_user_id)


def _modified_between(start: datetime, end: datetime) -> Callable[[Owner | Animal], bool]:
    def condition(row: Owner | Animal) -> bool:
        return start <= row.created_at < end or start <= row.modified_at < end

    return condition


class MemoryOwnerRepository(ScopedRepository[Owner, OwnerId]):
    """The facility's owners."""

    def find_by_email(self, email: str) -> list[Owner]:
        """Owners whose (case-folded) email equals ``email``; an empty email matches nobody."""
        wanted = email.casefold()
        if not wanted:
            return []
        return self._where(lambda row: row.email.casefold() == wanted)

    def find_by_phone(self, phone: str) -> list[Owner]:
        """Owners whose cell or home phone equals ``phone``; an empty phone matches nobody."""
        if not phone:
            return []
        return self._where(lambda row: phone in (row.cell_phone, row.home_phone))

    def modified_between(self, start: datetime, end: datetime) -> list[Owner]:
        """Owners created or modified at ``start <= t < end``, ordered by id."""
        return self._where(_modified_between(start, end))

    def list_by_ids(self, ids: Collection[OwnerId]) -> list[Owner]:
        """The owners with these ids, ordered by id; unknown ids are left out."""
        wanted = frozenset(ids)
        return self._where(lambda row: row.id in wanted)


class MemoryAnimalRepository(ScopedRepository[Animal, AnimalId]):
    """The facility's animals."""

    def list_for_owner(self, owner_id: OwnerId) -> list[Animal]:
        """One owner's animals, ordered by id."""
        return self._where(lambda row: row.owner_id == owner_id)

    def modified_between(self, start: datetime, end: datetime) -> list[Animal]:
        """Animals created or modified at ``start <= t < end``, ordered by id."""
        return self._where(_modified_between(start, end))

    def list_by_ids(self, ids: Collection[AnimalId]) -> list[Animal]:
        """The animals with these ids, ordered by id; unknown ids are left out."""
        wanted = frozenset(ids)
        return self._where(lambda row: row.id in wanted)


class MemoryImmunizationRecordRepository(
    ScopedRepository[ImmunizationRecord, ImmunizationRecordId]
):
    """The facility's immunization records."""

    def list_for_animal(self, animal_id: AnimalId) -> list[ImmunizationRecord]:
        """One animal's records, ordered by id."""
        return self._where(lambda row: row.animal_id == animal_id)

    def list_by_status(self, status: RecordStatus) -> list[ImmunizationRecord]:
        """Records in one status, ordered by id."""
        return self._where(lambda row: row.status == status)


class MemoryLocationRepository(ScopedRepository[Location, LocationId]):
    """The facility's locations."""


class MemoryFormRepository:
    """The facility's owner and animal forms."""

    def __init__(self, txn: Transaction, facility_id: FacilityId) -> None:
        """The forms of ``facility_id`` inside ``txn``."""
        self._txn = txn
        self._facility_id = facility_id

    def get(self, kind: FormKind) -> FormDefinition:
        """The form; a form never saved is empty with version 0."""
        row = self._txn.get(tables.FORMS, self._facility_id, (self._facility_id, kind))
        return row if row is not None else FormDefinition(self._facility_id, kind, version=0)

    def save(self, form: FormDefinition) -> FormDefinition:
        """Store the form if its version is the stored one (0 for a first save)."""
        if form.facility_id != self._facility_id:
            raise TenantViolation(
                f"the {form.kind} form of facility {form.facility_id} cannot be saved through "
                f"facility {self._facility_id}'s unit of work"
            )
        stored = attrs.evolve(form, version=form.version + 1)
        if self.get(form.kind).version == 0:
            if form.version != 0:
                raise ConcurrencyConflict(tables.FORMS.kind, form.kind)
            self._txn.insert(tables.FORMS, stored)
            return stored
        return self._txn.replace(tables.FORMS, self._facility_id, form, stored)


class MemoryPortalAccountRepository:
    """Every pet-parent login; the same table from facility and platform units of work."""

    def __init__(self, txn: Transaction) -> None:
        """The accounts as ``txn`` sees them."""
        self._txn = txn

    def add(self, item: PortalAccount) -> None:
        """Insert a login; a taken email or phone raises ``ConcurrencyConflict``."""
        self._txn.insert(tables.ACCOUNTS, item)

    def get(self, item_id: PortalAccountId) -> PortalAccount:
        """The account or ``NotFound``."""
        row = self._txn.get(tables.ACCOUNTS, None, item_id)
        if row is None:
            raise NotFound(tables.ACCOUNTS.kind, item_id)
        return row

    def update(self, item: PortalAccount) -> PortalAccount:
        """Store a changed account (optimistic version check)."""
        stored = attrs.evolve(item, version=item.version + 1)
        return self._txn.replace(tables.ACCOUNTS, None, item, stored)

    def list(self) -> list[PortalAccount]:
        """Every account, ordered by id."""
        return self._txn.select(tables.ACCOUNTS, None, lambda _: True)

    def find_by_email(self, email: str) -> PortalAccount | None:
        """The account with this case-folded email; an empty email matches nobody."""
        if not email:
            return None
        return self._txn.find_unique(tables.ACCOUNTS, ("email", email.casefold()))

    def find_by_phone(self, phone: str) -> PortalAccount | None:
        """The account with this E.164 phone; an empty phone matches nobody."""
        if not phone:
            return None
        return self._txn.find_unique(tables.ACCOUNTS, ("phone", phone))
