"""The pet parent's notification center, as uploads are made, reviewed and vaccines age."""

from __future__ import annotations

from datetime import timedelta

from petcare_core.domain.notification_center import ActionTarget, NoticeKind, TargetPage

PDF = b"%PDF-1.7\n%%EOF\n"


def upload(kit, animal, days: int = 365):
    return kit.services.upload_immunization_document(
        kit.world.fid,
        kit.world.account.id,
        animal.id,
        kit.world.rabies.id,
        kit.today + timedelta(days=days),
        "rabies.pdf",
        PDF,
    ).unwrap()


def center(kit):
    return kit.services.portal_notifications(kit.world.fid, kit.world.account.id)


def kinds(kit):
    return [(notice.kind, notice.animal_name, notice.subject) for notice in center(kit)]


def test_a_new_pet_is_missing_only_its_required_vaccines(kit) -> None:
    rex = kit.add_dog()

    [notice] = center(kit)

    assert (notice.kind, notice.animal_id, notice.type_id) == (
        NoticeKind.VACCINE_MISSING,
        rex.id,
        kit.world.rabies.id,
    )
    assert notice.target == ActionTarget(
        TargetPage.IMMUNIZATION_UPLOAD, rex.id, kit.world.rabies.id
    )
    assert notice.needs_action
    assert "Rex has no Rabies vaccination on file" in notice.message


def test_an_upload_awaits_review_and_verification_clears_it(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    record = upload(kit, rex).record

    [notice] = center(kit)
    assert (notice.kind, notice.record_id) == (NoticeKind.UPLOAD_PENDING_REVIEW, record.id)
    assert notice.target == ActionTarget(TargetPage.ANIMAL, rex.id, world.rabies.id)
    assert not notice.needs_action

    kit.services.verify_immunization(world.fid, world.employee, record.id).unwrap()
    assert center(kit) == ()


def test_a_refused_upload_shows_the_reason_until_a_new_one_arrives(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    record = upload(kit, rex).record
    kit.services.reject_immunization(world.fid, world.employee, record.id, "Blurry scan").unwrap()

    [notice] = center(kit)
    assert (notice.kind, notice.detail, notice.record_id) == (
        NoticeKind.UPLOAD_REJECTED,
        "Blurry scan",
        record.id,
    )
    assert "Blurry scan" in notice.message

    kit.clock.advance(minutes=1)
    upload(kit, rex)
    assert kinds(kit) == [(NoticeKind.UPLOAD_PENDING_REVIEW, "Rex", "Rabies")]


def test_vaccines_expiring_soon_then_expired(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    record = upload(kit, rex, days=20).record
    kit.services.verify_immunization(world.fid, world.admin, record.id).unwrap()

    [soon] = center(kit)
    assert (soon.kind, soon.due_on) == (NoticeKind.VACCINE_EXPIRING_SOON, record.expires_on)
    assert not soon.needs_action

    kit.clock.advance(days=21)
    [expired] = center(kit)
    assert (expired.kind, expired.due_on) == (NoticeKind.VACCINE_EXPIRED, record.expires_on)
    assert expired.needs_action


def test_the_most_urgent_come_first_and_inactive_or_other_pets_stay_out(kit) -> None:
    world = kit.world
    rex, ace = kit.add_dog("Rex"), kit.add_dog("Ace")
    upload(kit, rex)
    kit.services.update_animal_as_staff(world.fid, world.admin, ace.id, {"status": "inactive"})
    bella = kit.add_dog("Bella")
    other = kit.other_owner()
    kit.services.add_animal_as_staff(
        world.fid, world.admin, other.id, {"name": "Fido", "species_id": str(world.dog.id)}
    ).unwrap()

    assert kinds(kit) == [
        (NoticeKind.VACCINE_MISSING, "Bella", "Rabies"),
        (NoticeKind.UPLOAD_PENDING_REVIEW, "Rex", "Rabies"),
    ]
    assert bella.name == "Bella"


def test_a_refused_booster_is_not_news_while_a_verified_record_covers_the_vaccine(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    kit.services.record_immunization(
        world.fid,
        world.admin,
        rex.id,
        type_id=world.rabies.id,
        expires_on=kit.today + timedelta(400),
    ).unwrap()
    kit.clock.advance(minutes=1)
    booster = upload(kit, rex, days=700).record
    kit.services.reject_immunization(world.fid, world.admin, booster.id, "Wrong pet").unwrap()

    assert center(kit) == ()
