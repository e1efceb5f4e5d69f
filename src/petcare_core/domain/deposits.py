"""Deposit rules: how much of a reservation's estimate is due when the request is sent.

A reservation type asks for a fixed amount or a percentage of the whole estimate (add-ons and tax
included, research §4.8), or for nothing. ``deposit_due`` computes the amount; the deposit's
lifecycle (paid, applied, refunded, forfeited) comes later. See docs/booking-rules.md.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TypeAlias

import attrs

from petcare_core.domain.estimate import Estimate
from petcare_core.domain.money import CurrencyMismatch, Money
from petcare_core.domain.reasons import Reason


def _positive_amount(_: object, attribute: attrs.Attribute[Money], value: Money) -> None:
    if value.amount <= 0:
        raise ValueError(f"{attribute.name} must be more than zero; use no deposit rule instead")


def _rate(_: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not value.is_finite() or not Decimal(0) < value <= Decimal(1):
        raise ValueError(
            f"{attribute.name} must be more than 0 and at most 1 (0.25 for 25%), got {value}"
        )


@attrs.frozen
class FixedDeposit:
    """A fixed amount, capped at the estimate's total."""

    amount: Money = attrs.field(validator=_positive_amount)


@attrs.frozen
class PercentageDeposit:
    """A share of the estimate's total: ``rate`` 0.25 asks for 25%."""

    rate: Decimal = attrs.field(validator=_rate)


DepositRule: TypeAlias = FixedDeposit | PercentageDeposit


def deposit_due(rule: DepositRule | None, estimate: Estimate) -> Money:
    """The deposit a reservation with this ``estimate`` owes under ``rule``, in its currency.

    A percentage applies to ``estimate.total`` (add-ons and tax included) and is rounded half-up
    to the minor unit; a fixed deposit never exceeds that total. No rule, or an estimate that
    costs nothing, owes nothing. A fixed amount in another currency raises ``CurrencyMismatch``.
    """
    currency = estimate.currency
    # Never negative: a hand-made estimate could total below zero, and a deposit is never owed
    # back.
    total = max(estimate.total.amount, 0)
    if rule is None:
        return Money.zero(currency)
    if isinstance(rule, FixedDeposit):
        if rule.amount.currency != currency:
            raise CurrencyMismatch(
                f"a {rule.amount.currency} deposit cannot be taken on a {currency} estimate"
            )
        return Money(min(rule.amount.amount, total), currency)
    share = (Decimal(total) * rule.rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Money(int(share), currency)


def fixed_deposit_without_estimate(
    rule: DepositRule | None, base_price: Money, units: int, pets: int, multi_pet_discount: Decimal
) -> Money | None:
    """The deposit of a stay of ``units`` units for ``pets`` pets when it is known without
    pricing the stay, else ``None`` (price it and call ``deposit_due``).

    A fixed deposit is capped at the estimate's total, and that total is never less than the
    base price of every unit and pet less the multi-pet discount (add-ons, peaks and tax only
    add); so a fixed amount below that floor is due in full. A minor unit per line is kept as a
    margin, since each discount line is rounded on its own. Long lists of reservations skip
    pricing every stay this way.
    """
    if not isinstance(rule, FixedDeposit) or rule.amount.currency != base_price.currency:
        return None
    discount = multi_pet_discount if pets > 1 else Decimal(0)
    floor = base_price.amount * units * pets * (1 - discount)
    return rule.amount if rule.amount.amount <= floor - 2 * pets else None


@attrs.frozen
class DepositDue(Reason):
    """Information, not a refusal: a deposit is due when the request is sent."""

    amount: Money

    @property
    def blocking(self) -> bool:
        """Always False: a deposit due never stops a request."""
        return False

    @property
    def message(self) -> str:
        return (
            f"a deposit of {self.amount.format_plain()} {self.amount.currency} is due when you "
            "send this request"
        )
