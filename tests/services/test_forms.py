"""Defining the owner and animal forms."""

from __future__ import annotations

from petcare_core.domain.forms import FieldType, FormField, FormKind, Visibility
from petcare_core.services import OPERATOR


def test_a_form_is_defined_and_read_back(kit) -> None:
    world = kit.world
    fields = (
        FormField(
            "shirt", " T-shirt size ", FieldType.CHOICE, options=(" S", "M ", "L"), required=True
        ),
        FormField("gate_code", "Gate code", FieldType.TEXT, visibility=Visibility.PORTAL_VISIBLE),
    )
    before = kit.services.get_form(world.fid, FormKind.OWNER_FORM)

    stored = kit.services.define_form(world.fid, world.admin, FormKind.OWNER_FORM, fields).unwrap()

    assert stored.version == before.version + 1
    assert stored.fields[0].label == "T-shirt size"
    assert stored.fields[0].options == ("S", "M", "L")
    assert kit.services.get_form(world.fid, FormKind.OWNER_FORM) == stored
    assert kit.services.get_form(world.fid, FormKind.ANIMAL_FORM).kind is FormKind.ANIMAL_FORM


def test_a_bad_form_is_refused_with_every_reason_and_nothing_written(kit) -> None:
    world = kit.world
    fields = (
        FormField("Bad Key", "", FieldType.TEXT),
        FormField("size", "Size", FieldType.CHOICE),
        FormField("colour", "Colour", FieldType.TEXT, options=("red",)),
        FormField("dup", "One", FieldType.TEXT),
        FormField("dup", "Two", FieldType.TEXT),
    )

    reasons = kit.reasons(
        lambda: kit.services.define_form(world.fid, OPERATOR, FormKind.ANIMAL_FORM, fields)
    )

    assert sorted((reason.code, reason.field) for reason in reasons) == [
        ("already_exists", "fields.key"),
        ("invalid_value", "fields[0].key"),
        ("invalid_value", "fields[1].options"),
        ("invalid_value", "fields[2].options"),
        ("required_value_missing", "fields[0].label"),
    ]


def test_defining_a_form_needs_the_settings_permission(kit) -> None:
    world = kit.world
    field = FormField("gate_code", "Gate code", FieldType.TEXT)

    reasons = kit.reasons(
        lambda: kit.services.define_form(world.fid, world.employee, FormKind.OWNER_FORM, (field,))
    )

    assert [reason.code for reason in reasons] == ["permission_missing"]
