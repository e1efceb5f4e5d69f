"""The facility's reference lists: species, breeds, vets, temperaments, immunization types.

Adding to them needs ``catalog.manage``; reading them needs nothing (the portal shows them).
Names are unique case-insensitively within their list (breeds and immunization types within
their species), so that a pick-list never shows the same name twice.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.ids import (
    BreedId,
    FacilityId,
    ImmunizationTypeId,
    SpeciesId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.reasons import AlreadyExists, Rejection
from petcare_core.domain.staff import Permission
from petcare_core.services._access import Actor, authorize
from petcare_core.services._checks import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, Checks
from petcare_core.services.context import ServiceContext


@attrs.frozen
class VetDetails:
    """A veterinary practice as staff enter it."""

    name: str
    phone: str = ""
    fax: str = ""
    email: str = ""
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    notes: str = ""


def _check_unique(checks: Checks, name: str, existing: Iterable[str]) -> None:
    folded = name.casefold()
    if name and any(other.casefold() == folded for other in existing):
        checks.add(AlreadyExists("name", name))


def add_species(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, name: str
) -> Result[Species, Rejection]:
    """Add a species. Rejections: the permission; name missing, too long or already used."""
    checks = Checks()
    clean = checks.text("name", name)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        _check_unique(checks, clean, (species.name for species in uow.species.list()))
        if checks.failed:
            return checks.failure()
        species = Species(id=SpeciesId(uow.new_id()), facility_id=facility_id, name=clean)
        uow.species.add(species)
        uow.commit()
    return Success(species)


def add_breed(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, species_id: SpeciesId, name: str
) -> Result[Breed, Rejection]:
    """Add a breed of a species of this facility.

    Rejections: the permission; unknown species; name missing, too long or already used for
    that species.
    """
    checks = Checks()
    clean = checks.text("name", name)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        species = checks.reference("species_id", species_id, uow.species.get)
        if species is not None:
            existing = uow.breeds.list_for_species(species.id)
            _check_unique(checks, clean, (breed.name for breed in existing))
        if checks.failed:
            return checks.failure()
        breed = Breed(
            id=BreedId(uow.new_id()), facility_id=facility_id, species_id=species_id, name=clean
        )
        uow.breeds.add(breed)
        uow.commit()
    return Success(breed)


def add_vet(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, details: VetDetails
) -> Result[Vet, Rejection]:
    """Add a veterinary practice; phone and fax are stored as E.164 in the facility's region.

    Rejections: the permission; name missing; a text too long; malformed phone, fax or email.
    Two practices may share a name (chains have branches).
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        region = uow.facility().settings.phone_region
        vet = Vet(
            id=VetId(0),
            facility_id=facility_id,
            name=checks.text("name", details.name),
            phone=checks.phone("phone", details.phone, region, ctx.phones),
            fax=checks.phone("fax", details.fax, region, ctx.phones),
            email=checks.email("email", details.email),
            address_1=checks.text("address_1", details.address_1, required=False),
            address_2=checks.text("address_2", details.address_2, required=False),
            city=checks.text("city", details.city, required=False),
            region=checks.text("region", details.region, required=False),
            postal_code=checks.text(
                "postal_code", details.postal_code, required=False, max_length=20
            ),
            notes=checks.text(
                "notes",
                details.notes,
                required=False,
                max_length=LONG_TEXT_MAX_LENGTH,
                multiline=True,
            ),
        )
        if checks.failed:
            return checks.failure()
        vet = attrs.evolve(vet, id=VetId(uow.new_id()))
        uow.vets.add(vet)
        uow.commit()
    return Success(vet)


def add_temperament(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, name: str
) -> Result[Temperament, Rejection]:
    """Add a temperament label. Rejections: the permission; name missing, too long or used."""
    checks = Checks()
    clean = checks.text("name", name)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        _check_unique(checks, clean, (kind.name for kind in uow.temperaments.list()))
        if checks.failed:
            return checks.failure()
        temperament = Temperament(
            id=TemperamentId(uow.new_id()), facility_id=facility_id, name=clean
        )
        uow.temperaments.add(temperament)
        uow.commit()
    return Success(temperament)


def add_immunization_type(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    species_id: SpeciesId,
    name: str,
    *,
    required: bool = False,
) -> Result[ImmunizationType, Rejection]:
    """Add a vaccine for one species; ``required`` ones must be valid for every stay.

    Rejections: the permission; unknown species; name missing, too long or already used for
    that species.
    """
    checks = Checks()
    clean = checks.text("name", name, max_length=TEXT_MAX_LENGTH)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        species = checks.reference("species_id", species_id, uow.species.get)
        if species is not None:
            existing = uow.immunization_types.list_for_species(species.id)
            _check_unique(checks, clean, (kind.name for kind in existing))
        if checks.failed:
            return checks.failure()
        kind = ImmunizationType(
            id=ImmunizationTypeId(uow.new_id()),
            facility_id=facility_id,
            species_id=species_id,
            name=clean,
            required=required,
        )
        uow.immunization_types.add(kind)
        uow.commit()
    return Success(kind)


def set_immunization_type_required(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    type_id: ImmunizationTypeId,
    required: bool,
) -> Result[ImmunizationType, Rejection]:
    """Make a vaccine required for stays, or optional. Needs ``catalog.manage``.

    ``NotFound`` for an unknown type; nothing is written when it already is as asked.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        kind = uow.immunization_types.get(type_id)
        if kind.required == required:
            return Success(kind)
        stored = uow.immunization_types.update(attrs.evolve(kind, required=required))
        uow.commit()
    return Success(stored)


def list_species(ctx: ServiceContext, facility_id: FacilityId) -> list[Species]:
    """The facility's species, ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        return uow.species.list()


def list_breeds(
    ctx: ServiceContext, facility_id: FacilityId, species_id: SpeciesId | None = None
) -> list[Breed]:
    """The facility's breeds (of one species when given), ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        if species_id is None:
            return uow.breeds.list()
        return uow.breeds.list_for_species(species_id)


def list_vets(ctx: ServiceContext, facility_id: FacilityId) -> list[Vet]:
    """The facility's vets, ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        return uow.vets.list()


def list_temperaments(ctx: ServiceContext, facility_id: FacilityId) -> list[Temperament]:
    """The facility's temperaments, ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        return uow.temperaments.list()


def list_immunization_types(
    ctx: ServiceContext, facility_id: FacilityId, species_id: SpeciesId | None = None
) -> list[ImmunizationType]:
    """The facility's immunization types (of one species when given), ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        if species_id is None:
            return uow.immunization_types.list()
        return uow.immunization_types.list_for_species(species_id)
