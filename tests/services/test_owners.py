"""Owners: staff records, portal edits bound by the projection rules, the modified feed."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest

from petcare_core.domain.events import OwnerCreated, OwnerModified
from petcare_core.domain.ids import PortalAccountId
from petcare_core.domain.reasons import (
    AlreadyExists,
    FieldNotEditable,
    PermissionMissing,
    UnknownField,
)
from petcare_core.ports.errors import NotFound
from petcare_core.services import OPERATOR, NewFacility, NewOwner, NewStaffUser


def test_staff_create_owner_with_details(kit) -> None:
    world = kit.world
    [location] = kit.services.list_locations(world.fid)
    command = NewOwner(
        " Olive ",
        "Other",
        email="Olive@Example.com",
        cell_phone="202 555 0111",
        details={
            "address_1": "1 Main St",
            "emergency_contact_phone": "(202) 555-0112",
            "employee_notes": "Pays in cash",
            "home_location_id": str(location.id),
            "custom.credit_note": "none",
            "email_marketing": "no",
        },
    )

    owner = kit.services.create_owner(world.fid, world.admin, command).unwrap()

    assert (owner.first_name, owner.email, owner.cell_phone) == (
        "Olive",
        "olive@example.com",
        "+12025550111",
    )
    assert owner.address.address_1 == "1 Main St"
    assert owner.emergency_contact_phone == "+12025550112"
    assert owner.employee_notes == "Pays in cash"
    assert owner.home_location_id == location.id
    assert dict(owner.custom_fields) == {"credit_note": "none"}
    assert not owner.communication.email_marketing
    assert owner.communication.email_transactional
    assert kit.events()[-1] == OwnerCreated(world.fid, kit.clock.now(), owner.id)
    assert kit.services.get_owner(world.fid, world.employee, owner.id).unwrap() == owner


def test_create_owner_reports_every_problem(kit) -> None:
    command = NewOwner(
        "",
        "Other",
        email="nope",
        cell_phone="555",
        details={"shoe_size": "9", "home_location_id": "424242", "custom.vip": "maybe"},
    )

    reasons = kit.reasons(lambda: kit.services.create_owner(kit.world.fid, OPERATOR, command))

    assert sorted((reason.code, reason.field) for reason in reasons) == [
        ("invalid_value", "cell_phone"),
        ("invalid_value", "custom.vip"),
        ("invalid_value", "email"),
        ("required_value_missing", "first_name"),
        ("unknown_field", "shoe_size"),
        ("unknown_reference", "home_location_id"),
    ]


def test_two_households_cannot_share_an_email(kit) -> None:
    command = NewOwner("Copy", "Cat", email="PAT@example.com")

    reasons = kit.reasons(lambda: kit.services.create_owner(kit.world.fid, OPERATOR, command))

    assert reasons == (AlreadyExists("email", "pat@example.com"),)


def test_owner_changes_need_owners_write_and_reads_owners_read(kit) -> None:
    world = kit.world
    nobody = kit.services.create_staff_user(
        world.fid, world.admin, NewStaffUser("nobody", "No", "Body", "employee", permissions=[])
    ).unwrap()

    assert kit.reasons(
        lambda: kit.services.create_owner(world.fid, world.employee, NewOwner("A", "B"))
    ) == (PermissionMissing("owners.write"),)
    assert kit.reasons(
        lambda: kit.services.update_owner_as_staff(
            world.fid, world.employee, world.owner.id, {"city": "X"}
        )
    ) == (PermissionMissing("owners.write"),)
    assert kit.services.get_owner(world.fid, nobody, world.owner.id).failure().reasons == (
        PermissionMissing("owners.read"),
    )


def test_staff_update_records_the_changed_fields(kit) -> None:
    world = kit.world
    kit.clock.advance(hours=1)
    patch = {"city": "Springfield", "employee_notes": "VIP", "first_name": "Pat", "active": "no"}

    owner = kit.services.update_owner_as_staff(world.fid, world.admin, world.owner.id, patch)

    updated = owner.unwrap()
    assert (updated.address.city, updated.employee_notes, updated.active) == (
        "Springfield",
        "VIP",
        False,
    )
    assert updated.modified_at == kit.clock.now()
    assert updated.version == world.owner.version + 1
    assert kit.events()[-1] == OwnerModified(
        world.fid, kit.clock.now(), world.owner.id, ("active", "city", "employee_notes")
    )


def test_an_update_that_changes_nothing_writes_nothing(kit) -> None:
    world = kit.world
    patch = {"first_name": " Pat ", "cell_phone": "(202) 555-0143", "email": "PAT@example.com"}
    before = kit.events()

    result = kit.services.update_owner_as_staff(world.fid, world.admin, world.owner.id, patch)

    assert result.unwrap() == world.owner
    assert kit.events() == before


def test_portal_update_of_the_parent_s_own_record(kit) -> None:
    world = kit.world
    patch = {
        "address_1": "2 Elm St",
        "home_phone": "202-555-0177",
        "sms_marketing": "false",
        "custom.referral": "A friend",
    }

    owner = kit.services.update_owner_from_portal(world.fid, world.account.id, patch).unwrap()

    assert owner.address.address_1 == "2 Elm St"
    assert owner.home_phone == "+12025550177"
    assert not owner.communication.sms_marketing
    assert owner.custom_fields["referral"] == "A friend"
    assert kit.events()[-1].fields == (
        "address_1",
        "custom.referral",
        "home_phone",
        "sms_marketing",
    )


def test_portal_cannot_change_business_only_fields(kit) -> None:
    world = kit.world
    patch = {
        "employee_notes": "I am lovely",
        "custom_icons": "star",
        "home_location_id": "1",
        "active": "true",
        "custom.vip": "true",
        "custom.credit_note": "100 dollars",
    }

    reasons = kit.reasons(
        lambda: kit.services.update_owner_from_portal(world.fid, world.account.id, patch)
    )

    # A field the parent may see is "not editable"; a business-only one does not exist for them.
    assert set(reasons) == {
        FieldNotEditable("employee_notes"),
        FieldNotEditable("custom_icons"),
        FieldNotEditable("home_location_id"),
        FieldNotEditable("active"),
        FieldNotEditable("custom.vip"),
        UnknownField("custom.credit_note"),
    }


def test_portal_view_holds_no_business_only_data(kit) -> None:
    world = kit.world
    kit.services.update_owner_as_staff(
        world.fid,
        world.admin,
        world.owner.id,
        {"employee_notes": "secret", "custom.credit_note": "secret", "custom.vip": "yes"},
    ).unwrap()

    view = kit.services.owner_portal_view(world.fid, world.account.id)

    assert view.id == world.owner.id
    assert "secret" not in repr(view)
    assert [(field.key, field.value, field.editable) for field in view.fields] == [
        ("referral", "", True),
        ("vip", "true", False),
    ]


def test_portal_calls_for_a_facility_the_account_is_not_linked_to_are_not_found(kit) -> None:
    world = kit.world
    other = kit.services.create_facility(NewFacility("other", "Other", "UTC", "USD")).unwrap()

    with pytest.raises(NotFound):
        kit.services.owner_portal_view(other.id, world.account.id)
    with pytest.raises(NotFound):
        kit.services.update_owner_from_portal(other.id, world.account.id, {"city": "X"})
    with pytest.raises(NotFound):
        kit.services.owner_portal_view(world.fid, PortalAccountId(999_999))


def test_owners_modified_between(kit) -> None:
    world = kit.world
    start = kit.clock.now()
    kit.clock.advance(days=1)
    later = kit.other_owner()
    window = kit.services.owners_modified_between

    assert window(world.fid, start, start + timedelta(days=2)).unwrap() == [world.owner, later]
    assert window(world.fid, start + timedelta(hours=1), start + timedelta(days=2)).unwrap() == [
        later
    ]
    assert window(world.fid, start, start).unwrap() == []


def test_modified_window_must_be_aware_and_ordered(kit) -> None:
    now = kit.clock.now()
    naive = datetime(2024, 1, 1)

    fields = [
        reason.field
        for reason in kit.services.owners_modified_between(kit.world.fid, naive, now)
        .failure()
        .reasons
    ]
    backwards = kit.services.animals_modified_between(
        kit.world.fid, now, now - timedelta(seconds=1)
    )

    assert fields == ["start"]
    assert [reason.field for reason in backwards.failure().reasons] == ["end"]


def test_the_modified_feed_sees_portal_edits(kit) -> None:
    world = kit.world
    kit.clock.advance(days=3)
    start = kit.clock.now()
    kit.services.update_owner_from_portal(world.fid, world.account.id, {"city": "Z"}).unwrap()

    changed = kit.services.owners_modified_between(world.fid, start, start + timedelta(1))

    assert [owner.id for owner in changed.unwrap()] == [world.owner.id]
    assert attrs.asdict(changed.unwrap()[0].address)["city"] == "Z"
