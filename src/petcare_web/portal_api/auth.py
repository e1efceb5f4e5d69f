"""Bearer tokens of the portal JSON API, and running a handler's work as the parent they name.

A token is a signed ``PortalSession`` (the portal's cookie format, ``SessionCodec``), so it
needs no storage and every web process accepts it. It is signed with a key derived from the
session secret for this purpose only, so a portal cookie is never accepted as a token, nor a
token as a cookie. It carries a fingerprint of the account's password hash: changing the
password ends every token at once. It expires after ``TOKEN_LIFETIME``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import attrs
from aiohttp import web

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import FacilityId, OwnerId, PortalAccountId
from petcare_core.ports.errors import NotFound
from petcare_core.services import PetcareServices
from petcare_web.errors import ApiError, json_bytes
from petcare_web.executor import run_use_case
from petcare_web.keys import CONFIG, SERVICES
from petcare_web.portal.sessions import PortalSession, SessionCodec, password_fingerprint
from petcare_web.portal.throttle import LoginThrottle

T = TypeVar("T")
P = TypeVar("P", bound="Parent")

TOKEN_LIFETIME = timedelta(days=14)
TOKENS = web.AppKey("petcare_portal_api_tokens", SessionCodec)
THROTTLE = web.AppKey("petcare_portal_api_login_throttle", LoginThrottle)

_AUTHENTICATE = {"WWW-Authenticate": 'Bearer realm="petcare-portal"'}
NOT_LOGGED_IN = (
    "log in first: send the token from POST /portal/api/login as Authorization: Bearer <token>"
)
SESSION_ENDED = "the token is invalid or has expired, or the password has changed; log in again"


def token_codec(session_secret: bytes) -> SessionCodec:
    """The codec of API tokens: the session codec under a key derived for tokens only."""
    key = hashlib.sha256(b"petcare-portal-api-token\x00" + session_secret).digest()
    return SessionCodec(key, max_age=TOKEN_LIFETIME)


def install(app: web.Application) -> None:
    """Put the token codec and the login throttle in ``app`` (from its ``WebConfig``)."""
    app[TOKENS] = token_codec(app[CONFIG].session_secret)
    app[THROTTLE] = LoginThrottle()


def issue_token(request: web.Request, account: PortalAccount) -> str:
    """A new token for ``account``, valid until it expires or the password changes."""
    now = request.config_dict[SERVICES].clock.now()
    session = PortalSession.anonymous(now).logged_in(account.id, account.password_hash, now)
    return request.config_dict[TOKENS].encode(session)


def unauthorized(message: str) -> ApiError:
    """A ``401`` telling the client how to authenticate."""
    return ApiError(message, status=401, code="unauthorized", headers=_AUTHENTICATE)


def bearer(request: web.Request, missing: str) -> str:
    """The credential of ``Authorization: Bearer <credential>``; ``401`` saying ``missing``
    when there is none."""
    header = request.headers.get("Authorization", "")
    scheme, _, credential = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        raise unauthorized(missing)
    return credential.strip()


@attrs.frozen
class Parent:
    """A request of a logged-in pet parent: the services and their account."""

    services: PetcareServices
    account: PortalAccount

    @property
    def account_id(self) -> PortalAccountId:
        """The parent's login."""
        return self.account.id


@attrs.frozen
class ParentAt(Parent):
    """A parent's request about one facility they are linked to."""

    facility: Facility
    owner_id: OwnerId

    @property
    def facility_id(self) -> FacilityId:
        """The facility (tenant) of the request."""
        return self.facility.id


def load_account(services: PetcareServices, account_id: PortalAccountId) -> PortalAccount:
    """The portal account, or ``NotFound``."""
    return services.get_portal_account(account_id)


def _parent(services: PetcareServices, codec: SessionCodec, token: str) -> Parent:
    session = codec.decode(token, services.clock.now())
    if session is None or not isinstance(session.account_id, int):
        raise unauthorized(SESSION_ENDED)
    try:
        account = load_account(services, PortalAccountId(session.account_id))
    except NotFound:
        raise unauthorized(SESSION_ENDED) from None
    if not hmac.compare_digest(password_fingerprint(account.password_hash), session.fingerprint):
        raise unauthorized(SESSION_ENDED)
    return Parent(services, account)


# The shape of every facility slug; anything else names no facility and is not looked up.
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")


def facility_by_slug(services: PetcareServices, slug: str) -> Facility:
    """The facility ``slug`` names, or ``NotFound``."""
    if not _SLUG.fullmatch(slug):
        raise NotFound("Facility", slug[:64])
    return services.facility_by_slug(slug)


def linked_facility(parent: Parent, slug: str) -> ParentAt:
    """The parent's request at the facility ``slug``; ``NotFound`` (404) when the facility does
    not exist or the parent is not linked to it (the same answer, so nothing is learnt)."""
    facility = facility_by_slug(parent.services, slug)
    owner_id = parent.account.owner_in(facility.id)
    if owner_id is None:
        raise NotFound("Facility", slug)
    return ParentAt(parent.services, parent.account, facility, owner_id)


def _as(
    services: PetcareServices, codec: SessionCodec, token: str, work: Callable[[Parent], T]
) -> T:
    return work(_parent(services, codec, token))


def _at(
    services: PetcareServices,
    codec: SessionCodec,
    token: str,
    slug: str,
    work: Callable[[ParentAt], T],
) -> T:
    return work(linked_facility(_parent(services, codec, token), slug))


def _response(body: bytes, status: int) -> web.Response:
    return web.Response(body=body, status=status, content_type="application/json")


def _encoded(work: Callable[[P], object]) -> Callable[[P], bytes]:
    # The JSON is encoded on the use-case pool too, so a large answer never holds up the loop.
    return lambda call: json_bytes(work(call))


async def as_parent(
    request: web.Request, work: Callable[[Parent], object], *, status: int = 200
) -> web.Response:
    """Authenticate the bearer token and run ``work`` (on the use-case pool, in one hop); its
    result is the JSON answer."""
    token = bearer(request, NOT_LOGGED_IN)
    services, codec = request.config_dict[SERVICES], request.config_dict[TOKENS]
    body = await run_use_case(request, _as, services, codec, token, _encoded(work))
    return _response(body, status)


async def call_at_facility(request: web.Request, work: Callable[[ParentAt], T]) -> T:
    """Authenticate the bearer token and run ``work`` for the facility of the path's
    ``{slug}`` (404 unless the parent is linked there), on the use-case pool in one hop."""
    token = bearer(request, NOT_LOGGED_IN)
    services, codec = request.config_dict[SERVICES], request.config_dict[TOKENS]
    slug = request.match_info["slug"]
    return await run_use_case(request, _at, services, codec, token, slug, work)


async def at_facility(
    request: web.Request, work: Callable[[ParentAt], object], *, status: int = 200
) -> web.Response:
    """As ``call_at_facility``; the result of ``work`` is the JSON answer."""
    return _response(await call_at_facility(request, _encoded(work)), status)


def _run_public(
    services: PetcareServices, slug: str, work: Callable[[PetcareServices, Facility], object]
) -> bytes:
    return json_bytes(work(services, facility_by_slug(services, slug)))


async def at_public_facility(
    request: web.Request,
    work: Callable[[PetcareServices, Facility], object],
    *,
    status: int = 200,
) -> web.Response:
    """Run ``work`` for the facility of the path's ``{slug}`` without a login (404 when it
    does not exist)."""
    services = request.config_dict[SERVICES]
    slug = request.match_info["slug"]
    body = await run_use_case(request, _run_public, services, slug, work)
    return _response(body, status)
