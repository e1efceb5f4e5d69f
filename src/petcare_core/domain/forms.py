"""Facility-defined forms: the extra fields of the owner and animal records."""

from __future__ import annotations

import enum

import attrs

from petcare_core.domain.ids import FacilityId


class FormKind(enum.StrEnum):
    """Which record a form extends (Gingr's ``form`` parameter)."""

    OWNER_FORM = "owner_form"
    ANIMAL_FORM = "animal_form"


class FieldType(enum.StrEnum):
    """The kind of value a field holds. Every value is kept as a canonical string."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    CHOICE = "choice"
    EMAIL = "email"
    PHONE = "phone"


class Visibility(enum.StrEnum):
    """Who sees a field: staff only, also the pet parent, or the parent may also edit it."""

    BUSINESS_ONLY = "business_only"
    PORTAL_VISIBLE = "portal_visible"
    PORTAL_EDITABLE = "portal_editable"


@attrs.frozen
class FormField:
    """One field of a form. ``key`` is a stable slug; ``options`` apply to ``choice`` fields."""

    key: str
    label: str
    field_type: FieldType
    required: bool = False
    options: tuple[str, ...] = ()
    visibility: Visibility = Visibility.BUSINESS_ONLY

    @property
    def portal_visible(self) -> bool:
        """True when a pet parent may see this field."""
        return self.visibility is not Visibility.BUSINESS_ONLY

    @property
    def portal_editable(self) -> bool:
        """True when a pet parent may change this field."""
        return self.visibility is Visibility.PORTAL_EDITABLE


@attrs.frozen
class FormDefinition:
    """The ordered fields of one form of one facility."""

    facility_id: FacilityId
    kind: FormKind
    fields: tuple[FormField, ...] = ()
    version: int = 1

    def field(self, key: str) -> FormField | None:
        """The field named ``key``, if the form has one."""
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        return None
