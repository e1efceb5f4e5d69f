"""Animals (pets): added and edited by staff or by their own pet parent in the portal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.animal import Animal, IncidentReport
from petcare_core.domain.events import AnimalCreated, AnimalModified
from petcare_core.domain.forms import FormKind
from petcare_core.domain.ids import AnimalId, FacilityId, OwnerId, PortalAccountId, SpeciesId
from petcare_core.domain.projection import (
    Audience,
    PortalAnimalView,
    apply_animal_patch,
    portal_animal_view,
    validate_animal_patch,
)
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import (
    Actor,
    authorize,
    owned_animal,
    portal_owner_id,
)
from petcare_core.services._checks import LONG_TEXT_MAX_LENGTH, Checks
from petcare_core.services._patches import check_animal_references, failed_fields
from petcare_core.services.context import ServiceContext


def _check_patch(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    patch: Mapping[str, str],
    *,
    audience: Audience,
    current: Animal | None,
) -> Checks:
    """Every reason ``patch`` cannot be applied (to ``current``, or to a new animal)."""
    checks = Checks()
    found = validate_animal_patch(
        uow.forms.get(FormKind.ANIMAL_FORM), patch, audience, creating=current is None
    )
    checks.add(*found)
    check_animal_references(
        checks,
        uow,
        patch,
        current=current,
        today=ctx.today_in(uow.facility()),
        skip=failed_fields(found),
    )
    return checks


def _add(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    owner_id: OwnerId,
    patch: Mapping[str, str],
    audience: Audience,
) -> Result[Animal, Rejection]:
    checks = _check_patch(ctx, uow, patch, audience=audience, current=None)
    if checks.failed:
        return checks.failure()
    now = ctx.clock.now()
    blank = Animal(
        id=AnimalId(uow.new_id()),
        facility_id=uow.facility_id,
        owner_id=owner_id,
        name="",
        # Replaced by the patch, which must name a species when creating.
        species_id=SpeciesId(0),
        created_at=now,
        modified_at=now,
    )
    animal, _ = apply_animal_patch(blank, uow.forms.get(FormKind.ANIMAL_FORM), patch, now)
    uow.animals.add(animal)
    uow.record(
        AnimalCreated(
            facility_id=uow.facility_id, occurred_at=now, animal_id=animal.id, owner_id=owner_id
        )
    )
    uow.commit()
    return Success(animal)


def _update(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    animal: Animal,
    patch: Mapping[str, str],
    audience: Audience,
) -> Result[Animal, Rejection]:
    checks = _check_patch(ctx, uow, patch, audience=audience, current=animal)
    if checks.failed:
        return checks.failure()
    now = ctx.clock.now()
    updated, changed = apply_animal_patch(animal, uow.forms.get(FormKind.ANIMAL_FORM), patch, now)
    if not changed:
        return Success(animal)
    stored = uow.animals.update(updated)
    uow.record(
        AnimalModified(
            facility_id=uow.facility_id, occurred_at=now, animal_id=animal.id, fields=changed
        )
    )
    uow.commit()
    return Success(stored)


def add_animal_from_portal(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    patch: Mapping[str, str],
) -> Result[Animal, Rejection]:
    """The pet parent adds a pet to their household; records ``AnimalCreated``.

    Rejections: name or species missing; business-only fields (status, employee notes, icons)
    or custom fields that are not portal-editable; a required portal-editable custom field left
    out; malformed values; species, breed, vet or temperament not of this facility; a breed of
    another species; a birthday in the future.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        return _add(ctx, uow, portal_owner_id(uow, account_id), patch, Audience.PORTAL)


def add_animal_as_staff(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    owner_id: OwnerId,
    patch: Mapping[str, str],
) -> Result[Animal, Rejection]:
    """Add a pet to a household (``NotFound`` for an unknown owner). Needs ``animals.write``.

    Rejections as for ``add_animal_from_portal``, except that staff may set every field.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_WRITE)) is not None:
            return Failure(denied)
        owner = uow.owners.get(owner_id)
        return _add(ctx, uow, owner.id, patch, Audience.STAFF)


def update_animal_from_portal(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
    patch: Mapping[str, str],
) -> Result[Animal, Rejection]:
    """The pet parent changes one of their own pets (another owner's pet is ``NotFound``).

    Records ``AnimalModified`` naming the changed fields; nothing is written when nothing
    changes. Rejections as for ``add_animal_from_portal`` (a name cannot be emptied).
    """
    with ctx.uows.for_facility(facility_id) as uow:
        animal = owned_animal(uow, portal_owner_id(uow, account_id), animal_id)
        return _update(ctx, uow, animal, patch, Audience.PORTAL)


def update_animal_as_staff(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    animal_id: AnimalId,
    patch: Mapping[str, str],
) -> Result[Animal, Rejection]:
    """Change any field of a pet. Needs ``animals.write``; records ``AnimalModified``."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_WRITE)) is not None:
            return Failure(denied)
        return _update(ctx, uow, uow.animals.get(animal_id), patch, Audience.STAFF)


def add_incident_report(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    animal_id: AnimalId,
    *,
    occurred_on: date,
    description: str,
) -> Result[Animal, Rejection]:
    """Record a business-only incident on a pet. Needs ``animals.write``.

    Records ``AnimalModified`` with the field ``incident_reports``. Rejections: description
    missing or over 5000 characters; a date in the future (in the facility's time zone).
    """
    checks = Checks()
    text = checks.text("description", description, max_length=LONG_TEXT_MAX_LENGTH, multiline=True)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_WRITE)) is not None:
            return Failure(denied)
        animal = uow.animals.get(animal_id)
        today = ctx.today_in(uow.facility())
        checks.not_after("occurred_on", occurred_on, today, "is in the future")
        if checks.failed:
            return checks.failure()
        now = ctx.clock.now()
        report = IncidentReport(
            occurred_on=occurred_on,
            description=text,
            reported_by=actor.id if isinstance(actor, StaffUser) else None,
        )
        stored = uow.animals.update(
            attrs.evolve(
                animal, incident_reports=(*animal.incident_reports, report), modified_at=now
            )
        )
        uow.record(
            AnimalModified(
                facility_id=facility_id,
                occurred_at=now,
                animal_id=animal_id,
                fields=("incident_reports",),
            )
        )
        uow.commit()
    return Success(stored)


def portal_animals(
    ctx: ServiceContext, facility_id: FacilityId, account_id: PortalAccountId
) -> list[PortalAnimalView]:
    """The account's pets in this facility as the portal shows them, ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id = portal_owner_id(uow, account_id)
        form = uow.forms.get(FormKind.ANIMAL_FORM)
        return [portal_animal_view(animal, form) for animal in uow.animals.list_for_owner(owner_id)]


def portal_animal(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
) -> PortalAnimalView:
    """One of the account's pets as the portal shows it (another owner's pet is ``NotFound``)."""
    with ctx.uows.for_facility(facility_id) as uow:
        animal = owned_animal(uow, portal_owner_id(uow, account_id), animal_id)
        return portal_animal_view(animal, uow.forms.get(FormKind.ANIMAL_FORM))


def get_animal(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
) -> Result[Animal, Rejection]:
    """The full pet record, business-only data included. Needs ``animals.read``."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_READ)) is not None:
            return Failure(denied)
        return Success(uow.animals.get(animal_id))


def animals_of_owner(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, owner_id: OwnerId
) -> Result[list[Animal], Rejection]:
    """A household's pets, ordered by id (``NotFound`` for an unknown owner). Needs
    ``animals.read``."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_READ)) is not None:
            return Failure(denied)
        return Success(uow.animals.list_for_owner(uow.owners.get(owner_id).id))


def animals_modified_between(
    ctx: ServiceContext, facility_id: FacilityId, start: datetime, end: datetime
) -> Result[list[Animal], Rejection]:
    """Animals created or modified at ``start <= t < end``.

    Rejections: a naive datetime; ``end`` before ``start``.
    """
    checks = Checks()
    checks.period(start, end)
    if checks.failed:
        return checks.failure()
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        return Success(uow.animals.modified_between(start, end))
