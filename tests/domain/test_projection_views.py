"""The portal views of owners and animals: what a pet parent sees, and what they never see."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.animal import Animal, IncidentReport
from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind, Visibility
from petcare_core.domain.ids import AnimalId, FacilityId, OwnerId, SpeciesId
from petcare_core.domain.owner import Owner
from petcare_core.domain.projection import (
    PortalAnimalView,
    PortalField,
    PortalOwnerView,
    portal_animal_view,
    portal_owner_view,
)
from petcare_core.testing.strategies import Household, form_fields, owner_households

NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
FACILITY = FacilityId(1)
FORM = FormDefinition(
    FACILITY,
    FormKind.OWNER_FORM,
    (
        FormField("vip", "VIP", FieldType.BOOLEAN, visibility=Visibility.BUSINESS_ONLY),
        FormField("shirt", "Shirt", FieldType.CHOICE, True, ("S", "M"), Visibility.PORTAL_EDITABLE),
        FormField(
            "member_no", "Member number", FieldType.TEXT, visibility=Visibility.PORTAL_VISIBLE
        ),
    ),
)


def test_owner_view_copies_the_contact_details_and_shows_visible_fields_in_form_order() -> None:
    owner = Owner(
        OwnerId(3),
        FACILITY,
        "Zoë",
        "Ødegård",
        NOW,
        NOW,
        email="zoe@example.com",
        cell_phone="+15551234567",
        custom_fields={"vip": "true", "member_no": "A-17"},
        employee_notes="bites the postman",
        custom_icons=("red-flag",),
    )

    view = portal_owner_view(owner, FORM)

    assert (view.id, view.facility_id, view.first_name, view.last_name) == (
        owner.id,
        FACILITY,
        "Zoë",
        "Ødegård",
    )
    assert (view.email, view.cell_phone, view.address) == (
        "zoe@example.com",
        "+15551234567",
        owner.address,
    )
    assert view.communication == owner.communication
    assert view.fields == (
        PortalField("shirt", "Shirt", FieldType.CHOICE, True, ("S", "M"), "", True),
        PortalField("member_no", "Member number", FieldType.TEXT, False, (), "A-17", False),
    )


def test_animal_view_copies_the_pet_and_shows_visible_fields() -> None:
    animal = Animal(
        AnimalId(9),
        FACILITY,
        OwnerId(3),
        "Biscuit",
        SpeciesId(2),
        NOW,
        NOW,
        birthday=date(2020, 2, 29),
        weight=Decimal("12.5"),
        allergies="chicken",
        custom_fields={"member_no": "B-1", "vip": "false"},
        employee_notes="nervous",
        incident_reports=(IncidentReport(date(2024, 1, 1), "nipped a groomer"),),
    )

    view = portal_animal_view(animal, attrs.evolve(FORM, kind=FormKind.ANIMAL_FORM))

    assert (view.id, view.owner_id, view.name, view.species_id) == (
        animal.id,
        OwnerId(3),
        "Biscuit",
        SpeciesId(2),
    )
    assert (view.birthday, view.weight, view.allergies) == (
        date(2020, 2, 29),
        Decimal("12.5"),
        "chicken",
    )
    assert [(f.key, f.value, f.editable) for f in view.fields] == [
        ("shirt", "", True),
        ("member_no", "B-1", False),
    ]


def test_views_have_no_business_only_attributes() -> None:
    hidden = {"employee_notes", "custom_icons", "incident_reports", "custom_fields", "version"}

    assert not hidden & set(attrs.fields_dict(PortalOwnerView))
    assert not hidden & set(attrs.fields_dict(PortalAnimalView))


def strings_in(value: Any) -> list[str]:
    """Every string inside ``value`` (attrs.asdict output): keys and values, recursively."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in strings_in(key) + strings_in(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_in(item)]
    return [str(value)]


def with_field(form: FormDefinition, extra: FormField) -> FormDefinition:
    return attrs.evolve(form, fields=(*form.fields, extra))


def hidden_values(values: Any, form: FormDefinition, marker: str) -> dict[str, str]:
    planted = dict(values)
    for form_field in form.fields:
        if form_field.visibility is Visibility.BUSINESS_ONLY:
            planted[form_field.key] = f"{marker}-{form_field.key}"
    return planted


# A hyphen cannot occur in generated keys, so this field never shares a key with a visible one.
SECRET_FIELDS = form_fields(visibility=Visibility.BUSINESS_ONLY).map(
    lambda f: attrs.evolve(f, key="hidden-field")
)


@given(owner_households(FACILITY), SECRET_FIELDS, st.from_regex(r"[0-9a-f]{12}", fullmatch=True))
def test_business_only_data_never_reaches_a_portal_view(
    household: Household, secret: FormField, suffix: str
) -> None:
    # A control character: no strategy generates one, so only planted data can contain it.
    marker = f"\x1fSECRET{suffix}"
    owner_form = with_field(household.owner_form, secret)
    animal_form = with_field(household.animal_form, secret)
    owner = attrs.evolve(
        household.owner,
        employee_notes=f"note {marker}",
        custom_icons=(*household.owner.custom_icons, f"icon{marker}"),
        custom_fields=hidden_values(household.owner.custom_fields, owner_form, marker),
    )
    animals = [
        attrs.evolve(
            animal,
            employee_notes=f"{marker} notes",
            custom_icons=(f"{marker}icon",),
            incident_reports=(
                *animal.incident_reports,
                IncidentReport(date(2024, 1, 2), f"bit {marker}"),
            ),
            custom_fields=hidden_values(animal.custom_fields, animal_form, marker),
        )
        for animal in household.animals
    ]

    views: list[PortalOwnerView | PortalAnimalView] = [portal_owner_view(owner, owner_form)]
    views += [portal_animal_view(animal, animal_form) for animal in animals]

    for view in views:
        assert "SECRET" + suffix not in repr(view)
        assert not [s for s in strings_in(attrs.asdict(view)) if marker in s]
    # Stronger still: the views do not depend on business-only data at all.
    assert views[0] == portal_owner_view(household.owner, owner_form)
    for view, clean in zip(views[1:], household.animals, strict=True):
        assert view == portal_animal_view(clean, animal_form)
