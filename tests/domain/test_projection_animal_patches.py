"""Animal patches: who may change what, value checks, and what changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.animal import Animal, AnimalStatus, Sex
from petcare_core.domain.form_values import canonical_decimal
from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind, Visibility
from petcare_core.domain.ids import (
    AnimalId,
    BreedId,
    FacilityId,
    OwnerId,
    SpeciesId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.projection import (
    ANIMAL_FIELDS,
    ANIMAL_STAFF_ONLY_FIELDS,
    Audience,
    apply_animal_patch,
    validate_animal_patch,
)
from petcare_core.domain.reasons import (
    FieldNotEditable,
    InvalidValue,
    RequiredValueMissing,
    UnknownField,
)
from petcare_core.testing.strategies import animals, form_definitions

PORTAL, STAFF = Audience.PORTAL, Audience.STAFF
FACILITY = FacilityId(1)
CREATED = datetime(2024, 1, 1, tzinfo=UTC)
NOW = CREATED + timedelta(days=10)
FORM = FormDefinition(
    FACILITY,
    FormKind.ANIMAL_FORM,
    (
        FormField("vip", "VIP", FieldType.BOOLEAN, visibility=Visibility.BUSINESS_ONLY),
        FormField("shirt", "Coat", FieldType.CHOICE, True, ("S", "M"), Visibility.PORTAL_EDITABLE),
        FormField("member_no", "Tag no", FieldType.TEXT, visibility=Visibility.PORTAL_VISIBLE),
    ),
)
ANIMAL = Animal(AnimalId(6), FACILITY, OwnerId(5), "Rex", SpeciesId(2), CREATED, CREATED)


def test_field_name_constants() -> None:
    assert {"employee_notes", "custom_icons", "status"} == ANIMAL_STAFF_ONLY_FIELDS
    assert {"name", "species_id", "birthday", "weight", "allergies"} <= ANIMAL_FIELDS
    assert not ANIMAL_FIELDS & ANIMAL_STAFF_ONLY_FIELDS


def test_the_portal_cannot_edit_staff_only_animal_fields() -> None:
    patch = {"employee_notes": "x", "custom_icons": "x", "status": "banned", "name": "Max"}
    assert validate_animal_patch(FORM, patch, PORTAL, creating=False) == (
        FieldNotEditable("employee_notes"),
        FieldNotEditable("custom_icons"),
        FieldNotEditable("status"),
    )
    assert validate_animal_patch(FORM, patch, STAFF, creating=False) == ()


def test_the_portal_cannot_edit_an_animal_custom_field_it_may_only_see() -> None:
    patch = {"custom.member_no": "yes"}

    assert validate_animal_patch(FORM, patch, PORTAL, creating=False) == (
        FieldNotEditable("custom.member_no"),
    )


def test_a_business_only_animal_field_does_not_exist_for_the_portal() -> None:
    patch = {"custom.vip": "yes"}

    assert validate_animal_patch(FORM, patch, PORTAL, creating=False) == (
        UnknownField("custom.vip"),
    )
    assert validate_animal_patch(FORM, patch, STAFF, creating=False) == ()


def test_creating_an_animal_needs_a_name_a_species_and_the_editable_required_fields() -> None:
    required_secret = FormField("chip", "Chip", FieldType.TEXT, required=True)
    form = attrs.evolve(FORM, fields=(*FORM.fields, required_secret))

    assert validate_animal_patch(form, {"weight": "3"}, PORTAL, creating=True) == (
        RequiredValueMissing("name"),
        RequiredValueMissing("species_id"),
        RequiredValueMissing("custom.shirt"),
    )
    assert validate_animal_patch(form, {}, STAFF, creating=True)[-1] == RequiredValueMissing(
        "custom.chip"
    )
    complete = {"name": "Rex", "species_id": "2", "custom.shirt": "M"}
    assert validate_animal_patch(form, complete, PORTAL, creating=True) == ()
    assert validate_animal_patch(form, {"weight": "3"}, PORTAL, creating=False) == ()


@pytest.mark.parametrize(
    ("name", "raw", "valid"),
    [
        ("birthday", "1900-01-01", True),
        ("birthday", "9999-12-31", True),
        ("birthday", "1899-12-31", False),
        ("birthday", "2023-02-29", False),
        ("birthday", "", True),
        ("weight", "0", True),
        ("weight", "999.99", True),
        ("weight", "1000", False),
        ("weight", "-0.5", False),
        ("weight", "1.234", False),
        ("weight", "1.230", True),
        ("weight", "heavy", False),
        ("sex", "Female", True),
        ("sex", "", True),
        ("sex", "other", False),
        ("status", "deceased", True),
        ("status", "gone", False),
        ("altered", "", True),
        ("altered", "perhaps", False),
        ("species_id", "1.5", False),
        ("breed_id", "", True),
        ("vet_id", "12", True),
        ("temperament_id", "0", False),
        ("colour", "x" * 101, False),
        ("allergies", "nuts\nbees", True),
    ],
)
def test_animal_values(name: str, raw: str, valid: bool) -> None:
    reasons = validate_animal_patch(FORM, {name: raw}, STAFF, creating=False)

    if valid:
        assert reasons == ()
    else:
        (reason,) = reasons
        assert isinstance(reason, InvalidValue)
        assert reason.name == name


def test_name_and_species_cannot_be_emptied() -> None:
    assert validate_animal_patch(FORM, {"name": "", "species_id": " "}, PORTAL, creating=False) == (
        RequiredValueMissing("name"),
        RequiredValueMissing("species_id"),
    )


def test_apply_animal_patch() -> None:
    patch = {
        "weight": "12.50",
        "sex": "FEMALE",
        "birthday": "2019-04-30",
        "altered": "yes",
        "name": "Rex",
    }
    updated, changed = apply_animal_patch(ANIMAL, FORM, patch, NOW)

    assert changed == ("altered", "birthday", "sex", "weight")
    assert (updated.weight, updated.sex, updated.altered) == (Decimal("12.5"), Sex.FEMALE, True)
    assert (updated.modified_at, updated.version) == (NOW, ANIMAL.version)
    assert apply_animal_patch(updated, FORM, {"weight": "12.5", "sex": "female"}, NOW) == (
        updated,
        (),
    )


def animal_as_patch(animal: Animal, form: FormDefinition) -> dict[str, str]:
    """Every patchable field of ``animal`` written as a client would send it."""

    def optional(value: object) -> str:
        return "" if value is None else str(value).lower()

    patch = {
        name: optional(getattr(animal, name))
        for name in ("species_id", "breed_id", "vet_id", "temperament_id", "altered")
    }
    patch |= {
        name: getattr(animal, name)
        for name in ("colour", "feeding_notes", "medication_notes", "allergies", "employee_notes")
    }
    patch |= {
        "name": animal.name,
        "sex": animal.sex.value,
        "status": animal.status.value,
        "birthday": "" if animal.birthday is None else animal.birthday.isoformat(),
        "weight": "" if animal.weight is None else canonical_decimal(animal.weight),
        "custom_icons": ",".join(animal.custom_icons),
    }
    patch |= {f"custom.{f.key}": animal.custom_fields.get(f.key, "") for f in form.fields}
    return patch


REFERENCES = {
    "breed_ids": (BreedId(3), BreedId(4)),
    "vet_ids": (VetId(5),),
    "temperament_ids": (TemperamentId(6),),
}


@given(
    form_definitions(FACILITY, FormKind.ANIMAL_FORM).flatmap(
        lambda form: st.tuples(
            st.just(form),
            *[animals(FACILITY, OwnerId(1), AnimalId(2), form=form, **REFERENCES)] * 2,
        )
    )
)
def test_applying_another_animal_as_a_patch_yields_its_values_and_names_the_differences(
    case: tuple[FormDefinition, Animal, Animal],
) -> None:
    form, before, target = case
    patch = animal_as_patch(target, form)

    assert validate_animal_patch(form, patch, STAFF, creating=True) == ()
    after, changed = apply_animal_patch(before, form, patch, NOW)

    keep = {"created_at", "modified_at", "incident_reports", "photo", "version"}
    assert attrs.evolve(after, **{k: getattr(target, k) for k in keep}) == target
    assert after.incident_reports == before.incident_reports
    differs = {name for name, raw in patch.items() if raw != animal_as_patch(before, form)[name]}
    assert set(changed) == differs
    assert after.modified_at == (NOW if changed else before.modified_at)


def test_status_values_are_the_enum() -> None:
    updated, changed = apply_animal_patch(ANIMAL, FORM, {"status": " Banned "}, NOW)
    assert (updated.status, changed) == (AnimalStatus.BANNED, ("status",))
