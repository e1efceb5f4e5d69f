"""Facility form definitions and canonical custom field values."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from petcare_core.domain.form_values import canonical_decimal
from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind, Visibility
from petcare_core.domain.ids import (
    FacilityId,
)
from petcare_core.testing.strategies.values import (
    _given_or,
    dates,
    emails,
    ids,
    slugs,
    text,
)


@st.composite
def form_fields(
    draw: st.DrawFn,
    field_type: FieldType | None = None,
    visibility: Visibility | None = None,
) -> FormField:
    """Form fields of every type and visibility; choice fields have distinct options."""
    kind = draw(_given_or(field_type, st.sampled_from(FieldType)))
    options: tuple[str, ...] = ()
    if kind is FieldType.CHOICE:
        options = tuple(
            draw(st.lists(text(min_size=1, max_size=20), min_size=1, max_size=5, unique=True))
        )
    return FormField(
        key=draw(slugs()),
        label=draw(text(min_size=1, max_size=40)),
        field_type=kind,
        required=draw(st.booleans()),
        options=options,
        visibility=draw(_given_or(visibility, st.sampled_from(Visibility))),
    )


def form_definitions(
    facility_id: FacilityId | None = None, kind: FormKind | None = None
) -> st.SearchStrategy[FormDefinition]:
    """Forms of up to eight fields with distinct keys."""
    return st.builds(
        FormDefinition,
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        kind=_given_or(kind, st.sampled_from(FormKind)),
        fields=st.lists(form_fields(), max_size=8, unique_by=lambda f: f.key).map(tuple),
    )


def custom_field_value(field: FormField) -> st.SearchStrategy[str]:
    """Non-empty canonical values of ``field`` (as ``canonical_form_value`` would store them)."""
    match field.field_type:
        case FieldType.TEXT:
            return text(min_size=1, max_size=60)
        case FieldType.LONG_TEXT:
            return text(min_size=1, max_size=200, multiline=True)
        case FieldType.NUMBER:
            return st.decimals(-(10**9), 10**9, places=3).map(canonical_decimal)
        case FieldType.BOOLEAN:
            return st.sampled_from(("true", "false"))
        case FieldType.DATE:
            return dates().map(date.isoformat)
        case FieldType.CHOICE:
            return st.sampled_from(field.options)
        case FieldType.EMAIL:
            return emails()
        case FieldType.PHONE:
            return st.from_regex(r"\+?[0-9]{3}[ .-]?[0-9]{3}[ .-]?[0-9]{4}", fullmatch=True)


def custom_field_values(form: FormDefinition | None = None) -> st.SearchStrategy[dict[str, str]]:
    """Values for ``form``: every required field set, optional ones sometimes.

    Without a form, a few free-text values under arbitrary keys.
    """
    if form is None:
        return st.dictionaries(slugs(), text(min_size=1, max_size=40), max_size=3)
    return st.fixed_dictionaries(
        {f.key: custom_field_value(f) for f in form.fields if f.required},
        optional={f.key: custom_field_value(f) for f in form.fields if not f.required},
    )
