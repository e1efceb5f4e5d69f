"""API keys of the staff API: who is calling, and running a handler's work as them.

The key comes as ``Authorization: Bearer <key>`` or ``X-Api-Key: <key>``. It is checked as the
Gingr-compatible API checks it (``petcare_web.gingr.endpoint.authenticate``): a valid, unrevoked
key of an active staff user holding ``api.access``. Each use case then checks the permission it
needs; the few reads that have no use-case check call ``require``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import attrs
from aiohttp import web

from petcare_core.domain.ids import FacilityId
from petcare_core.domain.reasons import PermissionMissing, Rejection
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.services import ApiPrincipal, PetcareServices
from petcare_web.errors import ApiError, json_bytes
from petcare_web.executor import run_use_case
from petcare_web.gingr.endpoint import authenticate
from petcare_web.gingr.envelope import ErrorKind, GingrError
from petcare_web.keys import SERVICES
from petcare_web.portal_api.rejections import rejection_error

T = TypeVar("T")

KEY_HEADER = "X-Api-Key"
_AUTHENTICATE = {"WWW-Authenticate": 'Bearer realm="petcare-staff"'}
NO_KEY = "no API key was given; send it as Authorization: Bearer <key> or in the X-Api-Key header"


@attrs.frozen
class StaffCall:
    """An authenticated staff API request: the services and the key's principal."""

    services: PetcareServices
    principal: ApiPrincipal

    @property
    def facility_id(self) -> FacilityId:
        """The tenant: the API key's facility."""
        return self.principal.facility_id

    @property
    def actor(self) -> StaffUser:
        """The staff user the key acts for (use cases check their permissions)."""
        return self.principal.staff_user


def require(call: StaffCall, permission: Permission) -> None:
    """Refuse (403, naming the permission) unless the key's user holds ``permission``."""
    if not call.actor.can(permission):
        raise rejection_error(Rejection((PermissionMissing(permission.value),)))


def api_key(request: web.Request) -> str:
    """The key of the request; ``401`` when none is given."""
    header = request.headers.get("Authorization", "").strip()
    scheme, _, credential = header.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return credential.strip()
    key = request.headers.get(KEY_HEADER, "").strip()
    if key:
        return key
    raise ApiError(NO_KEY, status=401, code="unauthorized", headers=_AUTHENTICATE)


def _principal(services: PetcareServices, key: str) -> ApiPrincipal:
    try:
        return authenticate(services, key)
    except GingrError as error:
        if error.kind is ErrorKind.PERMISSION:
            raise rejection_error(
                Rejection((PermissionMissing(Permission.API_ACCESS.value),))
            ) from None
        raise ApiError(
            error.message, status=401, code="unauthorized", headers=_AUTHENTICATE
        ) from None


def _as_staff(services: PetcareServices, key: str, work: Callable[[StaffCall], T]) -> T:
    return work(StaffCall(services, _principal(services, key)))


async def call_as_staff(request: web.Request, work: Callable[[StaffCall], T]) -> T:
    """Authenticate the key and run ``work`` on the use-case pool (one hop)."""
    key = api_key(request)
    return await run_use_case(request, _as_staff, request.config_dict[SERVICES], key, work)


async def as_staff(
    request: web.Request, work: Callable[[StaffCall], object], *, status: int = 200
) -> web.Response:
    """As ``call_as_staff``; the result of ``work`` is the JSON answer (encoded on the pool)."""
    body = await call_as_staff(request, lambda call: json_bytes(work(call)))
    return web.Response(body=body, status=status, content_type="application/json")
