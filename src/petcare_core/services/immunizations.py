"""Vaccination records: uploaded by parents and reviewed by staff, or entered by staff; and
whether a pet's vaccinations are good for today or for a whole stay."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.animal import Animal
from petcare_core.domain.compliance import (
    ComplianceReport,
    ImmunizationStatusLine,
    immunization_compliance,
    immunization_status,
)
from petcare_core.domain.events import (
    ImmunizationRecorded,
    ImmunizationRejected,
    ImmunizationUploaded,
    ImmunizationVerified,
)
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    PortalAccountId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.domain.reasons import InvalidValue, Rejection
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize, owned_animal, portal_owner_id
from petcare_core.services._checks import TEXT_MAX_LENGTH, Checks
from petcare_core.services.context import ServiceContext
from petcare_core.services.reasons import NotPendingReview

# Vaccines last at most three years; a date further out than this is a typo in the year.
MAX_VALIDITY = timedelta(days=10 * 366)


def _check_record(
    checks: Checks,
    uow: FacilityUnitOfWork,
    animal: Animal,
    today: date,
    *,
    type_id: ImmunizationTypeId,
    expires_on: date,
    administered_on: date | None,
) -> None:
    kind = checks.reference("type_id", type_id, uow.immunization_types.get)
    if kind is not None and kind.species_id != animal.species_id:
        checks.add(InvalidValue("type_id", f"{kind.name!r} is a vaccine for another species"))
    elif kind is not None and not kind.active:
        checks.add(InvalidValue("type_id", f"{kind.name!r} is no longer in use"))
    if expires_on > today + MAX_VALIDITY:
        checks.add(InvalidValue("expires_on", "is more than ten years away; check the year"))
    if administered_on is not None:
        checks.not_after("administered_on", administered_on, today, "is in the future")
        if expires_on < administered_on:
            checks.add(InvalidValue("expires_on", "is before the date it was administered"))


def record_immunization_upload(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
    *,
    type_id: ImmunizationTypeId,
    expires_on: date,
    document_key: str,
    administered_on: date | None = None,
) -> Result[ImmunizationRecord, Rejection]:
    """A pet parent uploads a vet's record for their own pet; it awaits staff review.

    ``document_key`` is the file-store key of the uploaded document. Records
    ``ImmunizationUploaded``. ``NotFound`` for a pet that is not the account's.
    Rejections: unknown type, a type of another species or no longer in use; an expiry date
    already passed, more than ten years away, or before the administration date; an
    administration date in the future; the document key missing or too long.
    """
    checks = Checks()
    document = checks.text("document_key", document_key, max_length=TEXT_MAX_LENGTH)
    with ctx.uows.for_facility(facility_id) as uow:
        animal = owned_animal(uow, portal_owner_id(uow, account_id), animal_id)
        today = ctx.today_in(uow.facility())
        _check_record(
            checks,
            uow,
            animal,
            today,
            type_id=type_id,
            expires_on=expires_on,
            administered_on=administered_on,
        )
        if expires_on < today:
            checks.add(InvalidValue("expires_on", "has already passed; upload the current record"))
        if checks.failed:
            return checks.failure()
        now = ctx.clock.now()
        record = ImmunizationRecord(
            id=ImmunizationRecordId(uow.new_id()),
            facility_id=facility_id,
            animal_id=animal.id,
            type_id=type_id,
            expires_on=expires_on,
            source=RecordSource.PARENT_UPLOAD,
            status=RecordStatus.PENDING_REVIEW,
            created_at=now,
            administered_on=administered_on,
            document=document,
        )
        uow.immunizations.add(record)
        uow.record(
            ImmunizationUploaded(
                facility_id=facility_id, occurred_at=now, record_id=record.id, animal_id=animal.id
            )
        )
        uow.commit()
    return Success(record)


def record_immunization(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    animal_id: AnimalId,
    *,
    type_id: ImmunizationTypeId,
    expires_on: date,
    administered_on: date | None = None,
    document_key: str = "",
    note: str = "",
) -> Result[ImmunizationRecord, Rejection]:
    """Staff enter a record they have seen: it is verified at once. Needs
    ``immunizations.review``; records ``ImmunizationRecorded``.

    Rejections as for ``record_immunization_upload``, except that an expired record may be
    entered (history) and the document is optional.
    """
    checks = Checks()
    document = checks.text("document_key", document_key, required=False, max_length=TEXT_MAX_LENGTH)
    clean_note = checks.text("note", note, required=False, max_length=TEXT_MAX_LENGTH)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.IMMUNIZATIONS_REVIEW)) is not None:
            return Failure(denied)
        animal = uow.animals.get(animal_id)
        _check_record(
            checks,
            uow,
            animal,
            ctx.today_in(uow.facility()),
            type_id=type_id,
            expires_on=expires_on,
            administered_on=administered_on,
        )
        if checks.failed:
            return checks.failure()
        now = ctx.clock.now()
        record = ImmunizationRecord(
            id=ImmunizationRecordId(uow.new_id()),
            facility_id=facility_id,
            animal_id=animal.id,
            type_id=type_id,
            expires_on=expires_on,
            source=RecordSource.STAFF,
            status=RecordStatus.VERIFIED,
            created_at=now,
            administered_on=administered_on,
            document=document or None,
            note=clean_note,
            reviewed_by=actor.id if isinstance(actor, StaffUser) else None,
            reviewed_at=now,
        )
        uow.immunizations.add(record)
        uow.record(
            ImmunizationRecorded(
                facility_id=facility_id, occurred_at=now, record_id=record.id, animal_id=animal.id
            )
        )
        uow.commit()
    return Success(record)


def _review(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    record_id: ImmunizationRecordId,
    *,
    reason: str | None,
) -> Result[ImmunizationRecord, Rejection]:
    checks = Checks()
    why = "" if reason is None else checks.text("reason", reason, max_length=TEXT_MAX_LENGTH)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.IMMUNIZATIONS_REVIEW)) is not None:
            return Failure(denied)
        record = uow.immunizations.get(record_id)
        if record.status is not RecordStatus.PENDING_REVIEW:
            checks.add(NotPendingReview(record.status))
        if checks.failed:
            return checks.failure()
        now = ctx.clock.now()
        reviewed = attrs.evolve(
            record,
            status=RecordStatus.VERIFIED if reason is None else RecordStatus.REJECTED,
            reviewed_by=actor.id if isinstance(actor, StaffUser) else None,
            reviewed_at=now,
            rejection_reason=why,
        )
        stored = uow.immunizations.update(reviewed)
        if reason is None:
            uow.record(
                ImmunizationVerified(
                    facility_id=facility_id,
                    occurred_at=now,
                    record_id=record.id,
                    animal_id=record.animal_id,
                )
            )
        else:
            uow.record(
                ImmunizationRejected(
                    facility_id=facility_id,
                    occurred_at=now,
                    record_id=record.id,
                    animal_id=record.animal_id,
                    reason=why,
                )
            )
        uow.commit()
    return Success(stored)


def verify_immunization(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, record_id: ImmunizationRecordId
) -> Result[ImmunizationRecord, Rejection]:
    """Accept an uploaded record. Needs ``immunizations.review``; records
    ``ImmunizationVerified``. Rejection: the record is not pending review."""
    return _review(ctx, facility_id, actor, record_id, reason=None)


def reject_immunization(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    record_id: ImmunizationRecordId,
    reason: str,
) -> Result[ImmunizationRecord, Rejection]:
    """Refuse an uploaded record, saying why (the parent sees the reason). Needs
    ``immunizations.review``; records ``ImmunizationRejected``.

    Rejections: the reason missing or too long; the record is not pending review.
    """
    return _review(ctx, facility_id, actor, record_id, reason=reason)


def _status(
    ctx: ServiceContext, uow: FacilityUnitOfWork, animal: Animal, today: date | None
) -> tuple[ImmunizationStatusLine, ...]:
    facility = uow.facility()
    kinds = uow.immunization_types.list_for_species(animal.species_id)
    return immunization_status(
        uow.immunizations.list_for_animal(animal.id),
        [kind for kind in kinds if kind.active],
        today or ctx.today_in(facility),
        grace_days=facility.settings.immunization_grace_days,
        expiring_soon_days=facility.settings.expiring_soon_days,
    )


def animal_immunization_status(
    ctx: ServiceContext, facility_id: FacilityId, animal_id: AnimalId, today: date | None = None
) -> tuple[ImmunizationStatusLine, ...]:
    """One line per vaccine of the pet's species: verified, expiring soon, expired, pending,
    rejected or missing. ``today`` defaults to today in the facility's time zone."""
    with ctx.uows.for_facility(facility_id) as uow:
        return _status(ctx, uow, uow.animals.get(animal_id), today)


def portal_immunization_status(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
) -> tuple[ImmunizationStatusLine, ...]:
    """The vaccine lines of one of the account's own pets (another's is ``NotFound``)."""
    with ctx.uows.for_facility(facility_id) as uow:
        animal = owned_animal(uow, portal_owner_id(uow, account_id), animal_id)
        return _status(ctx, uow, animal, None)


def immunization_review_queue(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor
) -> Result[list[ImmunizationRecord], Rejection]:
    """Uploaded records awaiting review, oldest first. Needs ``immunizations.review``."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.IMMUNIZATIONS_REVIEW)) is not None:
            return Failure(denied)
        return Success(uow.immunizations.list_by_status(RecordStatus.PENDING_REVIEW))


def immunization_compliance_for_stay(
    ctx: ServiceContext, facility_id: FacilityId, animal_id: AnimalId, start: date, end: date
) -> Result[ComplianceReport, Rejection]:
    """Whether the pet's verified records cover every required vaccine of its species for the
    whole stay (``start`` to ``end`` inclusive), with the facility's grace and warning window.

    Rejection: ``end`` before ``start``. A non-compliant pet is a successful report whose
    ``reasons`` say what is missing.
    """
    if end < start:
        return Failure(Rejection((InvalidValue("end", "is before start"),)))
    with ctx.uows.for_facility(facility_id) as uow:
        settings = uow.facility().settings
        animal = uow.animals.get(animal_id)
        required = [
            kind
            for kind in uow.immunization_types.list_for_species(animal.species_id)
            if kind.required and kind.active
        ]
        return Success(
            immunization_compliance(
                uow.immunizations.list_for_animal(animal.id),
                required,
                start,
                end,
                grace_days=settings.immunization_grace_days,
                expiring_soon_days=settings.expiring_soon_days,
            )
        )
