"""The animal (pet) and its business-only incident reports."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

import attrs

from petcare_core.domain.ids import (
    AnimalId,
    BreedId,
    FacilityId,
    OwnerId,
    SpeciesId,
    StaffUserId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.owner import freeze_mapping


class Sex(enum.StrEnum):
    """The animal's sex as recorded by the facility."""

    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class AnimalStatus(enum.StrEnum):
    """Whether the animal can be booked."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DECEASED = "deceased"
    BANNED = "banned"


@attrs.frozen
class IncidentReport:
    """Something that happened to or with the animal at the facility. Business-only."""

    occurred_on: date
    description: str
    reported_by: StaffUserId | None = None


@attrs.frozen
class Animal:
    """A pet. ``employee_notes``, ``incident_reports`` and ``custom_icons`` are business-only.

    ``weight`` is in the facility's unit (pounds by default); ``photo`` is a file-store key.
    """

    id: AnimalId
    facility_id: FacilityId
    owner_id: OwnerId
    name: str
    species_id: SpeciesId
    created_at: datetime
    modified_at: datetime
    breed_id: BreedId | None = None
    sex: Sex = Sex.UNKNOWN
    birthday: date | None = None
    weight: Decimal | None = None
    colour: str = ""
    altered: bool | None = None
    vet_id: VetId | None = None
    temperament_id: TemperamentId | None = None
    feeding_notes: str = ""
    medication_notes: str = ""
    allergies: str = ""
    photo: str | None = None
    status: AnimalStatus = AnimalStatus.ACTIVE
    custom_fields: Mapping[str, str] = attrs.field(
        factory=dict, converter=freeze_mapping, hash=False
    )
    employee_notes: str = ""
    incident_reports: tuple[IncidentReport, ...] = ()
    custom_icons: tuple[str, ...] = ()
    version: int = 1
