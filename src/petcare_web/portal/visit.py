"""One request to a portal page: its facility, session, logged-in account and checked form.

``portal_page`` wraps every portal handler. It resolves the facility from the URL, reads the
signed session cookie (dropping it when forged, expired, or issued before a password change),
checks the CSRF token of every POST before the handler runs, keeps members-only pages for
accounts linked to the facility, and sets the cookie again when the session changed.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar, TypeVarTuple
from urllib.parse import quote, urlsplit

import attrs
from aiohttp import web
from multidict import MultiDict, MultiDictProxy

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import OwnerId, PortalAccountId
from petcare_core.ports.errors import NotFound
from petcare_core.services import PetcareServices
from petcare_web.config import WebConfig
from petcare_web.errors import ApiError
from petcare_web.executor import run_use_case
from petcare_web.keys import CONFIG, SERVICES
from petcare_web.portal.sessions import PortalSession, SessionCodec, password_fingerprint
from petcare_web.portal.state import SESSION_CODEC
from petcare_web.portal.templates import html_response, render_template

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

COOKIE_NAME = "petcare_portal"
# Browsers accept a __Host- cookie only when Secure, host-only and for path /, so a sibling
# subdomain can never plant or overwrite it.
SECURE_COOKIE_NAME = "__Host-petcare_portal"
CSRF_FIELD = "csrf_token"
UNKNOWN_FACILITY = (
    "There is no pet-care facility at this address. Check the link the facility gave you."
)

FormData = MultiDictProxy[Any]
# Addresses that only take a POST, and the page whose form posts there.
_FORM_PAGES = {
    "/contact": "/",
    "/logout": "/",
    "/facilities/link": "/facilities",
    "/account/preferences": "/account",
}
_PHOTO_FORM = re.compile(r"(/pets/[0-9]+)/photo(?:/delete)?")

# Messages a page shows after a redirect (``?notice=<code>``): fixed texts, so that nothing a
# link carries is ever written into the page.
NOTICES = {
    "signed-up": "Welcome! Your account is ready.",
    "logged-out": "You are logged out.",
    "linked": "Your login is now linked to this facility.",
    "password-changed": "Your password has been changed. Log in with the new one.",
    "saved": "Your changes are saved.",
    "preferences-saved": "Your communication preferences are saved.",
    "deletion-requested": "Request sent for review! Your request has been sent to the facility",
    "pet-added": "Your pet has been added.",
    "photo-saved": "The photo is saved.",
    "photo-removed": "The photo is removed.",
    "uploaded": (
        "Thank you! The record is pending review: the facility will check it and then mark it "
        "verified."
    ),
}


def cookie_name(config: WebConfig) -> str:
    """The session cookie's name: ``__Host-`` prefixed when the site is served over TLS."""
    return SECURE_COOKIE_NAME if config.behind_tls else COOKIE_NAME


def load_account(services: PetcareServices, account_id: PortalAccountId) -> PortalAccount | None:
    """The portal account ``account_id`` with its current links and password hash, if any."""
    try:
        return services.get_portal_account(account_id)
    except NotFound:
        return None


@attrs.define(eq=False)
class Visit:
    """What a portal handler knows about the request it answers."""

    request: web.Request
    services: PetcareServices
    config: WebConfig
    codec: SessionCodec
    session: PortalSession
    from_cookie: bool
    facility: Facility | None
    account: PortalAccount | None
    form: FormData = attrs.field(factory=lambda: MultiDictProxy(MultiDict()))
    cookie_changed: bool = False

    @property
    def base(self) -> str:
        """The facility's portal address, ``/f/<slug>`` (empty outside a facility)."""
        return "" if self.facility is None else f"/f/{self.facility.slug}"

    @property
    def owner_id(self) -> OwnerId | None:
        """The owner the logged-in account acts as in this facility, if linked here."""
        if self.account is None or self.facility is None:
            return None
        return self.account.owner_in(self.facility.id)

    @property
    def linked(self) -> bool:
        """True when a logged-in account is linked to this facility."""
        return self.owner_id is not None

    @property
    def account_id(self) -> PortalAccountId:
        """The logged-in account's id (members-only pages are never reached without one)."""
        if self.account is None:
            raise RuntimeError("no account is logged in")
        return self.account.id

    @property
    def csrf_token(self) -> str:
        """The token the forms of this session carry."""
        return self.codec.csrf_token(self.session)

    @property
    def notice(self) -> str:
        """The message named by ``?notice=`` in the address, if it names one."""
        return NOTICES.get(self.request.query.get("notice", ""), "")

    @property
    def path(self) -> str:
        """The requested path (for the current page in the navigation)."""
        return self.request.path

    @property
    def form_page(self) -> str:
        """The page that shows the form posted to this address (to reload it)."""
        path = self.request.path
        if self.base and path.startswith(f"{self.base}/"):
            rest = path.removeprefix(self.base)
            # A pet's photo forms are on the pet's page (GET .../photo is the picture itself).
            if (pet := _PHOTO_FORM.fullmatch(rest)) is not None:
                return self.base + pet.group(1)
            return self.base + _FORM_PAGES.get(rest, rest)
        return path

    def now(self) -> datetime:
        """The services' clock."""
        return self.services.clock.now()

    def text(self, name: str) -> str:
        """The text field ``name`` of the submitted form (``""`` when absent or a file)."""
        value = self.form.get(name, "")
        return value if isinstance(value, str) else ""

    def log_in(self, account: PortalAccount) -> None:
        """Start a new session (new id: no session fixation) for ``account``."""
        self.session = self.session.logged_in(account.id, account.password_hash, self.now())
        self.account = account
        self.cookie_changed = True

    def log_out(self) -> None:
        """Replace the session by a new anonymous one."""
        self.session = PortalSession.anonymous(self.now())
        self.account = None
        self.cookie_changed = True

    async def call(self, fn: Callable[[*Ts], T], *args: *Ts) -> T:
        """Run a use case in the use-case pool."""
        return await run_use_case(self.request, fn, *args)

    def render(
        self,
        template: str,
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        **context: Any,
    ) -> web.Response:
        """The page ``template`` with this visit and ``context``."""
        body = render_template(template, {"visit": self, **context})
        return html_response(body, status=status, headers=headers)

    def redirect(self, location: str) -> web.Response:
        """``303 See Other`` to ``location`` (after a POST, the browser GETs the new page)."""
        return web.Response(status=303, headers={"Location": location})

    def safe_next(self, target: str, default: str) -> str:
        """``target`` when it is a page of this facility's portal, else ``default``.

        Only a local path under ``/f/<slug>/`` is followed, so a crafted link cannot send a
        parent elsewhere after logging in.
        """
        parts = urlsplit(target)
        prefix = f"{self.base}/"
        if (
            not self.base
            or parts.scheme
            or parts.netloc
            or not parts.path.startswith(prefix)
            or "\\" in target
            or "//" in parts.path
            or any(not c.isprintable() for c in target)
        ):
            return default
        return target

    def message_page(self, status: int, title: str, message: str, **context: Any) -> web.Response:
        """A page in the portal's layout that only says something (errors, refusals)."""
        return self.render("message.html", status=status, title=title, message=message, **context)


PageHandler = Callable[[web.Request, Visit], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def _start(request: web.Request, with_facility: bool) -> Visit:
    services = request.config_dict[SERVICES]
    config = request.config_dict[CONFIG]
    codec = request.config_dict[SESSION_CODEC]
    now = services.clock.now()
    raw = request.cookies.get(cookie_name(config), "")
    session = codec.decode(raw, now) if raw else None
    slug = request.match_info.get("slug", "") if with_facility else ""
    wanted = None if session is None else session.account_id

    def load() -> tuple[Facility | None, PortalAccount | None]:
        facility = services.facility_by_slug(slug) if slug else None
        account = None if wanted is None else load_account(services, PortalAccountId(wanted))
        return facility, account

    try:
        facility, account = await run_use_case(request, load)
    except NotFound:
        raise ApiError(UNKNOWN_FACILITY, status=404, code="not_found") from None
    if session is not None and session.account_id is not None:
        # A password change (or reset) ends every session that was opened with the old one.
        current = "" if account is None else password_fingerprint(account.password_hash)
        if not hmac.compare_digest(current, session.fingerprint):
            session, account = None, None
    visit = Visit(
        request=request,
        services=services,
        config=config,
        codec=codec,
        session=session or PortalSession.anonymous(now),
        from_cookie=session is not None,
        facility=facility,
        account=account,
    )
    visit.cookie_changed = session is None
    return visit


def _set_cookie(visit: Visit, response: web.StreamResponse) -> None:
    # No Max-Age: the cookie ends with the browser session; the signed issue time bounds it
    # on the server side (SessionCodec.max_age) even if a browser restores it.
    response.set_cookie(
        cookie_name(visit.config),
        visit.codec.encode(visit.session),
        path="/",
        httponly=True,
        samesite="Lax",
        secure=visit.config.behind_tls,
    )


async def _checked_post(visit: Visit) -> web.Response | None:
    """Read the form and check its CSRF token; the refusal page, or ``None`` when it is good."""
    try:
        visit.form = await visit.request.post()
    except web.HTTPRequestEntityTooLarge:
        return visit.message_page(
            413,
            "The file is too large",
            "What you sent is larger than this site accepts. A vaccination record may be at "
            "most 10 MB and a pet's photo 5 MB: go back and choose a smaller file (scan or "
            "photograph it at a lower resolution).",
        )
    except ValueError:
        # A body no browser sends (text that is not UTF-8, a broken multipart envelope).
        return visit.message_page(
            400,
            "The form could not be read",
            "What was sent is not a form this page can read. Reload the page and try again.",
            retry_path=visit.form_page,
        )
    token = visit.text(CSRF_FIELD)
    if not (visit.from_cookie and token and visit.codec.csrf_valid(visit.session, token)):
        visit.form = MultiDictProxy(MultiDict())
        return visit.message_page(
            403,
            "This form has expired",
            "For your security, forms stop working after a while or when you log in or out. "
            "Reload the page and try again (the portal needs cookies to be allowed).",
            retry_path=visit.form_page,
        )
    return None


def portal_page(
    *, member: bool = False, with_facility: bool = True
) -> Callable[[PageHandler], Handler]:
    """Make ``handler(request, visit)`` an aiohttp handler (see the module).

    ``member``: only for a logged-in account linked to the facility; anyone else is sent to
    the log-in page, or, when logged in but not linked, offered to link by invite code.
    """

    def decorate(handler: PageHandler) -> Handler:
        @wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            visit = await _start(request, with_facility)
            response: web.StreamResponse | None = None
            if request.method == "POST":
                response = await _checked_post(visit)
            if response is None and member:
                response = _members_only(visit)
            if response is None:
                response = await handler(request, visit)
            if visit.cookie_changed:
                _set_cookie(visit, response)
            return response

        return wrapper

    return decorate


def _members_only(visit: Visit) -> web.Response | None:
    if visit.account is None:
        wanted = visit.request.path_qs if visit.request.method == "GET" else f"{visit.base}/"
        return visit.redirect(f"{visit.base}/login?next={quote(wanted, safe='/')}")
    if not visit.linked:
        return visit.render("not_linked.html", status=403, errors=None, invite_code="")
    return None
