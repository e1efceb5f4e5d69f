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

Reservations: each of the household's reservations the facility has accepted and asks the
parent to confirm (status ``unconfirmed``), until it is over, is listed with the reservation to
open and confirm.

Agreements: each agreement the household still has to sign (``agreements_to_sign``: never
signed, or a newer version published since) is listed with the agreement to read and sign.

Items come most urgent first: a reservation awaiting confirmation (a place is held for the
parent and waits on them), an expired vaccine, a missing one, an agreement to sign, a refused
upload, a vaccine expiring soon, an upload awaiting review; within a kind, the earliest date
first. Payments will add their own sources and kinds.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import attrs

from petcare_core.domain.agreements import AgreementUnsigned
from petcare_core.domain.compliance import ImmunizationState, ImmunizationStatusLine
from petcare_core.domain.dates import long_date
from petcare_core.domain.ids import (
    AgreementId,
    AnimalId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    ReservationId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.domain.reservation import Reservation, ReservationStatus


class NoticeKind(enum.StrEnum):
    """What an item of the notification center is about, most urgent first."""

    RESERVATION_AWAITING_CONFIRMATION = "reservation_awaiting_confirmation"
    VACCINE_EXPIRED = "vaccine_expired"
    VACCINE_MISSING = "vaccine_missing"
    AGREEMENT_TO_SIGN = "agreement_to_sign"
    UPLOAD_REJECTED = "upload_rejected"
    VACCINE_EXPIRING_SOON = "vaccine_expiring_soon"
    UPLOAD_PENDING_REVIEW = "upload_pending_review"


_URGENCY = {kind: rank for rank, kind in enumerate(NoticeKind)}
_NEEDS_ACTION = frozenset(
    {
        NoticeKind.RESERVATION_AWAITING_CONFIRMATION,
        NoticeKind.VACCINE_EXPIRED,
        NoticeKind.VACCINE_MISSING,
        NoticeKind.AGREEMENT_TO_SIGN,
        NoticeKind.UPLOAD_REJECTED,
    }
)


class TargetPage(enum.StrEnum):
    """The portal page where the parent acts on an item."""

    ANIMAL = "animal"  # the pet's page
    IMMUNIZATION_UPLOAD = "immunization_upload"  # upload a record of one vaccine for the pet
    RESERVATION = "reservation"  # the reservation's page, where the parent confirms it
    AGREEMENT = "agreement"  # the agreement's text, where the parent signs it


@attrs.frozen
class ActionTarget:
    """Where to act: a page, and the records it is opened for."""

    page: TargetPage
    animal_id: AnimalId | None = None
    type_id: ImmunizationTypeId | None = None
    reservation_id: ReservationId | None = None
    agreement_id: AgreementId | None = None


@attrs.frozen
class PortalNotice:
    """One item of the notification center.

    ``subject`` names what it is about: the vaccine within the pet's file, the reservation's
    type (``Boarding``), the agreement's title. ``due_on`` is the expiry date for expired and
    expiring vaccines, the first day of a reservation awaiting confirmation. ``detail`` is the
    facility's reason for a refused upload. ``reservation_id`` and ``agreement_id`` name the
    reservation or agreement an item is about; ``animal_id`` is None for those.
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
    reservation_id: ReservationId | None = None
    agreement_id: AgreementId | None = None

    @property
    def needs_action(self) -> bool:
        """True when nothing moves until the parent acts: something stands in the way of
        booking, or a reservation waits on their confirmation."""
        return self.kind in _NEEDS_ACTION


@attrs.frozen
class PetVaccines:
    """One pet's vaccine states (``immunization_status`` lines) and its records."""

    animal_id: AnimalId
    animal_name: str
    lines: tuple[ImmunizationStatusLine, ...]
    records: tuple[ImmunizationRecord, ...]


@attrs.frozen
class ReservationToNotice:
    """One of the household's reservations with the names an item says: its type's name, its
    pets' names in line order, and its first day in the facility's time zone."""

    reservation: Reservation
    type_name: str
    pet_names: tuple[str, ...]
    starts_on: date


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
    expires = "" if line.expires_on is None else long_date(line.expires_on)
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


def _names(names: Sequence[str]) -> str:
    """``Rex``, ``Rex and Ace``, ``Rex, Ace and Bo``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def awaits_confirmation(reservation: Reservation, now: datetime) -> bool:
    """True when the facility has accepted ``reservation`` and waits for the parent to confirm
    it, and it is not over yet."""
    return reservation.status is ReservationStatus.UNCONFIRMED and reservation.end > now


def _reservation_notice(item: ReservationToNotice) -> PortalNotice:
    reservation = item.reservation
    pets = _names(item.pet_names)
    for_pets = f" for {pets}" if pets else ""
    return PortalNotice(
        NoticeKind.RESERVATION_AWAITING_CONFIRMATION,
        f"The facility has accepted your {item.type_name} reservation{for_pets} starting "
        f"{long_date(item.starts_on)}; confirm it to keep your place.",
        ActionTarget(TargetPage.RESERVATION, reservation_id=reservation.id),
        subject=item.type_name,
        due_on=item.starts_on,
        reservation_id=reservation.id,
    )


def _agreement_notice(unsigned: AgreementUnsigned) -> PortalNotice:
    title = unsigned.title
    if unsigned.signed_version is not None:
        message = (
            f"{title} has changed since you signed version {unsigned.signed_version}; read and "
            "sign the new version before your next booking."
        )
    else:
        message = f"Read and sign {title} before your next booking."
    return PortalNotice(
        NoticeKind.AGREEMENT_TO_SIGN,
        message,
        ActionTarget(TargetPage.AGREEMENT, agreement_id=unsigned.agreement_id),
        subject=title,
        agreement_id=unsigned.agreement_id,
    )


def _sort_key(notice: PortalNotice) -> tuple[int, date, str, str, int, int, int]:
    return (
        _URGENCY[notice.kind],
        notice.due_on or date.max,
        notice.animal_name.casefold(),
        notice.subject.casefold(),
        notice.record_id or 0,
        notice.reservation_id or 0,
        notice.agreement_id or 0,
    )


def notification_center(
    *,
    vaccines: Iterable[PetVaccines] = (),
    reservations: Iterable[ReservationToNotice] = (),
    agreements: Iterable[AgreementUnsigned] = (),
    now: datetime | None = None,
) -> tuple[PortalNotice, ...]:
    """Every item that needs the parent's attention, most urgent first (see the module).

    ``reservations`` are the household's (any status: only those awaiting the parent's
    confirmation and not over at ``now`` become items); ``agreements`` are what the household
    still has to sign (``agreements_to_sign``), one item each. ``now`` (timezone-aware) is
    needed when reservations are given; ``ValueError`` otherwise.
    """
    notices: list[PortalNotice] = []
    for pet in vaccines:
        for line in pet.lines:
            records = [record for record in pet.records if record.type_id == line.type_id]
            notices.extend(_vaccine_notices(pet, line, records))
    stays = tuple(reservations)
    if stays:
        if now is None or now.utcoffset() is None:
            raise ValueError("now (timezone-aware) is needed to tell which reservations are over")
        awaiting = [item for item in stays if awaits_confirmation(item.reservation, now)]
        notices.extend(_reservation_notice(item) for item in awaiting)
    unsigned: dict[AgreementId, AgreementUnsigned] = {}
    for reason in agreements:
        unsigned.setdefault(reason.agreement_id, reason)  # an agreement is listed once
    notices.extend(_agreement_notice(reason) for reason in unsigned.values())
    return tuple(sorted(notices, key=_sort_key))
