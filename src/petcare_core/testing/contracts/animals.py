"""Contract of ``AnimalRepository``: the generic behaviour plus lookups by owner and time."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from petcare_core.domain.animal import Animal, AnimalStatus, IncidentReport
from petcare_core.domain.ids import AnimalId, FacilityId, OwnerId
from petcare_core.domain.owner import Owner
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract
from petcare_core.testing.contracts.samples import (
    T0,
    at,
    make_animal,
    make_breed,
    make_owner,
    make_species,
    make_staff_user,
    make_temperament,
    make_vet,
)


def add_animal_references(uow: FacilityUnitOfWork) -> dict[str, Any]:
    """Add an owner, species, breed, vet and temperament; returns them as ``Animal`` fields."""
    owner = make_owner(uow)
    species = make_species(uow)
    breed = make_breed(uow, species.id)
    vet = make_vet(uow)
    temperament = make_temperament(uow)
    uow.owners.add(owner)
    uow.species.add(species)
    uow.breeds.add(breed)
    uow.vets.add(vet)
    uow.temperaments.add(temperament)
    return {
        "owner_id": owner.id,
        "species_id": species.id,
        "breed_id": breed.id,
        "vet_id": vet.id,
        "temperament_id": temperament.id,
    }


class AnimalRepositoryContract(AggregateRepositoryContract[Animal]):
    """What every ``AnimalRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Animal, Any]:
        return uow.animals

    def make(self, uow: FacilityUnitOfWork) -> Animal:
        references = add_animal_references(uow)
        animal = make_animal(uow, references.pop("owner_id"), references.pop("species_id"))
        return attrs.evolve(animal, **references)

    def changed(self, record: Animal) -> Animal:
        return attrs.evolve(
            record,
            name="Ébène 🐈",
            weight=Decimal("4.125"),
            birthday=None,
            breed_id=None,
            status=AnimalStatus.ACTIVE,
            modified_at=at(9000.000007),
            incident_reports=(
                *record.incident_reports,
                IncidentReport(T0.date(), "Fought — «grave»", None),
            ),
            custom_fields={},
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Animal]:
        references = add_animal_references(uow)
        staff = make_staff_user(uow)
        uow.staff.add(staff)
        return strategies.animals(
            uow.facility_id,
            references["owner_id"],
            AnimalId(uow.new_id()),
            species_id=references["species_id"],
            breed_ids=[references["breed_id"]],
            vet_ids=[references["vet_id"]],
            temperament_ids=[references["temperament_id"]],
            staff_user_ids=[staff.id],
        )

    def _owner_with_animals(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId, *changes: dict[str, Any]
    ) -> tuple[Owner, list[Animal]]:
        with uow_factory.for_facility(facility_id) as uow:
            references = add_animal_references(uow)
            owner_id, species_id = references["owner_id"], references["species_id"]
            animals = [make_animal(uow, owner_id, species_id, **change) for change in changes]
            for animal in animals:
                uow.animals.add(animal)
            uow.commit()
            owner = uow.owners.get(owner_id)
        return owner, animals

    def test_list_for_owner_returns_only_that_owners_animals_by_id(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        owner, animals = self._owner_with_animals(uow_factory, facility_id, {}, {})
        self._owner_with_animals(uow_factory, facility_id, {})
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.animals.list_for_owner(owner.id) == sorted(animals, key=lambda a: a.id)
            assert uow.animals.list_for_owner(OwnerId(uow.new_id())) == []

    def test_list_by_ids_reads_the_named_animals_ordered_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        _, (first, second) = self._owner_with_animals(uow_factory, facility_id, {}, {})
        _, (third,) = self._owner_with_animals(uow_factory, facility_id, {})
        _, (theirs,) = self._owner_with_animals(uow_factory, other_facility_id, {})
        with uow_factory.for_facility(facility_id) as uow:
            unknown = AnimalId(uow.new_id())
            named = [third.id, unknown, first.id, theirs.id, third.id]
            assert uow.animals.list_by_ids(named) == [first, third]
            assert uow.animals.list_by_ids({second.id, first.id}) == [first, second]
            assert uow.animals.list_by_ids([]) == []
            assert uow.animals.list_by_ids([unknown, theirs.id]) == []
            # More ids than one SQL statement may bind, most naming nothing of this facility.
            many = [AnimalId(value) for value in range(first.id - 1500, first.id)]
            assert uow.animals.list_by_ids([*many, second.id, first.id]) == [first, second]

    def test_modified_between_includes_the_start_and_excludes_the_end(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        start, end = at(100), at(200)
        micro = timedelta(microseconds=1)
        _, (before, at_start, at_end) = self._owner_with_animals(
            uow_factory,
            facility_id,
            {"created_at": T0, "modified_at": start - micro},
            {"created_at": T0, "modified_at": start},
            {"created_at": T0, "modified_at": end},
        )
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.animals.modified_between(start, end) == [at_start]
            assert uow.animals.modified_between(at(50), start) == [before]
            assert uow.animals.modified_between(end, end + micro) == [at_end]

    def test_modified_between_includes_records_created_in_the_window(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        _, (animal,) = self._owner_with_animals(
            uow_factory, facility_id, {"created_at": at(150), "modified_at": at(500)}
        )
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.animals.modified_between(at(100), at(200)) == [animal]

    def test_lookups_never_return_another_facilitys_animals(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        change = {"modified_at": at(10)}
        _, (mine,) = self._owner_with_animals(uow_factory, facility_id, change)
        their_owner, _ = self._owner_with_animals(uow_factory, other_facility_id, change)
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.animals.list_for_owner(their_owner.id) == []
            assert uow.animals.modified_between(at(10), at(11)) == [mine]
            assert [animal.facility_id for animal in uow.animals.list()] == [facility_id]
