"""Money: an integer amount of minor units and an ISO 4217 currency."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import attrs

# Minor-unit exponents for the currencies whose exponent is not 2 (ISO 4217).
_EXPONENTS: dict[str, int] = {
    "BHD": 3, "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3, "JPY": 0,
    "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0, "TND": 3, "UGX": 0,
    "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip


def is_currency_code(code: str) -> bool:
    """True for a three-letter upper-case code such as ``USD``."""
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


def minor_unit_exponent(currency: str) -> int:
    """How many decimal places the currency's minor unit has (2 for USD, 0 for JPY)."""
    return _EXPONENTS.get(currency, 2)


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


def _check_currency(_: object, __: object, value: str) -> None:
    if not is_currency_code(value):
        raise ValueError(
            f"currency must be a three-letter ISO 4217 code such as 'USD', got {value!r}"
        )


@attrs.frozen(order=False)
class Money:
    """An exact amount of money: ``amount`` minor units (cents) of ``currency``."""

    amount: int
    currency: str = attrs.field(validator=_check_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money in ``currency``."""
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, value: Decimal, currency: str) -> Money:
        """Round ``value`` (in major units) half-up to the currency's minor unit."""
        exponent = minor_unit_exponent(currency)
        minor = (value * (Decimal(10) ** exponent)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return cls(int(minor), currency)

    def to_decimal(self) -> Decimal:
        """The amount in major units, exactly."""
        return Decimal(self.amount).scaleb(-minor_unit_exponent(self.currency))

    def format_plain(self) -> str:
        """The amount as a plain decimal string with the currency's places: ``"55.00"``."""
        exponent = minor_unit_exponent(self.currency)
        quantum = Decimal(1).scaleb(-exponent) if exponent else Decimal(1)
        return str(self.to_decimal().quantize(quantum))

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")
