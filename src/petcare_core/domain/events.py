"""Domain events: facts, in the past tense, that the unit of work writes to the outbox."""

from __future__ import annotations

from datetime import datetime

import attrs

from petcare_core.domain.ids import (
    AnimalId,
    ApiKeyId,
    FacilityId,
    ImmunizationRecordId,
    LeadSubmissionId,
    LocationId,
    OwnerId,
    PortalAccountId,
    StaffUserId,
)
from petcare_core.domain.leads import LeadKind


@attrs.frozen
class DomainEvent:
    """Base of every event: which facility, and when."""

    facility_id: FacilityId
    occurred_at: datetime

    @property
    def name(self) -> str:
        """The event's type name, as stored in the outbox."""
        return type(self).__name__


@attrs.frozen
class OutboxEntry:
    """A stored event and its position (increasing in commit order)."""

    position: int
    event: DomainEvent


@attrs.frozen
class FacilityCreated(DomainEvent):
    """A new tenant exists."""


@attrs.frozen
class LocationCreated(DomainEvent):
    """A facility opened a location."""

    location_id: LocationId


@attrs.frozen
class StaffUserCreated(DomainEvent):
    """A staff user was added."""

    staff_user_id: StaffUserId


@attrs.frozen
class ApiKeyCreated(DomainEvent):
    """An API key was issued to a staff user."""

    api_key_id: ApiKeyId
    staff_user_id: StaffUserId


@attrs.frozen
class OwnerCreated(DomainEvent):
    """A pet-parent household record was created."""

    owner_id: OwnerId


@attrs.frozen
class OwnerModified(DomainEvent):
    """An owner record changed; ``fields`` names what changed."""

    owner_id: OwnerId
    fields: tuple[str, ...]


@attrs.frozen
class PortalAccountLinked(DomainEvent):
    """A portal login now acts for an owner of this facility."""

    account_id: PortalAccountId
    owner_id: OwnerId


@attrs.frozen
class AnimalCreated(DomainEvent):
    """A pet was added."""

    animal_id: AnimalId
    owner_id: OwnerId


@attrs.frozen
class AnimalModified(DomainEvent):
    """A pet's record changed; ``fields`` names what changed."""

    animal_id: AnimalId
    fields: tuple[str, ...]


@attrs.frozen
class ImmunizationUploaded(DomainEvent):
    """A pet parent uploaded a vaccination record; it awaits review."""

    record_id: ImmunizationRecordId
    animal_id: AnimalId


@attrs.frozen
class ImmunizationRecorded(DomainEvent):
    """Staff entered a verified vaccination record."""

    record_id: ImmunizationRecordId
    animal_id: AnimalId


@attrs.frozen
class ImmunizationVerified(DomainEvent):
    """Staff accepted an uploaded record."""

    record_id: ImmunizationRecordId
    animal_id: AnimalId


@attrs.frozen
class ImmunizationRejected(DomainEvent):
    """Staff refused an uploaded record."""

    record_id: ImmunizationRecordId
    animal_id: AnimalId
    reason: str


@attrs.frozen
class LeadSubmitted(DomainEvent):
    """A Contact Us form or an account-deletion request arrived."""

    lead_id: LeadSubmissionId
    kind: LeadKind


@attrs.frozen
class LeadProcessed(DomainEvent):
    """Staff dealt with a lead."""

    lead_id: LeadSubmissionId
    kind: LeadKind
