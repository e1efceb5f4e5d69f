"""The reference lists: species, breeds, vets, temperaments, immunization types."""

from __future__ import annotations

import pytest

from petcare_core.domain.ids import ImmunizationTypeId, SpeciesId
from petcare_core.domain.reasons import AlreadyExists, PermissionMissing, UnknownReference
from petcare_core.ports.errors import NotFound
from petcare_core.services import OPERATOR, VetDetails


def test_lists_hold_what_was_added(kit) -> None:
    world, services = kit.world, kit.services

    assert services.list_species(world.fid) == [world.dog, world.cat]
    assert services.list_breeds(world.fid) == [world.labrador, world.siamese]
    assert services.list_breeds(world.fid, world.cat.id) == [world.siamese]
    assert services.list_vets(world.fid) == [world.vet]
    assert services.list_temperaments(world.fid) == [world.friendly]
    assert services.list_immunization_types(world.fid, world.dog.id) == [
        world.rabies,
        world.bordetella,
    ]
    assert world.rabies.required
    assert not world.bordetella.required


def test_vet_phone_is_stored_as_e164(kit) -> None:
    assert kit.world.vet.phone == "+12025550199"


def test_names_are_unique_case_insensitively(kit) -> None:
    world, services = kit.world, kit.services

    assert kit.reasons(lambda: services.add_species(world.fid, OPERATOR, " dog ")) == (
        AlreadyExists("name", "dog"),
    )
    assert kit.unchanged(
        lambda: services.add_breed(world.fid, OPERATOR, world.dog.id, "LABRADOR")
    ) == ("already_exists",)
    assert kit.unchanged(lambda: services.add_temperament(world.fid, OPERATOR, "friendly")) == (
        "already_exists",
    )
    assert kit.unchanged(
        lambda: services.add_immunization_type(world.fid, OPERATOR, world.dog.id, "rabies")
    ) == ("already_exists",)


def test_the_same_breed_name_may_exist_for_two_species(kit) -> None:
    world = kit.world

    breed = kit.services.add_breed(world.fid, OPERATOR, world.cat.id, "Labrador").unwrap()

    assert breed.species_id == world.cat.id


def test_breed_and_immunization_type_need_a_species_of_this_facility(kit) -> None:
    world, services = kit.world, kit.services
    elsewhere = kit.new_world("other-place")

    assert kit.reasons(
        lambda: services.add_breed(world.fid, OPERATOR, elsewhere.dog.id, "Poodle")
    ) == (UnknownReference("species_id", str(elsewhere.dog.id)),)
    assert kit.unchanged(
        lambda: services.add_immunization_type(world.fid, OPERATOR, SpeciesId(0), "X")
    ) == ("invalid_value",)


def test_every_bad_input_is_reported_together(kit) -> None:
    world = kit.world

    codes = kit.unchanged(
        lambda: kit.services.add_breed(world.fid, OPERATOR, SpeciesId(987_654), "x" * 101)
    )

    assert sorted(codes) == ["invalid_value", "unknown_reference"]


def test_vet_details_are_checked(kit) -> None:
    details = VetDetails(name="", phone="555", fax="nope", email="vet@", notes="a\x00b")

    reasons = kit.reasons(lambda: kit.services.add_vet(kit.world.fid, OPERATOR, details))

    assert [reason.field for reason in reasons] == ["name", "phone", "fax", "email", "notes"]


def test_catalog_changes_need_catalog_manage(kit) -> None:
    world, services = kit.world, kit.services
    employee = world.employee
    denied = (PermissionMissing("catalog.manage"),)

    assert kit.reasons(lambda: services.add_species(world.fid, employee, "Rabbit")) == denied
    assert (
        kit.reasons(lambda: services.add_breed(world.fid, employee, world.dog.id, "Poodle"))
        == denied
    )
    assert kit.reasons(lambda: services.add_vet(world.fid, employee, VetDetails("V"))) == denied
    assert kit.reasons(lambda: services.add_temperament(world.fid, employee, "Shy")) == denied
    assert (
        kit.reasons(
            lambda: services.add_immunization_type(world.fid, employee, world.dog.id, "Lepto")
        )
        == denied
    )
    assert (
        kit.reasons(
            lambda: services.set_immunization_type_required(
                world.fid, employee, world.rabies.id, False
            )
        )
        == denied
    )


def test_set_immunization_type_required(kit) -> None:
    world = kit.world

    changed = kit.services.set_immunization_type_required(
        world.fid, world.admin, world.bordetella.id, True
    ).unwrap()
    again = kit.services.set_immunization_type_required(
        world.fid, world.admin, world.bordetella.id, True
    ).unwrap()

    assert changed.required
    assert again == changed
    assert kit.services.list_immunization_types(world.fid)[1] == changed


def test_set_required_on_unknown_type_is_not_found(kit) -> None:
    with pytest.raises(NotFound):
        kit.services.set_immunization_type_required(
            kit.world.fid, OPERATOR, ImmunizationTypeId(424_242), True
        )
