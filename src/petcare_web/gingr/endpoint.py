"""How every Gingr endpoint runs: read the parameters, authenticate the key, do the work.

Authentication and the endpoint's use cases run in one call on the use-case pool (one thread
hop per request), and the JSON is encoded there too, so a large answer does not hold up the
event loop.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TypeVar

import attrs
from aiohttp import web
from returns.result import Failure, Result

from petcare_core.domain.ids import FacilityId
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.ports.errors import NotFound
from petcare_core.services import ApiPrincipal, PetcareServices
from petcare_web.executor import run_use_case
from petcare_web.gingr.envelope import GingrError
from petcare_web.gingr.request import GingrParams, read_params
from petcare_web.keys import CONFIG, GINGR_ANSWERS, SERVICES

T = TypeVar("T")

MISSING_KEY = (
    "no API key was given; pass your key as the key parameter, in the query string or in the "
    "form body"
)


@attrs.frozen
class GingrCall:
    """One authenticated request: the services, who is calling, and the parameters."""

    services: PetcareServices
    principal: ApiPrincipal
    params: GingrParams

    @property
    def facility_id(self) -> FacilityId:
        """The tenant: the API key's facility."""
        return self.principal.facility_id

    @property
    def actor(self) -> StaffUser:
        """The staff user the key acts for (use cases check their permissions)."""
        return self.principal.staff_user


Work = Callable[[GingrCall], bytes]


def authenticate(services: PetcareServices, key: str) -> ApiPrincipal:
    """The principal of ``key``, whose user must hold ``api.access``; ``GingrError`` if not."""
    if not key:
        raise GingrError.authentication(MISSING_KEY)
    result = services.authenticate_api_key(key)
    if isinstance(result, Failure):
        raise GingrError.authentication("; ".join(result.failure().messages))
    principal = result.unwrap()
    if not principal.staff_user.can(Permission.API_ACCESS):
        raise GingrError.permission(
            "the staff user of this API key lacks the 'api.access' permission; ask an "
            "administrator to grant it"
        )
    return principal


def ok(result: Result[T, Rejection]) -> T:
    """The value of a use case's success; its rejection as a ``GingrError``."""
    if isinstance(result, Failure):
        raise GingrError.rejected(result.failure())
    return result.unwrap()


def _run(services: PetcareServices, params: GingrParams, work: Work) -> bytes:
    principal = authenticate(services, params.text("key"))
    try:
        return work(GingrCall(services, principal, params))
    except NotFound as error:
        raise GingrError.invalid(f"{error.kind.lower()} {error.key} does not exist") from None


def answer_key(path: str, params: GingrParams) -> str:
    """The cache key of a request: its endpoint and every parameter, the API key included (two
    keys never share an answer: their users may hold different permissions)."""
    return path + "?" + json.dumps(params.tree, sort_keys=True, separators=(",", ":"))


def gingr_handler(
    work: Work, *, cacheable: bool = True
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The aiohttp handler running ``work``, which returns the JSON body of the answer.

    A ``cacheable`` endpoint's successful answers are reused from the application's answer
    cache while fresh (off unless ``WebConfig.gingr_cache_seconds`` is set).
    """

    async def handle(request: web.Request) -> web.Response:
        answers = request.config_dict[GINGR_ANSWERS]
        try:
            params = await read_params(request)
            key = answer_key(request.path, params) if cacheable and answers.enabled else None
            body = answers.get(key) if key is not None else None
            if body is None:
                services = request.config_dict[SERVICES]
                body = await run_use_case(request, _run, services, params, work)
                if key is not None:
                    answers.put(key, body)
        except GingrError as error:
            raise error.as_api_error(request.config_dict[CONFIG]) from None
        return web.Response(body=body, content_type="application/json")

    return handle
