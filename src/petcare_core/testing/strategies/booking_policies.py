"""Booking policies and what they belong to: opening hours, reservation types, add-ons, deposits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.booking_window import BookingPolicy, DailyHours, WeeklyHours
from petcare_core.domain.deposits import DepositRule, FixedDeposit, PercentageDeposit
from petcare_core.domain.estimate import AddOnCharge, Estimate, PricingUnit, estimate
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    AnimalId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import ReservationLine
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.testing.strategies.reservations import cancellation_policies, price_lists, stays
from petcare_core.testing.strategies.values import (
    TIMEZONES,
    _given_or,
    currencies,
    dates,
    ids,
    names,
)


def zones() -> st.SearchStrategy[tzinfo]:
    """The facility timezones of :data:`TIMEZONES`, DST-observing ones included."""
    return st.sampled_from(TIMEZONES).map(ZoneInfo)


def clock_times() -> st.SearchStrategy[time]:
    """Local wall-clock times on the minute, as a facility writes its hours."""
    return st.integers(0, 24 * 60 - 1).map(lambda minutes: time(*divmod(minutes, 60)))


def daily_hours() -> st.SearchStrategy[DailyHours]:
    """One day's hours: opening before closing, both on the minute."""
    return st.lists(clock_times(), min_size=2, max_size=2, unique=True).map(
        lambda pair: DailyHours(*sorted(pair))
    )


def weekly_hours(*, closed_days: bool = True) -> st.SearchStrategy[WeeklyHours]:
    """Seven days of hours, Monday first; some days have none unless ``closed_days`` is False."""
    day = st.none() | daily_hours() if closed_days else daily_hours()
    return st.lists(day, min_size=7, max_size=7).map(WeeklyHours)


def booking_policies(
    *, closed_days: bool = True, max_closed_dates: int = 10
) -> st.SearchStrategy[BookingPolicy]:
    """Booking policies with any horizon, lead time, hours and up to ``max_closed_dates`` dates."""
    return st.builds(
        BookingPolicy,
        horizon_days=st.integers(0, 800),
        same_day_allowed=st.booleans(),
        next_day_cutoff=st.none() | clock_times(),
        drop_off_hours=weekly_hours(closed_days=closed_days),
        pick_up_hours=weekly_hours(closed_days=closed_days),
        closed_dates=st.frozensets(dates(), max_size=max_closed_dates),
    )


def fixed_deposits(currency: str | None = None) -> st.SearchStrategy[FixedDeposit]:
    """Fixed deposits of 1 to 10,000,000 minor units."""
    return st.builds(
        FixedDeposit,
        st.builds(Money, st.integers(1, 10**7), _given_or(currency, currencies())),
    )


def percentage_deposits() -> st.SearchStrategy[PercentageDeposit]:
    """Percentage deposits from 0.01% to 100%, with up to four decimal places of the rate."""
    return st.builds(
        PercentageDeposit,
        st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1), places=4),
    )


def deposit_rules(currency: str | None = None) -> st.SearchStrategy[DepositRule]:
    """Fixed deposits (in ``currency`` or any) and percentage deposits."""
    return st.one_of(fixed_deposits(currency), percentage_deposits())


@st.composite
def reservation_types(
    draw: st.DrawFn,
    *,
    facility_id: FacilityId | None = None,
    type_id: ReservationTypeId | None = None,
    unit: PricingUnit | None = None,
    currency: str | None = None,
    location_ids: Sequence[LocationId] = (),
    immunization_type_ids: Sequence[ImmunizationTypeId] = (),
    agreement_ids: Sequence[AgreementId] = (),
    staff_ids: Sequence[StaffUserId] = (),
) -> ReservationType:
    """Reservation types of any unit; requirements, locations and the staff who do the work (for
    an appointment type that assigns staff) come from the candidates given.

    With no candidates the type is offered everywhere and requires no vaccine or agreement.
    """
    code = draw(_given_or(currency, currencies()))
    charged_by = draw(_given_or(unit, st.sampled_from(PricingUnit)))
    appointment = charged_by is PricingUnit.APPOINTMENT

    def subset(candidates: Sequence[int]) -> st.SearchStrategy[frozenset[int]]:
        if not candidates:
            return st.just(frozenset())
        return st.frozensets(st.sampled_from(candidates), max_size=len(candidates))

    assigns = draw(st.booleans()) if appointment else False
    return ReservationType(
        id=draw(_given_or(type_id, ids().map(ReservationTypeId))),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        name=draw(names()),
        unit=charged_by,
        base_price=Money(draw(st.integers(0, 10**7)), code),
        appointment_minutes=draw(st.integers(5, 8 * 60)) if appointment else None,
        assigns_staff=assigns,
        staff_ids=frozenset(
            StaffUserId(i) for i in (draw(subset(staff_ids)) if assigns else frozenset())
        ),
        location_ids=frozenset(LocationId(i) for i in draw(subset(location_ids))),
        required_immunization_type_ids=frozenset(
            ImmunizationTypeId(i) for i in draw(subset(immunization_type_ids))
        ),
        required_agreement_ids=frozenset(AgreementId(i) for i in draw(subset(agreement_ids))),
        requires_evaluation=draw(st.booleans()),
        policy=draw(booking_policies()),
        cancellation=draw(cancellation_policies()),
        deposit=draw(st.none() | deposit_rules(code)),
        active=draw(st.booleans()),
    )


def additional_services(
    *,
    facility_id: FacilityId | None = None,
    service_id: AdditionalServiceId | None = None,
    currency: str | None = None,
    type_ids: Sequence[ReservationTypeId] = (),
) -> st.SearchStrategy[AdditionalService]:
    """Add-ons allowed for a subset of ``type_ids`` (for none when no ids are given)."""
    allowed = (
        st.frozensets(st.sampled_from(type_ids), max_size=len(type_ids))
        if type_ids
        else st.just(frozenset[ReservationTypeId]())
    )
    return st.builds(
        AdditionalService,
        id=_given_or(service_id, ids().map(AdditionalServiceId)),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        name=names(),
        price=st.builds(Money, st.integers(0, 10**6), _given_or(currency, currencies())),
        charge=st.sampled_from(AddOnCharge),
        type_ids=allowed,
        active=st.booleans(),
    )


@st.composite
def estimates(draw: st.DrawFn, *, currency: str | None = None) -> Estimate:
    """Estimates of one to three pets for a stay of up to two weeks, add-ons and tax included."""
    prices = draw(price_lists(currency=currency))
    first, last = draw(stays(14))
    services = [add_on.service_id for add_on in prices.add_ons]
    pets = draw(st.lists(ids().map(AnimalId), min_size=1, max_size=3, unique=True))
    lines = tuple(
        ReservationLine(pet, tuple(draw(st.lists(st.sampled_from(services), unique=True))))
        if services
        else ReservationLine(pet)
        for pet in pets
    )
    return estimate(prices, first, last, lines)
