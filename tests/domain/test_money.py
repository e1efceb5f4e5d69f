"""Money: exact minor units, one currency at a time, explicit half-up rounding."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.money import (
    CurrencyMismatch,
    Money,
    is_currency_code,
    minor_unit_exponent,
)
from petcare_core.testing.strategies import currencies, money

USD = "USD"


def test_arithmetic_in_one_currency() -> None:
    assert Money(550, USD) + Money(125, USD) == Money(675, USD)
    assert Money(550, USD) - Money(600, USD) == Money(-50, USD)
    assert -Money(550, USD) == Money(-550, USD)
    assert Money.zero("JPY") == Money(0, "JPY")


@pytest.mark.parametrize("operation", [Money.__add__, Money.__sub__])
def test_combining_currencies_is_refused(operation: Callable[[Money, Money], Money]) -> None:
    with pytest.raises(CurrencyMismatch, match="USD with EUR"):
        operation(Money(1, USD), Money(1, "EUR"))


@pytest.mark.parametrize("code", ["usd", "US", "USDD", "U$D", "", "ÄBC"])
def test_currency_must_be_an_iso_code(code: str) -> None:
    assert not is_currency_code(code)
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(1, code)


@pytest.mark.parametrize(
    ("value", "currency", "amount"),
    [
        ("1.005", USD, 101),
        ("1.004", USD, 100),
        ("-1.005", USD, -101),
        ("0.5", "JPY", 1),
        ("-0.5", "JPY", -1),
        ("1.0005", "KWD", 1001),
        ("55", USD, 5500),
        ("0.125", "EUR", 13),
    ],
)
def test_from_decimal_rounds_half_up_away_from_zero(value: str, currency: str, amount: int) -> None:
    assert Money.from_decimal(Decimal(value), currency) == Money(amount, currency)


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(5500, USD), "55.00"),
        (Money(5, USD), "0.05"),
        (Money(-5, USD), "-0.05"),
        (Money(1500, "JPY"), "1500"),
        (Money(1234, "KWD"), "1.234"),
        (Money(0, USD), "0.00"),
    ],
)
def test_format_plain(money: Money, text: str) -> None:
    assert money.format_plain() == text


def test_minor_unit_exponents() -> None:
    assert [minor_unit_exponent(c) for c in (USD, "JPY", "KWD", "EUR")] == [2, 0, 3, 2]


@given(currencies().flatmap(lambda c: st.tuples(money(c), money(c), money(c))))
def test_addition_is_associative_commutative_and_undone_by_subtraction(
    amounts: tuple[Money, Money, Money],
) -> None:
    a, b, c = amounts
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + b - b == a
    assert a + Money.zero(a.currency) == a
    assert a + -a == Money.zero(a.currency)


@given(money())
def test_decimal_round_trip_and_plain_format_are_exact(amount: Money) -> None:
    assert Money.from_decimal(amount.to_decimal(), amount.currency) == amount
    assert Decimal(amount.format_plain()) == amount.to_decimal()
