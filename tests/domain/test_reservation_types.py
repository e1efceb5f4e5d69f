"""Reservation types and add-ons: units, appointments, locations, prices, which add-ons fit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.add_ons import (
    AdditionalService,
    AddOnNotAllowed,
    AddOnUnavailable,
    UnknownAddOn,
    add_on_reasons,
)
from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.cancellation import CancellationPolicy
from petcare_core.domain.deposits import FixedDeposit, PercentageDeposit
from petcare_core.domain.estimate import AddOnCharge, AddOnPrice, PricingUnit, estimate
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    AnimalId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    ReservationTypeId,
)
from petcare_core.domain.money import CurrencyMismatch, Money
from petcare_core.domain.reservation import ReservationLine
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.testing.strategies.booking_policies import (
    additional_services,
    reservation_types,
)
from petcare_core.testing.strategies.values import ids

FACILITY = FacilityId(1)
BOARDING_ID, GROOMING_ID = ReservationTypeId(10), ReservationTypeId(11)
BATH, WALK, NAILS = AdditionalServiceId(1), AdditionalServiceId(2), AdditionalServiceId(3)
DOWNTOWN, UPTOWN = LocationId(5), LocationId(6)
REX = AnimalId(40)


def usd(cents: int) -> Money:
    return Money(cents, "USD")


BOARDING = ReservationType(
    id=BOARDING_ID,
    facility_id=FACILITY,
    name="Boarding",
    unit=PricingUnit.NIGHT,
    base_price=usd(5_000),
    required_immunization_type_ids={ImmunizationTypeId(3)},
    required_agreement_ids=[AgreementId(4)],
    deposit=PercentageDeposit(Decimal("0.25")),
)
GROOMING = ReservationType(
    id=GROOMING_ID,
    facility_id=FACILITY,
    name="Full groom",
    unit=PricingUnit.APPOINTMENT,
    base_price=usd(6_500),
    appointment_minutes=90,
    assigns_staff=True,
    location_ids={DOWNTOWN},
)
SERVICES = {
    BATH: AdditionalService(
        BATH, FACILITY, "Bath", usd(2_500), AddOnCharge.PER_STAY, {BOARDING_ID, GROOMING_ID}
    ),
    WALK: AdditionalService(
        WALK, FACILITY, "Extra walk", usd(800), AddOnCharge.PER_UNIT, {BOARDING_ID}
    ),
    NAILS: AdditionalService(
        NAILS, FACILITY, "Nail trim", usd(1_500), AddOnCharge.PER_STAY, {GROOMING_ID}, active=False
    ),
}


def test_a_reservation_type_keeps_its_rules_with_sensible_defaults() -> None:
    assert BOARDING.required_immunization_type_ids == frozenset({ImmunizationTypeId(3)})
    assert BOARDING.required_agreement_ids == frozenset({AgreementId(4)})
    assert BOARDING.policy == BookingPolicy()
    assert BOARDING.cancellation == CancellationPolicy()
    assert (BOARDING.requires_evaluation, BOARDING.active, BOARDING.version) == (False, True, 1)
    assert BOARDING.appointment_length is None
    assert GROOMING.appointment_length == timedelta(minutes=90)
    assert hash(BOARDING) == hash(attrs.evolve(BOARDING))


def test_an_appointment_and_only_an_appointment_has_a_length_and_a_staff_member() -> None:
    with pytest.raises(ValueError, match="appointment_minutes"):
        attrs.evolve(GROOMING, appointment_minutes=None)
    with pytest.raises(ValueError, match="appointment_minutes"):
        attrs.evolve(GROOMING, appointment_minutes=0)
    with pytest.raises(ValueError, match="no appointment_minutes"):
        attrs.evolve(BOARDING, appointment_minutes=60)
    with pytest.raises(ValueError, match="staff member"):
        attrs.evolve(BOARDING, assigns_staff=True)


def test_a_broken_name_price_or_deposit_is_refused() -> None:
    with pytest.raises(ValueError, match="name"):
        attrs.evolve(BOARDING, name="  ")
    with pytest.raises(ValueError, match="base_price"):
        attrs.evolve(BOARDING, base_price=usd(-1))
    with pytest.raises(CurrencyMismatch):
        attrs.evolve(BOARDING, deposit=FixedDeposit(Money(1_000, "EUR")))
    assert attrs.evolve(BOARDING, deposit=FixedDeposit(usd(1_000))).deposit == FixedDeposit(
        usd(1_000)
    )


def test_a_type_is_offered_where_it_is_listed_or_everywhere_when_none_is() -> None:
    assert BOARDING.offered_at(DOWNTOWN)
    assert BOARDING.offered_at(UPTOWN)
    assert GROOMING.offered_at(DOWNTOWN)
    assert not GROOMING.offered_at(UPTOWN)
    assert not attrs.evolve(BOARDING, active=False).offered_at(DOWNTOWN)


def test_the_price_list_of_a_type_prices_its_add_ons_for_an_estimate() -> None:
    prices = BOARDING.price_list([SERVICES[BATH], SERVICES[WALK]], tax_rate=Decimal("0.10"))
    assert prices.unit is PricingUnit.NIGHT
    assert prices.base_rate == usd(5_000)
    assert prices.add_ons == (
        AddOnPrice(BATH, "Bath", usd(2_500), AddOnCharge.PER_STAY),
        AddOnPrice(WALK, "Extra walk", usd(800), AddOnCharge.PER_UNIT),
    )
    stay = estimate(
        prices, date(2026, 6, 1), date(2026, 6, 3), (ReservationLine(REX, (BATH, WALK)),)
    )
    # 2 nights 10,000 + bath 2,500 + 2 walks 1,600 = 14,100, tax 1,410.
    assert stay.total == usd(15_510)


def test_an_add_on_may_go_only_on_the_types_it_lists() -> None:
    bath, walk = SERVICES[BATH], SERVICES[WALK]
    assert bath.allowed_for(BOARDING_ID)
    assert bath.allowed_for(GROOMING_ID)
    assert walk.allowed_for(BOARDING_ID)
    assert not walk.allowed_for(GROOMING_ID)
    nowhere = attrs.evolve(walk, type_ids=())
    assert not nowhere.allowed_for(BOARDING_ID)


def test_a_broken_add_on_is_refused() -> None:
    with pytest.raises(ValueError, match="name"):
        attrs.evolve(SERVICES[BATH], name="")
    with pytest.raises(ValueError, match="price"):
        attrs.evolve(SERVICES[BATH], price=usd(-1))


def test_add_on_reasons_name_each_add_on_that_does_not_fit() -> None:
    unknown = AdditionalServiceId(99)
    requested = [BATH, WALK, NAILS, unknown, WALK]
    found = add_on_reasons(GROOMING_ID, requested, SERVICES)
    assert found == (
        AddOnNotAllowed(WALK, "Extra walk"),
        AddOnUnavailable(NAILS, "Nail trim"),
        UnknownAddOn(unknown),
    )
    assert [reason.message for reason in found] == [
        "Extra walk cannot be added to this kind of reservation; remove it or choose one of the "
        "add-ons offered with it",
        "Nail trim is no longer offered; remove it from the request",
        "add-on #99 is not offered by this facility; remove it from the request",
    ]
    assert {reason.field for reason in found} == {"services"}
    assert add_on_reasons(BOARDING_ID, [BATH, WALK], SERVICES) == ()
    assert add_on_reasons(BOARDING_ID, [], SERVICES) == ()


def test_an_inactive_add_on_is_reported_as_unavailable_before_not_allowed() -> None:
    assert add_on_reasons(BOARDING_ID, [NAILS], SERVICES) == (AddOnUnavailable(NAILS, "Nail trim"),)


# --- properties ---------------------------------------------------------------------------


@given(reservation_types(location_ids=[DOWNTOWN, UPTOWN]), st.sampled_from([DOWNTOWN, UPTOWN]))
def test_offered_at_means_active_and_listed_or_unrestricted(
    kind: ReservationType, location: LocationId
) -> None:
    expected = kind.active and (not kind.location_ids or location in kind.location_ids)
    assert kind.offered_at(location) is expected


@given(reservation_types())
def test_only_appointments_have_a_length_and_staff(kind: ReservationType) -> None:
    appointment = kind.unit is PricingUnit.APPOINTMENT
    assert (kind.appointment_length is not None) is appointment
    assert not kind.assigns_staff or appointment
    if isinstance(kind.deposit, FixedDeposit):
        assert kind.deposit.amount.currency == kind.base_price.currency


@st.composite
def add_on_cases(
    draw: st.DrawFn,
) -> tuple[
    ReservationTypeId, list[AdditionalServiceId], dict[AdditionalServiceId, AdditionalService]
]:
    types = draw(st.lists(ids().map(ReservationTypeId), min_size=1, max_size=3, unique=True))
    service_ids = draw(st.lists(ids().map(AdditionalServiceId), max_size=6, unique=True))
    services = {
        service_id: draw(additional_services(service_id=service_id, type_ids=types))
        for service_id in service_ids
    }
    candidates = service_ids + [AdditionalServiceId(i) for i in draw(st.lists(ids(), max_size=2))]
    requested = draw(st.lists(st.sampled_from(candidates), max_size=8)) if candidates else []
    return draw(st.sampled_from(types)), requested, services


@given(add_on_cases())
def test_exactly_the_add_ons_that_do_not_fit_get_one_reason_each_in_order(
    case: tuple[
        ReservationTypeId, list[AdditionalServiceId], dict[AdditionalServiceId, AdditionalService]
    ],
) -> None:
    type_id, requested, services = case
    found = add_on_reasons(type_id, requested, services)
    failing = [
        service_id
        for service_id in dict.fromkeys(requested)
        if service_id not in services
        or not services[service_id].active
        or not services[service_id].allowed_for(type_id)
    ]
    assert [reason.service_id for reason in found] == failing
    for reason in found:
        service = services.get(reason.service_id)
        if service is None:
            assert isinstance(reason, UnknownAddOn)
        else:
            assert service.name in reason.message
            expected = AddOnUnavailable if not service.active else AddOnNotAllowed
            assert isinstance(reason, expected)


@given(additional_services(type_ids=[BOARDING_ID, GROOMING_ID], currency="USD"))
def test_an_allowed_add_on_can_always_be_priced_on_its_type(service: AdditionalService) -> None:
    price = service.as_price()
    assert (price.service_id, price.name, price.price, price.charge) == (
        service.id,
        service.name,
        service.price,
        service.charge,
    )
    for kind in (BOARDING, GROOMING):
        if service.allowed_for(kind.id):
            prices = kind.price_list([service])
            line = ReservationLine(REX, (service.id,))
            stay = estimate(prices, date(2026, 6, 1), date(2026, 6, 3), (line,))
            assert stay.total.amount >= service.price.amount
