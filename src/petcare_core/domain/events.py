"""Domain events: facts, in the past tense, that the unit of work writes to the outbox."""

from __future__ import annotations

from datetime import datetime

import attrs

from petcare_core.domain.actors import ActorKind
from petcare_core.domain.ids import (
    AnimalId,
    ApiKeyId,
    FacilityId,
    ImmunizationRecordId,
    LeadSubmissionId,
    LocationId,
    LodgingId,
    OwnerId,
    PortalAccountId,
    ReservationId,
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


@attrs.frozen
class ReservationEvent(DomainEvent):
    """Base of every reservation event: which reservation, whose, and who acted.

    ``actor_id`` is a staff user id or an owner id depending on ``actor_kind``, and ``None`` when
    the system acted; the fields are flat so that the outbox and webhooks carry simple values.
    """

    reservation_id: ReservationId
    owner_id: OwnerId
    actor_kind: ActorKind
    actor_id: int | None


@attrs.frozen
class ReservationRequested(ReservationEvent):
    """A reservation was requested and awaits the facility's decision."""


@attrs.frozen
class ReservationBooked(ReservationEvent):
    """Staff booked a reservation that is confirmed from the start."""


@attrs.frozen
class ReservationConfirmed(ReservationEvent):
    """The reservation is confirmed (by staff, by the parent when asked, or from the waitlist)."""


@attrs.frozen
class ReservationConfirmationRequested(ReservationEvent):
    """The facility accepted the request and asks the pet parent to confirm it."""


@attrs.frozen
class ReservationWaitlisted(ReservationEvent):
    """The reservation waits for a place."""


@attrs.frozen
class ReservationRequeued(ReservationEvent):
    """A waitlisted reservation went back to the requests awaiting a decision."""


@attrs.frozen
class ReservationDenied(ReservationEvent):
    """The facility refused the request."""

    reason: str


@attrs.frozen
class ReservationCancelled(ReservationEvent):
    """The reservation was cancelled; ``late`` when inside the policy's late window."""

    reason: str
    late: bool


@attrs.frozen
class AnimalCheckedIn(ReservationEvent):
    """The reservation's pets arrived."""

    animal_ids: tuple[AnimalId, ...]


@attrs.frozen
class AnimalCheckedOut(ReservationEvent):
    """The reservation's pets went home."""

    animal_ids: tuple[AnimalId, ...]


@attrs.frozen
class ReservationNoShow(ReservationEvent):
    """The pets did not arrive for a confirmed reservation."""


@attrs.frozen
class ReservationRescheduled(ReservationEvent):
    """The reservation moved from ``previous_start``-``previous_end`` to ``start``-``end``."""

    previous_start: datetime
    previous_end: datetime
    start: datetime
    end: datetime


@attrs.frozen
class LateCancellationRequested(ReservationEvent):
    """The pet parent asked to cancel after the free window: staff decide (the reservation is
    unchanged until they do)."""

    reason: str
    free_until: datetime


@attrs.frozen
class RescheduleRequested(ReservationEvent):
    """The pet parent asked to move a confirmed reservation after the free window: staff
    decide (the reservation is unchanged until they do)."""

    start: datetime
    end: datetime
    free_until: datetime


@attrs.frozen
class LodgingAssigned(ReservationEvent):
    """A pet of the reservation was given a lodging (``None``: its lodging was taken away)."""

    animal_id: AnimalId
    lodging_id: LodgingId | None


@attrs.frozen
class StaffAssigned(ReservationEvent):
    """The groomer or trainer of an appointment changed."""

    staff_id: StaffUserId
