"""Staff updates given bad input: every reason at once, and nothing written."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from petcare_core.services import LocationDetails


def test_update_location_with_bad_details(kit) -> None:
    world = kit.world
    [location] = kit.services.list_locations(world.fid)
    details = LocationDetails(name="", email="x@", tax_rate=Decimal("NaN"))

    reasons = kit.reasons(
        lambda: kit.services.update_location(world.fid, world.admin, location.id, details)
    )

    assert sorted(reason.field for reason in reasons) == ["email", "name", "tax_rate"]


def test_staff_owner_update_with_bad_values(kit) -> None:
    world = kit.world
    patch = {
        "last_name": "",
        "email_reminders": "sometimes",
        "home_location_id": "abc",
        "custom.nope": "1",
        "emergency_contact_phone": "call me",
    }

    reasons = kit.reasons(
        lambda: kit.services.update_owner_as_staff(world.fid, world.admin, world.owner.id, patch)
    )

    assert sorted((reason.code, reason.field) for reason in reasons) == [
        ("invalid_value", "email_reminders"),
        ("invalid_value", "emergency_contact_phone"),
        ("invalid_value", "home_location_id"),
        ("required_value_missing", "last_name"),
        ("unknown_field", "custom.nope"),
    ]


def test_staff_animal_add_and_update_with_bad_values(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    bad = {
        "name": "x" * 101,
        "species_id": "0",
        "weight": "heavy",
        "temperament_id": "999999",
        "status": "asleep",
    }

    added = kit.reasons(
        lambda: kit.services.add_animal_as_staff(world.fid, world.admin, world.owner.id, bad)
    )
    updated = kit.reasons(
        lambda: kit.services.update_animal_as_staff(world.fid, world.admin, rex.id, bad)
    )

    expected = [
        ("invalid_value", "name"),
        ("invalid_value", "species_id"),
        ("invalid_value", "status"),
        ("invalid_value", "weight"),
        ("unknown_reference", "temperament_id"),
    ]
    assert sorted((reason.code, reason.field) for reason in added) == expected
    assert sorted((reason.code, reason.field) for reason in updated) == expected


def test_staff_immunization_record_with_bad_values(kit) -> None:
    world = kit.world
    rex = kit.add_dog()

    reasons = kit.reasons(
        lambda: kit.services.record_immunization(
            world.fid,
            world.admin,
            rex.id,
            type_id=world.feline_rabies.id,
            expires_on=kit.today - timedelta(days=400),
            administered_on=kit.today - timedelta(days=10),
            note="n" * 501,
        )
    )

    assert [(reason.code, reason.field) for reason in reasons] == [
        ("invalid_value", "note"),
        ("invalid_value", "type_id"),
        ("invalid_value", "expires_on"),
    ]
