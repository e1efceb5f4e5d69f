"""Facilities (tenants), their settings and their locations."""

from __future__ import annotations

from decimal import Decimal

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.events import FacilityCreated, LocationCreated
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.ids import FacilityId, LocationId
from petcare_core.domain.reasons import AlreadyExists, InvalidValue, Rejection
from petcare_core.domain.staff import Permission
from petcare_core.ports.errors import ConcurrencyConflict, NotFound
from petcare_core.ports.system import PhoneNumberNormalizer
from petcare_core.services._access import Actor, authorize
from petcare_core.services._checks import Checks
from petcare_core.services.context import ServiceContext

MAX_POLICY_DAYS = 365
# 12 random bytes: 16 URL-safe characters, far beyond guessing, short enough to paste.
INVITE_CODE_BYTES = 12
_INVITE_CODE_ATTEMPTS = 5


@attrs.frozen
class LocationDetails:
    """Everything about a location; ``tax_rate`` is a fraction (``0.0825`` for 8.25 %)."""

    name: str
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = "US"
    phone: str = ""
    email: str = ""
    tax_rate: Decimal = Decimal(0)
    active: bool = True


@attrs.frozen
class NewFacility:
    """A new tenant. ``first_location`` defaults to one location named like the facility."""

    slug: str
    name: str
    timezone: str
    currency: str
    settings: FacilitySettings = attrs.field(factory=FacilitySettings)
    first_location: LocationDetails | None = None


MAX_PEAK_RANGES = 100


def _check_settings(checks: Checks, settings: FacilitySettings) -> FacilitySettings:
    if len(settings.peak_ranges) > MAX_PEAK_RANGES:
        checks.add(
            InvalidValue("settings.peak_ranges", f"at most {MAX_PEAK_RANGES} peak date ranges")
        )
    peaks = tuple(
        attrs.evolve(peak, name=checks.text(f"settings.peak_ranges[{number}].name", peak.name))
        for number, peak in enumerate(settings.peak_ranges)
    )
    return attrs.evolve(
        settings,
        peak_ranges=peaks,
        phone_region=checks.region("settings.phone_region", settings.phone_region),
        immunization_grace_days=checks.in_range(
            "settings.immunization_grace_days", settings.immunization_grace_days, 0, MAX_POLICY_DAYS
        ),
        expiring_soon_days=checks.in_range(
            "settings.expiring_soon_days", settings.expiring_soon_days, 0, MAX_POLICY_DAYS
        ),
    )


def _check_location(
    checks: Checks,
    details: LocationDetails,
    region: str,
    phones: PhoneNumberNormalizer,
    prefix: str = "",
) -> LocationDetails:
    """``details`` cleaned; reasons name the fields as ``{prefix}{field}``."""
    tax_rate = details.tax_rate
    if not tax_rate.is_finite() or not Decimal(0) <= tax_rate < Decimal(1):
        checks.add(
            InvalidValue(
                f"{prefix}tax_rate", "must be a fraction from 0 up to 1, e.g. 0.0825 for 8.25%"
            )
        )
    return attrs.evolve(
        details,
        name=checks.text(f"{prefix}name", details.name),
        address_1=checks.text(f"{prefix}address_1", details.address_1, required=False),
        address_2=checks.text(f"{prefix}address_2", details.address_2, required=False),
        city=checks.text(f"{prefix}city", details.city, required=False),
        region=checks.text(f"{prefix}region", details.region, required=False),
        postal_code=checks.text(
            f"{prefix}postal_code", details.postal_code, required=False, max_length=20
        ),
        country=checks.region(f"{prefix}country", details.country),
        phone=checks.phone(f"{prefix}phone", details.phone, region, phones),
        email=checks.email(f"{prefix}email", details.email),
    )


def _location(
    location_id: LocationId, facility_id: FacilityId, details: LocationDetails
) -> Location:
    return Location(
        id=location_id,
        facility_id=facility_id,
        **attrs.asdict(details, recurse=False),
    )


def create_facility(ctx: ServiceContext, command: NewFacility) -> Result[Facility, Rejection]:
    """Create a tenant with a fresh invite code and its first location (operator only).

    Rejections: slug malformed or taken, name missing or too long, unknown time zone, malformed
    currency, settings out of range, an invalid first location. Records ``FacilityCreated`` and
    ``LocationCreated``.
    """
    checks = Checks()
    slug = checks.slug("slug", command.slug)
    name = checks.text("name", command.name)
    timezone = checks.timezone("timezone", command.timezone)
    currency = checks.currency("currency", command.currency)
    settings = _check_settings(checks, command.settings)
    # The default first location is named like the facility (a missing name is reported once).
    first_location = command.first_location or LocationDetails(name=name or "Main")
    location = _check_location(
        checks, first_location, settings.phone_region, ctx.phones, prefix="first_location."
    )
    with ctx.uows.platform() as platform:
        if slug and platform.facilities.find_by_slug(slug) is not None:
            checks.add(AlreadyExists("slug", slug))
        if checks.failed:
            return checks.failure()
        invite_code = ctx.secrets.token(INVITE_CODE_BYTES)
        for _ in range(_INVITE_CODE_ATTEMPTS):
            if platform.facilities.find_by_invite_code(invite_code) is None:
                break
            invite_code = ctx.secrets.token(INVITE_CODE_BYTES)
        facility_id = FacilityId(platform.new_id())
    now = ctx.clock.now()
    facility = Facility(
        id=facility_id,
        slug=slug,
        name=name,
        timezone=timezone,
        currency=currency,
        invite_code=invite_code,
        settings=settings,
        created_at=now,
    )
    # One transaction: the tenant, its first location and their events exist together or not at
    # all. A slug taken since the check above raises ConcurrencyConflict (nothing is stored).
    with ctx.uows.for_facility(facility.id) as uow:
        uow.add_facility(facility)
        first = _location(LocationId(uow.new_id()), facility.id, location)
        uow.locations.add(first)
        uow.record(FacilityCreated(facility_id=facility.id, occurred_at=now))
        uow.record(LocationCreated(facility_id=facility.id, occurred_at=now, location_id=first.id))
        uow.commit()
    return Success(facility)


def update_facility_settings(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    settings: FacilitySettings,
    *,
    expected_version: int | None = None,
) -> Result[Facility, Rejection]:
    """Replace the facility's policies. Needs ``facility.settings``.

    ``expected_version``: the facility's version the new settings were derived from (a patch
    of the settings read before); ``ConcurrencyConflict`` when another change came in between,
    so that the patch is made again on the fresh settings instead of undoing that change.

    Rejections: the permission; phone region malformed; grace or expiring-soon days outside
    0..365; more than 100 peak date ranges, one without a name, or a surcharge in another
    currency than the facility's.
    """
    checks = Checks()
    clean = _check_settings(checks, settings)
    with ctx.uows.for_facility(facility_id) as uow:
        denied = authorize(uow, actor, Permission.FACILITY_SETTINGS)
        currency = uow.facility().currency
    if denied is not None:
        return Failure(denied)
    if any(peak.surcharge.currency != currency for peak in clean.peak_ranges):
        checks.add(
            InvalidValue(
                "settings.peak_ranges", f"surcharges must be in {currency}, the facility's"
            )
        )
    if checks.failed:
        return checks.failure()
    with ctx.uows.platform() as platform:
        facility = platform.facilities.get(facility_id)
        if expected_version is not None and facility.version != expected_version:
            raise ConcurrencyConflict("Facility", facility_id)
        if facility.settings == clean:
            return Success(facility)
        stored = platform.facilities.update(attrs.evolve(facility, settings=clean))
        platform.commit()
    return Success(stored)


def add_location(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    details: LocationDetails,
) -> Result[Location, Rejection]:
    """Open another location. Needs ``facility.settings``; records ``LocationCreated``.

    Rejections: the permission; name missing; a text too long; country not a region code;
    phone or email malformed; tax rate outside 0 <= rate < 1.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.FACILITY_SETTINGS)) is not None:
            return Failure(denied)
        clean = _check_location(checks, details, uow.facility().settings.phone_region, ctx.phones)
        if checks.failed:
            return checks.failure()
        location = _location(LocationId(uow.new_id()), facility_id, clean)
        uow.locations.add(location)
        uow.record(
            LocationCreated(
                facility_id=facility_id, occurred_at=ctx.clock.now(), location_id=location.id
            )
        )
        uow.commit()
    return Success(location)


def update_location(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    location_id: LocationId,
    details: LocationDetails,
) -> Result[Location, Rejection]:
    """Replace a location's details (``NotFound`` if it is not this facility's).

    Needs ``facility.settings``; the same rejections as ``add_location``.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.FACILITY_SETTINGS)) is not None:
            return Failure(denied)
        clean = _check_location(checks, details, uow.facility().settings.phone_region, ctx.phones)
        current = uow.locations.get(location_id)
        if checks.failed:
            return checks.failure()
        changed = _location(location_id, facility_id, clean)
        changed = attrs.evolve(changed, version=current.version)
        if changed == current:
            return Success(current)
        stored = uow.locations.update(changed)
        uow.commit()
    return Success(stored)


def list_locations(ctx: ServiceContext, facility_id: FacilityId) -> list[Location]:
    """The facility's locations, ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        return uow.locations.list()


def get_facility(ctx: ServiceContext, facility_id: FacilityId) -> Facility:
    """The facility (``NotFound`` if there is none with this id)."""
    with ctx.uows.platform() as platform:
        return platform.facilities.get(facility_id)


def facility_by_slug(ctx: ServiceContext, slug: str) -> Facility:
    """The facility with this slug (``NotFound`` if there is none): portal URLs name it."""
    with ctx.uows.platform() as platform:
        facility = platform.facilities.find_by_slug(slug.strip())
    if facility is None:
        raise NotFound("Facility", slug)
    return facility
