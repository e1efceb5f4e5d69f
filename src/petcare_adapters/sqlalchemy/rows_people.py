"""Row <-> domain translation for owners and animals: the bulk-load hot path.

Loading every owner and animal of a facility is benchmarked against a raw driver query (see
``bench/storage.py``), so the readers are written for speed: one tuple unpacking per row, plain
constructor calls, dictionary lookups instead of enum calls, a cache of the (immutable)
communication preferences, and no JSON parsing for the common empty values. A reader is built
once per dialect (``codecs.readers``) around that dialect's value conversions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa

from petcare_adapters.sqlalchemy.codecs import Codec
from petcare_adapters.sqlalchemy.tables import animals, owners
from petcare_core.domain.animal import Animal, AnimalStatus, IncidentReport, Sex
from petcare_core.domain.owner import Address, CommunicationPreferences, Owner

_loads = json.loads
_EMPTY_MAPPING: Mapping[str, str] = {}  # Owner/Animal copy custom_fields, so sharing is safe
_SEX = {member.value: member for member in Sex}
_ANIMAL_STATUS = {member.value: member for member in AnimalStatus}
_PREFERENCES: dict[tuple[Any, ...], CommunicationPreferences] = {}


def dump_json(value: object) -> str:
    """Compact JSON that keeps non-ASCII text as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dump_mapping(mapping: Mapping[str, str]) -> str:
    """A custom-fields mapping as a JSON object."""
    return dump_json(dict(mapping)) if mapping else "{}"


def dump_strings(values: tuple[str, ...]) -> str:
    """A tuple of strings as a JSON array."""
    return dump_json(list(values)) if values else "[]"


def _preferences(key: tuple[Any, ...]) -> CommunicationPreferences:
    # 64 possible values; the rows' raw flags (0/1 or bools, equal as keys) index the cache.
    preferences = _PREFERENCES.get(key)
    if preferences is None:
        preferences = CommunicationPreferences(*(bool(flag) for flag in key))
        _PREFERENCES[key] = preferences
    return preferences


OWNER_COLUMNS: tuple[sa.ColumnElement[Any], ...] = tuple(
    owners.c[name]
    for name in (
        "id", "facility_id", "first_name", "last_name", "email", "cell_phone", "home_phone",
        "address_1", "address_2", "city", "region", "postal_code", "country",
        "emergency_contact_name", "emergency_contact_phone", "home_location_id",
        "email_transactional", "email_reminders", "email_marketing",
        "sms_transactional", "sms_reminders", "sms_marketing",
        "custom_fields", "employee_notes", "custom_icons", "active",
        "created_at", "modified_at", "version",
    )
)  # fmt: skip


def owner_reader(codec: Codec) -> Callable[[Any], Owner]:
    """Reads an ``Owner`` from a driver row of ``OWNER_COLUMNS``."""
    instant = codec.instant

    def read(row: Any) -> Owner:
        (
            id_, facility_id, first_name, last_name, email, cell_phone, home_phone,
            address_1, address_2, city, region, postal_code, country,
            emergency_name, emergency_phone, home_location_id,
            email_transactional, email_reminders, email_marketing,
            sms_transactional, sms_reminders, sms_marketing,
            custom_fields, employee_notes, custom_icons, active,
            created_at, modified_at, version,
        ) = row  # fmt: skip
        key = (
            email_transactional, email_reminders, email_marketing,
            sms_transactional, sms_reminders, sms_marketing,
        )  # fmt: skip
        # An inline cache hit (the usual case) saves a call per row; attrs instances are truthy.
        preferences = _PREFERENCES.get(key) or _preferences(key)
        return Owner(
            id_,
            facility_id,
            first_name,
            last_name,
            instant(created_at),
            instant(modified_at),
            email,
            cell_phone,
            home_phone,
            Address(address_1, address_2, city, region, postal_code, country),
            emergency_name,
            emergency_phone,
            home_location_id,
            preferences,
            _EMPTY_MAPPING if custom_fields == "{}" else _loads(custom_fields),
            employee_notes,
            () if custom_icons == "[]" else tuple(_loads(custom_icons)),
            bool(active),
            version,
        )

    return read


def owner_to_row(owner: Owner) -> dict[str, Any]:
    """The column values of ``owner``."""
    address = owner.address
    preferences = owner.communication
    return {
        "id": owner.id,
        "facility_id": owner.facility_id,
        "first_name": owner.first_name,
        "last_name": owner.last_name,
        "email": owner.email,
        "email_key": owner.email.casefold(),
        "cell_phone": owner.cell_phone,
        "home_phone": owner.home_phone,
        "address_1": address.address_1,
        "address_2": address.address_2,
        "city": address.city,
        "region": address.region,
        "postal_code": address.postal_code,
        "country": address.country,
        "emergency_contact_name": owner.emergency_contact_name,
        "emergency_contact_phone": owner.emergency_contact_phone,
        "home_location_id": owner.home_location_id,
        "email_transactional": preferences.email_transactional,
        "email_reminders": preferences.email_reminders,
        "email_marketing": preferences.email_marketing,
        "sms_transactional": preferences.sms_transactional,
        "sms_reminders": preferences.sms_reminders,
        "sms_marketing": preferences.sms_marketing,
        "custom_fields": dump_mapping(owner.custom_fields),
        "employee_notes": owner.employee_notes,
        "custom_icons": dump_strings(owner.custom_icons),
        "active": owner.active,
        "created_at": owner.created_at,
        "modified_at": owner.modified_at,
        "version": owner.version,
    }


ANIMAL_COLUMNS: tuple[sa.ColumnElement[Any], ...] = tuple(
    animals.c[name]
    for name in (
        "id", "facility_id", "owner_id", "name", "species_id", "created_at", "modified_at",
        "breed_id", "sex", "birthday", "weight", "colour", "altered", "vet_id",
        "temperament_id", "feeding_notes", "medication_notes", "allergies", "photo", "status",
        "custom_fields", "employee_notes", "incident_reports", "custom_icons", "version",
    )
)  # fmt: skip


def _incident_reports(text: str) -> tuple[IncidentReport, ...]:
    return tuple(
        IncidentReport(date.fromisoformat(item["occurred_on"]), item["description"], item["by"])
        for item in _loads(text)
    )


def _dump_incident_reports(reports: tuple[IncidentReport, ...]) -> str:
    if not reports:
        return "[]"
    return dump_json(
        [
            {
                "occurred_on": report.occurred_on.isoformat(),
                "description": report.description,
                "by": report.reported_by,
            }
            for report in reports
        ]
    )


def animal_reader(codec: Codec) -> Callable[[Any], Animal]:
    """Reads an ``Animal`` from a driver row of ``ANIMAL_COLUMNS``."""
    instant, optional_date, optional_decimal = (
        codec.instant,
        codec.optional_date,
        codec.optional_decimal,
    )

    def read(row: Any) -> Animal:
        (
            id_, facility_id, owner_id, name, species_id, created_at, modified_at,
            breed_id, sex, birthday, weight, colour, altered, vet_id,
            temperament_id, feeding_notes, medication_notes, allergies, photo, status,
            custom_fields, employee_notes, incident_reports, custom_icons, version,
        ) = row  # fmt: skip
        return Animal(
            id_,
            facility_id,
            owner_id,
            name,
            species_id,
            instant(created_at),
            instant(modified_at),
            breed_id,
            _SEX[sex],
            optional_date(birthday),
            optional_decimal(weight),
            colour,
            None if altered is None else bool(altered),
            vet_id,
            temperament_id,
            feeding_notes,
            medication_notes,
            allergies,
            photo,
            _ANIMAL_STATUS[status],
            _EMPTY_MAPPING if custom_fields == "{}" else _loads(custom_fields),
            employee_notes,
            () if incident_reports == "[]" else _incident_reports(incident_reports),
            () if custom_icons == "[]" else tuple(_loads(custom_icons)),
            version,
        )

    return read


def animal_to_row(animal: Animal) -> dict[str, Any]:
    """The column values of ``animal``."""
    return {
        "id": animal.id,
        "facility_id": animal.facility_id,
        "owner_id": animal.owner_id,
        "name": animal.name,
        "species_id": animal.species_id,
        "created_at": animal.created_at,
        "modified_at": animal.modified_at,
        "breed_id": animal.breed_id,
        "sex": animal.sex.value,
        "birthday": animal.birthday,
        "weight": animal.weight,
        "colour": animal.colour,
        "altered": animal.altered,
        "vet_id": animal.vet_id,
        "temperament_id": animal.temperament_id,
        "feeding_notes": animal.feeding_notes,
        "medication_notes": animal.medication_notes,
        "allergies": animal.allergies,
        "photo": animal.photo,
        "status": animal.status.value,
        "custom_fields": dump_mapping(animal.custom_fields),
        "employee_notes": animal.employee_notes,
        "incident_reports": _dump_incident_reports(animal.incident_reports),
        "custom_icons": dump_strings(animal.custom_icons),
        "version": animal.version,
    }
