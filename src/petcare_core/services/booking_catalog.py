"""What a facility sells: reservation types (boarding, daycare, grooming, training) and the
add-on services that go with them.

Defining or changing them needs ``catalog.manage``; reading them needs nothing (the portal's
booking wizard lists them). Names are unique case-insensitively within their list. An update
replaces every field; an update that changes nothing writes nothing. The domain has no events
for catalog changes, so none are recorded. Capacity pools and lodgings are in
``capacity_pools``.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from decimal import Decimal

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.cancellation import CancellationPolicy
from petcare_core.domain.deposits import DepositRule, FixedDeposit, PercentageDeposit
from petcare_core.domain.estimate import AddOnCharge, PricingUnit
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AgreementId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.reasons import InvalidValue, Rejection, RequiredValueMissing
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import Permission
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize
from petcare_core.services._catalog_checks import (
    known_ids,
    others,
    price,
    recount_places,
    unique_name,
)
from petcare_core.services._checks import Checks, check_version
from petcare_core.services.context import ServiceContext

#: The longest appointment, in minutes (a day).
MAX_APPOINTMENT_MINUTES = 24 * 60
#: The longest free-cancellation window, in hours (a year).
MAX_CANCELLATION_HOURS = 366 * 24


def _locations(ids: Iterable[LocationId]) -> frozenset[LocationId]:
    return frozenset(ids)


def _immunization_types(ids: Iterable[ImmunizationTypeId]) -> frozenset[ImmunizationTypeId]:
    return frozenset(ids)


def _agreements(ids: Iterable[AgreementId]) -> frozenset[AgreementId]:
    return frozenset(ids)


def _staff(ids: Iterable[StaffUserId]) -> frozenset[StaffUserId]:
    return frozenset(ids)


def _types(ids: Iterable[ReservationTypeId]) -> frozenset[ReservationTypeId]:
    return frozenset(ids)


@attrs.frozen(kw_only=True)
class ReservationTypeDetails:
    """A reservation type as staff enter it.

    ``unit`` is ``night``, ``day`` or ``appointment``; ``base_price`` is in major units of the
    facility's currency (``45.00``); ``appointment_minutes`` is set exactly for appointments,
    and only they may ``assign_staff``; ``staff_ids`` names who does the work (empty: any
    active staff member; only with ``assigns_staff``). ``location_ids`` empty means every
    location.
    ``cancellation_hours``: free cancellation until that many hours before the start. A
    deposit is either ``deposit_amount`` (major units, capped at the estimate) or
    ``deposit_rate`` (a fraction of the whole estimate, ``0.25`` for 25 %), or neither.
    """

    name: str
    unit: PricingUnit | str
    base_price: Decimal | int
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
    cancellation_hours: int = 24
    deposit_amount: Decimal | int | None = None
    deposit_rate: Decimal | None = None
    active: bool = True


@attrs.frozen(kw_only=True)
class AdditionalServiceDetails:
    """An add-on as staff enter it: ``price`` in major units of the facility's currency,
    charged ``per_stay`` or ``per_unit``, offered with the reservation types ``type_ids``
    (none: with no type)."""

    name: str
    price: Decimal | int
    charge: AddOnCharge | str = AddOnCharge.PER_STAY
    type_ids: frozenset[ReservationTypeId] = attrs.field(default=frozenset(), converter=_types)
    active: bool = True


def _unit(checks: Checks, raw: PricingUnit | str) -> PricingUnit | None:
    try:
        return PricingUnit(raw.strip().lower() if isinstance(raw, str) else raw)
    except ValueError:
        choices = ", ".join(unit.value for unit in PricingUnit)
        checks.add(InvalidValue("unit", f"{str(raw)[:30]!r} is not a unit; use one of {choices}"))
        return None


def _charge(checks: Checks, raw: AddOnCharge | str) -> AddOnCharge:
    try:
        return AddOnCharge(raw.strip().lower() if isinstance(raw, str) else raw)
    except ValueError:
        choices = ", ".join(charge.value for charge in AddOnCharge)
        checks.add(
            InvalidValue("charge", f"{str(raw)[:30]!r} is not a charge; use one of {choices}")
        )
        return AddOnCharge.PER_STAY


def _appointment(checks: Checks, details: ReservationTypeDetails, unit: PricingUnit | None) -> None:
    minutes = details.appointment_minutes
    if unit is PricingUnit.APPOINTMENT:
        if minutes is None:
            checks.add(RequiredValueMissing("appointment_minutes"))
        else:
            checks.in_range("appointment_minutes", minutes, 1, MAX_APPOINTMENT_MINUTES)
    elif unit is not None:
        if minutes is not None:
            checks.add(InvalidValue("appointment_minutes", "only an appointment type has a length"))
        if details.assigns_staff:
            checks.add(
                InvalidValue("assigns_staff", "only an appointment type assigns a staff member")
            )


def _deposit(checks: Checks, details: ReservationTypeDetails, currency: str) -> DepositRule | None:
    amount, rate = details.deposit_amount, details.deposit_rate
    if amount is not None and rate is not None:
        checks.add(InvalidValue("deposit_rate", "give a fixed deposit or a rate, not both"))
        return None
    if amount is not None:
        before = len(checks.reasons)
        money = price(checks, "deposit_amount", amount, currency)
        if money.amount == 0 and len(checks.reasons) == before:
            checks.add(InvalidValue("deposit_amount", "must be more than 0; or take no deposit"))
        return FixedDeposit(money) if money.amount > 0 else None
    if rate is not None:
        if not Decimal(rate).is_finite() or not 0 < rate <= 1:
            checks.add(
                InvalidValue("deposit_rate", "must be more than 0 and at most 1 (0.25 for 25 %)")
            )
            return None
        return PercentageDeposit(Decimal(rate))
    return None


def _check_type(
    checks: Checks,
    uow: FacilityUnitOfWork,
    details: ReservationTypeDetails,
    type_id: ReservationTypeId | None,
) -> ReservationType | None:
    """The type ``details`` describe (with id 0 when new), or None with every reason
    recorded."""
    currency = uow.facility().currency
    name = checks.text("name", details.name)
    unit = _unit(checks, details.unit)
    base_price = price(checks, "base_price", details.base_price, currency)
    _appointment(checks, details, unit)
    checks.in_range("cancellation_hours", details.cancellation_hours, 0, MAX_CANCELLATION_HOURS)
    deposit = _deposit(checks, details, currency)
    unique_name(checks, name, (t.name for t in others(uow.reservation_types.list(), type_id)))
    known_ids(
        checks, "location_ids", details.location_ids, {loc.id for loc in uow.locations.list()}
    )
    known_ids(
        checks,
        "required_immunization_type_ids",
        details.required_immunization_type_ids,
        {kind.id for kind in uow.immunization_types.list()},
    )
    known_ids(
        checks,
        "required_agreement_ids",
        details.required_agreement_ids,
        {agreement.id for agreement in uow.agreements.list()},
    )
    if details.staff_ids and not details.assigns_staff:
        checks.add(InvalidValue("staff_ids", "only a type that assigns a staff member names who"))
    known_ids(checks, "staff_ids", details.staff_ids, {user.id for user in uow.staff.list()})
    if checks.failed or unit is None:
        return None
    return ReservationType(
        id=type_id or ReservationTypeId(0),
        facility_id=uow.facility_id,
        name=name,
        unit=unit,
        base_price=base_price,
        appointment_minutes=details.appointment_minutes,
        assigns_staff=details.assigns_staff,
        staff_ids=details.staff_ids,
        location_ids=details.location_ids,
        required_immunization_type_ids=details.required_immunization_type_ids,
        required_agreement_ids=details.required_agreement_ids,
        requires_evaluation=details.requires_evaluation,
        policy=details.policy,
        cancellation=CancellationPolicy(details.cancellation_hours),
        deposit=deposit,
        active=details.active,
    )


def define_reservation_type(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, details: ReservationTypeDetails
) -> Result[ReservationType, Rejection]:
    """Add a reservation type. Needs ``catalog.manage``.

    Rejections: name missing, too long or taken; an unknown unit; a base price or deposit
    amount negative, over the maximum or finer than a cent; an appointment without a length
    (1 to 1440 minutes), or a length or an assigned staff member on a stay; cancellation hours
    outside 0 to 8784; a deposit amount and rate both given, a zero amount, a rate outside
    (0, 1]; a location, immunization type or agreement not of this facility
    (``UnknownReference``).
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        kind = _check_type(checks, uow, details, None)
        if kind is None:
            return checks.failure()
        kind = attrs.evolve(kind, id=ReservationTypeId(uow.new_id()))
        uow.reservation_types.add(kind)
        uow.commit()
    return Success(kind)


def update_reservation_type(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    type_id: ReservationTypeId,
    details: ReservationTypeDetails,
    *,
    expected_version: int | None = None,
) -> Result[ReservationType, Rejection]:
    """Replace every field of a reservation type (``NotFound`` if it is not this facility's).

    Needs ``catalog.manage``; the rejections of ``define_reservation_type``. Changing the unit
    moves the places its reservations hold in the capacity ledgers to the days the new unit
    counts. An update that changes nothing writes nothing.
    ``expected_version``: see ``check_version`` (``ConcurrencyConflict``).
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        current = uow.reservation_types.get(type_id)
        check_version("ReservationType", type_id, current.version, expected_version)
        changed = _check_type(checks, uow, details, current.id)
        if changed is None:
            return checks.failure()
        changed = attrs.evolve(changed, version=current.version)
        if changed == current:
            return Success(current)
        if changed.unit is not current.unit:
            types = {kind.id: kind for kind in uow.reservation_types.list()}
            pools = uow.capacity_pools.list()
            recount_places(
                uow,
                zoneinfo.ZoneInfo(uow.facility().timezone),
                pools_before=pools,
                pools_after=pools,
                types_before=types,
                types_after=types | {changed.id: changed},
                location_id=None,
            )
        stored = uow.reservation_types.update(changed)
        uow.commit()
    return Success(stored)


def get_reservation_type(
    ctx: ServiceContext, facility_id: FacilityId, type_id: ReservationTypeId
) -> ReservationType:
    """One reservation type (``NotFound`` if it is not this facility's)."""
    with ctx.uows.for_facility(facility_id) as uow:
        return uow.reservation_types.get(type_id)


def list_reservation_types(
    ctx: ServiceContext, facility_id: FacilityId, *, active_only: bool = False
) -> list[ReservationType]:
    """The facility's reservation types (only the active ones when asked), ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        kinds = uow.reservation_types.list()
    return [kind for kind in kinds if kind.active or not active_only]


def _check_add_on(
    checks: Checks,
    uow: FacilityUnitOfWork,
    details: AdditionalServiceDetails,
    service_id: AdditionalServiceId | None,
) -> AdditionalService | None:
    name = checks.text("name", details.name)
    amount = price(checks, "price", details.price, uow.facility().currency)
    charge = _charge(checks, details.charge)
    existing = others(uow.additional_services.list(), service_id)
    unique_name(checks, name, (service.name for service in existing))
    known_ids(
        checks, "type_ids", details.type_ids, {kind.id for kind in uow.reservation_types.list()}
    )
    if checks.failed:
        return None
    return AdditionalService(
        id=service_id or AdditionalServiceId(0),
        facility_id=uow.facility_id,
        name=name,
        price=amount,
        charge=charge,
        type_ids=details.type_ids,
        active=details.active,
    )


def define_additional_service(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, details: AdditionalServiceDetails
) -> Result[AdditionalService, Rejection]:
    """Add an add-on service. Needs ``catalog.manage``.

    Rejections: name missing, too long or taken; a price negative, over the maximum or finer
    than a cent; an unknown charge; a reservation type not of this facility.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        service = _check_add_on(checks, uow, details, None)
        if service is None:
            return checks.failure()
        service = attrs.evolve(service, id=AdditionalServiceId(uow.new_id()))
        uow.additional_services.add(service)
        uow.commit()
    return Success(service)


def update_additional_service(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    service_id: AdditionalServiceId,
    details: AdditionalServiceDetails,
    *,
    expected_version: int | None = None,
) -> Result[AdditionalService, Rejection]:
    """Replace every field of an add-on (``NotFound`` if it is not this facility's).

    Needs ``catalog.manage``; the rejections of ``define_additional_service``. Reservations
    that already carry the add-on keep it, and their estimates read its new price.
    ``expected_version``: see ``check_version`` (``ConcurrencyConflict``).
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        current = uow.additional_services.get(service_id)
        check_version("AdditionalService", service_id, current.version, expected_version)
        changed = _check_add_on(checks, uow, details, current.id)
        if changed is None:
            return checks.failure()
        changed = attrs.evolve(changed, version=current.version)
        if changed == current:
            return Success(current)
        stored = uow.additional_services.update(changed)
        uow.commit()
    return Success(stored)


def list_additional_services(
    ctx: ServiceContext,
    facility_id: FacilityId,
    type_id: ReservationTypeId | None = None,
    *,
    active_only: bool = False,
) -> list[AdditionalService]:
    """The facility's add-ons, ordered by id: those offered with ``type_id`` when given, the
    active ones only when asked (Gingr's ``get_services_by_type``)."""
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        services = uow.additional_services.list()
    return [
        service
        for service in services
        if (type_id is None or service.allowed_for(type_id)) and (service.active or not active_only)
    ]
