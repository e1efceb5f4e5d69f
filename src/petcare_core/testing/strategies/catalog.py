"""A facility's reference lists (species, breeds, vets, temperaments, immunization types) and
immunization records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hypothesis import strategies as st

from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.ids import (
    AnimalId,
    BreedId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    SpeciesId,
    StaffUserId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.testing.strategies.values import (
    MIN_DATE,
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


def species(
    facility_id: FacilityId | None = None, species_id: SpeciesId | None = None
) -> st.SearchStrategy[Species]:
    """Kinds of animal."""
    return st.builds(
        Species,
        id=_given_or(species_id, ids().map(SpeciesId)),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        name=names(),
    )


def breeds(
    facility_id: FacilityId | None = None,
    species_id: SpeciesId | None = None,
    breed_id: BreedId | None = None,
) -> st.SearchStrategy[Breed]:
    """Breeds of a species."""
    return st.builds(
        Breed,
        id=_given_or(breed_id, ids().map(BreedId)),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        species_id=_given_or(species_id, ids().map(SpeciesId)),
        name=names(),
    )


def vets(
    facility_id: FacilityId | None = None, vet_id: VetId | None = None
) -> st.SearchStrategy[Vet]:
    """Veterinary practices."""
    return st.builds(
        Vet,
        id=_given_or(vet_id, ids().map(VetId)),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        name=names(),
        phone=st.just("") | phones(),
        email=st.just("") | emails(),
        address_1=text(max_size=60),
        city=text(max_size=30),
        notes=text(max_size=100, multiline=True),
        active=st.booleans(),
    )


def temperaments(
    facility_id: FacilityId | None = None, temperament_id: TemperamentId | None = None
) -> st.SearchStrategy[Temperament]:
    """Temperament labels."""
    return st.builds(
        Temperament,
        id=_given_or(temperament_id, ids().map(TemperamentId)),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        name=names(),
    )


def immunization_types(
    facility_id: FacilityId | None = None,
    species_id: SpeciesId | None = None,
    type_id: ImmunizationTypeId | None = None,
) -> st.SearchStrategy[ImmunizationType]:
    """Vaccines of a species, required or not, active or not."""
    return st.builds(
        ImmunizationType,
        id=_given_or(type_id, ids().map(ImmunizationTypeId)),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        species_id=_given_or(species_id, ids().map(SpeciesId)),
        name=names(),
        required=st.booleans(),
        active=st.booleans(),
    )


@st.composite
def immunization_records(
    draw: st.DrawFn,
    facility_id: FacilityId | None = None,
    animal_id: AnimalId | None = None,
    type_id: ImmunizationTypeId | None = None,
    *,
    record_id: ImmunizationRecordId | None = None,
    status: RecordStatus | None = None,
    expires_on: date | None = None,
    staff_user_ids: Sequence[StaffUserId] = (),
) -> ImmunizationRecord:
    """Records in every status, coherent with it.

    Staff enter verified records; uploads may be in any status. Reviewed uploads carry the
    review time (after creation) and rejected ones a reason.
    """
    state = draw(_given_or(status, st.sampled_from(RecordStatus)))
    source = RecordSource.PARENT_UPLOAD
    if state is RecordStatus.VERIFIED:
        source = draw(st.sampled_from(RecordSource))
    uploaded = source is RecordSource.PARENT_UPLOAD
    reviewed = uploaded and state is not RecordStatus.PENDING_REVIEW
    created_at = draw(aware_datetimes())
    expiry = draw(_given_or(expires_on, dates()))
    return ImmunizationRecord(
        id=draw(_given_or(record_id, ids().map(ImmunizationRecordId))),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        animal_id=draw(_given_or(animal_id, ids().map(AnimalId))),
        type_id=draw(_given_or(type_id, ids().map(ImmunizationTypeId))),
        expires_on=expiry,
        source=source,
        status=state,
        created_at=created_at,
        administered_on=draw(st.none() | st.dates(min(MIN_DATE, expiry), expiry)),
        document=(
            draw(st.from_regex(r"vaccines/[a-z0-9]{12}\.pdf", fullmatch=True)) if uploaded else None
        ),
        note=draw(text(max_size=60)),
        reviewed_by=draw(_one_of_or_none(staff_user_ids)) if reviewed else None,
        reviewed_at=draw(_later_than(created_at)) if reviewed else None,
        rejection_reason=(
            draw(text(min_size=1, max_size=60)) if state is RecordStatus.REJECTED else ""
        ),
    )
