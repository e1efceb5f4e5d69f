"""Row <-> domain translation for a facility's reference lists, locations and immunizations.

Each ``*_COLUMNS`` tuple lists the selected columns in the order its reader unpacks them; a
``*_reader(codec)`` builds the reader for one dialect (see ``codecs.py``). Flag columns arrive as
``0``/``1`` on SQLite, hence the ``bool()`` calls (``column_types.Flag``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from petcare_adapters.sqlalchemy.codecs import Codec
from petcare_adapters.sqlalchemy.tables import (
    breeds,
    immunization_records,
    immunization_types,
    locations,
    species,
    temperaments,
    vets,
)
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.facility import Location
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus

_SOURCE = {member.value: member for member in RecordSource}
_STATUS = {member.value: member for member in RecordStatus}


def _columns(table: sa.Table, names: str) -> tuple[sa.ColumnElement[Any], ...]:
    return tuple(table.c[name] for name in names.split())


LOCATION_COLUMNS = _columns(
    locations,
    "id facility_id name address_1 address_2 city region postal_code country phone email "
    "tax_rate active version",
)


def location_reader(codec: Codec) -> Callable[[Any], Location]:
    """Reads a ``Location`` from a driver row of ``LOCATION_COLUMNS``."""
    decimal = codec.decimal

    def read(row: Any) -> Location:
        (
            id_, facility_id, name, address_1, address_2, city, region, postal_code, country,
            phone, email, tax_rate, active, version,
        ) = row  # fmt: skip
        return Location(
            id_,
            facility_id,
            name,
            address_1,
            address_2,
            city,
            region,
            postal_code,
            country,
            phone,
            email,
            decimal(tax_rate),
            bool(active),
            version,
        )

    return read


def location_to_row(location: Location) -> dict[str, Any]:
    """The column values of ``location``."""
    return {
        "id": location.id,
        "facility_id": location.facility_id,
        "name": location.name,
        "address_1": location.address_1,
        "address_2": location.address_2,
        "city": location.city,
        "region": location.region,
        "postal_code": location.postal_code,
        "country": location.country,
        "phone": location.phone,
        "email": location.email,
        "tax_rate": location.tax_rate,
        "active": location.active,
        "version": location.version,
    }


SPECIES_COLUMNS = _columns(species, "id facility_id name version")


def _species(row: Any) -> Species:
    id_, facility_id, name, version = row
    return Species(id_, facility_id, name, version)


def species_reader(codec: Codec) -> Callable[[Any], Species]:
    """Reads a ``Species`` from a driver row of ``SPECIES_COLUMNS`` (nothing to convert)."""
    return _species


def species_to_row(item: Species) -> dict[str, Any]:
    """The column values of a species."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "name": item.name,
        "version": item.version,
    }


BREED_COLUMNS = _columns(breeds, "id facility_id species_id name version")


def _breed(row: Any) -> Breed:
    id_, facility_id, species_id, name, version = row
    return Breed(id_, facility_id, species_id, name, version)


def breed_reader(codec: Codec) -> Callable[[Any], Breed]:
    """Reads a ``Breed`` from a driver row of ``BREED_COLUMNS`` (nothing to convert)."""
    return _breed


def breed_to_row(breed: Breed) -> dict[str, Any]:
    """The column values of ``breed``."""
    return {
        "id": breed.id,
        "facility_id": breed.facility_id,
        "species_id": breed.species_id,
        "name": breed.name,
        "version": breed.version,
    }


VET_COLUMNS = _columns(
    vets,
    "id facility_id name phone fax email address_1 address_2 city region postal_code notes "
    "active version",
)


def vet_reader(codec: Codec) -> Callable[[Any], Vet]:
    """Reads a ``Vet`` from a driver row of ``VET_COLUMNS`` (nothing to convert)."""
    return _vet


def _vet(row: Any) -> Vet:
    (
        id_, facility_id, name, phone, fax, email, address_1, address_2, city, region,
        postal_code, notes, active, version,
    ) = row  # fmt: skip
    return Vet(
        id_,
        facility_id,
        name,
        phone,
        fax,
        email,
        address_1,
        address_2,
        city,
        region,
        postal_code,
        notes,
        bool(active),
        version,
    )


def vet_to_row(vet: Vet) -> dict[str, Any]:
    """The column values of ``vet``."""
    return {
        "id": vet.id,
        "facility_id": vet.facility_id,
        "name": vet.name,
        "phone": vet.phone,
        "fax": vet.fax,
        "email": vet.email,
        "address_1": vet.address_1,
        "address_2": vet.address_2,
        "city": vet.city,
        "region": vet.region,
        "postal_code": vet.postal_code,
        "notes": vet.notes,
        "active": vet.active,
        "version": vet.version,
    }


TEMPERAMENT_COLUMNS = _columns(temperaments, "id facility_id name version")


def _temperament(row: Any) -> Temperament:
    id_, facility_id, name, version = row
    return Temperament(id_, facility_id, name, version)


def temperament_reader(codec: Codec) -> Callable[[Any], Temperament]:
    """Reads a ``Temperament`` from a driver row of ``TEMPERAMENT_COLUMNS``."""
    return _temperament


def temperament_to_row(item: Temperament) -> dict[str, Any]:
    """The column values of a temperament."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "name": item.name,
        "version": item.version,
    }


IMMUNIZATION_TYPE_COLUMNS = _columns(
    immunization_types, "id facility_id species_id name required active version"
)


def _immunization_type(row: Any) -> ImmunizationType:
    id_, facility_id, species_id, name, required, active, version = row
    return ImmunizationType(
        id_, facility_id, species_id, name, bool(required), bool(active), version
    )


def immunization_type_reader(codec: Codec) -> Callable[[Any], ImmunizationType]:
    """Reads an ``ImmunizationType`` from a driver row of ``IMMUNIZATION_TYPE_COLUMNS``."""
    return _immunization_type


def immunization_type_to_row(item: ImmunizationType) -> dict[str, Any]:
    """The column values of an immunization type."""
    return {
        "id": item.id,
        "facility_id": item.facility_id,
        "species_id": item.species_id,
        "name": item.name,
        "required": item.required,
        "active": item.active,
        "version": item.version,
    }


IMMUNIZATION_RECORD_COLUMNS = _columns(
    immunization_records,
    "id facility_id animal_id type_id expires_on source status created_at administered_on "
    "document note reviewed_by reviewed_at rejection_reason version",
)


def immunization_record_reader(codec: Codec) -> Callable[[Any], ImmunizationRecord]:
    """Reads an ``ImmunizationRecord`` from a driver row of ``IMMUNIZATION_RECORD_COLUMNS``."""
    day, optional_day = codec.date, codec.optional_date
    instant, optional_instant = codec.instant, codec.optional_instant

    def read(row: Any) -> ImmunizationRecord:
        (
            id_, facility_id, animal_id, type_id, expires_on, source, status, created_at,
            administered_on, document, note, reviewed_by, reviewed_at, rejection_reason, version,
        ) = row  # fmt: skip
        return ImmunizationRecord(
            id_,
            facility_id,
            animal_id,
            type_id,
            day(expires_on),
            _SOURCE[source],
            _STATUS[status],
            instant(created_at),
            optional_day(administered_on),
            document,
            note,
            reviewed_by,
            optional_instant(reviewed_at),
            rejection_reason,
            version,
        )

    return read


def immunization_record_to_row(record: ImmunizationRecord) -> dict[str, Any]:
    """The column values of ``record``."""
    return {
        "id": record.id,
        "facility_id": record.facility_id,
        "animal_id": record.animal_id,
        "type_id": record.type_id,
        "expires_on": record.expires_on,
        "source": record.source.value,
        "status": record.status.value,
        "created_at": record.created_at,
        "administered_on": record.administered_on,
        "document": record.document,
        "note": record.note,
        "reviewed_by": record.reviewed_by,
        "reviewed_at": record.reviewed_at,
        "rejection_reason": record.rejection_reason,
        "version": record.version,
    }
