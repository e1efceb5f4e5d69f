"""What a pet parent may see and change of the owner and animal records.

The portal views are built field by field from an allow-list, so business-only data (employee
notes, incident reports, custom icons, business-only form fields) cannot leak into them by a
new attribute being added to ``Owner`` or ``Animal``.

Patches are ``Mapping[str, str]`` of field name to raw string, as a web form sends them. Custom
form fields are named ``custom.<key>``. Validation and application share one reader per field,
so a patch that validates always applies to the value that was checked.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from petcare_core.domain.animal import Animal, AnimalStatus, Sex
from petcare_core.domain.form_values import (
    LONG_TEXT_MAX_LENGTH,
    ValueProblem,
    canonical_form_value,
    member_reader,
    read_birthday,
    read_boolean,
    read_e164_phone,
    read_email,
    read_icons,
    read_id,
    read_optional_boolean,
    read_optional_id,
    read_weight,
    text_reader,
    validate_form_values,
)
from petcare_core.domain.forms import FieldType, FormDefinition, FormField
from petcare_core.domain.ids import (
    AnimalId,
    BreedId,
    FacilityId,
    LocationId,
    OwnerId,
    SpeciesId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.owner import Address, CommunicationPreferences, Owner
from petcare_core.domain.reasons import (
    FieldNotEditable,
    InvalidValue,
    Reason,
    RequiredValueMissing,
    UnknownField,
)

CUSTOM_PREFIX = "custom."
NAME_MAX_LENGTH = 100
ADDRESS_LINE_MAX_LENGTH = 200
POSTAL_CODE_MAX_LENGTH = 20


class Audience(enum.StrEnum):
    """Who is changing a record: the pet parent in the portal, or the facility's staff."""

    PORTAL = "portal"
    STAFF = "staff"


@attrs.frozen
class PortalField:
    """A custom form field as the pet parent sees it; ``value`` is ``""`` when unset."""

    key: str
    label: str
    field_type: FieldType
    required: bool
    options: tuple[str, ...]
    value: str
    editable: bool


@attrs.frozen
class PortalOwnerView:
    """The owner record as its pet parent may see it. Never holds business-only data."""

    id: OwnerId
    facility_id: FacilityId
    first_name: str
    last_name: str
    email: str
    cell_phone: str
    home_phone: str
    address: Address
    emergency_contact_name: str
    emergency_contact_phone: str
    home_location_id: LocationId | None
    communication: CommunicationPreferences
    fields: tuple[PortalField, ...]


@attrs.frozen
class PortalAnimalView:
    """A pet as its pet parent may see it. Never holds business-only data."""

    id: AnimalId
    owner_id: OwnerId
    name: str
    species_id: SpeciesId
    breed_id: BreedId | None
    sex: Sex
    birthday: date | None
    weight: Decimal | None
    colour: str
    altered: bool | None
    vet_id: VetId | None
    temperament_id: TemperamentId | None
    feeding_notes: str
    medication_notes: str
    allergies: str
    photo: str | None
    status: AnimalStatus
    fields: tuple[PortalField, ...]


def _portal_fields(form: FormDefinition, values: Mapping[str, str]) -> tuple[PortalField, ...]:
    return tuple(
        PortalField(
            key=field.key,
            label=field.label,
            field_type=field.field_type,
            required=field.required,
            options=field.options,
            value=values.get(field.key, ""),
            editable=field.portal_editable,
        )
        for field in form.fields
        if field.portal_visible
    )


def portal_owner_view(owner: Owner, form: FormDefinition) -> PortalOwnerView:
    """The owner as the portal shows it, with the portal-visible fields of the owner form."""
    return PortalOwnerView(
        id=owner.id,
        facility_id=owner.facility_id,
        first_name=owner.first_name,
        last_name=owner.last_name,
        email=owner.email,
        cell_phone=owner.cell_phone,
        home_phone=owner.home_phone,
        address=owner.address,
        emergency_contact_name=owner.emergency_contact_name,
        emergency_contact_phone=owner.emergency_contact_phone,
        home_location_id=owner.home_location_id,
        communication=owner.communication,
        fields=_portal_fields(form, owner.custom_fields),
    )


def portal_animal_view(animal: Animal, form: FormDefinition) -> PortalAnimalView:
    """The pet as the portal shows it, with the portal-visible fields of the animal form."""
    return PortalAnimalView(
        id=animal.id,
        owner_id=animal.owner_id,
        name=animal.name,
        species_id=animal.species_id,
        breed_id=animal.breed_id,
        sex=animal.sex,
        birthday=animal.birthday,
        weight=animal.weight,
        colour=animal.colour,
        altered=animal.altered,
        vet_id=animal.vet_id,
        temperament_id=animal.temperament_id,
        feeding_notes=animal.feeding_notes,
        medication_notes=animal.medication_notes,
        allergies=animal.allergies,
        photo=animal.photo,
        status=animal.status,
        fields=_portal_fields(form, animal.custom_fields),
    )


_Reader = Callable[[str], object]


@attrs.frozen
class _Spec:
    read: _Reader
    required: bool = False  # an empty value is refused (the record cannot do without it)


def _specs(names: Iterable[str], spec: _Spec) -> dict[str, _Spec]:
    return dict.fromkeys(names, spec)


_ADDRESS_FIELDS = frozenset(attrs.fields_dict(Address))
OWNER_PREFERENCE_FIELDS: frozenset[str] = frozenset(attrs.fields_dict(CommunicationPreferences))
_OWNER_SPECS: dict[str, _Spec] = {
    **_specs(("first_name", "last_name"), _Spec(text_reader(NAME_MAX_LENGTH), required=True)),
    "email": _Spec(read_email),
    **_specs(("cell_phone", "home_phone", "emergency_contact_phone"), _Spec(read_e164_phone)),
    **_specs(("address_1", "address_2"), _Spec(text_reader(ADDRESS_LINE_MAX_LENGTH))),
    **_specs(
        ("city", "region", "country", "emergency_contact_name"), _Spec(text_reader(NAME_MAX_LENGTH))
    ),
    "postal_code": _Spec(text_reader(POSTAL_CODE_MAX_LENGTH)),
    **_specs(OWNER_PREFERENCE_FIELDS, _Spec(read_boolean)),
    "employee_notes": _Spec(text_reader(LONG_TEXT_MAX_LENGTH, multiline=True)),
    "custom_icons": _Spec(read_icons),
    "home_location_id": _Spec(read_optional_id),
    "active": _Spec(read_boolean),
}
OWNER_STAFF_ONLY_FIELDS: frozenset[str] = frozenset(
    {"employee_notes", "custom_icons", "home_location_id", "active"}
)
OWNER_CONTACT_FIELDS: frozenset[str] = (
    frozenset(_OWNER_SPECS) - OWNER_PREFERENCE_FIELDS - OWNER_STAFF_ONLY_FIELDS
)

_ANIMAL_SPECS: dict[str, _Spec] = {
    "name": _Spec(text_reader(NAME_MAX_LENGTH), required=True),
    "species_id": _Spec(read_id, required=True),
    **_specs(("breed_id", "vet_id", "temperament_id"), _Spec(read_optional_id)),
    "sex": _Spec(member_reader(Sex, empty=Sex.UNKNOWN)),
    "birthday": _Spec(read_birthday),
    "weight": _Spec(read_weight),
    "colour": _Spec(text_reader(NAME_MAX_LENGTH)),
    "altered": _Spec(read_optional_boolean),
    **_specs(
        ("feeding_notes", "medication_notes", "allergies", "employee_notes"),
        _Spec(text_reader(LONG_TEXT_MAX_LENGTH, multiline=True)),
    ),
    "custom_icons": _Spec(read_icons),
    "status": _Spec(member_reader(AnimalStatus), required=True),
}
ANIMAL_STAFF_ONLY_FIELDS: frozenset[str] = frozenset({"employee_notes", "custom_icons", "status"})
ANIMAL_FIELDS: frozenset[str] = frozenset(_ANIMAL_SPECS) - ANIMAL_STAFF_ONLY_FIELDS
_ANIMAL_REQUIRED_ON_CREATE = ("name", "species_id")


def _custom_editable(audience: Audience) -> Callable[[FormField], bool]:
    if audience is Audience.STAFF:
        return lambda field: True
    return lambda field: field.portal_editable


def _custom_visible(audience: Audience) -> Callable[[FormField], bool]:
    if audience is Audience.STAFF:
        return lambda field: True
    return lambda field: field.portal_visible


def _validate(
    specs: Mapping[str, _Spec],
    staff_only: frozenset[str],
    form: FormDefinition,
    patch: Mapping[str, str],
    audience: Audience,
    *,
    creating: bool = False,
    required_on_create: Iterable[str] = (),
) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    custom: dict[str, str] = {}
    for name, raw in patch.items():
        spec = specs.get(name)
        if name.startswith(CUSTOM_PREFIX):
            custom[name.removeprefix(CUSTOM_PREFIX)] = raw
        elif spec is None:
            reasons.append(UnknownField(name))
        elif audience is Audience.PORTAL and name in staff_only:
            reasons.append(FieldNotEditable(name))
        elif spec.required and not raw.strip():
            reasons.append(RequiredValueMissing(name))
        else:
            try:
                spec.read(raw)
            except ValueProblem as invalid:
                reasons.append(InvalidValue(name, str(invalid)))
    if creating:
        reasons.extend(
            RequiredValueMissing(name) for name in required_on_create if name not in patch
        )
    reasons.extend(
        validate_form_values(
            form,
            custom,
            editable_keys=_custom_editable(audience),
            require_complete=creating,
            visible_keys=_custom_visible(audience),
        )
    )
    return tuple(reasons)


def _parse_valid(specs: Mapping[str, _Spec], name: str, raw: str) -> object:
    spec = specs.get(name)
    try:
        if spec is None:
            raise ValueProblem("there is no such field")
        if spec.required and not raw.strip():
            raise ValueProblem("this field is required")
        return spec.read(raw)
    except ValueProblem as invalid:
        raise ValueError(f"validate the patch before applying it: {name}: {invalid}") from None


def _apply_custom(
    values: Mapping[str, str], form: FormDefinition, patch: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    updated = dict(values)
    changed: list[str] = []
    for name, raw in patch.items():
        if not name.startswith(CUSTOM_PREFIX):
            continue
        key = name.removeprefix(CUSTOM_PREFIX)
        field = form.field(key)
        canonical = UnknownField(name) if field is None else canonical_form_value(field, raw)
        if isinstance(canonical, Reason):
            raise ValueError(f"validate the patch before applying it: {canonical.message}")
        if canonical == updated.get(key, ""):
            continue
        changed.append(name)
        # An emptied field is removed, so "unset" has a single representation.
        if canonical:
            updated[key] = canonical
        else:
            del updated[key]
    return updated, changed


def validate_owner_patch(
    form: FormDefinition, patch: Mapping[str, str], audience: Audience
) -> tuple[Reason, ...]:
    """Every reason the ``audience`` may not apply ``patch`` to an owner (empty when it may)."""
    return _validate(_OWNER_SPECS, OWNER_STAFF_ONLY_FIELDS, form, patch, audience)


def apply_owner_patch(
    owner: Owner, form: FormDefinition, patch: Mapping[str, str], now: datetime
) -> tuple[Owner, tuple[str, ...]]:
    """The owner with a validated ``patch`` applied, and the sorted names of what changed.

    ``modified_at`` becomes ``now`` only if something changed; ``version`` is left to the
    repository. Raises ``ValueError`` for a patch that :func:`validate_owner_patch` refuses.
    """
    # Any: attrs.evolve checks nothing statically; the readers guarantee the types.
    top: dict[str, Any] = {}
    address: dict[str, Any] = {}
    preferences: dict[str, Any] = {}
    for name, raw in patch.items():
        if name.startswith(CUSTOM_PREFIX):
            continue
        value = _parse_valid(_OWNER_SPECS, name, raw)
        if name in _ADDRESS_FIELDS:
            old, target = getattr(owner.address, name), address
        elif name in OWNER_PREFERENCE_FIELDS:
            old, target = getattr(owner.communication, name), preferences
        else:
            old, target = getattr(owner, name), top
        if value != old:
            target[name] = value
    custom, changed = _apply_custom(owner.custom_fields, form, patch)
    changed.extend([*top, *address, *preferences])
    if not changed:
        return owner, ()
    if address:
        top["address"] = attrs.evolve(owner.address, **address)
    if preferences:
        top["communication"] = attrs.evolve(owner.communication, **preferences)
    updated = attrs.evolve(owner, **top, custom_fields=custom, modified_at=now)
    return updated, tuple(sorted(changed))


def validate_animal_patch(
    form: FormDefinition, patch: Mapping[str, str], audience: Audience, *, creating: bool
) -> tuple[Reason, ...]:
    """Every reason the ``audience`` may not apply ``patch`` to an animal (empty when it may).

    When ``creating``, ``name``, ``species_id`` and the required custom fields the audience
    may edit must all be given. Ids are checked for shape only; services check they exist.
    """
    return _validate(
        _ANIMAL_SPECS,
        ANIMAL_STAFF_ONLY_FIELDS,
        form,
        patch,
        audience,
        creating=creating,
        required_on_create=_ANIMAL_REQUIRED_ON_CREATE,
    )


def apply_animal_patch(
    animal: Animal, form: FormDefinition, patch: Mapping[str, str], now: datetime
) -> tuple[Animal, tuple[str, ...]]:
    """The animal with a validated ``patch`` applied, and the sorted names of what changed.

    ``modified_at`` becomes ``now`` only if something changed; ``version`` is left to the
    repository. Raises ``ValueError`` for a patch that :func:`validate_animal_patch` refuses.
    """
    top: dict[str, Any] = {}
    for name, raw in patch.items():
        if name.startswith(CUSTOM_PREFIX):
            continue
        value = _parse_valid(_ANIMAL_SPECS, name, raw)
        if value != getattr(animal, name):
            top[name] = value
    custom, changed = _apply_custom(animal.custom_fields, form, patch)
    changed.extend(top)
    if not changed:
        return animal, ()
    updated = attrs.evolve(animal, **top, custom_fields=custom, modified_at=now)
    return updated, tuple(sorted(changed))
