"""Canonical values of facility-defined form fields, and whole-form validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.form_values import (
    canonical_form_value,
    parse_decimal,
    text_problem,
    validate_form_values,
)
from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind, Visibility
from petcare_core.domain.ids import FacilityId
from petcare_core.domain.reasons import (
    FieldNotEditable,
    InvalidValue,
    RequiredValueMissing,
    UnknownField,
)
from petcare_core.testing.strategies import custom_field_value, form_fields


def field(field_type: FieldType, options: tuple[str, ...] = ()) -> FormField:
    return FormField(key="answer", label="Answer", field_type=field_type, options=options)


def problem_of(field_type: FieldType, raw: str) -> str:
    result = canonical_form_value(field(field_type), raw)
    assert isinstance(result, InvalidValue), result
    assert result.name == "custom.answer"
    return result.problem


@pytest.mark.parametrize("field_type", list(FieldType))
def test_empty_and_blank_values_are_empty(field_type: FieldType) -> None:
    assert canonical_form_value(field(field_type, options=("a",)), "  \t ") == ""


@pytest.mark.parametrize(
    ("field_type", "raw", "canonical"),
    [
        (FieldType.TEXT, "  Biscuit  ", "Biscuit"),
        (FieldType.LONG_TEXT, " line one\r\nline two\rthree\t ", "line one\nline two\nthree"),
        (FieldType.NUMBER, " 12 ", "12"),
        (FieldType.NUMBER, "1.50", "1.5"),
        (FieldType.NUMBER, "1e3", "1000"),
        (FieldType.NUMBER, "-0.000", "0"),
        (FieldType.NUMBER, "-2.5E-3", "-0.0025"),
        (FieldType.NUMBER, "+7", "7"),
        (FieldType.BOOLEAN, "Yes", "true"),
        (FieldType.BOOLEAN, "ON", "true"),
        (FieldType.BOOLEAN, "1", "true"),
        (FieldType.BOOLEAN, "TRUE", "true"),
        (FieldType.BOOLEAN, "no", "false"),
        (FieldType.BOOLEAN, "Off", "false"),
        (FieldType.BOOLEAN, "0", "false"),
        (FieldType.BOOLEAN, "False", "false"),
        (FieldType.DATE, " 2024-02-29 ", "2024-02-29"),
        (FieldType.EMAIL, " Jane.Doe@Example.COM ", "jane.doe@example.com"),
        (FieldType.PHONE, " +1 (555) 123-4567 ", "+1 (555) 123-4567"),
        (FieldType.PHONE, "555.123.4567", "555.123.4567"),
    ],
)
def test_canonical_values(field_type: FieldType, raw: str, canonical: str) -> None:
    assert canonical_form_value(field(field_type), raw) == canonical


def test_a_choice_must_match_an_option_exactly_after_stripping() -> None:
    choice = field(FieldType.CHOICE, options=("Small", "Large"))

    assert canonical_form_value(choice, " Large ") == "Large"
    result = canonical_form_value(choice, "large")
    assert isinstance(result, InvalidValue)
    assert "'Small', 'Large'" in result.problem


@pytest.mark.parametrize(
    ("field_type", "raw", "hint"),
    [
        (FieldType.TEXT, "x" * 501, "at most 500"),
        (FieldType.TEXT, "two\nlines", "single line"),
        (FieldType.TEXT, "a\u2028b", "single line"),
        (FieldType.TEXT, "nul\x00here", "U+0000"),
        (FieldType.LONG_TEXT, "y" * 5001, "at most 5000"),
        (FieldType.LONG_TEXT, "bell\x07", "U+0007"),
        (FieldType.NUMBER, "twelve", "12 or 3.5"),
        (FieldType.NUMBER, "1,000", "not a number"),
        (FieldType.NUMBER, "NaN", "not a number"),
        (FieldType.NUMBER, "Infinity", "not a number"),
        (FieldType.NUMBER, "1e999999", "not a number"),
        (FieldType.NUMBER, "\u0661\u0662", "not a number"),
        (FieldType.BOOLEAN, "maybe", "true or false"),
        (FieldType.DATE, "2023-02-29", "YYYY-MM-DD"),
        (FieldType.DATE, "20240101", "YYYY-MM-DD"),
        (FieldType.DATE, "01/02/2024", "YYYY-MM-DD"),
        (FieldType.EMAIL, "jane@localhost", "name@example.com"),
        (FieldType.EMAIL, "jane doe@example.com", "name@example.com"),
        (FieldType.PHONE, "555-CALL-NOW", "only digits"),
        (FieldType.PHONE, "123-45", "7 to 20 digits"),
        (FieldType.PHONE, "1" * 21, "7 to 20 digits"),
    ],
)
def test_invalid_values_say_what_is_wrong_and_how_to_fix_it(
    field_type: FieldType, raw: str, hint: str
) -> None:
    assert hint in problem_of(field_type, raw)


def test_length_limits_are_inclusive() -> None:
    assert canonical_form_value(field(FieldType.TEXT), "x" * 500) == "x" * 500
    assert canonical_form_value(field(FieldType.LONG_TEXT), "y" * 5000) == "y" * 5000
    assert canonical_form_value(field(FieldType.PHONE), "1" * 20) == "1" * 20
    assert canonical_form_value(field(FieldType.PHONE), "1234567") == "1234567"


def test_text_problem_allows_tabs_and_newlines_only_in_multiline_text() -> None:
    assert text_problem("a\tb\nc", max_length=10, multiline=True) is None
    assert text_problem("a\tb", max_length=10) is not None
    assert text_problem("a\u2028b", max_length=10, multiline=True) is not None
    assert text_problem("a\rb", max_length=10, multiline=True) is not None
    assert text_problem("ok", max_length=2) is None
    assert text_problem("too long", max_length=2) is not None


@given(st.decimals(min_value=-(10**20), max_value=10**20, places=12))
def test_canonical_numbers_keep_their_value_and_are_stable(number: Decimal) -> None:
    canonical = canonical_form_value(field(FieldType.NUMBER), str(number))

    assert isinstance(canonical, str)
    assert "e" not in canonical.lower()
    assert Decimal(canonical) == number
    assert canonical_form_value(field(FieldType.NUMBER), canonical) == canonical


@given(form_fields().flatmap(lambda f: st.tuples(st.just(f), custom_field_value(f))))
def test_generated_values_are_canonical(pair: tuple[FormField, str]) -> None:
    form_field, value = pair

    assert canonical_form_value(form_field, value) == value


def test_parse_decimal_allows_thirty_digits_either_side_of_the_point() -> None:
    assert parse_decimal("1" * 30) == Decimal("1" * 30)
    assert parse_decimal("1" * 31) is None
    assert parse_decimal("0." + "0" * 29 + "1") == Decimal("1e-30")
    assert parse_decimal("0." + "0" * 30 + "1") is None


FORM = FormDefinition(
    FacilityId(1),
    FormKind.OWNER_FORM,
    (
        FormField("shirt", "Shirt size", FieldType.CHOICE, required=True, options=("S", "M")),
        FormField("vip", "VIP", FieldType.BOOLEAN, visibility=Visibility.BUSINESS_ONLY),
        FormField("referral", "Referred by", FieldType.TEXT, visibility=Visibility.PORTAL_EDITABLE),
        FormField(
            "gate_code",
            "Gate code",
            FieldType.NUMBER,
            required=True,
            visibility=Visibility.PORTAL_EDITABLE,
        ),
        FormField(
            "secret", "Secret", FieldType.TEXT, required=True, visibility=Visibility.BUSINESS_ONLY
        ),
    ),
)


def portal_may_edit(form_field: FormField) -> bool:
    return form_field.portal_editable


def test_validate_form_values_reports_every_reason_at_once() -> None:
    reasons = validate_form_values(
        FORM,
        {"nope": "x", "vip": "true", "referral": "a\nb", "gate_code": " "},
        editable_keys=portal_may_edit,
        require_complete=False,
    )

    assert reasons == (
        UnknownField("custom.nope"),
        FieldNotEditable("custom.vip"),
        InvalidValue("custom.referral", "contains a line break; write it on a single line"),
        RequiredValueMissing("custom.gate_code"),
    )


def test_require_complete_demands_only_the_required_fields_the_actor_may_edit() -> None:
    def anyone(form_field: FormField) -> bool:
        return True

    assert validate_form_values(FORM, {}, editable_keys=portal_may_edit, require_complete=True) == (
        RequiredValueMissing("custom.gate_code"),
    )
    assert validate_form_values(FORM, {}, editable_keys=anyone, require_complete=True) == (
        RequiredValueMissing("custom.shirt"),
        RequiredValueMissing("custom.gate_code"),
        RequiredValueMissing("custom.secret"),
    )
    complete = {"shirt": "M", "gate_code": "1234", "secret": "s"}
    assert validate_form_values(FORM, complete, editable_keys=anyone, require_complete=True) == ()


def test_absent_required_fields_are_fine_when_not_completing() -> None:
    assert (
        validate_form_values(
            FORM, {"referral": "Ann"}, editable_keys=portal_may_edit, require_complete=False
        )
        == ()
    )
