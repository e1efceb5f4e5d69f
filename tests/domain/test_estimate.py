"""The estimate: units, add-ons, peaks, the equal multi-pet split, half-up tax, one currency."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.estimate import (
    AddOnCharge,
    AddOnPrice,
    Estimate,
    EstimateLine,
    LineKind,
    PeakRange,
    PriceList,
    PricingUnit,
    estimate,
    unit_dates,
)
from petcare_core.domain.ids import AdditionalServiceId, AnimalId
from petcare_core.domain.money import CurrencyMismatch, Money
from petcare_core.domain.reservation import ReservationLine
from petcare_core.testing.strategies import currencies, price_lists, stays

BATH = AdditionalServiceId(1)
WALK = AdditionalServiceId(2)
REX, MAX = AnimalId(10), AnimalId(11)


def usd(cents: int) -> Money:
    return Money(cents, "USD")


BOARDING = PriceList(
    unit=PricingUnit.NIGHT,
    base_rate=usd(5_000),
    add_ons=(
        AddOnPrice(BATH, "Bath", usd(2_500)),
        AddOnPrice(WALK, "Walk", usd(1_000), AddOnCharge.PER_UNIT),
    ),
    peaks=(PeakRange("Christmas", date(2025, 12, 20), date(2025, 12, 31), usd(1_500)),),
    multi_pet_discount=Decimal("0.20"),
    tax_rate=Decimal("0.0825"),
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[PriceList, date, date, tuple[ReservationLine, ...]]:
    prices = draw(price_lists())
    first, last = draw(stays())
    services = [add_on.service_id for add_on in prices.add_ons]
    pets = draw(st.lists(st.integers(1, 10**6), min_size=1, max_size=5, unique=True))
    lines = tuple(
        ReservationLine(
            AnimalId(pet),
            tuple(draw(st.lists(st.sampled_from(services), unique=True))) if services else (),
        )
        for pet in pets
    )
    return prices, first, last, lines


def test_a_two_pet_boarding_stay_over_christmas() -> None:
    # Three nights (22nd, 23rd, 24th), all inside the peak; Rex has a bath and a daily walk.
    lines = (ReservationLine(REX, (BATH, WALK)), ReservationLine(MAX))
    result = estimate(BOARDING, date(2025, 12, 22), date(2025, 12, 25), lines)
    # 20% of one pet's base (15,000) is 3,000 off, 1,500 each. Rex: 15,000 + 2,500 + 3,000 +
    # 4,500 - 1,500 = 23,500, tax 1,938.75 -> 1,939; Max: 15,000 + 4,500 - 1,500 = 18,000,
    # tax 1,485.
    assert [
        (line.animal_id, line.kind, line.quantity, line.amount.amount) for line in result.lines
    ] == [
        (REX, LineKind.BASE, 3, 15_000),
        (REX, LineKind.ADD_ON, 1, 2_500),
        (REX, LineKind.ADD_ON, 3, 3_000),
        (REX, LineKind.PEAK, 3, 4_500),
        (REX, LineKind.DISCOUNT, 1, -1_500),
        (REX, LineKind.TAX, 1, 1_939),
        (MAX, LineKind.BASE, 3, 15_000),
        (MAX, LineKind.PEAK, 3, 4_500),
        (MAX, LineKind.DISCOUNT, 1, -1_500),
        (MAX, LineKind.TAX, 1, 1_485),
    ]
    assert result.total == usd(25_439 + 19_485)
    assert (result.pet_total(REX), result.pet_total(MAX)) == (usd(25_439), usd(19_485))
    assert (result.subtotal, result.tax) == (usd(41_500), usd(3_424))


@pytest.mark.parametrize(
    ("unit", "first", "last", "expected"),
    [
        (PricingUnit.NIGHT, date(2025, 1, 1), date(2025, 1, 4), 3),
        (PricingUnit.NIGHT, date(2025, 1, 1), date(2025, 1, 1), 1),
        (PricingUnit.DAY, date(2025, 1, 1), date(2025, 1, 4), 4),
        (PricingUnit.DAY, date(2025, 1, 1), date(2025, 1, 1), 1),
        (PricingUnit.APPOINTMENT, date(2025, 1, 1), date(2025, 1, 4), 1),
    ],
)
def test_units_of_a_stay(unit: PricingUnit, first: date, last: date, expected: int) -> None:
    days = unit_dates(unit, first, last)
    assert len(days) == expected
    assert days[0] == first


def test_overlapping_peaks_charge_a_unit_once_at_the_highest_surcharge() -> None:
    prices = PriceList(
        unit=PricingUnit.DAY,
        base_rate=usd(100),
        peaks=(
            PeakRange("summer", date(2025, 7, 1), date(2025, 7, 31), usd(10)),
            PeakRange("july 4th", date(2025, 7, 4), date(2025, 7, 4), usd(30)),
        ),
    )
    result = estimate(prices, date(2025, 6, 30), date(2025, 7, 5), (ReservationLine(REX),))
    peaks = [(line.description, line.quantity, line.amount.amount) for line in result.lines][1:]
    assert peaks == [("summer", 4, 40), ("july 4th", 1, 30)]


def test_half_a_cent_of_tax_rounds_up() -> None:
    prices = PriceList(unit=PricingUnit.APPOINTMENT, base_rate=usd(10), tax_rate=Decimal("0.05"))
    result = estimate(prices, date(2025, 1, 1), date(2025, 1, 1), (ReservationLine(REX),))
    assert result.tax == usd(1)  # 0.5 cent


def test_an_unpriced_add_on_and_an_empty_estimate_are_refused() -> None:
    with pytest.raises(ValueError, match="no price"):
        estimate(
            BOARDING,
            date(2025, 1, 1),
            date(2025, 1, 2),
            (ReservationLine(REX, (AdditionalServiceId(99),)),),
        )
    with pytest.raises(ValueError, match="at least one pet"):
        estimate(BOARDING, date(2025, 1, 1), date(2025, 1, 2), ())
    with pytest.raises(ValueError, match="end before"):
        estimate(BOARDING, date(2025, 1, 2), date(2025, 1, 1), (ReservationLine(REX),))


def test_mixed_currencies_are_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        PriceList(PricingUnit.DAY, usd(100), add_ons=(AddOnPrice(BATH, "Bath", Money(1, "EUR")),))
    with pytest.raises(CurrencyMismatch):
        PriceList(
            PricingUnit.DAY,
            usd(100),
            peaks=(PeakRange("x", date(2025, 1, 1), date(2025, 1, 1), Money(1, "EUR")),),
        )
    with pytest.raises(CurrencyMismatch):
        Estimate("USD", (EstimateLine(REX, LineKind.BASE, "day", 1, Money(1, "EUR")),))


@given(cases())
def test_totals_are_sums_of_lines_in_the_price_lists_currency(
    case: tuple[PriceList, date, date, tuple[ReservationLine, ...]],
) -> None:
    prices, first, last, lines = case
    result = estimate(prices, first, last, lines)
    assert result.currency == prices.currency
    assert {line.amount.currency for line in result.lines} <= {prices.currency}
    assert result.total.amount == sum(line.amount.amount for line in result.lines)
    assert result.total == result.subtotal + result.tax
    pets = [line.animal_id for line in lines]
    assert sum(result.pet_total(pet).amount for pet in pets) == result.total.amount
    assert {line.animal_id for line in result.lines} == set(pets)


@given(cases())
def test_the_multi_pet_discount_is_split_equally(
    case: tuple[PriceList, date, date, tuple[ReservationLine, ...]],
) -> None:
    prices, first, last, lines = case
    result = estimate(prices, first, last, lines)
    shares = [
        -sum(
            line.amount.amount
            for line in result.lines
            if line.animal_id == pet.animal_id and line.kind is LineKind.DISCOUNT
        )
        for pet in lines
    ]
    base = prices.base_rate.amount * len(unit_dates(prices.unit, first, last))
    expected = Decimal(base * (len(lines) - 1)) * prices.multi_pet_discount
    assert sum(shares) == int(expected.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert max(shares) - min(shares) <= 1
    assert shares == sorted(shares, reverse=True)  # the odd cents go to the first pets


@given(cases())
def test_tax_is_each_pets_taxable_amount_rounded_half_up(
    case: tuple[PriceList, date, date, tuple[ReservationLine, ...]],
) -> None:
    prices, first, last, lines = case
    result = estimate(prices, first, last, lines)
    for line in lines:
        own = [charge for charge in result.lines if charge.animal_id == line.animal_id]
        taxable = sum(charge.amount.amount for charge in own if charge.kind is not LineKind.TAX)
        tax = sum(charge.amount.amount for charge in own if charge.kind is LineKind.TAX)
        exact = Decimal(taxable) * prices.tax_rate
        assert tax == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert abs(Decimal(tax) - exact) <= Decimal("0.5")


@given(price_lists(), currencies())
def test_the_estimate_keeps_the_price_lists_currency(prices: PriceList, currency: str) -> None:
    result = estimate(prices, date(2025, 1, 1), date(2025, 1, 3), (ReservationLine(REX),))
    assert result.total.currency == prices.currency
    if currency != prices.currency:
        with pytest.raises(CurrencyMismatch):
            _ = result.total + Money(0, currency)
