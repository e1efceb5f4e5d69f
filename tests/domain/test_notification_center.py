"""The notification center: derived from vaccine states and uploads, most urgent first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs

from petcare_core.domain.compliance import ImmunizationState, ImmunizationStatusLine
from petcare_core.domain.ids import AnimalId, FacilityId, ImmunizationRecordId, ImmunizationTypeId
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.domain.notification_center import (
    ActionTarget,
    NoticeKind,
    PetVaccines,
    TargetPage,
    notification_center,
)

T0 = datetime(2024, 6, 15, 14, 0, tzinfo=UTC)
REX, BELLA = AnimalId(10), AnimalId(11)
RABIES, LEPTO, BORDETELLA = ImmunizationTypeId(1), ImmunizationTypeId(2), ImmunizationTypeId(3)
NAMES = {RABIES: "Rabies", LEPTO: "Lepto", BORDETELLA: "Bordetella"}


def line(
    type_id: ImmunizationTypeId,
    state: ImmunizationState,
    *,
    required: bool = True,
    expires_on: date | None = None,
    record_id: int | None = None,
) -> ImmunizationStatusLine:
    record = None if record_id is None else ImmunizationRecordId(record_id)
    return ImmunizationStatusLine(type_id, NAMES[type_id], required, state, expires_on, record)


def record(
    record_id: int,
    type_id: ImmunizationTypeId,
    status: RecordStatus,
    *,
    minutes: int = 0,
    source: RecordSource = RecordSource.PARENT_UPLOAD,
    reason: str = "",
) -> ImmunizationRecord:
    return ImmunizationRecord(
        ImmunizationRecordId(record_id),
        FacilityId(1),
        REX,
        type_id,
        date(2025, 6, 1),
        source,
        status,
        T0 + timedelta(minutes=minutes),
        rejection_reason=reason,
    )


def pet(*lines: ImmunizationStatusLine, records=(), animal_id=REX, name="Rex") -> PetVaccines:
    return PetVaccines(animal_id, name, tuple(lines), tuple(records))


def test_nothing_to_say_about_verified_vaccines_and_optional_missing_ones() -> None:
    vaccines = pet(
        line(RABIES, ImmunizationState.VERIFIED, expires_on=date(2026, 1, 1), record_id=1),
        line(BORDETELLA, ImmunizationState.MISSING, required=False),
    )

    assert notification_center(vaccines=[vaccines]) == ()
    assert notification_center() == ()


def test_each_state_becomes_its_item_with_where_to_act() -> None:
    expiry = date(2024, 6, 1)
    vaccines = pet(
        line(RABIES, ImmunizationState.EXPIRED, expires_on=expiry, record_id=1),
        line(LEPTO, ImmunizationState.EXPIRING_SOON, expires_on=date(2024, 7, 1), record_id=2),
        line(BORDETELLA, ImmunizationState.MISSING),
    )

    expired, missing, soon = notification_center(vaccines=[vaccines])

    assert (expired.kind, expired.subject, expired.due_on, expired.record_id) == (
        NoticeKind.VACCINE_EXPIRED,
        "Rabies",
        expiry,
        ImmunizationRecordId(1),
    )
    assert (
        expired.message
        == "Rex's Rabies vaccination expired on 1 June 2024; upload the booster record."
    )
    assert expired.target == ActionTarget(TargetPage.IMMUNIZATION_UPLOAD, REX, RABIES)
    assert (missing.kind, missing.subject) == (NoticeKind.VACCINE_MISSING, "Bordetella")
    assert (soon.kind, soon.due_on) == (NoticeKind.VACCINE_EXPIRING_SOON, date(2024, 7, 1))
    assert [n.needs_action for n in (expired, missing, soon)] == [True, True, False]


def test_pending_uploads_replace_everything_else_about_their_vaccine() -> None:
    vaccines = pet(
        line(RABIES, ImmunizationState.EXPIRING_SOON, expires_on=date(2024, 7, 1), record_id=1),
        records=[
            record(1, RABIES, RecordStatus.VERIFIED, source=RecordSource.STAFF),
            record(3, RABIES, RecordStatus.PENDING_REVIEW, minutes=2),
            record(2, RABIES, RecordStatus.PENDING_REVIEW, minutes=1),
        ],
    )

    notices = notification_center(vaccines=[vaccines])

    assert [(n.kind, n.record_id) for n in notices] == [
        (NoticeKind.UPLOAD_PENDING_REVIEW, ImmunizationRecordId(2)),
        (NoticeKind.UPLOAD_PENDING_REVIEW, ImmunizationRecordId(3)),
    ]
    assert notices[0].target == ActionTarget(TargetPage.ANIMAL, REX, RABIES)


def test_a_refused_upload_is_news_until_something_newer_is_on_file() -> None:
    refused = record(2, RABIES, RecordStatus.REJECTED, minutes=1, reason="Not signed by a vet")
    missing = line(RABIES, ImmunizationState.REJECTED, record_id=2)

    [notice] = notification_center(vaccines=[pet(missing, records=[refused])])
    assert (notice.kind, notice.detail, notice.record_id) == (
        NoticeKind.UPLOAD_REJECTED,
        "Not signed by a vet",
        ImmunizationRecordId(2),
    )
    assert "Not signed by a vet" in notice.message

    staff_entry = record(3, RABIES, RecordStatus.VERIFIED, minutes=5, source=RecordSource.STAFF)
    expired = line(RABIES, ImmunizationState.EXPIRED, expires_on=date(2024, 6, 1), record_id=3)
    [after] = notification_center(vaccines=[pet(expired, records=[refused, staff_entry])])
    assert after.kind is NoticeKind.VACCINE_EXPIRED


def test_a_refused_upload_is_not_news_while_a_verified_record_covers_the_vaccine() -> None:
    refused = record(2, RABIES, RecordStatus.REJECTED, minutes=1)
    covered = line(RABIES, ImmunizationState.VERIFIED, expires_on=date(2026, 1, 1), record_id=1)

    assert notification_center(vaccines=[pet(covered, records=[refused])]) == ()


def test_records_of_other_vaccines_do_not_count() -> None:
    pending_lepto = record(2, LEPTO, RecordStatus.PENDING_REVIEW)

    [notice] = notification_center(
        vaccines=[pet(line(RABIES, ImmunizationState.MISSING), records=[pending_lepto])]
    )

    assert notice.kind is NoticeKind.VACCINE_MISSING


def test_items_come_by_urgency_then_date_then_pet_and_vaccine() -> None:
    rex = pet(
        line(RABIES, ImmunizationState.EXPIRING_SOON, expires_on=date(2024, 7, 2), record_id=1),
        line(LEPTO, ImmunizationState.EXPIRED, expires_on=date(2024, 6, 1), record_id=2),
    )
    bella = pet(
        line(RABIES, ImmunizationState.EXPIRING_SOON, expires_on=date(2024, 7, 1), record_id=3),
        line(LEPTO, ImmunizationState.MISSING),
        line(BORDETELLA, ImmunizationState.MISSING),
        animal_id=BELLA,
        name="bella",
    )

    notices = notification_center(vaccines=[rex, bella])

    assert [(n.kind, n.animal_name, n.subject) for n in notices] == [
        (NoticeKind.VACCINE_EXPIRED, "Rex", "Lepto"),
        (NoticeKind.VACCINE_MISSING, "bella", "Bordetella"),
        (NoticeKind.VACCINE_MISSING, "bella", "Lepto"),
        (NoticeKind.VACCINE_EXPIRING_SOON, "bella", "Rabies"),
        (NoticeKind.VACCINE_EXPIRING_SOON, "Rex", "Rabies"),
    ]
    assert attrs.asdict(notices[0])["animal_id"] == REX
