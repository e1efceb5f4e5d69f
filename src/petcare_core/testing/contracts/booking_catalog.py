"""Contracts of the booking catalog: reservation types, add-ons, capacity pools, lodgings and
agreements."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement
from petcare_core.domain.booking_window import BookingPolicy, WeeklyHours
from petcare_core.domain.cancellation import CancellationPolicy
from petcare_core.domain.capacity import CapacityPool, Lodging, PoolKind
from petcare_core.domain.deposits import FixedDeposit
from petcare_core.domain.estimate import AddOnCharge, PricingUnit
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    CapacityPoolId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    LodgingId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.ports.repositories import Repository
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWorkFactory
from petcare_core.testing import strategies
from petcare_core.testing.contracts.base import AggregateRepositoryContract
from petcare_core.testing.contracts.samples import TEXT, at, make_location, make_species
from petcare_core.testing.contracts.samples import make_immunization_type as make_vaccine
from petcare_core.testing.contracts.samples_booking import (
    make_additional_service,
    make_agreement,
    make_capacity_pool,
    make_lodging,
    make_reservation_type,
)


def add_location(uow: FacilityUnitOfWork) -> LocationId:
    """Add a location; its id."""
    location = make_location(uow)
    uow.locations.add(location)
    return location.id


def add_types(uow: FacilityUnitOfWork, count: int = 2) -> list[ReservationTypeId]:
    """Add ``count`` reservation types without requirements; their ids."""
    types = [make_reservation_type(uow) for _ in range(count)]
    for reservation_type in types:
        uow.reservation_types.add(reservation_type)
    return [reservation_type.id for reservation_type in types]


def add_pool(uow: FacilityUnitOfWork, **changes: Any) -> CapacityPool:
    """Add a location, two reservation types and a pool of that location shared by both."""
    pool = make_capacity_pool(uow, add_location(uow), add_types(uow), **changes)
    uow.capacity_pools.add(pool)
    return pool


def _some(candidates: list[Any]) -> st.SearchStrategy[frozenset[Any]]:
    return st.frozensets(st.sampled_from(candidates), max_size=len(candidates))


class ReservationTypeRepositoryContract(AggregateRepositoryContract[ReservationType]):
    """What every ``ReservationTypeRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[ReservationType, Any]:
        return uow.reservation_types

    def _requirements(
        self, uow: FacilityUnitOfWork
    ) -> tuple[list[LocationId], list[ImmunizationTypeId], list[AgreementId]]:
        """Add two locations, vaccines and agreements a type can require; their ids."""
        species = make_species(uow)
        uow.species.add(species)
        vaccines = [make_vaccine(uow, species.id) for _ in range(2)]
        agreements = [make_agreement(uow, versions=1) for _ in range(2)]
        for vaccine in vaccines:
            uow.immunization_types.add(vaccine)
        for agreement in agreements:
            uow.agreements.add(agreement)
        return (
            [add_location(uow), add_location(uow)],
            [vaccine.id for vaccine in vaccines],
            [agreement.id for agreement in agreements],
        )

    def make(self, uow: FacilityUnitOfWork) -> ReservationType:
        locations, vaccines, agreements = self._requirements(uow)
        return make_reservation_type(
            uow,
            location_ids=frozenset(locations),
            required_immunization_type_ids=frozenset(vaccines),
            required_agreement_ids=frozenset(agreements[:1]),
        )

    def changed(self, record: ReservationType) -> ReservationType:
        return attrs.evolve(
            record,
            name="Toilettage ✂️",
            unit=PricingUnit.APPOINTMENT,
            base_price=Money(0, record.base_price.currency),
            appointment_minutes=95,
            assigns_staff=True,
            location_ids=frozenset(),
            required_immunization_type_ids=frozenset(
                sorted(record.required_immunization_type_ids)[:1]
            ),
            required_agreement_ids=frozenset(),
            requires_evaluation=False,
            policy=BookingPolicy(
                horizon_days=0,
                drop_off_hours=WeeklyHours((None,) * 7),
                pick_up_hours=WeeklyHours.every_day(time(8), time(8, 1)),
            ),
            cancellation=CancellationPolicy(0),
            deposit=FixedDeposit(Money(1, record.base_price.currency)),
            active=False,
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[ReservationType]:
        locations, vaccines, agreements = self._requirements(uow)
        return strategies.reservation_types(
            facility_id=uow.facility_id,
            type_id=ReservationTypeId(uow.new_id()),
            location_ids=locations,
            immunization_type_ids=vaccines,
            agreement_ids=agreements,
            # The staff who do the work: ids, as stored (no record behind them is needed).
            staff_ids=[StaffUserId(uow.new_id()) for _ in range(2)],
        )


class AdditionalServiceRepositoryContract(AggregateRepositoryContract[AdditionalService]):
    """What every ``AdditionalServiceRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[AdditionalService, Any]:
        return uow.additional_services

    def make(self, uow: FacilityUnitOfWork) -> AdditionalService:
        return make_additional_service(uow, add_types(uow))

    def changed(self, record: AdditionalService) -> AdditionalService:
        return attrs.evolve(
            record,
            name="Bain 🛁",
            price=Money(0, "JPY"),
            charge=AddOnCharge.PER_STAY,
            type_ids=frozenset(sorted(record.type_ids)[:1]),
            active=False,
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[AdditionalService]:
        return strategies.additional_services(
            facility_id=uow.facility_id,
            service_id=AdditionalServiceId(uow.new_id()),
            type_ids=add_types(uow, 3),
        )


class CapacityPoolRepositoryContract(AggregateRepositoryContract[CapacityPool]):
    """What every ``CapacityPoolRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[CapacityPool, Any]:
        return uow.capacity_pools

    def make(self, uow: FacilityUnitOfWork) -> CapacityPool:
        return make_capacity_pool(uow, add_location(uow), add_types(uow))

    def changed(self, record: CapacityPool) -> CapacityPool:
        return attrs.evolve(
            record,
            name="Aire de jeux",
            kind=PoolKind.AREA,
            capacity=0,
            type_ids=frozenset(),
            active=False,
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[CapacityPool]:
        pool_id, types = CapacityPoolId(uow.new_id()), add_types(uow, 3)
        return st.tuples(
            strategies.capacity_pools(uow.facility_id, add_location(uow)), _some(types)
        ).map(lambda drawn: attrs.evolve(drawn[0], id=pool_id, type_ids=drawn[1]))

    def test_list_for_location_returns_only_that_locations_pools_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            north, south = add_location(uow), add_location(uow)
            types = add_types(uow)
            mine = [make_capacity_pool(uow, north, types[:1]) for _ in range(2)]
            theirs = make_capacity_pool(uow, south, types[1:])
            for pool in [*reversed(mine), theirs]:
                uow.capacity_pools.add(pool)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.capacity_pools.list_for_location(north) == mine
            assert uow.capacity_pools.list_for_location(south) == [theirs]
            assert uow.capacity_pools.list_for_location(LocationId(uow.new_id())) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.capacity_pools.list_for_location(north) == []


class LodgingRepositoryContract(AggregateRepositoryContract[Lodging]):
    """What every ``LodgingRepository`` must do."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Lodging, Any]:
        return uow.lodgings

    def make(self, uow: FacilityUnitOfWork) -> Lodging:
        return make_lodging(uow, add_pool(uow).id)

    def changed(self, record: Lodging) -> Lodging:
        return attrs.evolve(record, name="Run 12 — «vue sur le jardin»", active=False)

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Lodging]:
        lodging_id = LodgingId(uow.new_id())
        return strategies.lodgings(uow.facility_id, add_pool(uow).id).map(
            lambda lodging: attrs.evolve(lodging, id=lodging_id)
        )

    def test_list_for_pool_returns_only_that_pools_lodgings_by_id(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            suites, runs = add_pool(uow), add_pool(uow, kind=PoolKind.AREA)
            mine = [make_lodging(uow, suites.id) for _ in range(2)]
            theirs = make_lodging(uow, runs.id)
            for lodging in [theirs, *reversed(mine)]:
                uow.lodgings.add(lodging)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            assert uow.lodgings.list_for_pool(suites.id) == mine
            assert uow.lodgings.list_for_pool(runs.id) == [theirs]
            assert uow.lodgings.list_for_pool(CapacityPoolId(uow.new_id())) == []
        with uow_factory.for_facility(other_facility_id) as uow:
            assert uow.lodgings.list_for_pool(suites.id) == []


class AgreementRepositoryContract(AggregateRepositoryContract[Agreement]):
    """What every ``AgreementRepository`` must do, versions included."""

    def repository(self, uow: FacilityUnitOfWork) -> Repository[Agreement, Any]:
        return uow.agreements

    def make(self, uow: FacilityUnitOfWork) -> Agreement:
        return make_agreement(uow, location_ids=frozenset({add_location(uow), add_location(uow)}))

    def changed(self, record: Agreement) -> Agreement:
        published = record.current.published_at + timedelta(days=400, microseconds=1)
        return attrs.evolve(
            record.publish(record.current.text, published),
            title="Règlement intérieur",
            location_ids=frozenset(),
            active=False,
        )

    def generated(self, uow: FacilityUnitOfWork) -> st.SearchStrategy[Agreement]:
        agreement_id = AgreementId(uow.new_id())
        locations = [add_location(uow), add_location(uow)]
        return st.tuples(strategies.agreements(uow.facility_id), _some(locations)).map(
            lambda drawn: attrs.evolve(drawn[0], id=agreement_id, location_ids=drawn[1])
        )

    def test_publishing_keeps_every_version_in_order(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            agreement = make_agreement(uow, versions=1)
            uow.agreements.add(agreement)
            uow.commit()
        texts = [agreement.current.text, f"Deuxième\n{TEXT}", "Troisième", "Troisième"]
        for number, text in enumerate(texts[1:], start=2):
            with uow_factory.for_facility(facility_id) as uow:
                loaded = uow.agreements.get(agreement.id)
                uow.agreements.update(loaded.publish(text, at(number * 60)))
                uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            stored = uow.agreements.get(agreement.id)
        assert [version.number for version in stored.versions] == [1, 2, 3, 4]
        assert [version.text for version in stored.versions] == texts
        assert stored.current.published_at == at(4 * 60)
        assert stored.version == agreement.version + 3
