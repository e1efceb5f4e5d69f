"""The facility-scoped repositories: one facility's catalog, staff, owners, animals, records."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from petcare_adapters.sqlalchemy import rows_catalog as catalog
from petcare_adapters.sqlalchemy import rows_people as people
from petcare_adapters.sqlalchemy import rows_platform as platform
from petcare_adapters.sqlalchemy import tables
from petcare_adapters.sqlalchemy.repositories import R, ScopedRepository, ScopedTable
from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.facility import Location
from petcare_core.domain.ids import AnimalId, OwnerId, SpeciesId, StaffUserId
from petcare_core.domain.immunization import ImmunizationRecord, RecordStatus
from petcare_core.domain.owner import Owner
from petcare_core.domain.staff import ApiKey, StaffUser

LOCATIONS = ScopedTable(
    "location",
    tables.locations,
    catalog.LOCATION_COLUMNS,
    catalog.location_reader,
    catalog.location_to_row,
)
SPECIES = ScopedTable(
    "species",
    tables.species,
    catalog.SPECIES_COLUMNS,
    catalog.species_reader,
    catalog.species_to_row,
)
BREEDS = ScopedTable(
    "breed", tables.breeds, catalog.BREED_COLUMNS, catalog.breed_reader, catalog.breed_to_row
)
VETS = ScopedTable("vet", tables.vets, catalog.VET_COLUMNS, catalog.vet_reader, catalog.vet_to_row)
TEMPERAMENTS = ScopedTable(
    "temperament",
    tables.temperaments,
    catalog.TEMPERAMENT_COLUMNS,
    catalog.temperament_reader,
    catalog.temperament_to_row,
)
IMMUNIZATION_TYPES = ScopedTable(
    "immunization type",
    tables.immunization_types,
    catalog.IMMUNIZATION_TYPE_COLUMNS,
    catalog.immunization_type_reader,
    catalog.immunization_type_to_row,
)
IMMUNIZATION_RECORDS = ScopedTable(
    "immunization record",
    tables.immunization_records,
    catalog.IMMUNIZATION_RECORD_COLUMNS,
    catalog.immunization_record_reader,
    catalog.immunization_record_to_row,
)
STAFF_USERS = ScopedTable(
    "staff user",
    tables.staff_users,
    platform.STAFF_USER_COLUMNS,
    platform.staff_user_reader,
    platform.staff_user_to_row,
)
API_KEYS = ScopedTable(
    "API key",
    tables.api_keys,
    platform.API_KEY_COLUMNS,
    platform.api_key_reader,
    platform.api_key_to_row,
)
OWNERS = ScopedTable(
    "owner", tables.owners, people.OWNER_COLUMNS, people.owner_reader, people.owner_to_row
)
ANIMALS = ScopedTable(
    "animal", tables.animals, people.ANIMAL_COLUMNS, people.animal_reader, people.animal_to_row
)

_species_id: sa.BindParameter[int] = sa.bindparam("species_id")


def _touched_between(table: sa.Table) -> sa.ColumnElement[bool]:
    # "Created or modified at start <= t < end"; each half can use its (facility_id, t) index.
    start: sa.BindParameter[datetime] = sa.bindparam("start")
    end: sa.BindParameter[datetime] = sa.bindparam("end")
    c = table.c
    return sa.or_(
        sa.and_(c.created_at >= start, c.created_at < end),
        sa.and_(c.modified_at >= start, c.modified_at < end),
    )


class SqlLocationRepository(ScopedRepository[Location]):
    """The facility's locations."""


class SqlSpeciesRepository(ScopedRepository[Species]):
    """The facility's species."""


class SqlVetRepository(ScopedRepository[Vet]):
    """The facility's vets."""


class SqlTemperamentRepository(ScopedRepository[Temperament]):
    """The facility's temperaments."""


class SqlBreedRepository(ScopedRepository[Breed]):
    """The facility's breeds."""

    _of_species = BREEDS.select_where(tables.breeds.c.species_id == _species_id)

    def list_for_species(self, species_id: SpeciesId) -> list[Breed]:
        """Breeds of one species, ordered by id."""
        return self._select(self._of_species, {"species_id": species_id})


class SqlImmunizationTypeRepository(ScopedRepository[ImmunizationType]):
    """The facility's immunization types."""

    _of_species = IMMUNIZATION_TYPES.select_where(
        tables.immunization_types.c.species_id == _species_id
    )

    def list_for_species(self, species_id: SpeciesId) -> list[ImmunizationType]:
        """Immunization types of one species, ordered by id."""
        return self._select(self._of_species, {"species_id": species_id})


class SqlStaffUserRepository(ScopedRepository[StaffUser]):
    """The facility's staff users."""

    _by_username = STAFF_USERS.select_where(
        tables.staff_users.c.username_key == sa.bindparam("username_key")
    )

    def find_by_username(self, username: str) -> StaffUser | None:
        """The staff user with this (case-folded) username."""
        found = self._select(self._by_username, {"username_key": username.casefold()})
        return found[0] if found else None


class SqlApiKeyRepository(ScopedRepository[ApiKey]):
    """The facility's API keys."""

    _of_staff_user = API_KEYS.select_where(
        tables.api_keys.c.staff_user_id == sa.bindparam("staff_user_id")
    )

    def list_for_staff_user(self, staff_user_id: StaffUserId) -> list[ApiKey]:
        """Keys of one staff user, ordered by id."""
        return self._select(self._of_staff_user, {"staff_user_id": staff_user_id})


# Ids bound per statement when reading records by id: under the 999 variables old SQLite
# builds allow, and few statements for the thousands a month of reservations names.
IDS_PER_STATEMENT = 500


class _ReadsByIds(ScopedRepository[R]):
    """Reads a facility's records by a list of ids, a statement per ``IDS_PER_STATEMENT``."""

    _with_ids: sa.Select[Any]

    def list_by_ids(self, ids: Collection[int]) -> list[R]:
        """The records with these ids, ordered by id; an id naming none of this facility's
        records is left out."""
        wanted = sorted(set(ids))
        found: list[R] = []
        # Each chunk holds larger ids than the one before, so the result stays ordered by id.
        for first in range(0, len(wanted), IDS_PER_STATEMENT):
            chunk = wanted[first : first + IDS_PER_STATEMENT]
            found.extend(self._select(self._with_ids, {"ids": chunk}))
        return found


def _ids_select(table: ScopedTable[Any]) -> sa.Select[Any]:
    return table.select_where(table.table.c.id.in_(sa.bindparam("ids", expanding=True)))


class SqlOwnerRepository(_ReadsByIds[Owner]):
    """The facility's owners."""

    _with_ids = _ids_select(OWNERS)

    _by_email = OWNERS.select_where(tables.owners.c.email_key == sa.bindparam("email_key"))
    _by_phone = OWNERS.select_where(
        sa.or_(
            tables.owners.c.cell_phone == sa.bindparam("phone"),
            tables.owners.c.home_phone == sa.bindparam("phone"),
        )
    )
    _touched = OWNERS.select_where(_touched_between(tables.owners))

    def find_by_email(self, email: str) -> list[Owner]:
        """Owners whose (case-folded) email equals ``email``; none for an empty email."""
        if not email:
            return []
        return self._select(self._by_email, {"email_key": email.casefold()})

    def find_by_phone(self, phone: str) -> list[Owner]:
        """Owners whose cell or home phone equals ``phone``; none for an empty phone."""
        if not phone:
            return []
        return self._select(self._by_phone, {"phone": phone})

    def modified_between(self, start: datetime, end: datetime) -> list[Owner]:
        """Owners created or modified at ``start <= t < end``, ordered by id."""
        return self._select(self._touched, {"start": start, "end": end})


class SqlAnimalRepository(_ReadsByIds[Animal]):
    """The facility's animals."""

    _with_ids = _ids_select(ANIMALS)

    _of_owner = ANIMALS.select_where(tables.animals.c.owner_id == sa.bindparam("owner_id"))
    _touched = ANIMALS.select_where(_touched_between(tables.animals))

    def list_for_owner(self, owner_id: OwnerId) -> list[Animal]:
        """One owner's animals, ordered by id."""
        return self._select(self._of_owner, {"owner_id": owner_id})

    def modified_between(self, start: datetime, end: datetime) -> list[Animal]:
        """Animals created or modified at ``start <= t < end``, ordered by id."""
        return self._select(self._touched, {"start": start, "end": end})


class SqlImmunizationRecordRepository(ScopedRepository[ImmunizationRecord]):
    """The facility's immunization records."""

    _of_animal = IMMUNIZATION_RECORDS.select_where(
        tables.immunization_records.c.animal_id == sa.bindparam("animal_id")
    )
    _in_status = IMMUNIZATION_RECORDS.select_where(
        tables.immunization_records.c.status == sa.bindparam("status")
    )

    def list_for_animal(self, animal_id: AnimalId) -> list[ImmunizationRecord]:
        """One animal's records, ordered by id."""
        return self._select(self._of_animal, {"animal_id": animal_id})

    def list_by_status(self, status: RecordStatus) -> list[ImmunizationRecord]:
        """Records in one status (the review queue), ordered by id."""
        parameters: dict[str, Any] = {"status": RecordStatus(status).value}
        return self._select(self._in_status, parameters)
