"""Agreements (waivers): the ones the household still has to sign, reading one, signing it.

A signature records the name the parent types, the time, the agreement's current version, the
location it is given for (the booking's, when the parent comes from the booking form) and the
IP address of the request: ``request.remote``, the address of the connection. Behind a reverse
proxy that is the proxy's address (the application trusts no forwarded header yet); on a
connection with no IP address (a Unix socket) ``0.0.0.0`` is recorded, meaning "unknown".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

import attrs
from aiohttp import web
from returns.result import Failure

from petcare_core.domain.agreements import Agreement, AgreementUnsigned
from petcare_core.domain.dates import clock, long_date
from petcare_core.domain.ids import AgreementId, LocationId
from petcare_core.services import SignedAgreement
from petcare_web.portal.forms import NO_ERRORS, FormErrors, form_errors, single_error
from petcare_web.portal.visit import Visit, portal_page

SIGN_LABELS = {"signer_name": "Your full name"}
#: Recorded when the connection has no IP address (a Unix socket): "unknown".
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a value stored, not an address listened on
# Messages after a redirect (``?done=<code>``): fixed texts, so a link cannot write into a page.
DONE = {"signed": "Thank you: the agreement is signed."}


def local_moment(moment: datetime, timezone: str) -> str:
    """``4 March 2026, 07:00`` in the facility's time zone."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{long_date(local.date())}, {clock(local.time())}"


def id_from(request: web.Request, name: str) -> int:
    """A numeric id of the address (the route matches digits only); absurdly long ones are
    not ids of anything."""
    raw = request.match_info[name]
    if len(raw) > 18:
        raise web.HTTPNotFound()
    return int(raw)


def optional_id(raw: str) -> int | None:
    """A positive id typed in a form or a link, or ``None`` for anything else."""
    text = raw.strip()
    if not text.isdigit() or len(text) > 18 or int(text) == 0:
        return None
    return int(text)


@attrs.frozen
class SignedLine:
    """A signature as the list shows it."""

    signed: SignedAgreement
    when: str


@attrs.frozen
class AgreementsPage:
    """What the household has to sign and what it has signed."""

    to_sign: tuple[AgreementUnsigned, ...]
    signed: tuple[SignedLine, ...]


def _signed_lines(signed: Sequence[SignedAgreement], timezone: str) -> tuple[SignedLine, ...]:
    # Latest first: the one the parent just signed is on top.
    return tuple(
        SignedLine(item, local_moment(item.signature.signed_at, timezone))
        for item in reversed(signed)
    )


@portal_page(member=True)
async def agreements(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/agreements``: the agreements to sign (new versions included) and the
    signed ones with the text signed."""
    assert visit.facility is not None
    fid, account = visit.facility.id, visit.account_id
    to_sign = await visit.call(visit.services.agreements_to_sign, fid, account)
    signed = await visit.call(visit.services.signed_agreements, fid, account)
    page = AgreementsPage(to_sign, _signed_lines(signed, visit.facility.timezone))
    return visit.render(
        "agreements.html", page=page, page_notice=DONE.get(request.query.get("done", ""), "")
    )


@attrs.frozen
class AgreementPage:
    """One agreement to read, and the household's signature of its current version if any."""

    agreement: Agreement
    published: str
    signed: SignedLine | None
    older_signature: SignedLine | None


async def _agreement_page(
    visit: Visit,
    agreement_id: AgreementId,
    *,
    signer_name: str,
    next_page: str,
    location: str,
    errors: FormErrors,
    status: int,
) -> web.Response:
    assert visit.facility is not None
    fid, account = visit.facility.id, visit.account_id
    agreement = await visit.call(visit.services.portal_agreement, fid, account, agreement_id)
    signatures = await visit.call(visit.services.signed_agreements, fid, account)
    lines = _signed_lines(
        [item for item in signatures if item.signature.agreement_id == agreement.id],
        visit.facility.timezone,
    )
    current = next((line for line in lines if line.signed.current), None)
    older = None if current is not None else next(iter(lines), None)
    page = AgreementPage(
        agreement,
        local_moment(agreement.current.published_at, visit.facility.timezone),
        current,
        older,
    )
    return visit.render(
        "agreement.html",
        status=status,
        page=page,
        signer_name=signer_name,
        next_page=next_page,
        location=location,
        errors=errors,
    )


def client_address(request: web.Request) -> str:
    """The address a signature is recorded from: the connection's (see the module)."""
    return request.remote or UNKNOWN_ADDRESS


@portal_page(member=True)
async def agreement(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/agreements/{id}``: read the current version; a POST signs it with the
    typed name. ``next`` (a page of this portal, the booking form say) is where signing leads;
    ``location_id`` the location the signature is given for."""
    assert visit.facility is not None
    agreement_id = AgreementId(id_from(request, "agreement_id"))
    source = request.query if request.method == "GET" else visit.form
    raw_next = source.get("next", "")
    next_page = visit.safe_next(raw_next if isinstance(raw_next, str) else "", "")
    raw_location = source.get("location_id", "")
    location_id = optional_id(raw_location if isinstance(raw_location, str) else "")
    location = "" if location_id is None else str(location_id)
    if request.method == "GET":
        return await _agreement_page(
            visit,
            agreement_id,
            signer_name="",
            next_page=next_page,
            location=location,
            errors=NO_ERRORS,
            status=200,
        )
    signer_name = visit.text("signer_name")
    if not signer_name.strip():
        errors = single_error(
            "Type your full name: it is your signature", "signer_name", "Your full name"
        )
        return await _agreement_page(
            visit,
            agreement_id,
            signer_name=signer_name,
            next_page=next_page,
            location=location,
            errors=errors,
            status=422,
        )
    if location_id is not None:
        # A crafted link may name another facility's location: the signature then has none.
        known = await visit.call(visit.services.list_locations, visit.facility.id)
        if location_id not in {known_location.id for known_location in known}:
            location_id = None
    result = await visit.call(
        partial(
            visit.services.sign_agreement,
            visit.facility.id,
            visit.account_id,
            agreement_id,
            signer_name=signer_name,
            ip_address=client_address(request),
            location_id=None if location_id is None else LocationId(location_id),
        )
    )
    if isinstance(result, Failure):
        return await _agreement_page(
            visit,
            agreement_id,
            signer_name=signer_name,
            next_page=next_page,
            location=location,
            errors=form_errors(result.failure().reasons, SIGN_LABELS),
            status=422,
        )
    if next_page:
        return visit.redirect(next_page + ("&" if "?" in next_page else "?") + "done=signed")
    return visit.redirect(f"{visit.base}/agreements?done=signed")
