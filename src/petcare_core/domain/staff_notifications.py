"""Notifications for the facility's staff, such as "New Lead Received".

Unlike the pet parent's notification center (derived from the records every time), a staff
notification is stored: it is raised by something that happened once, and staff mark it read.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from petcare_core.domain.ids import FacilityId, StaffNotificationId
from petcare_core.domain.leads import LeadSubmission


class StaffNotificationKind(enum.StrEnum):
    """What a staff notification is about."""

    NEW_LEAD_RECEIVED = "new_lead_received"
    LATE_CANCELLATION_REQUESTED = "late_cancellation_requested"
    RESCHEDULE_REQUESTED = "reschedule_requested"

    @property
    def label(self) -> str:
        """The notification's title as staff see it."""
        return _LABELS[self]


_LABELS = {
    StaffNotificationKind.NEW_LEAD_RECEIVED: "New Lead Received",
    StaffNotificationKind.LATE_CANCELLATION_REQUESTED: "Late cancellation request",
    StaffNotificationKind.RESCHEDULE_REQUESTED: "Reschedule request",
}


def _freeze_subjects(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(value))


@attrs.frozen
class StaffNotification:
    """One notification for the facility's staff.

    ``subjects`` names the records it is about by role, e.g. ``{"lead_id": 12, "owner_id": 7}``;
    a mapping rather than one column per kind of record, so that new kinds of notification need
    no schema change.
    """

    id: StaffNotificationId
    facility_id: FacilityId
    kind: StaffNotificationKind
    title: str
    body: str
    created_at: datetime
    subjects: Mapping[str, int] = attrs.field(factory=dict, converter=_freeze_subjects, hash=False)
    read_at: datetime | None = None
    version: int = 1

    @property
    def is_read(self) -> bool:
        """True once a member of staff has marked it read."""
        return self.read_at is not None

    def marked_read(self, at: datetime) -> StaffNotification:
        """A copy read at ``at`` (an already read notification keeps its first read time)."""
        return self if self.read_at is not None else attrs.evolve(self, read_at=at)


def new_lead_notification(
    notification_id: StaffNotificationId, lead: LeadSubmission
) -> StaffNotification:
    """The "New Lead Received" notification that ``lead`` raises."""
    subjects = {"lead_id": int(lead.id)}
    if lead.owner_id is not None:
        subjects["owner_id"] = int(lead.owner_id)
    return StaffNotification(
        id=notification_id,
        facility_id=lead.facility_id,
        kind=StaffNotificationKind.NEW_LEAD_RECEIVED,
        title=StaffNotificationKind.NEW_LEAD_RECEIVED.label,
        body=f"{lead.kind.label} from {lead.name}",
        created_at=lead.submitted_at,
        subjects=subjects,
    )


def reservation_review_notification(
    notification_id: StaffNotificationId,
    kind: StaffNotificationKind,
    *,
    facility_id: FacilityId,
    reservation_id: int,
    owner_id: int,
    body: str,
    at: datetime,
) -> StaffNotification:
    """A request from a pet parent that staff must decide: a cancellation or new dates asked
    for after the free window (the reservation stays as it is until staff act)."""
    if kind not in (
        StaffNotificationKind.LATE_CANCELLATION_REQUESTED,
        StaffNotificationKind.RESCHEDULE_REQUESTED,
    ):
        raise ValueError(f"{kind} is not a reservation review")
    return StaffNotification(
        id=notification_id,
        facility_id=facility_id,
        kind=kind,
        title=kind.label,
        body=body,
        created_at=at,
        subjects={"reservation_id": reservation_id, "owner_id": owner_id},
    )
