"""Deposits: a fixed amount capped at the estimate, or a half-up share of the whole estimate."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.deposits import (
    DepositDue,
    DepositRule,
    FixedDeposit,
    PercentageDeposit,
    deposit_due,
    fixed_deposit_without_estimate,
)
from petcare_core.domain.estimate import (
    AddOnCharge,
    AddOnPrice,
    Estimate,
    EstimateLine,
    LineKind,
    PriceList,
    PricingUnit,
    estimate,
)
from petcare_core.domain.ids import AdditionalServiceId, AnimalId
from petcare_core.domain.money import CurrencyMismatch, Money
from petcare_core.domain.reservation import ReservationLine
from petcare_core.testing.strategies.booking_policies import (
    deposit_rules,
    estimates,
    percentage_deposits,
)

REX = AnimalId(1)
BATH = AdditionalServiceId(7)


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def costing(cents: int, currency: str = "USD") -> Estimate:
    """An estimate of one base line."""
    return Estimate(
        currency, (EstimateLine(REX, LineKind.BASE, "night", 1, Money(cents, currency)),)
    )


def test_no_rule_asks_for_nothing() -> None:
    assert deposit_due(None, costing(20_000)) == usd(0)
    assert deposit_due(None, costing(500, "JPY")) == Money(0, "JPY")


def test_a_fixed_deposit_is_capped_at_the_total() -> None:
    fifty = FixedDeposit(usd(5_000))
    assert deposit_due(fifty, costing(20_000)) == usd(5_000)
    assert deposit_due(fifty, costing(3_000)) == usd(3_000)
    assert deposit_due(fifty, costing(0)) == usd(0)


def test_a_percentage_is_of_the_whole_estimate_add_ons_and_tax_included() -> None:
    prices = PriceList(
        unit=PricingUnit.NIGHT,
        base_rate=usd(5_000),
        add_ons=(AddOnPrice(BATH, "Bath", usd(2_500), AddOnCharge.PER_STAY),),
        tax_rate=Decimal("0.0825"),
    )
    stay = estimate(prices, date(2026, 6, 1), date(2026, 6, 3), (ReservationLine(REX, (BATH,)),))
    # 2 nights 10,000 + bath 2,500 = 12,500; tax 1,031.25 -> 1,031; total 13,531.
    assert stay.total == usd(13_531)
    # 25% of 13,531 is 3,382.75 -> 3,383.
    assert deposit_due(PercentageDeposit(Decimal("0.25")), stay) == usd(3_383)


@pytest.mark.parametrize(
    ("total", "rate", "expected"),
    [
        (12_345, "0.10", 1_235),  # 1,234.5: half a cent rounds up
        (12_344, "0.10", 1_234),  # 1,234.4 rounds down
        (999, "1", 999),
        (1, "0.5", 1),
        (1, "0.4999", 0),
    ],
)
def test_a_percentage_rounds_half_up_to_the_minor_unit(
    total: int, rate: str, expected: int
) -> None:
    assert deposit_due(PercentageDeposit(Decimal(rate)), costing(total)) == usd(expected)


def test_a_percentage_of_a_yen_estimate_is_whole_yen() -> None:
    assert deposit_due(PercentageDeposit(Decimal("0.333")), costing(1_000, "JPY")) == Money(
        333, "JPY"
    )


def test_a_fixed_deposit_in_another_currency_is_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        deposit_due(FixedDeposit(Money(5_000, "EUR")), costing(20_000))


def test_a_deposit_is_never_negative() -> None:
    assert deposit_due(FixedDeposit(usd(100)), costing(-500)) == usd(0)
    assert deposit_due(PercentageDeposit(Decimal("0.5")), costing(-500)) == usd(0)


@pytest.mark.parametrize("rate", ["0", "-0.1", "1.01", "NaN", "Infinity"])
def test_a_rate_outside_zero_to_one_is_refused(rate: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        PercentageDeposit(Decimal(rate))


@pytest.mark.parametrize("cents", [0, -1])
def test_a_fixed_deposit_must_ask_for_something(cents: int) -> None:
    with pytest.raises(ValueError, match="more than zero"):
        FixedDeposit(usd(cents))


def test_a_deposit_due_informs_and_never_blocks() -> None:
    due = DepositDue(usd(5_500))
    assert due.blocking is False
    assert due.code == "deposit_due"
    assert due.message == "a deposit of 55.00 USD is due when you send this request"
    assert DepositDue(Money(500, "JPY")).message.startswith("a deposit of 500 JPY ")


# --- properties ---------------------------------------------------------------------------


@st.composite
def rule_and_estimate(draw: st.DrawFn) -> tuple[DepositRule | None, Estimate]:
    stay = draw(estimates())
    return draw(st.none() | deposit_rules(stay.currency)), stay


@given(rule_and_estimate())
def test_a_deposit_is_between_nothing_and_the_total_in_the_estimates_currency(
    case: tuple[DepositRule | None, Estimate],
) -> None:
    rule, stay = case
    due = deposit_due(rule, stay)
    assert due.currency == stay.currency
    assert 0 <= due.amount <= stay.total.amount
    if rule is None:
        assert due.amount == 0
    elif isinstance(rule, FixedDeposit):
        assert due.amount == min(rule.amount.amount, stay.total.amount)


@given(estimates(), deposit_rules().filter(lambda rule: isinstance(rule, PercentageDeposit)))
def test_a_percentage_is_the_exact_share_rounded_half_up(stay: Estimate, rule: DepositRule) -> None:
    assert isinstance(rule, PercentageDeposit)
    exact = Decimal(stay.total.amount) * rule.rate
    due = deposit_due(rule, stay).amount
    assert due == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert -Decimal("0.5") < due - exact <= Decimal("0.5")


@given(estimates(), st.lists(percentage_deposits(), min_size=2, max_size=5))
def test_a_higher_percentage_never_asks_for_less(
    stay: Estimate, rules: list[PercentageDeposit]
) -> None:
    ordered = sorted(rules, key=lambda rule: rule.rate)
    dues = [deposit_due(rule, stay).amount for rule in ordered]
    assert dues == sorted(dues)


@given(
    st.lists(st.integers(0, 10**9), min_size=2, max_size=5),
    deposit_rules("USD"),
)
def test_a_dearer_estimate_never_asks_for_a_smaller_deposit(
    totals: list[int], rule: DepositRule
) -> None:
    dues = [deposit_due(rule, costing(total)).amount for total in sorted(totals)]
    assert dues == sorted(dues)


@given(estimates(), st.sampled_from(["EUR", "JPY", "KWD"]))
def test_a_fixed_deposit_in_a_foreign_currency_is_always_refused(
    stay: Estimate, currency: str
) -> None:
    rule = FixedDeposit(Money(100, currency))
    if currency == stay.currency:
        assert deposit_due(rule, stay).currency == currency
    else:
        with pytest.raises(CurrencyMismatch):
            deposit_due(rule, stay)


@given(
    base=st.integers(0, 50_000),
    nights=st.integers(1, 30),
    pets=st.integers(1, 4),
    discount=st.decimals(0, Decimal("0.99"), places=2),
    tax=st.decimals(0, Decimal("0.25"), places=4),
    data=st.data(),
)
def test_a_fixed_deposit_below_the_discounted_base_is_due_in_full(
    base: int, nights: int, pets: int, discount: Decimal, tax: Decimal, data: st.DataObject
) -> None:
    # The Gingr reservation list skips pricing a stay when this says so.
    floor = base * nights * pets * (1 - (discount if pets > 1 else 0)) - 2 * pets
    if floor < 1:
        return
    amount = data.draw(st.integers(1, int(floor)), label="deposit")
    rule = FixedDeposit(Money(amount, "USD"))
    known = fixed_deposit_without_estimate(rule, Money(base, "USD"), nights, pets, discount)
    assert known == Money(amount, "USD")
    prices = PriceList(
        PricingUnit.NIGHT, Money(base, "USD"), multi_pet_discount=discount, tax_rate=tax
    )
    lines = tuple(ReservationLine(AnimalId(n + 1)) for n in range(pets))
    first = date(2026, 6, 1)
    stay = estimate(prices, first, date.fromordinal(first.toordinal() + nights), lines)
    assert deposit_due(rule, stay) == known


def test_only_a_fixed_deposit_surely_below_the_stay_is_known_without_pricing() -> None:
    usd = Money(4500, "USD")
    assert fixed_deposit_without_estimate(None, usd, 3, 1, Decimal(0)) is None
    assert fixed_deposit_without_estimate(
        PercentageDeposit(Decimal("0.25")), usd, 3, 1, Decimal(0)
    ) is None  # fmt: skip
    cheap = FixedDeposit(Money(5000, "USD"))
    assert fixed_deposit_without_estimate(cheap, usd, 3, 1, Decimal(0)) == Money(5000, "USD")
    # One night costs 45.00: the 50.00 deposit is capped by the estimate, so it must be priced.
    assert fixed_deposit_without_estimate(cheap, usd, 1, 1, Decimal(0)) is None
    assert fixed_deposit_without_estimate(cheap, Money(4500, "EUR"), 3, 1, Decimal(0)) is None
