"""A facility's reference lists: species, breeds, vets, temperaments, immunization types."""

from __future__ import annotations

import attrs

from petcare_core.domain.ids import (
    BreedId,
    FacilityId,
    ImmunizationTypeId,
    SpeciesId,
    TemperamentId,
    VetId,
)


@attrs.frozen
class Species:
    """A kind of animal the facility cares for (Dog, Cat)."""

    id: SpeciesId
    facility_id: FacilityId
    name: str
    version: int = 1


@attrs.frozen
class Breed:
    """A breed of one species."""

    id: BreedId
    facility_id: FacilityId
    species_id: SpeciesId
    name: str
    version: int = 1


@attrs.frozen
class Vet:
    """A veterinary practice pets are registered with."""

    id: VetId
    facility_id: FacilityId
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
    active: bool = True
    version: int = 1


@attrs.frozen
class Temperament:
    """A temperament label (Friendly, Shy, Reactive)."""

    id: TemperamentId
    facility_id: FacilityId
    name: str
    version: int = 1


@attrs.frozen
class ImmunizationType:
    """A vaccine for one species; ``required`` ones must be valid for every stay."""

    id: ImmunizationTypeId
    facility_id: FacilityId
    species_id: SpeciesId
    name: str
    required: bool = False
    active: bool = True
    version: int = 1
