"""The estimate of a reservation: per-pet lines whose sum is the total, in one currency.

Each pet is charged the base rate for every unit of the stay, its add-ons, a peak surcharge for
every unit inside a peak range, its equal share of the multi-pet discount, and the location's tax
on all of that. Amounts that come from a rate (discount, tax) are rounded half-up on their own
line; the total is the sum of the lines, never rounded again. See docs/domain-rules.md,
"Estimate".
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import attrs

from petcare_core.domain.ids import AdditionalServiceId, AnimalId
from petcare_core.domain.money import CurrencyMismatch, Money
from petcare_core.domain.reservation import ReservationLine


class PricingUnit(enum.StrEnum):
    """What a reservation type charges by (research §4.6, §4.9)."""

    NIGHT = "night"  # boarding: each night from the first day to the day before the last
    DAY = "day"  # daycare: each calendar day from the first to the last, both included
    APPOINTMENT = "appointment"  # grooming, training: one per appointment


class AddOnCharge(enum.StrEnum):
    """Whether an add-on is charged once per stay or for every unit of it."""

    PER_STAY = "per_stay"
    PER_UNIT = "per_unit"


class LineKind(enum.StrEnum):
    """What an estimate line charges (or takes off)."""

    BASE = "base"
    ADD_ON = "add_on"
    PEAK = "peak"
    DISCOUNT = "discount"
    TAX = "tax"


def _not_negative(_: object, attribute: attrs.Attribute[Money], value: Money) -> None:
    if value.amount < 0:
        raise ValueError(f"{attribute.name} must not be negative")


def _fraction(_: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


@attrs.frozen
class AddOnPrice:
    """The price of an additional service."""

    service_id: AdditionalServiceId
    name: str
    price: Money = attrs.field(validator=_not_negative)
    charge: AddOnCharge = AddOnCharge.PER_STAY


@attrs.frozen
class PeakRange:
    """Dates ``first`` to ``last`` (both included) on which every unit costs ``surcharge`` more."""

    name: str
    first: date
    last: date
    surcharge: Money = attrs.field(validator=_not_negative)

    def __attrs_post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a peak range must not end before it starts")

    def covers(self, day: date) -> bool:
        """True when ``day`` lies inside the range."""
        return self.first <= day <= self.last


@attrs.frozen
class PriceList:
    """What an estimate reads from the reservation type, its add-ons and the location.

    ``multi_pet_discount`` is the share of one pet's base charge taken off for every pet after
    the first, then split equally between all the pets (0.20 with two pets: 10% each).
    ``tax_rate`` is the location's rate (0.0825 for 8.25%).
    """

    unit: PricingUnit
    base_rate: Money = attrs.field(validator=_not_negative)
    add_ons: tuple[AddOnPrice, ...] = ()
    peaks: tuple[PeakRange, ...] = ()
    multi_pet_discount: Decimal = attrs.field(default=Decimal(0), validator=_fraction)
    tax_rate: Decimal = attrs.field(default=Decimal(0), validator=_fraction)

    def __attrs_post_init__(self) -> None:
        # One currency per estimate: refusing a mixed price list here keeps every sum exact.
        prices = [add_on.price for add_on in self.add_ons] + [p.surcharge for p in self.peaks]
        for price in prices:
            if price.currency != self.base_rate.currency:
                raise CurrencyMismatch(
                    f"a {self.base_rate.currency} price list cannot hold a {price.currency} price"
                )
        services = [add_on.service_id for add_on in self.add_ons]
        if len(set(services)) != len(services):
            raise ValueError("an add-on is priced twice")

    @property
    def currency(self) -> str:
        """The currency of every price and of the estimate."""
        return self.base_rate.currency


@attrs.frozen
class EstimateLine:
    """One charge (a discount is negative) for one pet; ``quantity`` counts units, or is 1."""

    animal_id: AnimalId
    kind: LineKind
    description: str
    quantity: int
    amount: Money


@attrs.frozen
class Estimate:
    """An estimate's lines; every total is a sum of lines, so totals and lines always agree."""

    currency: str
    lines: tuple[EstimateLine, ...]

    def __attrs_post_init__(self) -> None:
        if any(line.amount.currency != self.currency for line in self.lines):
            raise CurrencyMismatch(f"every line of a {self.currency} estimate must be in it")

    @property
    def total(self) -> Money:
        """What the reservation is estimated to cost, tax included."""
        return _sum((line.amount for line in self.lines), self.currency)

    @property
    def tax(self) -> Money:
        """The tax included in the total."""
        return self._sum_of(LineKind.TAX)

    @property
    def subtotal(self) -> Money:
        """The total before tax."""
        return self.total - self.tax

    def pet_total(self, animal_id: AnimalId) -> Money:
        """What one pet's share of the reservation costs, tax included."""
        lines = (line.amount for line in self.lines if line.animal_id == animal_id)
        return _sum(lines, self.currency)

    def _sum_of(self, kind: LineKind) -> Money:
        return _sum((line.amount for line in self.lines if line.kind is kind), self.currency)


def _sum(amounts: Iterable[Money], currency: str) -> Money:
    total = Money.zero(currency)
    for amount in amounts:
        total += amount
    return total


def _apply_rate(amount: int, rate: Decimal) -> int:
    """``amount`` minor units times ``rate``, rounded half-up (away from zero on .5)."""
    return int((Decimal(amount) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def unit_dates(unit: PricingUnit, first_day: date, last_day: date) -> tuple[date, ...]:
    """The date of every charged unit of a stay from ``first_day`` to ``last_day``.

    A night is dated by the day it starts, so a stay from the 1st to the 4th has the nights of the
    1st, 2nd and 3rd; a stay that starts and ends on the same day still counts one night (research
    §4.9: under a day is charged as one). A day-billed stay counts every calendar day.
    """
    if last_day < first_day:
        raise ValueError("a stay must not end before it starts")
    if unit is PricingUnit.APPOINTMENT:
        return (first_day,)
    count = (last_day - first_day).days + (1 if unit is PricingUnit.DAY else 0)
    return tuple(first_day + timedelta(days=offset) for offset in range(max(count, 1)))


def _discount_shares(total: int, pets: int) -> list[int]:
    # Equal shares; the cents that do not divide go one each to the first pets in line order,
    # so shares differ by at most one minor unit and always add up to the total.
    share, remainder = divmod(total, pets)
    return [share + (1 if index < remainder else 0) for index in range(pets)]


def estimate(
    prices: PriceList, first_day: date, last_day: date, lines: tuple[ReservationLine, ...]
) -> Estimate:
    """The estimate of a stay from ``first_day`` to ``last_day`` for the pets of ``lines``.

    The days are the stay's local dates (the caller converts the reservation's times with the
    facility's timezone). Raises ``ValueError`` for an add-on the price list does not hold.
    """
    if not lines:
        raise ValueError("an estimate needs at least one pet")
    currency = prices.currency
    days = unit_dates(prices.unit, first_day, last_day)
    units = len(days)
    add_ons = {add_on.service_id: add_on for add_on in prices.add_ons}
    peak_units = _peak_units(prices.peaks, days)
    base = prices.base_rate.amount * units
    discount = _apply_rate(base * (len(lines) - 1), prices.multi_pet_discount)
    shares = _discount_shares(discount, len(lines))
    result: list[EstimateLine] = []
    for line, share in zip(lines, shares, strict=True):
        pet = line.animal_id
        charges = [
            EstimateLine(pet, LineKind.BASE, prices.unit.value, units, Money(base, currency))
        ]
        for service_id in line.services:
            if service_id not in add_ons:
                raise ValueError(f"add-on {service_id} has no price for this reservation type")
            add_on = add_ons[service_id]
            quantity = units if add_on.charge is AddOnCharge.PER_UNIT else 1
            amount = Money(add_on.price.amount * quantity, currency)
            charges.append(EstimateLine(pet, LineKind.ADD_ON, add_on.name, quantity, amount))
        for peak, count in peak_units:
            amount = Money(peak.surcharge.amount * count, currency)
            charges.append(EstimateLine(pet, LineKind.PEAK, peak.name, count, amount))
        if share:
            charges.append(
                EstimateLine(
                    pet, LineKind.DISCOUNT, "multi-pet discount", 1, Money(-share, currency)
                )
            )
        taxable = sum(charge.amount.amount for charge in charges)
        tax = _apply_rate(taxable, prices.tax_rate)
        if tax:
            charges.append(EstimateLine(pet, LineKind.TAX, "tax", 1, Money(tax, currency)))
        result.extend(charges)
    return Estimate(currency, tuple(result))


def _peak_units(
    peaks: tuple[PeakRange, ...], days: tuple[date, ...]
) -> list[tuple[PeakRange, int]]:
    # A unit inside several ranges pays only the highest surcharge (the first such range on a
    # tie), so overlapping seasons never charge one night twice.
    counts: dict[int, int] = {}
    for day in days:
        covering = [index for index, peak in enumerate(peaks) if peak.covers(day)]
        if covering:
            best = max(covering, key=lambda index: (peaks[index].surcharge.amount, -index))
            counts[best] = counts.get(best, 0) + 1
    return [(peaks[index], counts[index]) for index in sorted(counts)]
