"""Owner patches: who may change what, value checks, and what changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind, Visibility
from petcare_core.domain.ids import (
    FacilityId,
    LocationId,
    OwnerId,
)
from petcare_core.domain.owner import Address, CommunicationPreferences, Owner
from petcare_core.domain.projection import (
    OWNER_CONTACT_FIELDS,
    OWNER_PREFERENCE_FIELDS,
    OWNER_STAFF_ONLY_FIELDS,
    Audience,
    apply_owner_patch,
    validate_owner_patch,
)
from petcare_core.domain.reasons import (
    FieldNotEditable,
    InvalidValue,
    RequiredValueMissing,
    UnknownField,
)
from petcare_core.testing.strategies import form_definitions, owners

PORTAL, STAFF = Audience.PORTAL, Audience.STAFF
FACILITY = FacilityId(1)
CREATED = datetime(2024, 1, 1, tzinfo=UTC)
NOW = CREATED + timedelta(days=10)
FORM = FormDefinition(
    FACILITY,
    FormKind.OWNER_FORM,
    (
        FormField("vip", "VIP", FieldType.BOOLEAN, visibility=Visibility.BUSINESS_ONLY),
        FormField("shirt", "Shirt", FieldType.CHOICE, True, ("S", "M"), Visibility.PORTAL_EDITABLE),
        FormField("member_no", "Member no", FieldType.TEXT, visibility=Visibility.PORTAL_VISIBLE),
        FormField("dob", "Birthday", FieldType.DATE, visibility=Visibility.PORTAL_EDITABLE),
    ),
)
OWNER = Owner(OwnerId(5), FACILITY, "Pat", "Doe", CREATED, CREATED, custom_fields={"shirt": "S"})


def test_field_name_constants() -> None:
    assert {"first_name", "email", "cell_phone", "address_1", "postal_code", "country"} <= (
        OWNER_CONTACT_FIELDS
    )
    assert set(attrs.fields_dict(CommunicationPreferences)) == OWNER_PREFERENCE_FIELDS
    assert {"employee_notes", "custom_icons", "home_location_id", "active"} == (
        OWNER_STAFF_ONLY_FIELDS
    )
    assert not OWNER_CONTACT_FIELDS & OWNER_STAFF_ONLY_FIELDS


@pytest.mark.parametrize("name", sorted(OWNER_STAFF_ONLY_FIELDS))
def test_the_portal_cannot_edit_staff_only_owner_fields(name: str) -> None:
    (reason,) = validate_owner_patch(FORM, {name: "1"}, PORTAL)

    assert reason == FieldNotEditable(name)
    assert reason.field == name
    assert name in reason.message


def test_the_portal_cannot_edit_a_custom_field_it_may_only_see() -> None:
    assert validate_owner_patch(FORM, {"custom.member_no": "7"}, PORTAL) == (
        FieldNotEditable("custom.member_no"),
    )


def test_a_business_only_custom_field_does_not_exist_for_the_portal() -> None:
    # Refused as unknown, so the parent learns nothing about fields they cannot see.
    assert validate_owner_patch(FORM, {"custom.vip": "true"}, PORTAL) == (
        UnknownField("custom.vip"),
    )


def test_staff_can_edit_everything() -> None:
    patch = {
        "employee_notes": "Prefers mornings\nPays cash",
        "custom_icons": "vip, late-payer",
        "home_location_id": "12",
        "active": "false",
        "custom.vip": "yes",
        "custom.member_no": "A-1",
        "first_name": "Patricia",
    }
    assert validate_owner_patch(FORM, patch, STAFF) == ()


def test_the_portal_can_edit_contact_details_preferences_and_editable_fields() -> None:
    patch = {
        "first_name": " Zoë ",
        "email": "zoe@example.com",
        "cell_phone": "+15551234567",
        "home_phone": "",
        "address_1": "1 Main St",
        "city": "Springfield",
        "emergency_contact_name": "Sam",
        "email_marketing": "off",
        "custom.shirt": "M",
        "custom.dob": "1990-05-01",
    }
    assert validate_owner_patch(FORM, patch, PORTAL) == ()


def test_unknown_owner_fields() -> None:
    assert validate_owner_patch(FORM, {"id": "1", "custom.nope": "x", "custom.": ""}, STAFF) == (
        UnknownField("id"),
        UnknownField("custom.nope"),
        UnknownField("custom."),
    )


@pytest.mark.parametrize(
    ("name", "raw", "hint"),
    [
        ("first_name", "x" * 101, "at most 100"),
        ("last_name", "Doe\x00", "invisible character U+0000"),
        ("city", "Spring\nfield", "single line"),
        ("address_1", "x" * 201, "at most 200"),
        ("postal_code", "x" * 21, "at most 20"),
        ("email", "not-an-email", "name@example.com"),
        ("email", "a@" + "b" * 250 + ".com", "254"),
        ("cell_phone", "555-1234", "country code"),
        ("emergency_contact_phone", "+0123456789", "country code"),
        ("sms_marketing", "maybe", "true or false"),
        ("home_location_id", "abc", "record id"),
        ("home_location_id", "0", "record id"),
        ("home_location_id", "-3", "record id"),
        ("home_location_id", "9" * 5000, "record id"),
        ("active", "", "true or false"),
        ("custom_icons", "ok, bad\x07icon", "invisible character U+0007"),
        ("employee_notes", "x" * 5001, "at most 5000"),
    ],
)
def test_bad_owner_values(name: str, raw: str, hint: str) -> None:
    (reason,) = validate_owner_patch(FORM, {name: raw}, STAFF)

    assert isinstance(reason, InvalidValue)
    assert reason.name == name
    assert hint in reason.problem


def test_required_values_cannot_be_emptied() -> None:
    assert validate_owner_patch(FORM, {"first_name": " ", "custom.shirt": ""}, PORTAL) == (
        RequiredValueMissing("first_name"),
        RequiredValueMissing("custom.shirt"),
    )


def test_every_owner_reason_at_once() -> None:
    patch = {"employee_notes": "x", "nope": "x", "email": "bad", "custom.shirt": "XL"}
    reasons = validate_owner_patch(FORM, patch, PORTAL)

    assert [type(reason) for reason in reasons] == [
        FieldNotEditable,
        UnknownField,
        InvalidValue,
        InvalidValue,
    ]


def test_apply_owner_patch_reports_exactly_what_changed() -> None:
    patch = {
        "first_name": " Patricia ",
        "last_name": "Doe",
        "city": "Springfield",
        "email_marketing": "no",
        "sms_reminders": "yes",
        "custom.shirt": "M",
        "custom.dob": "",
        "custom_icons": "vip, vip ,late",
        "home_location_id": "4",
    }
    updated, changed = apply_owner_patch(OWNER, FORM, patch, NOW)

    assert changed == (
        "city",
        "custom.shirt",
        "custom_icons",
        "email_marketing",
        "first_name",
        "home_location_id",
    )
    assert updated.first_name == "Patricia"
    assert updated.address == Address(city="Springfield")
    assert not updated.communication.email_marketing
    assert updated.communication.sms_reminders
    assert updated.custom_fields == {"shirt": "M"}
    assert updated.custom_icons == ("vip", "late")
    assert updated.home_location_id == LocationId(4)
    assert (updated.modified_at, updated.version, updated.created_at) == (NOW, 1, CREATED)


def test_apply_stores_canonical_custom_values_and_drops_emptied_ones() -> None:
    owner = attrs.evolve(OWNER, custom_fields={"shirt": "S", "vip": "true"})
    updated, changed = apply_owner_patch(
        owner, FORM, {"custom.vip": " ", "custom.dob": "2001-02-03 "}, NOW
    )

    assert updated.custom_fields == {"shirt": "S", "dob": "2001-02-03"}
    assert changed == ("custom.dob", "custom.vip")


def test_a_patch_that_changes_nothing_returns_the_same_owner() -> None:
    patch = {"first_name": "Pat", "custom.shirt": " S ", "email_transactional": "1", "active": "on"}
    assert apply_owner_patch(OWNER, FORM, patch, NOW) == (OWNER, ())


@pytest.mark.parametrize(
    "patch", [{"nope": "x"}, {"first_name": ""}, {"custom.shirt": "XL"}, {"custom.nope": "x"}]
)
def test_apply_refuses_an_invalid_patch(patch: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="validate the patch"):
        apply_owner_patch(OWNER, FORM, patch, NOW)


def owner_as_patch(owner: Owner, form: FormDefinition) -> dict[str, str]:
    """Every patchable field of ``owner`` written as a client would send it."""
    patch = {name: getattr(owner.address, name) for name in attrs.fields_dict(Address)}
    patch |= {
        name: str(getattr(owner.communication, name)).lower() for name in OWNER_PREFERENCE_FIELDS
    }
    patch |= {name: getattr(owner, name) for name in OWNER_CONTACT_FIELDS - set(patch)}
    patch |= {
        "employee_notes": owner.employee_notes,
        "custom_icons": ",".join(owner.custom_icons),
        "home_location_id": str(owner.home_location_id or ""),
        "active": str(owner.active),
    }
    patch |= {f"custom.{f.key}": owner.custom_fields.get(f.key, "") for f in form.fields}
    return patch


LOCATIONS = (LocationId(7), LocationId(8))


@given(
    form_definitions(FACILITY, FormKind.OWNER_FORM).flatmap(
        lambda form: st.tuples(
            st.just(form),
            *[owners(FACILITY, OwnerId(5), form=form, home_location_ids=LOCATIONS)] * 2,
        )
    )
)
def test_applying_another_owner_as_a_patch_yields_its_values_and_names_the_differences(
    case: tuple[FormDefinition, Owner, Owner],
) -> None:
    form, before, target = case
    patch = owner_as_patch(target, form)

    assert validate_owner_patch(form, patch, STAFF) == ()
    after, changed = apply_owner_patch(before, form, patch, NOW)

    keep = {"id", "facility_id", "created_at", "modified_at", "version"}
    assert attrs.evolve(after, **{k: getattr(target, k) for k in keep}) == target
    assert after.custom_fields == target.custom_fields
    differs = {name for name, raw in patch.items() if raw != owner_as_patch(before, form)[name]}
    assert set(changed) == differs
    assert list(changed) == sorted(changed)
    assert after.modified_at == (NOW if changed else before.modified_at)
    assert after.version == before.version
