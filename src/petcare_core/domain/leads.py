"""Lead forms: the facility's "Contact Us" form and the "Delete Owner Account" request.

Both land in one leads report that staff work through. Contact Us is open to anyone, without a
login, so a submission names no owner; a deletion request comes only from a logged-in pet parent
and always names the owner record it is about.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

import attrs

from petcare_core.domain.ids import (
    FacilityId,
    LeadSubmissionId,
    LocationId,
    OwnerId,
    StaffUserId,
)
from petcare_core.domain.reasons import Reason


class LeadKind(enum.StrEnum):
    """Which form a lead came from (the leads report filters on it)."""

    CONTACT_US = "contact_us"
    DELETE_OWNER_ACCOUNT = "delete_owner_account"

    @property
    def label(self) -> str:
        """The form's name as staff and parents see it."""
        return _LABELS[self]


_LABELS = {
    LeadKind.CONTACT_US: "Contact Us",
    LeadKind.DELETE_OWNER_ACCOUNT: "Delete Owner Account",
}


class LeadStatus(enum.StrEnum):
    """New until a member of staff has dealt with it."""

    NEW = "new"
    PROCESSED = "processed"


def _check_shape(lead: LeadSubmission) -> None:
    if lead.kind is LeadKind.DELETE_OWNER_ACCOUNT and lead.owner_id is None:
        raise ValueError("a deletion request must name the owner it is about")
    if lead.kind is LeadKind.CONTACT_US and lead.owner_id is not None:
        raise ValueError("a Contact Us submission is anonymous and names no owner")
    processed = lead.status is LeadStatus.PROCESSED
    if processed != (lead.processed_at is not None):
        raise ValueError("processed_at is set exactly when the lead is processed")
    if not processed and lead.processed_by is not None:
        raise ValueError("only a processed lead has processed_by")


@attrs.frozen
class LeadSubmission:
    """One submitted lead form.

    ``email`` is case-folded and ``phone`` E.164 (``""`` when not given). ``processed_by`` is
    ``None`` when the operator (not a staff user) processed it.
    """

    id: LeadSubmissionId
    facility_id: FacilityId
    kind: LeadKind
    name: str
    email: str
    phone: str
    message: str
    submitted_at: datetime
    owner_id: OwnerId | None = None
    location_id: LocationId | None = None
    status: LeadStatus = LeadStatus.NEW
    processed_at: datetime | None = None
    processed_by: StaffUserId | None = None
    version: int = 1

    def __attrs_post_init__(self) -> None:
        _check_shape(self)

    @property
    def is_open(self) -> bool:
        """True until staff have processed it."""
        return self.status is LeadStatus.NEW

    def processed(self, by: StaffUserId | None, at: datetime) -> LeadSubmission:
        """A copy marked processed by ``by`` at ``at``."""
        return attrs.evolve(self, status=LeadStatus.PROCESSED, processed_at=at, processed_by=by)


def open_deletion_request(
    leads: Iterable[LeadSubmission], owner_id: OwnerId
) -> LeadSubmission | None:
    """The owner's deletion request that staff have not processed yet, if any."""
    for lead in leads:
        if (
            lead.kind is LeadKind.DELETE_OWNER_ACCOUNT
            and lead.owner_id == owner_id
            and lead.is_open
        ):
            return lead
    return None


def newest_first(leads: Iterable[LeadSubmission]) -> list[LeadSubmission]:
    """``leads`` in the order of the leads report: newest submission first (then highest id)."""
    return sorted(leads, key=lambda lead: (lead.submitted_at, lead.id), reverse=True)


@attrs.frozen
class NoWayToReply(Reason):
    """A Contact Us submission gave neither an email address nor a phone number."""

    @property
    def message(self) -> str:
        return "email: give an email address or a phone number so that the facility can reply"

    @property
    def field(self) -> str | None:
        return "email"


@attrs.frozen
class DeletionAlreadyRequested(Reason):
    """The owner already has a deletion request that staff have not processed yet."""

    @property
    def message(self) -> str:
        return (
            "your request to delete your account is already with the facility; they will "
            "contact you once they have processed it"
        )


@attrs.frozen
class LeadAlreadyProcessed(Reason):
    """Staff tried to process a lead that was processed before."""

    @property
    def message(self) -> str:
        return "this lead has already been processed"
