"""Animals: added and edited from the portal (own pets only) and by staff."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from petcare_core.domain.animal import AnimalStatus, IncidentReport, Sex
from petcare_core.domain.events import AnimalCreated, AnimalModified
from petcare_core.domain.ids import AnimalId
from petcare_core.domain.reasons import FieldNotEditable, PermissionMissing
from petcare_core.ports.errors import NotFound
from petcare_core.services import OPERATOR, NewStaffUser


def test_portal_adds_a_pet_with_references(kit) -> None:
    world = kit.world
    patch = {
        "name": " Rex ",
        "species_id": str(world.dog.id),
        "breed_id": str(world.labrador.id),
        "vet_id": str(world.vet.id),
        "temperament_id": str(world.friendly.id),
        "sex": "male",
        "birthday": "2020-02-29",
        "weight": "31.5",
        "custom.favourite_toy": "Ball",
    }

    animal = kit.services.add_animal_from_portal(world.fid, world.account.id, patch).unwrap()

    assert (animal.name, animal.owner_id, animal.species_id, animal.breed_id) == (
        "Rex",
        world.owner.id,
        world.dog.id,
        world.labrador.id,
    )
    assert (animal.sex, animal.birthday, animal.weight) == (
        Sex.MALE,
        date(2020, 2, 29),
        Decimal("31.5"),
    )
    assert animal.custom_fields["favourite_toy"] == "Ball"
    assert animal.status is AnimalStatus.ACTIVE
    assert kit.events()[-1] == AnimalCreated(world.fid, kit.clock.now(), animal.id, world.owner.id)
    assert [view.id for view in kit.services.portal_animals(world.fid, world.account.id)] == [
        animal.id
    ]


def test_portal_add_reports_every_problem(kit) -> None:
    world = kit.world
    patch = {
        "species_id": "424242",
        "vet_id": "515151",
        "birthday": (kit.today + timedelta(days=1)).isoformat(),
        "status": "banned",
        "custom.bite_history": "none",
    }

    reasons = kit.reasons(
        lambda: kit.services.add_animal_from_portal(world.fid, world.account.id, patch)
    )

    assert sorted((reason.code, reason.field) for reason in reasons) == [
        ("field_not_editable", "status"),
        ("invalid_value", "birthday"),
        ("required_value_missing", "name"),
        ("unknown_field", "custom.bite_history"),
        ("unknown_reference", "species_id"),
        ("unknown_reference", "vet_id"),
    ]


def test_a_breed_must_be_of_the_animal_s_species(kit) -> None:
    world = kit.world
    patch = {"name": "Tom", "species_id": str(world.dog.id), "breed_id": str(world.siamese.id)}

    reasons = kit.reasons(
        lambda: kit.services.add_animal_from_portal(world.fid, world.account.id, patch)
    )

    assert [(reason.code, reason.field) for reason in reasons] == [("invalid_value", "breed_id")]


def test_changing_species_alone_cannot_keep_a_breed_of_the_old_one(kit) -> None:
    world = kit.world
    rex = kit.services.add_animal_from_portal(
        world.fid,
        world.account.id,
        {"name": "Rex", "species_id": str(world.dog.id), "breed_id": str(world.labrador.id)},
    ).unwrap()
    update = kit.services.update_animal_from_portal

    assert kit.unchanged(
        lambda: update(world.fid, world.account.id, rex.id, {"species_id": str(world.cat.id)})
    ) == ("invalid_value",)
    changed = update(
        world.fid, world.account.id, rex.id, {"species_id": str(world.cat.id), "breed_id": ""}
    ).unwrap()
    assert (changed.species_id, changed.breed_id) == (world.cat.id, None)


def test_references_of_another_facility_are_unknown_here(kit) -> None:
    world = kit.world
    elsewhere = kit.new_world("other-place")
    patch = {"name": "Rex", "species_id": str(elsewhere.dog.id)}

    codes = kit.unchanged(
        lambda: kit.services.add_animal_from_portal(world.fid, world.account.id, patch)
    )

    assert codes == ("unknown_reference",)


def test_portal_update_records_changed_fields_and_skips_no_ops(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    kit.clock.advance(minutes=5)
    update = kit.services.update_animal_from_portal

    changed = update(world.fid, world.account.id, rex.id, {"colour": "black", "name": "Rex"})
    events_after_change = kit.events()
    same = update(world.fid, world.account.id, rex.id, {"colour": " black "})

    assert changed.unwrap().colour == "black"
    assert events_after_change[-1] == AnimalModified(
        world.fid, kit.clock.now(), rex.id, ("colour",)
    )
    assert same.unwrap() == changed.unwrap()
    assert kit.events() == events_after_change


def test_portal_cannot_touch_business_only_animal_fields(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    patch = {"employee_notes": "x", "custom_icons": "star", "status": "inactive"}

    reasons = kit.reasons(
        lambda: kit.services.update_animal_from_portal(world.fid, world.account.id, rex.id, patch)
    )

    assert set(reasons) == {FieldNotEditable(name) for name in patch}


def test_a_parent_cannot_see_or_touch_another_owner_s_pet(kit) -> None:
    world = kit.world
    stranger = kit.other_owner()
    theirs = kit.services.add_animal_as_staff(
        world.fid, world.admin, stranger.id, {"name": "Fido", "species_id": str(world.dog.id)}
    ).unwrap()

    with pytest.raises(NotFound) as missing:
        kit.services.portal_animal(world.fid, world.account.id, AnimalId(987_654))
    with pytest.raises(NotFound) as foreign:
        kit.services.portal_animal(world.fid, world.account.id, theirs.id)
    with pytest.raises(NotFound):
        kit.services.update_animal_from_portal(world.fid, world.account.id, theirs.id, {})
    assert type(missing.value) is type(foreign.value)
    assert kit.services.portal_animals(world.fid, world.account.id) == []


def test_staff_may_set_business_only_fields(kit) -> None:
    world = kit.world
    rex = kit.add_dog()

    changed = kit.services.update_animal_as_staff(
        world.fid,
        world.employee,
        rex.id,
        {"status": "banned", "employee_notes": "Bites", "custom.bite_history": "twice"},
    ).unwrap()

    assert (changed.status, changed.employee_notes) == (AnimalStatus.BANNED, "Bites")
    view = kit.services.portal_animal(world.fid, world.account.id, rex.id)
    assert "Bites" not in repr(view)
    assert "twice" not in repr(view)
    assert kit.services.get_animal(world.fid, world.employee, rex.id).unwrap() == changed
    assert kit.services.animals_of_owner(world.fid, world.employee, world.owner.id).unwrap() == [
        changed
    ]


def test_staff_animal_operations_need_permissions(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    reader = kit.services.create_staff_user(
        world.fid, world.admin, NewStaffUser("r", "R", "R", "employee", permissions=[])
    ).unwrap()
    patch = {"name": "Fido", "species_id": str(world.dog.id)}

    assert kit.reasons(
        lambda: kit.services.add_animal_as_staff(world.fid, reader, world.owner.id, patch)
    ) == (PermissionMissing("animals.write"),)
    assert kit.reasons(
        lambda: kit.services.update_animal_as_staff(world.fid, reader, rex.id, {"name": "X"})
    ) == (PermissionMissing("animals.write"),)
    assert kit.reasons(
        lambda: kit.services.add_incident_report(world.fid, reader, rex.id, kit.today, "Bit")
    ) == (PermissionMissing("animals.write"),)
    assert kit.services.get_animal(world.fid, reader, rex.id).failure().reasons == (
        PermissionMissing("animals.read"),
    )


def test_incident_reports_are_kept_and_hidden_from_the_portal(kit) -> None:
    world = kit.world
    rex = kit.add_dog()

    animal = kit.services.add_incident_report(
        world.fid, world.employee, rex.id, kit.today, "Nipped another dog\r\nat pickup"
    ).unwrap()

    assert animal.incident_reports == (
        IncidentReport(kit.today, "Nipped another dog\nat pickup", world.employee.id),
    )
    assert kit.events()[-1] == AnimalModified(
        world.fid, kit.clock.now(), rex.id, ("incident_reports",)
    )
    assert "Nipped" not in repr(kit.services.portal_animal(world.fid, world.account.id, rex.id))


def test_incident_report_inputs_are_checked(kit) -> None:
    world = kit.world
    rex = kit.add_dog()
    tomorrow = kit.today + timedelta(days=1)

    reasons = kit.reasons(
        lambda: kit.services.add_incident_report(world.fid, OPERATOR, rex.id, tomorrow, "  ")
    )

    assert [(reason.code, reason.field) for reason in reasons] == [
        ("required_value_missing", "description"),
        ("invalid_value", "occurred_on"),
    ]


def test_animals_modified_between(kit) -> None:
    world = kit.world
    start = kit.clock.now()
    rex = kit.add_dog()

    changed = kit.services.animals_modified_between(world.fid, start, start + timedelta(1))

    assert changed.unwrap() == [rex]
