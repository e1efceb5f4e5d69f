"""The pet parent's notification center: what needs their attention, derived, never stored.

Every item is computed from the records each time it is shown, so it disappears by itself once
the parent has acted (uploaded the booster) or staff have (verified the upload). Each item says
what it is about (the pet and the vaccine) and where to act (``ActionTarget``), which the web
layer turns into a link.

Vaccines, per pet and per vaccine of its species:

- uploads awaiting review are listed (one item per upload), and nothing else is said about that
  vaccine: the parent has already acted;
- otherwise, when the parent's latest upload was refused and nothing newer is on file, the
  refusal is listed with its reason (unless a verified record covers the vaccine anyway);
- otherwise the vaccine's state decides: expired, expiring soon, or, for a required vaccine,
  missing.

Items come most urgent first: expired, missing, refused, expiring soon, awaiting review.
Reservations, payments and agreements will add their own sources and kinds.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from petcare_core.domain.compliance import ImmunizationState, ImmunizationStatusLine
from petcare_core.domain.ids import AnimalId, ImmunizationRecordId, ImmunizationTypeId
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus


class NoticeKind(enum.StrEnum):
    """What an item of the notification center is about, most urgent first."""

    VACCINE_EXPIRED = "vaccine_expired"
    VACCINE_MISSING = "vaccine_missing"
    UPLOAD_REJECTED = "upload_rejected"
    VACCINE_EXPIRING_SOON = "vaccine_expiring_soon"
    UPLOAD_PENDING_REVIEW = "upload_pending_review"


_URGENCY = {kind: rank for rank, kind in enumerate(NoticeKind)}
_NEEDS_ACTION = frozenset(
    {NoticeKind.VACCINE_EXPIRED, NoticeKind.VACCINE_MISSING, NoticeKind.UPLOAD_REJECTED}
)


class TargetPage(enum.StrEnum):
    """The portal page where the parent acts on an item."""

    ANIMAL = "animal"  # the pet's page
    IMMUNIZATION_UPLOAD = "immunization_upload"  # upload a record of one vaccine for the pet


@attrs.frozen
class ActionTarget:
    """Where to act: a page, and the records it is opened for."""

    page: TargetPage
    animal_id: AnimalId | None = None
    type_id: ImmunizationTypeId | None = None


@attrs.frozen
class PortalNotice:
    """One item of the notification center.

    ``subject`` names what it is about within the pet's file (the vaccine); ``due_on`` is the
    expiry date for expired and expiring vaccines; ``detail`` is the facility's reason for a
    refused upload.
    """

    kind: NoticeKind
    message: str
    target: ActionTarget
    animal_id: AnimalId | None = None
    animal_name: str = ""
    subject: str = ""
    type_id: ImmunizationTypeId | None = None
    record_id: ImmunizationRecordId | None = None
    due_on: date | None = None
    detail: str = ""

    @property
    def needs_action(self) -> bool:
        """True when something stands in the way of booking until the parent acts."""
        return self.kind in _NEEDS_ACTION


@attrs.frozen
class PetVaccines:
    """One pet's vaccine states (``immunization_status`` lines) and its records."""

    animal_id: AnimalId
    animal_name: str
    lines: tuple[ImmunizationStatusLine, ...]
    records: tuple[ImmunizationRecord, ...]


def _newest(records: Iterable[ImmunizationRecord]) -> ImmunizationRecord | None:
    return max(records, key=lambda record: (record.created_at, record.id), default=None)


def _vaccine_notices(
    pet: PetVaccines, line: ImmunizationStatusLine, records: Sequence[ImmunizationRecord]
) -> list[PortalNotice]:
    def notice(
        kind: NoticeKind,
        message: str,
        page: TargetPage,
        *,
        record_id: ImmunizationRecordId | None = None,
        due_on: date | None = None,
        detail: str = "",
    ) -> PortalNotice:
        return PortalNotice(
            kind,
            message,
            ActionTarget(page, pet.animal_id, line.type_id),
            animal_id=pet.animal_id,
            animal_name=pet.animal_name,
            subject=line.type_name,
            type_id=line.type_id,
            record_id=record_id,
            due_on=due_on,
            detail=detail,
        )

    pet_name, vaccine = pet.animal_name, line.type_name
    pending = sorted(
        (record for record in records if record.status is RecordStatus.PENDING_REVIEW),
        key=lambda record: record.id,
    )
    if pending:
        return [
            notice(
                NoticeKind.UPLOAD_PENDING_REVIEW,
                f"The {vaccine} record you uploaded for {pet_name} is waiting for the "
                "facility to review it.",
                TargetPage.ANIMAL,
                record_id=record.id,
            )
            for record in pending
        ]
    upload = _newest(record for record in records if record.source is RecordSource.PARENT_UPLOAD)
    refused = (
        upload is not None
        and upload.status is RecordStatus.REJECTED
        and _newest(records) is upload
        and line.state is not ImmunizationState.VERIFIED
    )
    if refused and upload is not None:
        why = f": {upload.rejection_reason}" if upload.rejection_reason else ""
        return [
            notice(
                NoticeKind.UPLOAD_REJECTED,
                f"The facility could not accept the {vaccine} record you uploaded for "
                f"{pet_name}{why}. Upload a new record from the vet.",
                TargetPage.IMMUNIZATION_UPLOAD,
                record_id=upload.id,
                detail=upload.rejection_reason,
            )
        ]
    # Day first and the month in words, as the portal shows dates: no day/month confusion.
    expires = "" if line.expires_on is None else f"{line.expires_on.day} {line.expires_on:%B %Y}"
    if line.state is ImmunizationState.EXPIRED:
        return [
            notice(
                NoticeKind.VACCINE_EXPIRED,
                f"{pet_name}'s {vaccine} vaccination expired on {expires}; upload the "
                "booster record.",
                TargetPage.IMMUNIZATION_UPLOAD,
                record_id=line.record_id,
                due_on=line.expires_on,
            )
        ]
    if line.state is ImmunizationState.EXPIRING_SOON:
        return [
            notice(
                NoticeKind.VACCINE_EXPIRING_SOON,
                f"{pet_name}'s {vaccine} vaccination expires on {expires}; upload the "
                "booster record soon.",
                TargetPage.IMMUNIZATION_UPLOAD,
                record_id=line.record_id,
                due_on=line.expires_on,
            )
        ]
    if line.state is ImmunizationState.MISSING and line.required:
        return [
            notice(
                NoticeKind.VACCINE_MISSING,
                f"{pet_name} has no {vaccine} vaccination on file; upload the vet's record.",
                TargetPage.IMMUNIZATION_UPLOAD,
            )
        ]
    return []


def _sort_key(notice: PortalNotice) -> tuple[int, date, str, str, int]:
    return (
        _URGENCY[notice.kind],
        notice.due_on or date.max,
        notice.animal_name.casefold(),
        notice.subject.casefold(),
        notice.record_id or 0,
    )


def notification_center(*, vaccines: Iterable[PetVaccines] = ()) -> tuple[PortalNotice, ...]:
    """Every item that needs the parent's attention, most urgent first (see the module)."""
    notices: list[PortalNotice] = []
    for pet in vaccines:
        for line in pet.lines:
            records = [record for record in pet.records if record.type_id == line.type_id]
            notices.extend(_vaccine_notices(pet, line, records))
    return tuple(sorted(notices, key=_sort_key))
