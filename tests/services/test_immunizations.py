"""Vaccination uploads, staff review, status and stay compliance."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from petcare_core.domain.compliance import ExpiresDuringStay, ImmunizationState, Missing
from petcare_core.domain.events import (
    ImmunizationRecorded,
    ImmunizationRejected,
    ImmunizationUploaded,
    ImmunizationVerified,
)
from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.ids import ImmunizationTypeId
from petcare_core.domain.immunization import RecordSource, RecordStatus
from petcare_core.domain.reasons import PermissionMissing, UnknownReference
from petcare_core.ports.errors import NotFound
from petcare_core.services import OPERATOR, NewStaffUser, NotPendingReview


def upload(kit, animal, **changes):
    values = {
        "type_id": kit.world.rabies.id,
        "expires_on": kit.today + timedelta(days=365),
        "document_key": "uploads/rabies.pdf",
    }
    values.update(changes)
    return kit.services.record_immunization_upload(
        kit.world.fid, kit.world.account.id, animal.id, **values
    )


def test_upload_awaits_review(kit) -> None:
    world = kit.world
    rex = kit.add_dog()

    record = upload(kit, rex, administered_on=kit.today - timedelta(days=2)).unwrap()

    assert (record.status, record.source, record.document) == (
        RecordStatus.PENDING_REVIEW,
        RecordSource.PARENT_UPLOAD,
        "uploads/rabies.pdf",
    )
    assert kit.events()[-1] == ImmunizationUploaded(world.fid, kit.clock.now(), record.id, rex.id)
    assert kit.services.immunization_review_queue(world.fid, OPERATOR).unwrap() == [record]
    states = {
        line.type_name: line.state for line in kit.services.immunization_status(world.fid, rex.id)
    }
    assert states == {
        "Rabies": ImmunizationState.PENDING_REVIEW,
        "Bordetella": ImmunizationState.MISSING,
    }


def test_upload_reports_every_problem(kit) -> None:
    rex = kit.add_dog()

    reasons = kit.reasons(
        lambda: upload(
            kit,
            rex,
            type_id=kit.world.feline_rabies.id,
            expires_on=kit.today - timedelta(days=1),
            administered_on=kit.today + timedelta(days=1),
            document_key="",
        )
    )

    assert [(reason.code, reason.field) for reason in reasons] == [
        ("required_value_missing", "document_key"),
        ("invalid_value", "type_id"),
        ("invalid_value", "administered_on"),
        ("invalid_value", "expires_on"),
        ("invalid_value", "expires_on"),
    ]


def test_upload_of_an_unknown_type_or_a_far_future_date(kit) -> None:
    rex = kit.add_dog()

    reasons = kit.reasons(
        lambda: upload(kit, rex, type_id=ImmunizationTypeId(777_777), expires_on=date(2204, 1, 1))
    )

    assert reasons[0] == UnknownReference("type_id", "777777")
    assert "ten years" in reasons[1].message


def test_upload_for_another_owner_s_pet_is_not_found(kit) -> None:
    world = kit.world
    stranger = kit.other_owner()
    theirs = kit.services.add_animal_as_staff(
        world.fid, world.admin, stranger.id, {"name": "Fido", "species_id": str(world.dog.id)}
    ).unwrap()

    with pytest.raises(NotFound):
        upload(kit, theirs)
    with pytest.raises(NotFound):
        kit.services.portal_immunization_status(world.fid, world.account.id, theirs.id)


def test_verify_then_verify_again(kit) -> None:
    world = kit.world
    record = upload(kit, kit.add_dog()).unwrap()
    kit.clock.advance(hours=2)

    verified = kit.services.verify_immunization(world.fid, world.employee, record.id).unwrap()

    assert (verified.status, verified.reviewed_by, verified.reviewed_at) == (
        RecordStatus.VERIFIED,
        world.employee.id,
        kit.clock.now(),
    )
    assert kit.events()[-1] == ImmunizationVerified(
        world.fid, kit.clock.now(), record.id, record.animal_id
    )
    assert kit.services.immunization_review_queue(world.fid, OPERATOR).unwrap() == []
    assert kit.reasons(
        lambda: kit.services.verify_immunization(world.fid, world.employee, record.id)
    ) == (NotPendingReview(RecordStatus.VERIFIED),)


def test_reject_needs_a_reason_and_shows_it_to_the_parent(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    record = upload(kit, rex).unwrap()

    assert kit.unchanged(
        lambda: kit.services.reject_immunization(world.fid, world.admin, record.id, " ")
    ) == ("required_value_missing",)
    rejected = kit.services.reject_immunization(
        world.fid, world.admin, record.id, "Unreadable scan"
    ).unwrap()

    assert (rejected.status, rejected.rejection_reason) == (
        RecordStatus.REJECTED,
        "Unreadable scan",
    )
    assert kit.events()[-1] == ImmunizationRejected(
        world.fid, kit.clock.now(), record.id, rex.id, "Unreadable scan"
    )
    [rabies, _] = kit.services.portal_immunization_status(world.fid, world.account.id, rex.id)
    assert rabies.state is ImmunizationState.REJECTED


def test_review_needs_immunizations_review(kit) -> None:
    world = kit.world
    record = upload(kit, kit.add_dog()).unwrap()
    command = NewStaffUser("reader", "Re", "Ader", "employee", permissions=["animals.read"])
    no_review = kit.services.create_staff_user(world.fid, world.admin, command).unwrap()
    denied = (PermissionMissing("immunizations.review"),)

    assert (
        kit.reasons(lambda: kit.services.verify_immunization(world.fid, no_review, record.id))
        == denied
    )
    assert (
        kit.reasons(lambda: kit.services.reject_immunization(world.fid, no_review, record.id, "No"))
        == denied
    )
    assert (
        kit.reasons(
            lambda: kit.services.record_immunization(
                world.fid,
                no_review,
                record.animal_id,
                type_id=world.rabies.id,
                expires_on=kit.today,
            )
        )
        == denied
    )


def test_staff_record_is_verified_at_once_and_may_be_history(kit) -> None:
    world = kit.world
    rex = kit.add_dog()

    record = kit.services.record_immunization(
        world.fid,
        world.employee,
        rex.id,
        type_id=world.rabies.id,
        expires_on=kit.today - timedelta(days=30),
        note="From the old file",
    ).unwrap()

    assert (record.status, record.source, record.reviewed_by, record.document) == (
        RecordStatus.VERIFIED,
        RecordSource.STAFF,
        world.employee.id,
        None,
    )
    assert kit.events()[-1] == ImmunizationRecorded(world.fid, kit.clock.now(), record.id, rex.id)
    [rabies, _] = kit.services.immunization_status(world.fid, rex.id)
    assert rabies.state is ImmunizationState.EXPIRED


def test_status_uses_today_in_the_facility_s_time_zone(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    kit.services.record_immunization(
        world.fid, OPERATOR, rex.id, type_id=world.rabies.id, expires_on=date(2024, 6, 15)
    ).unwrap()
    # 02:00 UTC on the 16th is still 22:00 on the 15th in New York.
    kit.clock.current = datetime(2024, 6, 16, 2, 0, tzinfo=UTC)

    [rabies, _] = kit.services.immunization_status(world.fid, rex.id)
    [explicit, _] = kit.services.immunization_status(world.fid, rex.id, date(2024, 6, 16))

    assert rabies.state is ImmunizationState.EXPIRING_SOON
    assert explicit.state is ImmunizationState.EXPIRED


def test_compliance_for_a_stay_uses_required_types_and_settings(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    check = kit.services.immunization_compliance_for_stay
    start = kit.today + timedelta(days=10)

    missing = check(world.fid, rex.id, start, start + timedelta(days=3)).unwrap()
    kit.services.record_immunization(
        world.fid, OPERATOR, rex.id, type_id=world.rabies.id, expires_on=start + timedelta(days=1)
    ).unwrap()
    expiring = check(world.fid, rex.id, start, start + timedelta(days=3)).unwrap()
    kit.services.update_facility_settings(
        world.fid, OPERATOR, FacilitySettings(immunization_grace_days=2)
    ).unwrap()
    graced = check(world.fid, rex.id, start, start + timedelta(days=3)).unwrap()

    # Bordetella is not required, so only rabies is ever asked for.
    assert missing.reasons == (Missing(world.rabies.id, "Rabies"),)
    assert expiring.reasons == (
        ExpiresDuringStay(world.rabies.id, "Rabies", start + timedelta(days=1)),
    )
    assert graced.compliant
    assert [warning.type_id for warning in graced.warnings] == [world.rabies.id]


def test_compliance_refuses_a_stay_that_ends_before_it_starts(kit) -> None:
    rex = kit.add_dog()

    result = kit.services.immunization_compliance_for_stay(
        kit.world.fid, rex.id, kit.today, kit.today - timedelta(days=1)
    )

    assert [reason.field for reason in result.failure().reasons] == ["end"]


def test_the_review_queue_needs_the_review_permission(kit) -> None:
    world = kit.world
    without_review = kit.services.create_staff_user(
        world.fid,
        OPERATOR,
        NewStaffUser(
            username="front.desk",
            first_name="Fran",
            last_name="Desk",
            role="employee",
            permissions=["owners.read"],
        ),
    ).unwrap()

    reasons = kit.reasons(lambda: kit.services.immunization_review_queue(world.fid, without_review))

    assert [reason.code for reason in reasons] == ["permission_missing"]
    assert kit.services.immunization_review_queue(world.fid, world.employee).unwrap() == []
