"""The facility's owner and animal forms: the extra fields it collects and who sees them.

Defining a form needs ``facility.settings``; reading one needs nothing (the portal renders it).
Changing a form never touches stored values: a value whose field was removed is kept but no
longer shown, so re-adding the field brings it back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind
from petcare_core.domain.ids import FacilityId
from petcare_core.domain.reasons import AlreadyExists, InvalidValue, Rejection
from petcare_core.domain.staff import Permission
from petcare_core.services._access import Actor, authorize
from petcare_core.services._checks import NAME_MAX_LENGTH, Checks
from petcare_core.services.context import ServiceContext

FIELD_KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,49}")
MAX_FIELDS = 100
MAX_OPTIONS = 100


def _check_field(checks: Checks, position: int, field: FormField) -> FormField:
    name = f"fields[{position}]"
    if FIELD_KEY_PATTERN.fullmatch(field.key) is None:
        checks.add(
            InvalidValue(
                f"{name}.key",
                "use 1 to 50 lower-case letters, digits or underscores, starting with a letter",
            )
        )
    label = checks.text(f"{name}.label", field.label, max_length=NAME_MAX_LENGTH)
    options = tuple(option.strip() for option in field.options)
    if field.field_type is FieldType.CHOICE:
        if not options or any(not option for option in options):
            checks.add(InvalidValue(f"{name}.options", "a choice field needs non-empty options"))
        elif len(set(options)) != len(options):
            checks.add(InvalidValue(f"{name}.options", "each option may appear only once"))
        elif len(options) > MAX_OPTIONS:
            checks.add(InvalidValue(f"{name}.options", f"at most {MAX_OPTIONS} options"))
    elif options:
        checks.add(InvalidValue(f"{name}.options", "only choice fields have options"))
    return attrs.evolve(field, label=label, options=options)


def define_form(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    kind: FormKind,
    fields: Sequence[FormField],
) -> Result[FormDefinition, Rejection]:
    """Replace the fields of the facility's owner or animal form.

    Rejections: the permission; a malformed or repeated field key; an empty label; a choice
    field without options (or with repeated ones); options on a non-choice field; more than
    100 fields.
    """
    checks = Checks()
    if len(fields) > MAX_FIELDS:
        checks.add(InvalidValue("fields", f"a form has at most {MAX_FIELDS} fields"))
    cleaned = tuple(_check_field(checks, n, field) for n, field in enumerate(fields))
    seen: set[str] = set()
    for field in cleaned:
        if field.key in seen:
            checks.add(AlreadyExists("fields.key", field.key))
        seen.add(field.key)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.FACILITY_SETTINGS)) is not None:
            return Failure(denied)
        if checks.failed:
            return checks.failure()
        stored = uow.forms.save(attrs.evolve(uow.forms.get(kind), fields=cleaned))
        uow.commit()
    return Success(stored)


def get_form(ctx: ServiceContext, facility_id: FacilityId, kind: FormKind) -> FormDefinition:
    """The facility's form of ``kind`` (empty, version 0, when never defined)."""
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        return uow.forms.get(kind)
