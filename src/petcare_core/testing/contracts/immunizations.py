"""Contracts of the immunization type and immunization record repositories."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from hypothesis import strategies as st

from petcare_core.domain.catalog import ImmunizationType
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    SpeciesId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract
from petcare_core.testing.contracts.samples import (
    make_animal,
    make_immunization_record,
    make_immunization_type,
    make_owner,
    make_species,
    make_staff_user,
)


class ImmunizationTypeRepositoryContract(AggregateRepositoryContract[ImmunizationType]):
    """What every ``ImmunizationTypeRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[ImmunizationType, Any]:
        return uow.immunization_types

    def make(self, uow: FacilityUnitOfWork) -> ImmunizationType:
        species = make_species(uow)
        uow.species.add(species)
        return make_immunization_type(uow, species.id)

    def changed(self, record: ImmunizationType) -> ImmunizationType:
        return attrs.evolve(
            record, name="Bordetella (toux du chenil)", required=False, active=False
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[ImmunizationType]:
        species = make_species(uow)
        uow.species.add(species)
        return strategies.immunization_types(
            uow.facility_id, species.id, ImmunizationTypeId(uow.new_id())
        )

    def test_list_for_species_returns_only_that_species_types_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            dogs, cats = make_species(uow), make_species(uow, name="Chat")
            uow.species.add(dogs)
            uow.species.add(cats)
            dog_types = [make_immunization_type(uow, dogs.id) for _ in range(2)]
            for vaccine in [*reversed(dog_types), make_immunization_type(uow, cats.id)]:
                uow.immunization_types.add(vaccine)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.immunization_types.list_for_species(dogs.id) == dog_types
            assert uow.immunization_types.list_for_species(SpeciesId(uow.new_id())) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.immunization_types.list_for_species(dogs.id) == []


def add_animal_and_type(uow: FacilityUnitOfWork) -> tuple[AnimalId, ImmunizationTypeId]:
    """Add an owner, species, animal and vaccine type a record can refer to."""
    owner, species = make_owner(uow), make_species(uow)
    uow.owners.add(owner)
    uow.species.add(species)
    animal = make_animal(uow, owner.id, species.id)
    vaccine = make_immunization_type(uow, species.id)
    uow.animals.add(animal)
    uow.immunization_types.add(vaccine)
    return animal.id, vaccine.id


class ImmunizationRecordRepositoryContract(AggregateRepositoryContract[ImmunizationRecord]):
    """What every ``ImmunizationRecordRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[ImmunizationRecord, Any]:
        return uow.immunizations

    def make(self, uow: FacilityUnitOfWork) -> ImmunizationRecord:
        staff = make_staff_user(uow)
        uow.staff.add(staff)
        animal_id, type_id = add_animal_and_type(uow)
        return make_immunization_record(uow, animal_id, type_id, reviewed_by=staff.id)

    def changed(self, record: ImmunizationRecord) -> ImmunizationRecord:
        return attrs.evolve(
            record,
            status=RecordStatus.VERIFIED,
            source=RecordSource.STAFF,
            expires_on=date(2026, 2, 28),
            administered_on=None,
            document=None,
            reviewed_by=None,
            reviewed_at=None,
            rejection_reason="",
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[ImmunizationRecord]:
        staff = make_staff_user(uow)
        uow.staff.add(staff)
        animal_id, type_id = add_animal_and_type(uow)
        return strategies.immunization_records(
            uow.facility_id,
            animal_id,
            type_id,
            record_id=ImmunizationRecordId(uow.new_id()),
            staff_user_ids=[staff.id],
        )

    def test_list_for_animal_and_by_status_filter_and_order_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        pending, verified = RecordStatus.PENDING_REVIEW, RecordStatus.VERIFIED
        with uow_factory.for_facility(facility_id) as uow:
            animal_id, type_id = add_animal_and_type(uow)
            other_animal_id, _ = add_animal_and_type(uow)
            first, second, third = (
                make_immunization_record(uow, animal_id, type_id, status=pending),
                make_immunization_record(uow, animal_id, type_id, status=verified),
                make_immunization_record(uow, other_animal_id, type_id, status=pending),
            )
            for record in (third, second, first):
                uow.immunizations.add(record)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.immunizations.list_for_animal(animal_id) == [first, second]
            assert uow.immunizations.list_by_status(pending) == [first, third]
            assert uow.immunizations.list_by_status(RecordStatus.REJECTED) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.immunizations.list_for_animal(animal_id) == []
            assert uow.immunizations.list_by_status(pending) == []
