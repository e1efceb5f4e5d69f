"""The facility and its policies in the staff API."""

from __future__ import annotations

import functools

from aiohttp import web

from petcare_core.domain.facility import FacilitySettings
from petcare_web.portal_api.jsonio import Field, JsonBody, Kind, read_json
from petcare_web.portal_api.rejections import ok
from petcare_web.staff_api import views
from petcare_web.staff_api.auth import StaffCall, as_staff

_NUMBER = Field(Kind.INTEGER, nullable=False)
SETTINGS_FIELDS = {
    "phone_region": Field(Kind.TEXT, nullable=False),
    "immunization_grace_days": _NUMBER,
    "expiring_soon_days": _NUMBER,
    "reference_lists_enveloped": Field(Kind.BOOLEAN, nullable=False),
}


# The core names the settings as parts of a facility; this endpoint takes them on their own.
_NAMES = {f"settings.{name}": name for name in SETTINGS_FIELDS}


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


def _patched(current: FacilitySettings, body: JsonBody) -> FacilitySettings:
    return FacilitySettings(
        phone_region=body.text("phone_region") if "phone_region" in body else current.phone_region,
        immunization_grace_days=body.integer(
            "immunization_grace_days", current.immunization_grace_days
        ),
        expiring_soon_days=body.integer("expiring_soon_days", current.expiring_soon_days),
        reference_lists_enveloped=body.flag(
            "reference_lists_enveloped", current.reference_lists_enveloped
        ),
    )


def _patch_settings(body: JsonBody, call: StaffCall) -> object:
    current = call.services.get_facility(call.facility_id).settings
    wanted = _patched(current, body)
    facility = ok(
        call.services.update_facility_settings(call.facility_id, call.actor, wanted), _NAMES
    )
    return views.settings_json(facility.settings)


async def patch_settings(request: web.Request) -> web.Response:
    """``PATCH /staff/api/facility/settings``: change some policies; the others stay
    (``facility.settings``)."""
    body = await read_json(request, SETTINGS_FIELDS)
    return await as_staff(request, functools.partial(_patch_settings, body))
