"""The facility and its policies in the staff API.

``PATCH /staff/api/facility/settings`` changes the policies it names and keeps every other one:
the vaccine windows, the shape of Gingr's reference lists, and the booking policies (the
multi-pet discount, the peak dates, what a freed place does for the waitlist, how long a passed
evaluation stays valid without a visit).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import attrs
from aiohttp import web

from petcare_core.domain.estimate import PeakRange
from petcare_core.domain.facility import Facility, FacilitySettings
from petcare_core.domain.money import Money, minor_unit_exponent
from petcare_core.domain.reasons import InvalidValue, Reason
from petcare_core.domain.waitlist import WaitlistPolicy
from petcare_core.services.facilities import MAX_PEAK_RANGES
from petcare_web.portal_api.jsonio import invalid_input
from petcare_web.portal_api.rejections import ok
from petcare_web.staff_api import views
from petcare_web.staff_api.auth import StaffCall, as_staff
from petcare_web.staff_api.booking_input import (
    BOOLEAN,
    DATE,
    DECIMAL,
    TEXT,
    ListOf,
    Member,
    Obj,
    Scalar,
    join,
    read_body,
    whole,
)

#: The core judges the ranges of the day counts (0 to 365) and names them in its reasons.
_DAYS = whole(-(2**31), 2**31)


def _rate(value: object) -> Decimal:
    rate: Decimal = DECIMAL.parse(value)
    if rate >= 1:
        raise ValueError('must be a rate from 0 up to 1, e.g. "0.10" for 10 %')
    return rate


def _policy(value: object) -> WaitlistPolicy:
    if not isinstance(value, str) or value not in {policy.value for policy in WaitlistPolicy}:
        names = " or ".join(f'"{policy.value}"' for policy in WaitlistPolicy)
        raise ValueError(f"must be {names}")
    return WaitlistPolicy(value)


def _peak_check(values: dict[str, Any], path: str, problems: list[Reason]) -> None:
    if values["last"] < values["first"]:
        problems.append(InvalidValue(join(path, "last"), "must not be before first"))
    if not values["name"].strip() or len(values["name"]) > 100:
        problems.append(InvalidValue(join(path, "name"), "must be 1 to 100 characters"))


_PEAK = Obj(
    {
        "name": Member(TEXT, required=True),
        "first": Member(DATE, required=True),
        "last": Member(DATE, required=True),
        "surcharge": Member(DECIMAL, required=True),
    },
    check=_peak_check,
)
SETTINGS = Obj(
    {
        "phone_region": Member(TEXT),
        "immunization_grace_days": Member(_DAYS),
        "expiring_soon_days": Member(_DAYS),
        "reference_lists_enveloped": Member(BOOLEAN),
        "multi_pet_discount": Member(Scalar('a rate such as "0.10"', _rate)),
        "peak_ranges": Member(ListOf(_PEAK, max_items=MAX_PEAK_RANGES)),
        "waitlist_policy": Member(Scalar('"offer" or "promote"', _policy)),
        "evaluation_valid_days": Member(whole(1, 3650), nullable=True),
    }
)

# The core names the settings as parts of a facility; this endpoint takes them on their own.
_NAMES = {f"settings.{name}": name for name in SETTINGS.members}


def _facility(call: StaffCall) -> object:
    return views.facility_json(call.services.get_facility(call.facility_id))


async def get_facility(request: web.Request) -> web.Response:
    """``GET /staff/api/facility``: the key's facility, its invite code and its policies."""
    return await as_staff(request, _facility)


def _settings(call: StaffCall) -> object:
    return views.settings_json(call.services.get_facility(call.facility_id).settings)


async def get_settings(request: web.Request) -> web.Response:
    """``GET /staff/api/facility/settings``: the facility's policies."""
    return await as_staff(request, _settings)


def _peak_ranges(items: list[dict[str, Any]], currency: str) -> tuple[PeakRange, ...]:
    """The peak ranges of a body, their surcharges in the facility's currency; a surcharge
    finer than the currency's minor unit is refused rather than rounded."""
    digits = minor_unit_exponent(currency)
    problems: list[Reason] = []
    for number, item in enumerate(items):
        exponent = item["surcharge"].as_tuple().exponent
        if isinstance(exponent, int) and -exponent > digits:
            problems.append(
                InvalidValue(
                    f"peak_ranges[{number}].surcharge",
                    f"has more decimals than {currency} has ({digits})",
                )
            )
    if problems:
        raise invalid_input(problems)
    return tuple(
        PeakRange(
            name=item["name"].strip(),
            first=item["first"],
            last=item["last"],
            surcharge=Money.from_decimal(item["surcharge"], currency),
        )
        for item in items
    )


def _patched(facility: Facility, body: dict[str, Any]) -> FacilitySettings:
    changes = dict(body)
    if "peak_ranges" in changes:
        changes["peak_ranges"] = _peak_ranges(changes["peak_ranges"], facility.currency)
    return attrs.evolve(facility.settings, **changes)


def _patch_settings(body: dict[str, Any], call: StaffCall) -> object:
    current = call.services.get_facility(call.facility_id)
    # A change that came in since the read raises ConcurrencyConflict, and the whole patch is
    # made again on the fresh settings (run_use_case): nobody's change is undone.
    updated = call.services.update_facility_settings(
        call.facility_id, call.actor, _patched(current, body), expected_version=current.version
    )
    return views.settings_json(ok(updated, _NAMES).settings)


async def patch_settings(request: web.Request) -> web.Response:
    """``PATCH /staff/api/facility/settings``: change some policies; the others stay
    (``facility.settings``)."""
    body = await read_body(request, SETTINGS)
    return await as_staff(request, functools.partial(_patch_settings, body))
