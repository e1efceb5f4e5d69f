"""Reservation types: what a facility sells (boarding, daycare, grooming, training) and its rules.

A reservation type fixes the unit it charges by and its base price, what a pet needs before it
may come (vaccines, signed agreements, a passed evaluation), where it is offered, and its booking,
cancellation and deposit policies. See docs/booking-rules.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

import attrs

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.cancellation import CancellationPolicy
from petcare_core.domain.deposits import DepositRule, FixedDeposit
from petcare_core.domain.estimate import PeakRange, PriceList, PricingUnit
from petcare_core.domain.ids import (
    AgreementId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import CurrencyMismatch, Money


def _required_text(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be blank")


def _not_negative(_: object, attribute: attrs.Attribute[Money], value: Money) -> None:
    if value.amount < 0:
        raise ValueError(f"{attribute.name} must not be negative")


# One typed converter per id set: mypy cannot check a generic converter's argument.
def _locations(ids: Iterable[LocationId]) -> frozenset[LocationId]:
    return frozenset(ids)


def _immunization_types(ids: Iterable[ImmunizationTypeId]) -> frozenset[ImmunizationTypeId]:
    return frozenset(ids)


def _agreements(ids: Iterable[AgreementId]) -> frozenset[AgreementId]:
    return frozenset(ids)


def _staff(ids: Iterable[StaffUserId]) -> frozenset[StaffUserId]:
    return frozenset(ids)


@attrs.frozen(kw_only=True)
class ReservationType:
    """A kind of reservation the facility offers, with its price and its rules.

    ``appointment_minutes`` is the length of an appointment and is set exactly when ``unit`` is
    ``APPOINTMENT``; ``assigns_staff`` (appointments only) means a groomer or trainer is chosen,
    one of ``staff_ids`` (the staff who do this work) or, when it is empty, any active staff
    member.
    ``location_ids`` lists where the type is offered (empty: at every location).
    ``required_immunization_type_ids`` and ``required_agreement_ids`` must be satisfied before a
    pet may come; ``requires_evaluation`` asks for a passed evaluation. ``deposit`` is ``None``
    when no deposit is taken.
    """

    id: ReservationTypeId
    facility_id: FacilityId
    name: str = attrs.field(validator=_required_text)
    unit: PricingUnit
    base_price: Money = attrs.field(validator=_not_negative)
    appointment_minutes: int | None = None
    assigns_staff: bool = False
    staff_ids: frozenset[StaffUserId] = attrs.field(default=frozenset(), converter=_staff)
    location_ids: frozenset[LocationId] = attrs.field(default=frozenset(), converter=_locations)
    required_immunization_type_ids: frozenset[ImmunizationTypeId] = attrs.field(
        default=frozenset(), converter=_immunization_types
    )
    required_agreement_ids: frozenset[AgreementId] = attrs.field(
        default=frozenset(), converter=_agreements
    )
    requires_evaluation: bool = False
    policy: BookingPolicy = attrs.field(factory=BookingPolicy)
    cancellation: CancellationPolicy = attrs.field(factory=CancellationPolicy)
    deposit: DepositRule | None = None
    active: bool = True
    version: int = 1

    def __attrs_post_init__(self) -> None:
        appointment = self.unit is PricingUnit.APPOINTMENT
        if appointment and (self.appointment_minutes is None or self.appointment_minutes <= 0):
            raise ValueError("an appointment type needs appointment_minutes of 1 or more")
        if not appointment and self.appointment_minutes is not None:
            raise ValueError(f"a type charged by {self.unit} has no appointment_minutes")
        if self.assigns_staff and not appointment:
            raise ValueError("only an appointment type assigns a staff member")
        if self.staff_ids and not self.assigns_staff:
            raise ValueError("only a type that assigns a staff member names who does the work")
        # Refused here rather than when the first deposit is computed, months later.
        if (
            isinstance(self.deposit, FixedDeposit)
            and self.deposit.amount.currency != self.base_price.currency
        ):
            raise CurrencyMismatch(
                f"a {self.base_price.currency} reservation type cannot take a "
                f"{self.deposit.amount.currency} deposit"
            )

    def done_by(self, staff_id: StaffUserId) -> bool:
        """True when ``staff_id`` may be booked for this type (any staff member when the type
        names nobody)."""
        return not self.staff_ids or staff_id in self.staff_ids

    @property
    def appointment_length(self) -> timedelta | None:
        """How long an appointment lasts, or ``None`` for stays."""
        if self.appointment_minutes is None:
            return None
        return timedelta(minutes=self.appointment_minutes)

    def offered_at(self, location_id: LocationId) -> bool:
        """True when the type is active and offered at ``location_id``."""
        return self.active and (not self.location_ids or location_id in self.location_ids)

    def price_list(
        self,
        add_ons: Iterable[AdditionalService] = (),
        *,
        peaks: tuple[PeakRange, ...] = (),
        multi_pet_discount: Decimal = Decimal(0),
        tax_rate: Decimal = Decimal(0),
    ) -> PriceList:
        """The price list an estimate of this type reads: its base price and ``add_ons``.

        Every add-on given is priced, active or not, so a stay booked before an add-on was
        withdrawn can still be estimated; ``add_on_reasons`` decides what may be requested.
        """
        return PriceList(
            unit=self.unit,
            base_rate=self.base_price,
            add_ons=tuple(add_on.as_price() for add_on in add_ons),
            peaks=peaks,
            multi_pet_discount=multi_pet_discount,
            tax_rate=tax_rate,
        )
