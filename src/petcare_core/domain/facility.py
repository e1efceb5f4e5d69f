"""The tenant (a pet-care business) and its locations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from petcare_core.domain.ids import FacilityId, LocationId


@attrs.frozen
class FacilitySettings:
    """A facility's policies that the rules read.

    ``phone_region`` is the ISO 3166 region used to read phone numbers written without a country
    code. ``immunization_grace_days`` extends every vaccine's validity; ``expiring_soon_days`` is
    the window in which a valid vaccine raises an "expiring soon" warning.
    ``reference_lists_enveloped`` chooses the shape of Gingr's reference lists (an envelope or a
    bare array; Gingr clients disagree).
    """

    phone_region: str = "US"
    immunization_grace_days: int = 0
    expiring_soon_days: int = 30
    reference_lists_enveloped: bool = True


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
