"""Owners, their animals and immunization records, and coherent households."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from petcare_core.domain.animal import Animal, AnimalStatus, IncidentReport, Sex
from petcare_core.domain.catalog import ImmunizationType, Species
from petcare_core.domain.form_values import canonical_decimal
from petcare_core.domain.forms import FormDefinition, FormKind
from petcare_core.domain.ids import (
    AnimalId,
    BreedId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    LocationId,
    OwnerId,
    SpeciesId,
    StaffUserId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.immunization import ImmunizationRecord
from petcare_core.domain.owner import CommunicationPreferences, Owner
from petcare_core.testing.strategies.catalog import (
    immunization_records,
    immunization_types,
    species,
)
from petcare_core.testing.strategies.forms import (
    custom_field_values,
    form_definitions,
)
from petcare_core.testing.strategies.tenants import (
    addresses,
)
from petcare_core.testing.strategies.values import (
    _given_or,
    _later_than,
    _one_of_or_none,
    aware_datetimes,
    dates,
    emails,
    ids,
    names,
    phones,
    text,
)


def communication_preferences() -> st.SearchStrategy[CommunicationPreferences]:
    """Any combination of opt-ins and opt-outs."""
    return st.builds(CommunicationPreferences, *[st.booleans()] * 6)


def employee_notes() -> st.SearchStrategy[str]:
    """Business-only notes, several lines long."""
    return text(max_size=200, multiline=True)


def custom_icons() -> st.SearchStrategy[tuple[str, ...]]:
    """Business-only icon names (no commas: patches list them comma-separated)."""
    return st.lists(text(min_size=1, max_size=20, exclude=","), unique=True, max_size=4).map(tuple)


@st.composite
def owners(
    draw: st.DrawFn,
    facility_id: FacilityId | None = None,
    owner_id: OwnerId | None = None,
    *,
    form: FormDefinition | None = None,
    home_location_ids: Sequence[LocationId] = (),
) -> Owner:
    """Owners with unicode names, any preferences and business-only data.

    Custom values fit ``form`` when given; ``home_location_id`` is drawn from
    ``home_location_ids`` (else ``None``).
    """
    created_at = draw(aware_datetimes())
    return Owner(
        id=draw(_given_or(owner_id, ids().map(OwnerId))),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        first_name=draw(names()),
        last_name=draw(names()),
        created_at=created_at,
        modified_at=draw(_later_than(created_at)),
        email=draw(st.just("") | emails()),
        cell_phone=draw(st.just("") | phones()),
        home_phone=draw(st.just("") | phones()),
        address=draw(addresses()),
        emergency_contact_name=draw(text(max_size=40)),
        emergency_contact_phone=draw(st.just("") | phones()),
        home_location_id=draw(_one_of_or_none(home_location_ids)),
        communication=draw(communication_preferences()),
        custom_fields=draw(custom_field_values(form)),
        employee_notes=draw(employee_notes()),
        custom_icons=draw(custom_icons()),
        active=draw(st.booleans()),
    )


def incident_reports(
    staff_user_ids: Sequence[StaffUserId] = (),
) -> st.SearchStrategy[IncidentReport]:
    """Business-only incident reports, by one of ``staff_user_ids`` or nobody."""
    return st.builds(
        IncidentReport,
        occurred_on=dates(),
        description=text(min_size=1, max_size=200, multiline=True),
        reported_by=_one_of_or_none(staff_user_ids),
    )


@st.composite
def animals(
    draw: st.DrawFn,
    facility_id: FacilityId | None = None,
    owner_id: OwnerId | None = None,
    animal_id: AnimalId | None = None,
    *,
    species_id: SpeciesId | None = None,
    form: FormDefinition | None = None,
    breed_ids: Sequence[BreedId] = (),
    vet_ids: Sequence[VetId] = (),
    temperament_ids: Sequence[TemperamentId] = (),
    staff_user_ids: Sequence[StaffUserId] = (),
) -> Animal:
    """Pets with every optional attribute, incident reports and business-only data.

    References to breeds, vets, temperaments and staff come from the given ids (else ``None``).
    """
    created_at = draw(aware_datetimes())
    weights = st.decimals(0, Decimal("999.99"), places=2).map(
        lambda weight: Decimal(canonical_decimal(weight))
    )
    return Animal(
        id=draw(_given_or(animal_id, ids().map(AnimalId))),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        owner_id=draw(_given_or(owner_id, ids().map(OwnerId))),
        name=draw(names()),
        species_id=draw(_given_or(species_id, ids().map(SpeciesId))),
        created_at=created_at,
        modified_at=draw(_later_than(created_at)),
        breed_id=draw(_one_of_or_none(breed_ids)),
        sex=draw(st.sampled_from(Sex)),
        birthday=draw(st.none() | dates()),
        weight=draw(st.none() | weights),
        colour=draw(text(max_size=30)),
        altered=draw(st.none() | st.booleans()),
        vet_id=draw(_one_of_or_none(vet_ids)),
        temperament_id=draw(_one_of_or_none(temperament_ids)),
        feeding_notes=draw(text(max_size=100, multiline=True)),
        medication_notes=draw(text(max_size=100, multiline=True)),
        allergies=draw(text(max_size=60)),
        photo=draw(st.none() | st.from_regex(r"photos/[a-z0-9]{12}\.jpg", fullmatch=True)),
        status=draw(st.sampled_from(AnimalStatus)),
        custom_fields=draw(custom_field_values(form)),
        employee_notes=draw(employee_notes()),
        incident_reports=tuple(draw(st.lists(incident_reports(staff_user_ids), max_size=3))),
        custom_icons=draw(custom_icons()),
    )


@attrs.frozen
class Household:
    """One owner's consistent slice of a facility: forms, species, vaccines, pets and records.

    Every id is distinct; animals use the household's species, records the vaccines of their
    animal's species; custom values fit the forms. Breeds, vets, temperaments and the home
    location are ``None``.
    """

    owner_form: FormDefinition
    animal_form: FormDefinition
    species: tuple[Species, ...]
    immunization_types: tuple[ImmunizationType, ...]
    owner: Owner
    animals: tuple[Animal, ...]
    records: tuple[ImmunizationRecord, ...]


@st.composite
def owner_households(draw: st.DrawFn, facility_id: FacilityId | None = None) -> Household:
    """A :class:`Household` in ``facility_id`` (or any facility)."""
    facility = draw(_given_or(facility_id, ids().map(FacilityId)))
    fresh = iter(draw(st.lists(ids(), min_size=40, max_size=40, unique=True)))
    owner_form = draw(form_definitions(facility, FormKind.OWNER_FORM))
    animal_form = draw(form_definitions(facility, FormKind.ANIMAL_FORM))
    kinds = [
        draw(species(facility, SpeciesId(next(fresh)))) for _ in range(draw(st.integers(1, 2)))
    ]
    vaccines = [
        draw(immunization_types(facility, kind.id, ImmunizationTypeId(next(fresh))))
        for kind in kinds
        for _ in range(draw(st.integers(0, 3)))
    ]
    owner = draw(owners(facility, OwnerId(next(fresh)), form=owner_form))
    pets: list[Animal] = []
    records: list[ImmunizationRecord] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(kinds))
        pet = draw(
            animals(facility, owner.id, AnimalId(next(fresh)), species_id=kind.id, form=animal_form)
        )
        pets.append(pet)
        own_vaccines = [vaccine for vaccine in vaccines if vaccine.species_id == kind.id]
        for _ in range(draw(st.integers(0, 4)) if own_vaccines else 0):
            vaccine = draw(st.sampled_from(own_vaccines))
            record_id = ImmunizationRecordId(next(fresh))
            records.append(
                draw(immunization_records(facility, pet.id, vaccine.id, record_id=record_id))
            )
    return Household(
        owner_form=owner_form,
        animal_form=animal_form,
        species=tuple(kinds),
        immunization_types=tuple(vaccines),
        owner=owner,
        animals=tuple(pets),
        records=tuple(records),
    )
