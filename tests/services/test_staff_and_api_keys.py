"""Staff users, permissions, and API keys."""

from __future__ import annotations

import hashlib

import attrs
import pytest

from petcare_core.domain.events import ApiKeyCreated, StaffUserCreated
from petcare_core.domain.ids import ApiKeyId
from petcare_core.domain.reasons import PermissionMissing, UnknownReference
from petcare_core.domain.staff import ROLE_PERMISSIONS, Permission, StaffRole
from petcare_core.services import (
    OPERATOR,
    ApiKeyRevoked,
    InvalidApiKey,
    NewStaffUser,
    PetcareServices,
    StaffUserDeactivated,
)


def test_role_gives_default_permissions_and_username_is_case_folded(kit) -> None:
    world = kit.world

    assert world.admin.username == "admin"
    assert world.admin.permissions == ROLE_PERMISSIONS[StaffRole.ADMIN]
    assert world.employee.permissions == ROLE_PERMISSIONS[StaffRole.EMPLOYEE]
    assert kit.services.find_staff_user(world.fid, "ADMIN") == world.admin
    assert kit.services.get_staff_user(world.fid, world.admin.id) == world.admin
    assert StaffUserCreated(world.fid, kit.clock.now(), world.admin.id) in kit.events()


def test_explicit_permissions_replace_the_role_defaults(kit) -> None:
    command = NewStaffUser(
        "integration", "Int", "Egration", "employee", permissions=["api.access", "owners.read"]
    )

    user = kit.services.create_staff_user(kit.world.fid, kit.world.admin, command).unwrap()

    assert user.permissions == {Permission.API_ACCESS, Permission.OWNERS_READ}


def test_staff_user_inputs_are_all_checked(kit) -> None:
    command = NewStaffUser(
        username="bad name",
        first_name="",
        last_name="",
        role="owner",
        email="nope",
        permissions=["fly"],
    )

    reasons = kit.reasons(lambda: kit.services.create_staff_user(kit.world.fid, OPERATOR, command))

    assert [reason.field for reason in reasons] == [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "permissions",
    ]


def test_username_is_unique_in_the_facility_whatever_the_case(kit) -> None:
    command = NewStaffUser("ADMIN", "Another", "Admin", "admin")

    assert kit.unchanged(
        lambda: kit.services.create_staff_user(kit.world.fid, OPERATOR, command)
    ) == ("already_exists",)
    # Another facility may have its own "admin".
    assert kit.new_world("other-place").admin.username == "admin"


def test_creating_staff_needs_staff_manage(kit) -> None:
    command = NewStaffUser("newbie", "New", "Bie", "employee")

    reasons = kit.reasons(
        lambda: kit.services.create_staff_user(kit.world.fid, kit.world.employee, command)
    )

    assert reasons == (PermissionMissing("staff.manage"),)


def test_a_staff_user_of_another_facility_has_no_permissions_here(kit) -> None:
    elsewhere = kit.new_world("other-place")

    codes = kit.unchanged(
        lambda: kit.services.add_species(kit.world.fid, elsewhere.admin, "Rabbit")
    )

    assert codes == ("permission_missing",)


def test_permissions_are_read_afresh_so_deactivation_takes_effect_at_once(kit) -> None:
    world = kit.world
    with kit.services.uow_factory.for_facility(world.fid) as uow:
        uow.staff.update(attrs.evolve(uow.staff.get(world.admin.id), active=False))
        uow.commit()

    # ``world.admin`` is the stale copy the caller holds; it still says active.
    codes = kit.unchanged(lambda: kit.services.add_species(world.fid, world.admin, "Rabbit"))

    assert codes == ("permission_missing",)


def test_issued_key_is_shown_once_and_stored_hashed(kit) -> None:
    world = kit.world

    issued = kit.services.create_api_key(
        world.fid, world.admin.id, " Zapier ", actor=OPERATOR
    ).unwrap()

    plain = issued.plain_key
    assert len(plain) == 40
    assert all(character in "0123456789abcdef" for character in plain)
    assert issued.api_key.prefix == plain[:8]
    assert issued.api_key.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert issued.api_key.label == "Zapier"
    assert plain not in repr(issued)
    assert kit.services.list_api_keys(world.fid, world.admin.id) == [issued.api_key]
    assert kit.events()[-1] == ApiKeyCreated(
        world.fid, kit.clock.now(), issued.api_key.id, world.admin.id
    )


def test_authenticate_finds_the_key_s_staff_user_and_facility(kit) -> None:
    world = kit.world
    issued = kit.services.create_api_key(world.fid, world.admin.id, "", actor=OPERATOR).unwrap()

    principal = kit.services.authenticate_api_key(f"  {issued.plain_key.upper()} ").unwrap()

    assert (principal.facility_id, principal.staff_user, principal.api_key) == (
        world.fid,
        world.admin,
        issued.api_key,
    )


@pytest.mark.parametrize(
    "plain_key",
    ["", "short", "g" * 40, "0" * 40, "0" * 41],
)
def test_unknown_or_malformed_keys_get_one_generic_answer(
    services: PetcareServices, plain_key: str
) -> None:
    result = services.authenticate_api_key(plain_key)

    assert result.failure().reasons == (InvalidApiKey(),)


def test_a_key_with_a_known_prefix_but_wrong_rest_is_unknown(kit) -> None:
    world = kit.world
    issued = kit.services.create_api_key(world.fid, world.admin.id, "", actor=OPERATOR).unwrap()
    forged = issued.plain_key[:8] + ("0" if issued.plain_key[8] != "0" else "1") * 32

    result = kit.services.authenticate_api_key(forged)

    assert result.failure().reasons == (InvalidApiKey(),)


def test_revoked_key_and_deactivated_user_are_refused(kit) -> None:
    world, services = kit.world, kit.services
    revoked = services.create_api_key(world.fid, world.admin.id, "old", actor=OPERATOR).unwrap()
    kept = services.create_api_key(world.fid, world.admin.id, "new", actor=OPERATOR).unwrap()

    stored = services.revoke_api_key(world.fid, revoked.api_key.id, actor=world.admin).unwrap()

    assert stored.revoked_at == kit.clock.now()
    assert services.authenticate_api_key(revoked.plain_key).failure().reasons == (ApiKeyRevoked(),)
    assert services.authenticate_api_key(kept.plain_key).unwrap().api_key == kept.api_key
    with services.uow_factory.for_facility(world.fid) as uow:
        uow.staff.update(attrs.evolve(uow.staff.get(world.admin.id), active=False))
        uow.commit()
    assert services.authenticate_api_key(kept.plain_key).failure().reasons == (
        StaffUserDeactivated(),
    )


def test_revoking_twice_changes_nothing(kit) -> None:
    world = kit.world
    issued = kit.services.create_api_key(world.fid, world.admin.id, "", actor=OPERATOR).unwrap()
    first = kit.services.revoke_api_key(world.fid, issued.api_key.id, actor=OPERATOR).unwrap()
    kit.clock.advance(hours=1)

    second = kit.services.revoke_api_key(world.fid, issued.api_key.id, actor=OPERATOR).unwrap()

    assert second == first


def test_revoking_an_unknown_key_is_rejected(kit) -> None:
    reasons = kit.reasons(
        lambda: kit.services.revoke_api_key(kit.world.fid, ApiKeyId(555_555), actor=OPERATOR)
    )

    assert reasons == (UnknownReference("api_key_id", "555555"),)


def test_key_management_permissions(kit) -> None:
    world, services = kit.world, kit.services
    admin_key = services.create_api_key(world.fid, world.admin.id, "", actor=OPERATOR).unwrap()
    integration = services.create_staff_user(
        world.fid,
        world.admin,
        NewStaffUser("bot", "B", "Ot", "employee", permissions=["api.access"]),
    ).unwrap()

    # Someone else's key needs staff.manage; their own needs api.access.
    assert kit.reasons(
        lambda: services.create_api_key(world.fid, world.admin.id, "", actor=integration)
    ) == (PermissionMissing("staff.manage"),)
    assert kit.reasons(
        lambda: services.revoke_api_key(world.fid, admin_key.api_key.id, actor=integration)
    ) == (PermissionMissing("staff.manage"),)
    own = services.create_api_key(world.fid, integration.id, "mine", actor=integration).unwrap()
    services.revoke_api_key(world.fid, own.api_key.id, actor=integration).unwrap()
    # The employee role has no api.access, so not even a key of their own.
    assert kit.reasons(
        lambda: services.create_api_key(world.fid, world.employee.id, "", actor=world.employee)
    ) == (PermissionMissing("api.access"),)


def test_a_key_for_a_user_without_api_access_is_refused(kit) -> None:
    world = kit.world

    reasons = kit.reasons(
        lambda: kit.services.create_api_key(world.fid, world.employee.id, "x" * 101, actor=OPERATOR)
    )

    assert [reason.field for reason in reasons] == ["label", "staff_user_id"]
    assert "api.access" in reasons[1].message
