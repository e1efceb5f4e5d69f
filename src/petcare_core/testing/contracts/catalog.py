"""Contracts of the reference-list repositories: species, breeds, vets and temperaments."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from petcare_core.domain.catalog import Breed, Species, Temperament, Vet
from petcare_core.domain.ids import BreedId, FacilityId, SpeciesId, TemperamentId, VetId
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract
from petcare_core.testing.contracts.samples import (
    make_breed,
    make_species,
    make_temperament,
    make_vet,
)


class SpeciesRepositoryContract(AggregateRepositoryContract[Species]):
    """What every ``SpeciesRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Species, Any]:
        return uow.species

    def make(self, uow: FacilityUnitOfWork) -> Species:
        return make_species(uow)

    def changed(self, record: Species) -> Species:
        return attrs.evolve(record, name="Chat 🐈‍⬛")

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Species]:
        return strategies.species(uow.facility_id, SpeciesId(uow.new_id()))


class BreedRepositoryContract(AggregateRepositoryContract[Breed]):
    """What every ``BreedRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Breed, Any]:
        return uow.breeds

    def make(self, uow: FacilityUnitOfWork) -> Breed:
        species = make_species(uow)
        uow.species.add(species)
        return make_breed(uow, species.id)

    def changed(self, record: Breed) -> Breed:
        return attrs.evolve(record, name="Berger des Pyrénées")

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Breed]:
        species = make_species(uow)
        uow.species.add(species)
        return strategies.breeds(uow.facility_id, species.id, BreedId(uow.new_id()))

    def test_list_for_species_returns_only_that_species_breeds_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            dogs, cats = make_species(uow), make_species(uow, name="Chat")
            uow.species.add(dogs)
            uow.species.add(cats)
            dog_breeds = [make_breed(uow, dogs.id, name=name) for name in ("Akita", "Barbet")]
            for breed in [*reversed(dog_breeds), make_breed(uow, cats.id, name="Chartreux")]:
                uow.breeds.add(breed)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.breeds.list_for_species(dogs.id) == dog_breeds
            assert uow.breeds.list_for_species(SpeciesId(uow.new_id())) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.breeds.list_for_species(dogs.id) == []


class VetRepositoryContract(AggregateRepositoryContract[Vet]):
    """What every ``VetRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Vet, Any]:
        return uow.vets

    def make(self, uow: FacilityUnitOfWork) -> Vet:
        return make_vet(uow)

    def changed(self, record: Vet) -> Vet:
        return attrs.evolve(record, name="Dr. Ødegård", fax="", active=not record.active)

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Vet]:
        return strategies.vets(uow.facility_id, VetId(uow.new_id()))


class TemperamentRepositoryContract(AggregateRepositoryContract[Temperament]):
    """What every ``TemperamentRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Temperament, Any]:
        return uow.temperaments

    def make(self, uow: FacilityUnitOfWork) -> Temperament:
        return make_temperament(uow)

    def changed(self, record: Temperament) -> Temperament:
        return attrs.evolve(record, name="Réservé")

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Temperament]:
        return strategies.temperaments(uow.facility_id, TemperamentId(uow.new_id()))
