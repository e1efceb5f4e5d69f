"""Signing up (with owner matching), linking another facility, logging in."""

from __future__ import annotations

import attrs
import pytest

from petcare_core.domain.account import OwnerLink
from petcare_core.domain.events import OwnerCreated, PortalAccountLinked
from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.ids import PortalAccountId
from petcare_core.domain.reasons import UnknownReference
from petcare_core.domain.signup import AmbiguousOwnerMatch
from petcare_core.ports.errors import NotFound
from petcare_core.services import (
    OPERATOR,
    AccountAlreadyRegistered,
    AlreadyLinked,
    InvalidCredentials,
    NewFacility,
    NewOwner,
    SignUp,
)

PASSWORD = "correct horse battery staple"


def sign_up(kit, **changes: str) -> SignUp:
    values = {
        "facility_slug": kit.world.facility.slug,
        "first_name": "Sam",
        "last_name": "Sign",
        "email": "sam@example.com",
        "phone": "",
        "password": PASSWORD,
    }
    values.update(changes)
    return SignUp(**values)


def test_sign_up_creates_an_owner_and_a_linked_login(kit) -> None:
    world, services = kit.world, kit.services

    linked = services.sign_up(sign_up(kit, email=" Sam@Example.COM ", phone="202.555.0188"))

    result = linked.unwrap()
    account = result.account
    assert result.owner_created
    assert (account.email, account.phone) == ("sam@example.com", "+12025550188")
    assert account.links == (OwnerLink(world.fid, result.owner_id),)
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    with services.uow_factory.for_facility(world.fid) as uow:
        owner = uow.owners.get(result.owner_id)
    assert (owner.first_name, owner.email, owner.cell_phone) == (
        "Sam",
        "sam@example.com",
        "+12025550188",
    )
    now = kit.clock.now()
    assert kit.events()[-2:] == [
        OwnerCreated(world.fid, now, owner.id),
        PortalAccountLinked(world.fid, now, account.id, owner.id),
    ]


def test_sign_up_links_the_existing_owner_with_that_email(kit) -> None:
    existing = kit.other_owner()
    before = len(kit.events())

    result = kit.services.sign_up(sign_up(kit, email="OLIVE@example.com")).unwrap()

    assert (result.owner_id, result.owner_created) == (existing.id, False)
    assert [type(event) for event in kit.events()[before:]] == [PortalAccountLinked]
    with kit.services.uow_factory.for_facility(kit.world.fid) as uow:
        assert len(uow.owners.list()) == 2


def test_sign_up_links_the_existing_owner_with_that_phone(kit) -> None:
    world = kit.world
    command = NewOwner("Phil", "Phone", cell_phone="+1 202 555 0166")
    existing = kit.services.create_owner(world.fid, world.admin, command).unwrap()

    result = kit.services.sign_up(sign_up(kit, email="", phone="(202) 555-0166")).unwrap()

    assert (result.owner_id, result.owner_created) == (existing.id, False)


def test_sign_up_matching_two_owners_is_refused(kit) -> None:
    kit.other_owner()  # olive@example.com
    command = NewOwner("Phil", "Phone", cell_phone="2025550166")
    kit.services.create_owner(kit.world.fid, kit.world.admin, command).unwrap()

    reasons = kit.reasons(
        lambda: kit.services.sign_up(sign_up(kit, email="olive@example.com", phone="202-555-0166"))
    )

    assert reasons == (AmbiguousOwnerMatch(),)
    assert "contact the facility" in reasons[0].message


def test_sign_up_with_a_registered_email_or_phone_says_to_log_in(kit) -> None:
    reasons = kit.reasons(
        lambda: kit.services.sign_up(sign_up(kit, email="pat@example.com", phone="+1 202 555 0143"))
    )

    assert reasons == (AccountAlreadyRegistered("email"), AccountAlreadyRegistered("phone"))
    assert "log in, or reset your password" in reasons[0].message


def test_sign_up_reports_every_problem_at_once(kit) -> None:
    command = sign_up(
        kit,
        facility_slug="no-such-place",
        first_name=" ",
        last_name="x" * 101,
        email="not-an-email",
        phone="123",
        password="password",
    )

    codes = kit.unchanged(lambda: kit.services.sign_up(command))

    assert codes == (
        "required_value_missing",
        "invalid_value",
        "invalid_value",
        "unknown_reference",
        "invalid_value",
        "weak_password",
    )


def test_sign_up_needs_an_email_or_a_phone(kit) -> None:
    reasons = kit.reasons(lambda: kit.services.sign_up(sign_up(kit, email="", phone="")))

    assert [reason.field for reason in reasons] == ["email"]


def test_sign_up_names_the_facility_one_way(kit) -> None:
    code = kit.world.facility.invite_code
    both = sign_up(kit, invite_code=code)
    neither = sign_up(kit, facility_slug="")

    assert kit.unchanged(lambda: kit.services.sign_up(both)) == ("invalid_value",)
    assert kit.unchanged(lambda: kit.services.sign_up(neither)) == ("required_value_missing",)
    by_code = kit.services.sign_up(sign_up(kit, facility_slug="", invite_code=code)).unwrap()
    assert by_code.facility_id == kit.world.fid


def test_sign_up_reads_phones_in_the_facility_region(services) -> None:
    british = NewFacility(
        "london-dogs", "London Dogs", "Europe/London", "GBP", FacilitySettings(phone_region="GB")
    )
    services.create_facility(british).unwrap()

    result = services.sign_up(
        SignUp(
            facility_slug="london-dogs",
            first_name="Ann",
            last_name="Brit",
            phone="020 7946 0958",
            password=PASSWORD,
        )
    ).unwrap()

    assert result.account.phone == "+442079460958"


def test_link_account_to_another_facility_creates_an_owner_with_the_same_names(kit) -> None:
    world = kit.world
    second = kit.services.create_facility(NewFacility("second", "Second", "UTC", "USD")).unwrap()

    linked = kit.services.link_account_to_facility(world.account.id, f" {second.invite_code} ")

    result = linked.unwrap()
    assert result.owner_created
    assert result.account.owner_in(second.id) == result.owner_id
    assert result.account.owner_in(world.fid) == world.owner.id
    with kit.services.uow_factory.for_facility(second.id) as uow:
        owner = uow.owners.get(result.owner_id)
        events = [entry.event for entry in uow.outbox.list()]
    assert (owner.first_name, owner.last_name, owner.email) == ("Pat", "Parent", "pat@example.com")
    assert [type(event) for event in events[-2:]] == [OwnerCreated, PortalAccountLinked]


def test_link_matches_an_existing_owner_in_the_other_facility(kit) -> None:
    world = kit.world
    second = kit.services.create_facility(NewFacility("second", "Second", "UTC", "USD")).unwrap()
    command = NewOwner("Patricia", "Parent", email="pat@example.com")
    existing = kit.services.create_owner(second.id, OPERATOR, command).unwrap()

    result = kit.services.link_account_to_facility(world.account.id, second.invite_code).unwrap()

    assert (result.owner_id, result.owner_created) == (existing.id, False)


def test_link_refusals(kit) -> None:
    world = kit.world

    assert kit.reasons(
        lambda: kit.services.link_account_to_facility(world.account.id, world.facility.invite_code)
    ) == (AlreadyLinked(),)
    assert kit.reasons(lambda: kit.services.link_account_to_facility(world.account.id, "nope")) == (
        UnknownReference("invite_code", "nope"),
    )
    assert kit.unchanged(lambda: kit.services.link_account_to_facility(world.account.id, "")) == (
        "required_value_missing",
    )
    with pytest.raises(NotFound):
        kit.services.link_account_to_facility(PortalAccountId(999_999), world.facility.invite_code)


@pytest.mark.parametrize(
    "login",
    ["pat@example.com", " PAT@Example.com ", "(202) 555-0143", "2025550143", "+1 202 555 0143"],
)
def test_log_in_by_email_or_phone(kit, login: str) -> None:
    account = kit.services.authenticate_portal_account(login, PASSWORD).unwrap()

    assert account == kit.world.account


def test_log_in_with_a_national_number_of_another_region(kit) -> None:
    world = kit.world
    with kit.services.uow_factory.platform() as platform:
        platform.accounts.update(attrs.evolve(world.account, phone="+442079460958"))
        platform.commit()

    # Without a region the national number is read as a US number, which is not this one.
    unread = kit.services.authenticate_portal_account("020 7946 0958", PASSWORD)
    assert unread.failure().reasons == (InvalidCredentials(),)
    found = kit.services.authenticate_portal_account(
        "020 7946 0958", PASSWORD, phone_region="GB"
    ).unwrap()
    assert found.id == world.account.id


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("pat@example.com", "wrong password!"),
        ("nobody@example.com", PASSWORD),
        ("(202) 555-0100", PASSWORD),
        ("not a login", PASSWORD),
        ("", PASSWORD),
        ("pat@example.com", ""),
        ("x" * 300, PASSWORD),
    ],
)
def test_failed_log_ins_all_look_the_same(kit, login: str, password: str) -> None:
    result = kit.unchanged(lambda: kit.services.authenticate_portal_account(login, password))

    assert result == ("invalid_credentials",)
    assert kit.services.authenticate_portal_account(login, password).failure().messages == (
        InvalidCredentials().message,
    )


def test_an_unknown_login_still_costs_a_password_hash(kit, hasher) -> None:
    hashes, verifies = hasher.hashes, hasher.verifies

    kit.services.authenticate_portal_account("nobody@example.com", PASSWORD)
    kit.services.authenticate_portal_account("pat@example.com", "wrong password!")

    assert (hasher.hashes, hasher.verifies) == (hashes + 1, verifies + 1)


def test_a_portal_account_is_read_by_id_for_session_checks(kit) -> None:
    account = kit.world.account

    assert kit.services.get_portal_account(account.id) == account
    with pytest.raises(NotFound):
        kit.services.get_portal_account(PortalAccountId(987_654_321))
