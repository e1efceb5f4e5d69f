"""The tenant (a pet-care business) and its locations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from petcare_core.domain.estimate import PeakRange
from petcare_core.domain.ids import FacilityId, LocationId
from petcare_core.domain.waitlist import WaitlistPolicy


def _fraction(_: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not value.is_finite() or not Decimal(0) <= value < Decimal(1):
        raise ValueError(f"{attribute.name} must be a rate from 0 to less than 1, got {value}")


def _optional_days(_: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and value < 1:
        raise ValueError(f"{attribute.name} must be at least 1 day, or None for no expiry")


@attrs.frozen
class FacilitySettings:
    """A facility's policies that the rules read.

    ``phone_region`` is the ISO 3166 region used to read phone numbers written without a country
    code. ``immunization_grace_days`` extends every vaccine's validity; ``expiring_soon_days`` is
    the window in which a valid vaccine raises an "expiring soon" warning.
    ``reference_lists_enveloped`` chooses the shape of Gingr's reference lists (an envelope or a
    bare array; Gingr clients disagree).

    Booking: ``multi_pet_discount`` is the rate taken off a family's stay when it books more
    than one pet (split equally between the pets); ``peak_ranges`` the dates that cost more per
    unit; ``waitlist_policy`` whether a freed place is offered to the oldest fitting waitlisted
    request (it then awaits the parent's confirmation) or confirms it at once;
    ``evaluation_valid_days`` how many days without a visit a passed evaluation stays valid
    (``None``: forever).
    """

    phone_region: str = "US"
    immunization_grace_days: int = 0
    expiring_soon_days: int = 30
    reference_lists_enveloped: bool = True
    multi_pet_discount: Decimal = attrs.field(default=Decimal(0), validator=_fraction)
    peak_ranges: tuple[PeakRange, ...] = ()
    waitlist_policy: WaitlistPolicy = WaitlistPolicy.OFFER
    evaluation_valid_days: int | None = attrs.field(default=None, validator=_optional_days)


@attrs.frozen
class Facility:
    """A pet-care business: the tenant every other record belongs to."""

    id: FacilityId
    slug: str
    name: str
    timezone: str
    currency: str
    invite_code: str
    settings: FacilitySettings
    created_at: datetime
    version: int = 1


@attrs.frozen
class Location:
    """One site of a facility, with its address and sales-tax rate."""

    id: LocationId
    facility_id: FacilityId
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
    version: int = 1
