"""Vaccination documents: a parent uploads the vet's record (kept in the file store, reviewed by
staff), and the parent or staff read it back; plus the parent's notification center."""

from __future__ import annotations

import contextlib
import zoneinfo
from datetime import date

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.agreements import unsigned_agreements
from petcare_core.domain.animal import AnimalStatus
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    PortalAccountId,
)
from petcare_core.domain.immunization import ImmunizationRecord
from petcare_core.domain.notification_center import (
    PetVaccines,
    PortalNotice,
    ReservationToNotice,
    notification_center,
)
from petcare_core.domain.reasons import InvalidValue, Reason, Rejection
from petcare_core.domain.staff import Permission
from petcare_core.domain.uploads import DocumentType, UploadedDocument, check_upload
from petcare_core.ports.errors import NotFound, PersistenceUnavailable
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services import agreements, immunizations
from petcare_core.services._access import Actor, authorize, owned_animal, portal_owner_id
from petcare_core.services._checks import Checks
from petcare_core.services.context import ServiceContext


@attrs.frozen
class UploadedImmunization:
    """The pending-review record an upload created, and the document as accepted (its
    sanitised display name, sniffed type and size)."""

    record: ImmunizationRecord
    document: UploadedDocument


@attrs.frozen
class DocumentDownload:
    """A stored document to hand back: a download name made from the record (never the
    client's), its sniffed media type and its content."""

    filename: str
    content_type: str
    content: bytes = attrs.field(repr=lambda content: f"<{len(content)} bytes>")


def _record_reasons(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
    *,
    type_id: ImmunizationTypeId,
    expires_on: date,
    administered_on: date | None,
) -> list[Reason]:
    """What ``record_immunization_upload`` would refuse about the record itself, found without
    writing anything, so that nothing is stored for an upload that cannot be recorded.

    ``NotFound`` when the pet is not the account's.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        animal = owned_animal(uow, portal_owner_id(uow, account_id), animal_id)
        today = ctx.today_in(uow.facility())
        immunizations._check_record(
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
    return checks.reasons


def upload_immunization_document(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
    *,
    type_id: ImmunizationTypeId,
    expires_on: date,
    filename: str,
    content: bytes,
    administered_on: date | None = None,
) -> Result[UploadedImmunization, Rejection]:
    """A pet parent uploads the vet's record of one of their pets' vaccines.

    The document is checked first (PDF, JPEG or PNG by its content, at most 10 MB, not empty, a
    plain file name), then stored in the file store under a key of the store's choosing, then
    recorded as pending review as ``record_immunization_upload`` does (``ImmunizationUploaded``).
    Nothing is stored when anything is refused; a file stored for a record that then fails is
    deleted again. ``NotFound`` for a pet that is not the account's.

    Rejections, all at once: ``EmptyFile``, ``FileTooLarge``, ``UnsupportedFileType`` (also a
    script renamed ``.pdf``), a file name with a path, hidden characters or over 255
    characters; and every rejection of ``record_immunization_upload``.
    """
    checked = check_upload(filename, content)
    reasons = list(checked) if isinstance(checked, tuple) else []
    reasons += _record_reasons(
        ctx,
        facility_id,
        account_id,
        animal_id,
        type_id=type_id,
        expires_on=expires_on,
        administered_on=administered_on,
    )
    if reasons or isinstance(checked, tuple):
        return Failure(Rejection(tuple(reasons)))
    key = ctx.files.put(content, checked.content_type.value, facility_id)
    try:
        recorded = immunizations.record_immunization_upload(
            ctx,
            facility_id,
            account_id,
            animal_id,
            type_id=type_id,
            expires_on=expires_on,
            document_key=key,
            administered_on=administered_on,
        )
    except BaseException:
        # The original error is the one to report; a file that cannot be deleted now is an
        # orphan no record names, which is harmless (see ADR 0008).
        with contextlib.suppress(PersistenceUnavailable):
            ctx.files.delete(key, facility_id)
        raise
    if isinstance(recorded, Failure):
        # Something changed since the checks above (e.g. the vaccine was retired meanwhile).
        ctx.files.delete(key, facility_id)
        return recorded
    return Success(UploadedImmunization(recorded.unwrap(), checked))


def _download_name(animal_name: str, vaccine: str, expires_on: date, extension: str) -> str:
    """``Rex-Rabies-2025-06-30.pdf``: letters and digits of any script, the rest hyphens."""
    stem = f"{animal_name}-{vaccine}-{expires_on.isoformat()}"
    cleaned = "".join(character if character.isalnum() else "-" for character in stem)
    words = [word for word in cleaned.split("-") if word]
    return f"{'-'.join(words)[:120] or 'document'}.{extension}"


@attrs.frozen
class _Source:
    """Where a record's document is and what to call its download."""

    key: str
    animal_name: str
    vaccine: str
    expires_on: date


def _source(uow: FacilityUnitOfWork, record: ImmunizationRecord) -> _Source:
    if not record.document:
        raise NotFound("document of immunization record", record.id)
    animal = uow.animals.get(record.animal_id)
    vaccine = uow.immunization_types.get(record.type_id)
    return _Source(record.document, animal.name, vaccine.name, record.expires_on)


def _read(ctx: ServiceContext, facility_id: FacilityId, source: _Source) -> DocumentDownload:
    stored = ctx.files.get(source.key, facility_id)
    try:
        extension = DocumentType(stored.content_type).extension
    except ValueError:
        extension = "bin"
    name = _download_name(source.animal_name, source.vaccine, source.expires_on, extension)
    return DocumentDownload(name, stored.content_type, stored.content)


def immunization_document(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, record_id: ImmunizationRecordId
) -> Result[DocumentDownload, Rejection]:
    """The document of any immunization record of the facility, for staff (``animals.read``).

    ``NotFound`` when the record does not exist here, has no document, or its file is gone.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_READ)) is not None:
            return Failure(denied)
        source = _source(uow, uow.immunizations.get(record_id))
    # Read after the transaction: no database connection is held while the file is read.
    return Success(_read(ctx, facility_id, source))


def portal_immunization_document(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    record_id: ImmunizationRecordId,
) -> DocumentDownload:
    """The document of an immunization record of one of the parent's own pets.

    ``NotFound`` as for staff, and when the record is another owner's pet's (the same answer
    as for a record that does not exist).
    """
    with ctx.uows.for_facility(facility_id) as uow:
        record = uow.immunizations.get(record_id)
        owned_animal(uow, portal_owner_id(uow, account_id), record.animal_id)
        source = _source(uow, record)
    return _read(ctx, facility_id, source)


def portal_notifications(
    ctx: ServiceContext, facility_id: FacilityId, account_id: PortalAccountId
) -> tuple[PortalNotice, ...]:
    """The parent's notification center, most urgent first: reservations the facility asks
    them to confirm, agreements to sign (as ``agreements_to_sign`` decides), and their active
    pets' vaccines (expired, expiring soon, missing required ones, uploads awaiting review or
    refused). ``NotFound`` when the account is not linked here.

    A fixed number of queries, whatever the household holds: its pets, each pet's records
    (one query per pet, as the pets page), its reservations, the facility's reservation types,
    locations and agreements, and the household's signatures.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id = portal_owner_id(uow, account_id)
        animals = uow.animals.list_for_owner(owner_id)
        pets = [
            PetVaccines(
                animal.id,
                animal.name,
                immunizations._status(ctx, uow, animal, None),
                tuple(uow.immunizations.list_for_animal(animal.id)),
            )
            for animal in animals
            if animal.status is AnimalStatus.ACTIVE
        ]
        zone = zoneinfo.ZoneInfo(uow.facility().timezone)
        stays = uow.reservations.list_for_owner(owner_id)
        type_names = {kind.id: kind.name for kind in uow.reservation_types.list()}
        unsigned = unsigned_agreements(
            agreements._required(uow), uow.agreement_signatures.list_for_owner(owner_id)
        )
    names = {animal.id: animal.name for animal in animals}
    reservations = [
        ReservationToNotice(
            reservation,
            type_names.get(reservation.type_id, ""),
            tuple(names[pet] for pet in reservation.animal_ids if pet in names),
            reservation.start.astimezone(zone).date(),
        )
        for reservation in stays
    ]
    return notification_center(
        vaccines=pets, reservations=reservations, agreements=unsigned, now=ctx.clock.now()
    )
