"""Logins of the portal API: log in (a bearer token), sign up, link another facility, the
linked facilities, forgotten passwords, and a facility's public details."""

from __future__ import annotations

import functools
from urllib.parse import quote

import attrs
from aiohttp import web
from returns.result import Failure, Result

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.facility import Facility
from petcare_core.domain.reasons import Rejection, UnknownReference
from petcare_core.ports.errors import NotFound
from petcare_core.services import PetcareServices, SignUp
from petcare_web.errors import ApiError
from petcare_web.executor import run_use_case
from petcare_web.keys import CONFIG, SERVICES
from petcare_web.portal.state import LOGIN_THROTTLE
from petcare_web.portal.throttle import LoginThrottle
from petcare_web.portal_api import views
from petcare_web.portal_api.auth import (
    THROTTLE,
    TOKEN_LIFETIME,
    Parent,
    as_parent,
    at_public_facility,
    facility_by_slug,
    issue_token,
)
from petcare_web.portal_api.jsonio import JsonBody, json_response, read_json, text
from petcare_web.portal_api.rejections import ok, rejection_error

LOGIN_FIELDS = {"login": text(required=True), "password": text(required=True), "facility": text()}
SIGN_UP_FIELDS = {
    "first_name": text(required=True),
    "last_name": text(required=True),
    "password": text(required=True),
    "email": text(),
    "phone": text(),
    "facility": text(),
    "invite_code": text(),
}
LINK_FIELDS = {"invite_code": text(required=True), "first_name": text(), "last_name": text()}
RESET_FIELDS = {"login": text(required=True), "facility": text(required=True)}
RESET_CONFIRM_FIELDS = {"token": text(required=True), "password": text(required=True)}
_FACILITY = {"facility_slug": "facility"}


def _linked_facilities(services: PetcareServices, account: PortalAccount) -> list[views.JsonObject]:
    return [views.facility_json(services.get_facility(link.facility_id)) for link in account.links]


def _token_answer(
    request: web.Request, account: PortalAccount, linked: list[views.JsonObject]
) -> dict[str, object]:
    return {
        "token": issue_token(request, account),
        "token_type": "Bearer",
        "expires_in": int(TOKEN_LIFETIME.total_seconds()),
        "account": views.account_json(account),
        "facilities": linked,
    }


def _phone_region(services: PetcareServices, slug: str) -> str | None:
    """The phone region of the facility ``slug`` (``None`` when no slug); 422 when unknown."""
    if not slug:
        return None
    try:
        return facility_by_slug(services, slug).settings.phone_region
    except NotFound:
        raise rejection_error(Rejection((UnknownReference("facility", slug[:64]),))) from None


@attrs.frozen
class _LoginOutcome:
    result: Result[PortalAccount, Rejection]
    facilities: list[views.JsonObject]


def _log_in(services: PetcareServices, body: JsonBody) -> _LoginOutcome:
    region = _phone_region(services, body.text("facility").strip())
    result = services.authenticate_portal_account(
        body.text("login"), body.text("password"), phone_region=region
    )
    if isinstance(result, Failure):
        return _LoginOutcome(result, [])
    return _LoginOutcome(result, _linked_facilities(services, result.unwrap()))


def _throttle_keys(request: web.Request, login: str) -> tuple[str, str]:
    # The keys the portal's login page counts under, so that attempts through the pages and
    # through the API add up: per login (phones by their digits) and per client address.
    text = login.strip().casefold()
    who = text if "@" in text else "".join(c for c in text if c.isdigit())
    return f"login:{who}", f"ip:{request.remote or 'unknown'}"


def _throttle(request: web.Request) -> LoginThrottle:
    """The portal pages' login throttle when the portal is installed, else the API's own."""
    shared = request.config_dict.get(LOGIN_THROTTLE)
    return shared if shared is not None else request.config_dict[THROTTLE]


async def log_in(request: web.Request) -> web.Response:
    """``POST /portal/api/login``: a bearer token, the account and its linked facilities.

    Five failures per login and per client address in 15 minutes make further attempts wait
    (429 with ``Retry-After``); an unknown login and a wrong password get the same answer.
    """
    body = await read_json(request, LOGIN_FIELDS)
    services = request.config_dict[SERVICES]
    throttle = _throttle(request)
    keys = _throttle_keys(request, body.text("login"))
    wait = throttle.retry_after(keys, services.clock.now())
    if wait is not None:
        raise ApiError(
            f"too many failed logins; try again in {wait} seconds, or reset your password",
            status=429,
            code="too_many_requests",
            headers={"Retry-After": str(wait)},
        )
    outcome = await run_use_case(request, _log_in, services, body)
    if isinstance(outcome.result, Failure):
        throttle.record_failure(keys, services.clock.now())
        raise rejection_error(outcome.result.failure())
    account = outcome.result.unwrap()
    throttle.forget(keys[0])
    return json_response(_token_answer(request, account, outcome.facilities))


def _sign_up(
    services: PetcareServices, body: JsonBody
) -> tuple[PortalAccount, list[views.JsonObject]]:
    command = SignUp(
        first_name=body.text("first_name"),
        last_name=body.text("last_name"),
        password=body.text("password"),
        email=body.text("email"),
        phone=body.text("phone"),
        facility_slug=body.text("facility"),
        invite_code=body.text("invite_code"),
    )
    account = ok(services.sign_up(command), _FACILITY).account
    return account, _linked_facilities(services, account)


async def sign_up(request: web.Request) -> web.Response:
    """``POST /portal/api/signup``: a new login at one facility (by slug or invite code),
    linked to the matching owner or a new one; answered like a login (201)."""
    body = await read_json(request, SIGN_UP_FIELDS)
    services = request.config_dict[SERVICES]
    account, facilities = await run_use_case(request, _sign_up, services, body)
    return json_response(_token_answer(request, account, facilities), status=201)


def _link(body: JsonBody, parent: Parent) -> object:
    linked = ok(
        parent.services.link_account_to_facility(
            parent.account_id,
            body.text("invite_code"),
            first_name=body.text("first_name"),
            last_name=body.text("last_name"),
        )
    )
    return {
        "facility": views.facility_json(parent.services.get_facility(linked.facility_id)),
        "facilities": _linked_facilities(parent.services, linked.account),
    }


async def link(request: web.Request) -> web.Response:
    """``POST /portal/api/link``: link the logged-in parent to another facility (201)."""
    body = await read_json(request, LINK_FIELDS)
    return await as_parent(request, functools.partial(_link, body), status=201)


def _facilities(parent: Parent) -> object:
    return {"facilities": _linked_facilities(parent.services, parent.account)}


async def facilities(request: web.Request) -> web.Response:
    """``GET /portal/api/facilities``: the facilities the parent is linked to."""
    return await as_parent(request, _facilities)


def _request_reset(services: PetcareServices, body: JsonBody, site: str) -> object:
    slug = body.text("facility").strip()
    region = _phone_region(services, slug)
    # The link opens the facility's portal page for choosing a password, as the pages' own
    # "forgot password" form does.
    reset_url = f"{site}/f/{quote(slug, safe='')}/reset-password"
    done = ok(services.request_password_reset(body.text("login"), reset_url, phone_region=region))
    return {"message": done.message}


async def request_reset(request: web.Request) -> web.Response:
    """``POST /portal/api/password-reset``: send a reset link for the portal of ``facility``
    (202, the same answer whether or not the account exists)."""
    body = await read_json(request, RESET_FIELDS)
    site = request.config_dict[CONFIG].site_url(request.scheme, request.host)
    services = request.config_dict[SERVICES]
    answer = await run_use_case(request, _request_reset, services, body, site)
    return json_response(answer, status=202)


def _confirm_reset(services: PetcareServices, body: JsonBody) -> object:
    ok(services.reset_password(body.text("token"), body.text("password")))
    return {"message": "Your password has been changed; log in with the new one."}


async def confirm_reset(request: web.Request) -> web.Response:
    """``POST /portal/api/password-reset/confirm``: choose a new password with a link's token.
    Every token issued before stops working."""
    body = await read_json(request, RESET_CONFIRM_FIELDS)
    services = request.config_dict[SERVICES]
    return json_response(await run_use_case(request, _confirm_reset, services, body))


def _public_facility(services: PetcareServices, facility: Facility) -> object:
    locations = [views.location_json(item) for item in services.list_locations(facility.id)]
    return {**views.facility_json(facility), "locations": locations}


async def public_facility(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}``: the facility's name and locations (no login)."""
    return await at_public_facility(request, _public_facility)
