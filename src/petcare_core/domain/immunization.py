"""Immunization records: a vaccine's expiry for one animal, and whether staff verified it."""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    StaffUserId,
)


class RecordSource(enum.StrEnum):
    """Who entered the record."""

    STAFF = "staff"
    PARENT_UPLOAD = "parent_upload"


class RecordStatus(enum.StrEnum):
    """Only verified records count towards compliance."""

    PENDING_REVIEW = "pending_review"
    VERIFIED = "verified"
    REJECTED = "rejected"


@attrs.frozen
class ImmunizationRecord:
    """One vaccination of one animal. Valid through ``expires_on`` inclusive."""

    id: ImmunizationRecordId
    facility_id: FacilityId
    animal_id: AnimalId
    type_id: ImmunizationTypeId
    expires_on: date
    source: RecordSource
    status: RecordStatus
    created_at: datetime
    administered_on: date | None = None
    document: str | None = None
    note: str = ""
    reviewed_by: StaffUserId | None = None
    reviewed_at: datetime | None = None
    rejection_reason: str = ""
    version: int = 1
