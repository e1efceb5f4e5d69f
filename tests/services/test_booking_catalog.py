"""The booking catalog (reservation types, add-ons, capacity pools, lodgings), agreements and
evaluations, through the facade on the memory storage."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from returns.result import Result, Success

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.agreements import AgreementSigned, AgreementUnsigned
from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.capacity import (
    CapacityPool,
    PoolKind,
    demand,
    occupied_days,
    pool_for,
)
from petcare_core.domain.deposits import FixedDeposit, PercentageDeposit
from petcare_core.domain.estimate import AddOnCharge, PricingUnit
from petcare_core.domain.evaluations import EvaluationResult
from petcare_core.domain.ids import (
    AgreementId,
    AnimalId,
    CapacityPoolId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    LodgingId,
    OwnerId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import (
    AlreadyExists,
    InvalidValue,
    PermissionMissing,
    Reason,
    Rejection,
    RequiredValueMissing,
    UnknownReference,
)
from petcare_core.domain.reservation import HOLDS_CAPACITY, Reservation, ReservationLine
from petcare_core.domain.staff import StaffRole
from petcare_core.ports.errors import ConcurrencyConflict, NotFound
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    CapacityPoolDetails,
    LocationDetails,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
    TypeInAnotherPool,
    agreements,
    booking_catalog,
    capacity_pools,
    evaluations,
    reservation_queries,
)
from petcare_core.services._catalog_checks import price
from petcare_core.services._checks import Checks

ZONE = ZoneInfo("America/New_York")
USD = "USD"


def usd(amount: str) -> Money:
    return Money.from_decimal(Decimal(amount), USD)


def boarding(**changes: Any) -> ReservationTypeDetails:
    details = ReservationTypeDetails(name="Boarding", unit="night", base_price=Decimal("45.00"))
    return attrs.evolve(details, **changes)


def grooming(**changes: Any) -> ReservationTypeDetails:
    details = ReservationTypeDetails(
        name="Grooming",
        unit=PricingUnit.APPOINTMENT,
        base_price=Decimal(60),
        appointment_minutes=90,
        assigns_staff=True,
    )
    return attrs.evolve(details, **changes)


def booking_state(services: PetcareServices) -> dict[Any, Any]:
    """Every booking record of every facility (the shared snapshot predates them)."""
    state: dict[Any, Any] = {}
    with services.uow_factory.platform() as platform:
        facilities = platform.facilities.list()
    for facility in facilities:
        with services.uow_factory.for_facility(facility.id) as uow:
            owners, animals = uow.owners.list(), uow.animals.list()
            state[facility.id] = {
                "types": uow.reservation_types.list(),
                "add_ons": uow.additional_services.list(),
                "pools": uow.capacity_pools.list(),
                "lodgings": uow.lodgings.list(),
                "agreements": uow.agreements.list(),
                "reservations": uow.reservations.list(),
                "signatures": [uow.agreement_signatures.list_for_owner(o.id) for o in owners],
                "evaluations": [uow.evaluations.list_for_animal(a.id) for a in animals],
            }
    return state


def refused(kit: Any, call: Callable[[], Result[Any, Rejection]]) -> tuple[Reason, ...]:
    """The reasons of a call that must be rejected without writing anything."""
    before = booking_state(kit.services)
    reasons: tuple[Reason, ...] = kit.reasons(call)
    assert booking_state(kit.services) == before
    return reasons


def location_of(kit: Any) -> LocationId:
    return kit.services.list_locations(kit.world.fid)[0].id


def add_location(kit: Any, name: str = "Uptown") -> LocationId:
    details = LocationDetails(name=name)
    location = kit.services.add_location(kit.world.fid, kit.world.admin, details).unwrap()
    return LocationId(location.id)


# Reservation types


def test_a_reservation_type_is_defined_with_its_rules_in_the_facility_currency(kit) -> None:
    world, services = kit.world, kit.services
    location = location_of(kit)
    waiver = services.create_agreement(world.fid, world.admin, "Waiver", "Be nice.").unwrap()
    policy = BookingPolicy(horizon_days=90, same_day_allowed=False)

    kind = services.define_reservation_type(
        world.fid,
        world.admin,
        boarding(
            base_price=Decimal("45.5"),
            location_ids={location},
            required_immunization_type_ids={world.rabies.id},
            required_agreement_ids={waiver.id},
            requires_evaluation=True,
            policy=policy,
            cancellation_hours=48,
            deposit_rate=Decimal("0.25"),
        ),
    ).unwrap()

    assert kind.unit is PricingUnit.NIGHT
    assert kind.base_price == Money(4550, USD)
    assert kind.location_ids == {location}
    assert kind.required_immunization_type_ids == {world.rabies.id}
    assert kind.required_agreement_ids == {waiver.id}
    assert kind.requires_evaluation
    assert kind.policy == policy
    assert kind.cancellation.free_until_hours == 48
    assert kind.deposit == PercentageDeposit(Decimal("0.25"))
    assert services.list_reservation_types(world.fid) == [kind]
    assert services.get_reservation_type(world.fid, kind.id) == kind


def test_an_appointment_type_has_a_length_and_may_assign_staff(kit) -> None:
    world = kit.world

    kind = kit.services.define_reservation_type(
        world.fid, world.admin, grooming(deposit_amount=Decimal(20))
    ).unwrap()

    assert kind.appointment_minutes == 90
    assert kind.assigns_staff
    assert kind.deposit == FixedDeposit(usd("20"))


def test_every_bad_input_of_a_type_is_reported_together_and_nothing_is_written(kit) -> None:
    world, services = kit.world, kit.services
    details = ReservationTypeDetails(
        name=" ",
        unit="fortnight",
        base_price=Decimal("-1"),
        cancellation_hours=-1,
        deposit_amount=Decimal(10),
        deposit_rate=Decimal("0.5"),
        location_ids={LocationId(987_654)},
        required_immunization_type_ids={ImmunizationTypeId(0)},
        required_agreement_ids={AgreementId(987_655)},
    )

    reasons = refused(kit, lambda: services.define_reservation_type(world.fid, OPERATOR, details))

    assert {reason.field for reason in reasons} == {
        "name",
        "unit",
        "base_price",
        "cancellation_hours",
        "deposit_rate",
        "location_ids",
        "required_immunization_type_ids",
        "required_agreement_ids",
    }
    assert RequiredValueMissing("name") in reasons
    assert UnknownReference("location_ids", "987654") in reasons
    assert UnknownReference("required_agreement_ids", "987655") in reasons


@pytest.mark.parametrize(
    ("details", "fields"),
    [
        (grooming(appointment_minutes=None), {"appointment_minutes"}),
        (grooming(appointment_minutes=0), {"appointment_minutes"}),
        (grooming(appointment_minutes=24 * 60 + 1), {"appointment_minutes"}),
        (
            boarding(appointment_minutes=30, assigns_staff=True),
            {"appointment_minutes", "assigns_staff"},
        ),
        (boarding(base_price=Decimal("45.001")), {"base_price"}),
        (boarding(base_price=Decimal("NaN")), {"base_price"}),
        (boarding(base_price=Decimal(1_000_001)), {"base_price"}),
        (boarding(deposit_amount=Decimal(0)), {"deposit_amount"}),
        (boarding(deposit_rate=Decimal(0)), {"deposit_rate"}),
        (boarding(deposit_rate=Decimal("1.01")), {"deposit_rate"}),
        (boarding(cancellation_hours=366 * 24 + 1), {"cancellation_hours"}),
        (boarding(name="x" * 101), {"name"}),
    ],
)
def test_type_rules_are_reasons_not_exceptions(kit, details, fields) -> None:
    world = kit.world

    reasons = refused(
        kit, lambda: kit.services.define_reservation_type(world.fid, world.admin, details)
    )

    assert {reason.field for reason in reasons} == fields


def test_a_missing_permission_is_reported_alone(kit) -> None:
    world, services = kit.world, kit.services
    bad = boarding(name="", unit="?")

    assert refused(
        kit, lambda: services.define_reservation_type(world.fid, world.employee, bad)
    ) == (PermissionMissing("catalog.manage"),)
    assert refused(
        kit,
        lambda: services.define_additional_service(
            world.fid, world.employee, AdditionalServiceDetails(name="", price=Decimal(-1))
        ),
    ) == (PermissionMissing("catalog.manage"),)
    assert refused(kit, lambda: services.create_agreement(world.fid, world.employee, "", "")) == (
        PermissionMissing("catalog.manage"),
    )


def test_type_names_are_unique_ignoring_case_but_a_type_keeps_its_own(kit) -> None:
    world, services = kit.world, kit.services
    kind = services.define_reservation_type(world.fid, world.admin, boarding()).unwrap()

    assert refused(
        kit,
        lambda: services.define_reservation_type(world.fid, world.admin, boarding(name="BOARDING")),
    ) == (AlreadyExists("name", "BOARDING"),)
    renamed = services.update_reservation_type(
        world.fid, world.admin, kind.id, boarding(name="boarding")
    ).unwrap()
    assert renamed.name == "boarding"
    assert renamed.version == kind.version + 1


def test_an_update_replaces_every_field_and_one_that_changes_nothing_writes_nothing(kit) -> None:
    world, services = kit.world, kit.services
    kind = services.define_reservation_type(world.fid, world.admin, boarding()).unwrap()

    same = kit.writes_nothing(
        lambda: services.update_reservation_type(world.fid, world.admin, kind.id, boarding())
    )
    changed = services.update_reservation_type(
        world.fid, world.admin, kind.id, boarding(base_price=Decimal(50), active=False)
    ).unwrap()

    assert same == Success(kind)
    assert changed.base_price == usd("50")
    assert not changed.active
    assert services.list_reservation_types(world.fid, active_only=True) == []
    with pytest.raises(NotFound):
        services.update_reservation_type(
            world.fid, world.admin, ReservationTypeId(987_654), boarding()
        )


def test_another_facility_cannot_see_or_use_the_catalog(kit) -> None:
    world, services = kit.world, kit.services
    other = kit.new_world("other-place")
    kind = services.define_reservation_type(world.fid, world.admin, boarding()).unwrap()

    assert services.list_reservation_types(other.fid) == []
    with pytest.raises(NotFound):
        services.get_reservation_type(other.fid, kind.id)
    assert refused(
        kit,
        lambda: services.define_additional_service(
            other.fid,
            other.admin,
            AdditionalServiceDetails(name="Bath", price=1, type_ids={kind.id}),
        ),
    ) == (UnknownReference("type_ids", str(kind.id)),)


@given(
    cents=st.integers(min_value=0, max_value=100_000_000),
    extra=st.integers(min_value=1, max_value=9),
)
def test_a_price_is_taken_exactly_or_refused(cents: int, extra: int) -> None:
    exact = Decimal(cents).scaleb(-2)
    finer = exact + Decimal(extra).scaleb(-3)
    checks = Checks()

    assert price(checks, "price", exact, USD) == Money(cents, USD)
    assert not checks.failed
    price(checks, "price", finer, USD)
    if finer <= Decimal(1_000_000):
        assert checks.reasons == [
            InvalidValue("price", f"{finer} USD has more than 2 decimal places")
        ]
    yen = cents % 1_000_001
    assert price(Checks(), "price", Decimal(yen), "JPY") == Money(yen, "JPY")


# Add-ons


def test_add_ons_are_listed_by_type_and_by_whether_they_are_offered(kit) -> None:
    world, services = kit.world, kit.services
    stay = services.define_reservation_type(world.fid, world.admin, boarding()).unwrap()
    groom = services.define_reservation_type(world.fid, world.admin, grooming()).unwrap()
    bath = services.define_additional_service(
        world.fid,
        world.admin,
        AdditionalServiceDetails(name="Bath", price=Decimal("15.00"), type_ids={stay.id, groom.id}),
    ).unwrap()
    walk = services.define_additional_service(
        world.fid,
        world.admin,
        AdditionalServiceDetails(
            name="Extra walk", price=5, charge="per_unit", type_ids={stay.id}, active=False
        ),
    ).unwrap()

    assert bath.price == usd("15")
    assert bath.charge is AddOnCharge.PER_STAY
    assert walk.charge is AddOnCharge.PER_UNIT
    assert services.list_additional_services(world.fid) == [bath, walk]
    assert services.list_additional_services(world.fid, groom.id) == [bath]
    assert services.list_additional_services(world.fid, stay.id, active_only=True) == [bath]
    offered = services.update_additional_service(
        world.fid, world.admin, walk.id, attrs.evolve(_details(walk), active=True)
    ).unwrap()
    assert services.list_additional_services(world.fid, stay.id, active_only=True) == [
        bath,
        offered,
    ]


def _details(service: Any) -> AdditionalServiceDetails:
    return AdditionalServiceDetails(
        name=service.name,
        price=service.price.to_decimal(),
        charge=service.charge,
        type_ids=service.type_ids,
        active=service.active,
    )


def test_every_bad_input_of_an_add_on_is_reported_together(kit) -> None:
    world = kit.world
    details = AdditionalServiceDetails(
        name="", price=Decimal("0.001"), charge="hourly", type_ids={ReservationTypeId(987_654)}
    )

    reasons = refused(
        kit, lambda: kit.services.define_additional_service(world.fid, world.admin, details)
    )

    assert [reason.field for reason in reasons] == ["name", "price", "charge", "type_ids"]


# Capacity pools and lodgings


def pool(
    location_id: LocationId, *type_ids: ReservationTypeId, **changes: Any
) -> CapacityPoolDetails:
    details = CapacityPoolDetails(
        location_id=location_id, name="Dog area", kind="area", capacity=10, type_ids=set(type_ids)
    )
    return attrs.evolve(details, **changes)


def test_a_type_takes_its_places_in_one_active_pool_per_location(kit) -> None:
    world, services = kit.world, kit.services
    here, there = location_of(kit), add_location(kit)
    stay = services.define_reservation_type(world.fid, world.admin, boarding()).unwrap()
    area = services.define_capacity_pool(world.fid, world.admin, pool(here, stay.id)).unwrap()

    assert refused(
        kit,
        lambda: services.define_capacity_pool(
            world.fid, world.admin, pool(here, stay.id, name="Suites", kind="room")
        ),
    ) == (TypeInAnotherPool(stay.id, "Boarding", "Dog area"),)
    asleep = services.define_capacity_pool(
        world.fid, world.admin, pool(here, stay.id, name="Overflow", active=False)
    ).unwrap()
    elsewhere = services.define_capacity_pool(world.fid, world.admin, pool(there, stay.id)).unwrap()

    assert services.list_capacity_pools(world.fid) == [area, asleep, elsewhere]
    assert services.list_capacity_pools(world.fid, there) == [elsewhere]
    assert refused(
        kit,
        lambda: services.update_capacity_pool(
            world.fid, world.admin, asleep.id, pool(here, stay.id, name="Overflow")
        ),
    ) == (TypeInAnotherPool(stay.id, "Boarding", "Dog area"),)
    with pytest.raises(NotFound):
        services.update_capacity_pool(
            world.fid, world.admin, CapacityPoolId(987_654), pool(here, stay.id)
        )


def test_every_bad_input_of_a_pool_is_reported_together(kit) -> None:
    world, services = kit.world, kit.services
    here = location_of(kit)
    services.define_capacity_pool(world.fid, world.admin, pool(here)).unwrap()

    reasons = refused(
        kit,
        lambda: services.define_capacity_pool(
            world.fid,
            world.admin,
            pool(here, ReservationTypeId(987_654), name="dog AREA", kind="cage", capacity=-1),
        ),
    )
    unknown_location = refused(
        kit,
        lambda: services.define_capacity_pool(
            world.fid, world.admin, pool(LocationId(987_655), capacity=100_001)
        ),
    )

    assert [reason.field for reason in reasons] == ["kind", "capacity", "type_ids", "name"]
    assert AlreadyExists("name", "dog AREA") in reasons
    assert unknown_location == (
        InvalidValue("capacity", "must be from 0 to 100000, got 100001"),
        UnknownReference("location_id", "987655"),
    )


def test_lodgings_belong_to_a_pool_and_have_unique_names_there(kit) -> None:
    world, services = kit.world, kit.services
    here = location_of(kit)
    suites = services.define_capacity_pool(
        world.fid, world.admin, pool(here, name="Suites")
    ).unwrap()
    runs = services.define_capacity_pool(world.fid, world.admin, pool(here, name="Runs")).unwrap()
    one = services.add_lodging(world.fid, world.admin, suites.id, "Suite 1").unwrap()
    services.add_lodging(world.fid, world.admin, runs.id, "Suite 1").unwrap()

    assert refused(
        kit, lambda: services.add_lodging(world.fid, world.admin, suites.id, "suite 1")
    ) == (AlreadyExists("name", "suite 1"),)
    assert refused(
        kit, lambda: services.add_lodging(world.fid, world.admin, CapacityPoolId(987_654), "")
    ) == (RequiredValueMissing("name"), UnknownReference("pool_id", "987654"))
    closed = services.update_lodging(
        world.fid, world.admin, one.id, "Suite 1", active=False
    ).unwrap()
    assert not closed.active
    assert services.list_lodgings(world.fid, suites.id) == [closed]
    assert len(services.list_lodgings(world.fid)) == 2
    with pytest.raises(NotFound):
        services.update_lodging(world.fid, world.admin, LodgingId(987_654), "X")


# Capacity recount when the catalog moves reservations between pools


def hold(
    kit: Any,
    *,
    type_id: ReservationTypeId,
    location_id: LocationId,
    pets: tuple[AnimalId, ...],
    start: datetime,
    end: datetime,
) -> Reservation:
    """A reservation booked confirmed with its places taken, as the booking use case does."""
    services = kit.services
    with services.uow_factory.for_facility(kit.world.fid) as uow:
        kind = uow.reservation_types.get(type_id)
        reservation, event = Reservation.book(
            id=ReservationId(uow.new_id()),
            facility_id=kit.world.fid,
            location_id=location_id,
            owner_id=kit.world.owner.id,
            type_id=type_id,
            start=start,
            end=end,
            lines=tuple(ReservationLine(pet) for pet in pets),
            at=kit.clock.now(),
            by=HistoryActor.staff(kit.world.admin.id),
        )
        uow.reservations.add(reservation)
        found = pool_for(uow.capacity_pools.list(), location_id, type_id)
        if found is not None:
            days = occupied_days(kind.unit, start, end, ZONE)
            ledger = uow.capacity_ledger.load(found, days)
            uow.capacity_ledger.save(ledger.take(days, demand(found, reservation), overbook=True))
        uow.record(event)
        uow.commit()
    return reservation


def used(kit: Any, pool_id: CapacityPoolId, days: list[date]) -> dict[date, int]:
    with kit.services.uow_factory.for_facility(kit.world.fid) as uow:
        ledger = uow.capacity_ledger.load(uow.capacity_pools.get(pool_id), days)
        return {day: ledger.used_on(day) for day in days if ledger.used_on(day)}


def local(day: int, hour: int) -> datetime:
    return datetime.combine(date(2024, 7, day), time(hour), tzinfo=ZONE)


JULY = [date(2024, 7, day) for day in range(1, 10)]


def test_moving_a_type_between_pools_moves_the_places_it_holds(kit) -> None:
    world, services = kit.world, kit.services
    here = location_of(kit)
    rex, ace = kit.add_dog("Rex").id, kit.add_dog("Ace").id
    stay = services.define_reservation_type(world.fid, world.admin, boarding()).unwrap()
    area = services.define_capacity_pool(world.fid, world.admin, pool(here, stay.id)).unwrap()
    hold(
        kit,
        type_id=stay.id,
        location_id=here,
        pets=(rex, ace),
        start=local(1, 15),
        end=local(3, 10),
    )
    assert used(kit, area.id, JULY) == {JULY[0]: 2, JULY[1]: 2}

    services.update_capacity_pool(world.fid, world.admin, area.id, pool(here)).unwrap()
    suites = services.define_capacity_pool(
        world.fid, world.admin, pool(here, stay.id, name="Suites", kind="room", capacity=1)
    ).unwrap()

    assert used(kit, area.id, JULY) == {}
    assert used(kit, suites.id, JULY) == {JULY[0]: 1, JULY[1]: 1}
    services.update_capacity_pool(
        world.fid,
        world.admin,
        suites.id,
        pool(here, stay.id, name="Suites", kind="area", capacity=1),
    ).unwrap()
    assert used(kit, suites.id, JULY) == {JULY[0]: 2, JULY[1]: 2}  # over capacity: kept
    services.update_reservation_type(world.fid, world.admin, stay.id, boarding(unit="day")).unwrap()
    assert used(kit, suites.id, JULY) == {JULY[0]: 2, JULY[1]: 2, JULY[2]: 2}


@st.composite
def catalog_changes(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    change = st.one_of(
        st.tuples(
            st.just("pool"),
            st.integers(0, 2),
            st.booleans(),
            st.sampled_from(PoolKind),
            st.sets(st.integers(0, 1)),
            st.integers(0, 1),
        ),
        st.tuples(st.just("unit"), st.sampled_from(PricingUnit)),
    )
    return draw(st.lists(change, min_size=1, max_size=6))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=catalog_changes())
def test_every_pool_ledger_counts_exactly_the_reservations_placed_in_it(kit, changes) -> None:
    world, services = kit.world, kit.services
    fid, admin = world.fid, world.admin
    state = _recount_world(kit)
    locations, types, pools = state["locations"], state["types"], state["pools"]
    for change in changes:
        if change[0] == "pool":
            _, slot, active, kind, type_slots, where = change
            details = CapacityPoolDetails(
                location_id=locations[where],
                name=f"Pool {slot}",
                kind=kind,
                capacity=3,
                type_ids={types[index] for index in type_slots},
                active=active,
            )
            services.update_capacity_pool(fid, admin, pools[slot], details)
        else:
            unit = change[1]
            minutes = 60 if unit is PricingUnit.APPOINTMENT else None
            services.update_reservation_type(
                fid, admin, types[0], boarding(unit=unit, appointment_minutes=minutes)
            ).unwrap()
        _assert_ledgers_match_reservations(kit, fid)


def _recount_world(kit: Any) -> dict[str, Any]:
    """Two locations, two types, three pools (off at first), holding and other reservations;
    built once per test, reused by every example."""
    cache = kit.__dict__.setdefault("recount_world", {})
    if cache:
        return cache
    world, services = kit.world, kit.services
    locations = [location_of(kit), add_location(kit)]
    types = [
        services.define_reservation_type(world.fid, world.admin, boarding()).unwrap().id,
        services.define_reservation_type(
            world.fid, world.admin, boarding(name="Daycare", unit="day")
        )
        .unwrap()
        .id,
    ]
    pools = [
        services.define_capacity_pool(
            world.fid, world.admin, pool(locations[0], name=f"Pool {slot}", active=False)
        )
        .unwrap()
        .id
        for slot in range(3)
    ]
    pets = [kit.add_dog(name).id for name in ("Rex", "Ace", "Bo")]
    for index, (type_id, location_id) in enumerate(
        [(t, loc) for t in types for loc in locations] * 2
    ):
        hold(
            kit,
            type_id=type_id,
            location_id=location_id,
            pets=tuple(pets[: 1 + index % 3]),
            start=local(1 + index % 4, 9),
            end=local(2 + index % 5, 17),
        )
    cache.update(locations=locations, types=types, pools=pools)
    return cache


def _assert_ledgers_match_reservations(kit: Any, fid: FacilityId) -> None:
    with kit.services.uow_factory.for_facility(fid) as uow:
        pools: list[CapacityPool] = uow.capacity_pools.list()
        kinds = {kind.id: kind for kind in uow.reservation_types.list()}
        expected: dict[CapacityPoolId, dict[date, int]] = {item.id: {} for item in pools}
        for reservation in uow.reservations.list():
            if reservation.status not in HOLDS_CAPACITY:
                continue
            found = pool_for(pools, reservation.location_id, reservation.type_id)
            if found is None:
                continue
            kind = kinds[reservation.type_id]
            for day in occupied_days(kind.unit, reservation.start, reservation.end, ZONE):
                counts = expected[found.id]
                counts[day] = counts.get(day, 0) + demand(found, reservation)
        for item in pools:
            ledger = uow.capacity_ledger.load(item, JULY)
            assert {day: ledger.used_on(day) for day in JULY if ledger.used_on(day)} == (
                expected[item.id]
            ), item.name


# Agreements


def test_an_agreement_keeps_every_version_it_publishes(kit) -> None:
    world, services = kit.world, kit.services
    here = location_of(kit)
    waiver = services.create_agreement(
        world.fid, world.admin, "Boarding waiver", "Version one.\nSign here.", location_ids={here}
    ).unwrap()
    kit.clock.advance(days=1)

    second = services.publish_agreement_version(
        world.fid, world.admin, waiver.id, "Version two."
    ).unwrap()
    renamed = services.update_agreement(
        world.fid, world.admin, waiver.id, title="Waiver", location_ids=(), active=False
    ).unwrap()

    assert [version.text for version in second.versions] == [
        "Version one.\nSign here.",
        "Version two.",
    ]
    assert second.current.published_at == kit.clock.now()
    assert (renamed.title, renamed.location_ids, renamed.active) == ("Waiver", frozenset(), False)
    assert services.list_agreements(world.fid) == [renamed]
    assert services.list_agreements(world.fid, active_only=True) == []
    with pytest.raises(NotFound):
        services.publish_agreement_version(world.fid, world.admin, AgreementId(987_654), "x")


def test_every_bad_input_of_an_agreement_is_reported_together(kit) -> None:
    world, services = kit.world, kit.services
    services.create_agreement(world.fid, world.admin, "Waiver", "Text").unwrap()

    reasons = refused(
        kit,
        lambda: services.create_agreement(
            world.fid, world.admin, "WAIVER", "x" * 100_001, location_ids={LocationId(987_654)}
        ),
    )
    bad_text = refused(
        kit,
        lambda: services.create_agreement(world.fid, world.admin, "Other", "nul \x00 here"),
    )

    assert [reason.field for reason in reasons] == ["text", "title", "location_ids"]
    assert [reason.field for reason in bad_text] == ["text"]


def _require(kit: Any, *agreement_ids: AgreementId, **changes: Any) -> ReservationTypeId:
    details = boarding(name=f"Type {len(kit.services.list_reservation_types(kit.world.fid))}")
    details = attrs.evolve(details, required_agreement_ids=set(agreement_ids), **changes)
    return kit.services.define_reservation_type(kit.world.fid, kit.world.admin, details).unwrap().id


def test_a_household_signs_what_a_bookable_service_requires(kit) -> None:
    world, services = kit.world, kit.services
    fid, account = world.fid, world.account.id
    here, there = location_of(kit), add_location(kit)
    waiver = services.create_agreement(fid, world.admin, "Waiver", "One.").unwrap()
    unused = services.create_agreement(fid, world.admin, "Unused", "Nobody needs it.").unwrap()
    elsewhere = services.create_agreement(
        fid, world.admin, "Uptown rules", "Two.", location_ids={there}
    ).unwrap()
    _require(kit, waiver.id)
    _require(kit, elsewhere.id, location_ids={here})  # offered where it does not apply
    _require(kit, unused.id, active=False)

    assert services.agreements_to_sign(fid, account) == (AgreementUnsigned(waiver.id, "Waiver", 1),)
    signature = services.sign_agreement(
        fid, account, waiver.id, signer_name="Pat Parent", ip_address="2001:DB8:0:0::1"
    ).unwrap()
    assert signature.ip_address == "2001:db8::1"
    assert signature.version_number == 1
    assert services.agreements_to_sign(fid, account) == ()
    assert isinstance(kit.events()[-1], AgreementSigned)

    services.publish_agreement_version(fid, world.admin, waiver.id, "One, again.").unwrap()
    [unsigned] = services.agreements_to_sign(fid, account)
    assert unsigned == AgreementUnsigned(waiver.id, "Waiver", 2, signed_version=1)
    assert unsigned.new_version


def test_staff_record_a_signature_given_on_the_front_desk_tablet(kit) -> None:
    world, services = kit.world, kit.services
    fid, account = world.fid, world.account.id
    owner_id = world.owner.id
    waiver = services.create_agreement(fid, world.admin, "Waiver", "One.").unwrap()
    _require(kit, waiver.id)

    def desk(actor: Any) -> Any:
        return services.sign_agreement_at_front_desk(
            fid, actor, owner_id, waiver.id, signer_name="Pat Parent", ip_address="192.168.1.20"
        )

    assert [reason.code for reason in refused(kit, lambda: desk(world.employee))] == [
        "permission_missing"
    ]
    signature = desk(world.admin).unwrap()
    again = kit.writes_nothing(lambda: desk(world.admin))

    assert (signature.owner_id, signature.ip_address) == (owner_id, "192.168.1.20")
    assert again == Success(signature)
    assert isinstance(kit.events()[-1], AgreementSigned)
    assert services.agreements_to_sign(fid, account) == ()
    with pytest.raises(NotFound):
        services.sign_agreement_at_front_desk(
            fid, world.admin, OwnerId(987_654), waiver.id, signer_name="X", ip_address="10.0.0.1"
        )


def test_signing_again_writes_nothing_and_the_signed_text_stays_readable(kit) -> None:
    world, services = kit.world, kit.services
    fid, account = world.fid, world.account.id
    waiver = services.create_agreement(fid, world.admin, "Waiver", "First text.").unwrap()

    first = services.sign_agreement(
        fid,
        account,
        waiver.id,
        signer_name="Pat",
        ip_address="203.0.113.9",
        location_id=location_of(kit),
    ).unwrap()
    again = kit.writes_nothing(
        lambda: services.sign_agreement(
            fid, account, waiver.id, signer_name="Pat", ip_address="203.0.113.9"
        )
    )
    services.publish_agreement_version(fid, world.admin, waiver.id, "Second text.").unwrap()
    [signed] = services.signed_agreements(fid, account)

    assert again == Success(first)
    assert (signed.signature, signed.title, signed.text, signed.current) == (
        first,
        "Waiver",
        "First text.",
        False,
    )
    assert services.portal_agreement(fid, account, waiver.id).current.text == "Second text."


def test_every_bad_input_of_a_signature_is_reported_together(kit) -> None:
    world, services = kit.world, kit.services
    fid, account = world.fid, world.account.id
    waiver = services.create_agreement(fid, world.admin, "Waiver", "Text.").unwrap()
    services.update_agreement(
        fid, world.admin, waiver.id, title="Waiver", location_ids=(), active=False
    ).unwrap()

    reasons = refused(
        kit,
        lambda: services.sign_agreement(
            fid,
            account,
            waiver.id,
            signer_name=" ",
            ip_address="999.1.1.1",
            location_id=LocationId(987_654),
        ),
    )

    assert [reason.field for reason in reasons] == [
        "signer_name",
        "ip_address",
        "agreement_id",
        "location_id",
    ]
    with pytest.raises(NotFound):
        services.portal_agreement(fid, account, waiver.id)


def test_agreements_of_another_facility_or_an_unlinked_account_are_not_found(kit) -> None:
    world, services = kit.world, kit.services
    other = kit.new_world("other-place")
    theirs = services.create_agreement(other.fid, other.admin, "Theirs", "Text.").unwrap()

    with pytest.raises(NotFound):
        services.sign_agreement(
            world.fid, world.account.id, theirs.id, signer_name="Pat", ip_address="10.0.0.1"
        )
    with pytest.raises(NotFound):
        services.agreements_to_sign(world.fid, other.account.id)
    with pytest.raises(NotFound):
        services.signed_agreements(world.fid, other.account.id)


# Evaluations


def test_staff_record_evaluations_and_the_operator_names_the_evaluator(kit) -> None:
    world, services = kit.world, kit.services
    rex = kit.add_dog("Rex")

    failed = services.record_evaluation(
        world.fid, world.employee, rex.id, "FAIL", notes="Nervous\nwith other dogs"
    ).unwrap()
    kit.clock.advance(days=3)
    passed = services.record_evaluation(
        world.fid, OPERATOR, rex.id, EvaluationResult.PASS, recorded_by=world.employee.id
    ).unwrap()

    assert (failed.result, failed.recorded_by, failed.notes) == (
        EvaluationResult.FAIL,
        world.employee.id,
        "Nervous\nwith other dogs",
    )
    assert passed.recorded_at == kit.clock.now()
    assert services.animal_evaluations(world.fid, world.employee, rex.id) == Success(
        [failed, passed]
    )


def test_every_bad_input_of_an_evaluation_is_reported_together(kit) -> None:
    world, services = kit.world, kit.services
    rex = kit.add_dog("Rex")

    assert [
        reason.field
        for reason in refused(
            kit,
            lambda: services.record_evaluation(
                world.fid, OPERATOR, rex.id, "maybe", notes="x" * 5001
            ),
        )
    ] == ["result", "notes", "recorded_by"]
    assert refused(
        kit,
        lambda: services.record_evaluation(
            world.fid, world.admin, rex.id, "pass", recorded_by=StaffUserId(987_654)
        ),
    ) == (UnknownReference("recorded_by", "987654"),)
    with pytest.raises(NotFound):
        services.record_evaluation(world.fid, world.admin, AnimalId(987_654), "pass")


def test_evaluations_need_the_animal_permissions(kit) -> None:
    world, services = kit.world, kit.services
    rex = kit.add_dog("Rex")
    clerk = services.create_staff_user(
        world.fid,
        world.admin,
        NewStaffUser("clerk", "Cy", "Clerk", StaffRole.EMPLOYEE, permissions=()),
    ).unwrap()

    assert refused(kit, lambda: services.record_evaluation(world.fid, clerk, rex.id, "?")) == (
        PermissionMissing("animals.write"),
    )
    assert services.animal_evaluations(world.fid, clerk, rex.id).failure() == Rejection(
        (PermissionMissing("animals.read"),)
    )


# The facade


MODULES = (agreements, booking_catalog, capacity_pools, evaluations, reservation_queries)


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_every_use_case_is_a_facade_method_with_the_same_parameters(module: ModuleType) -> None:
    names = [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and list(inspect.signature(function).parameters)[:1] == ["ctx"]
    ]

    assert names
    for name in names:
        function = inspect.signature(getattr(module, name)).parameters
        method = inspect.signature(getattr(PetcareServices, name)).parameters
        assert [(p.name, p.kind) for p in list(function.values())[1:]] == [
            (p.name, p.kind) for p in list(method.values())[1:]
        ], name


def test_an_owner_id_is_not_an_agreement(kit) -> None:
    # Ids share one sequence: an id of another kind of record is simply unknown.
    with pytest.raises(NotFound):
        kit.services.portal_agreement(
            kit.world.fid, kit.world.account.id, AgreementId(kit.world.owner.id)
        )


def test_a_change_made_from_an_older_version_raises_a_conflict_and_writes_nothing(
    shop: Any,
) -> None:
    services, fid, admin = shop.services, shop.fid, shop.admin
    read = services.list_capacity_pools(fid)[0]
    services.update_capacity_pool(fid, admin, read.id, _pool_details(read, capacity=5)).unwrap()

    with pytest.raises(ConcurrencyConflict):
        services.update_capacity_pool(
            fid,
            admin,
            read.id,
            _pool_details(read, name="Big suites"),
            expected_version=read.version,
        )

    now = services.list_capacity_pools(fid)[0]
    assert (now.name, now.capacity) == (read.name, 5)
    renamed = services.update_capacity_pool(
        fid, admin, now.id, _pool_details(now, name="Big suites"), expected_version=now.version
    ).unwrap()
    assert (renamed.name, renamed.capacity) == ("Big suites", 5)


def _pool_details(pool: Any, **changes: Any) -> CapacityPoolDetails:
    values = {
        "location_id": pool.location_id,
        "name": pool.name,
        "kind": pool.kind,
        "capacity": pool.capacity,
        "type_ids": pool.type_ids,
        "active": pool.active,
    }
    values.update(changes)
    return CapacityPoolDetails(**values)
