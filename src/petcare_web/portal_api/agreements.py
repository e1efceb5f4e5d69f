"""Agreements (waivers) in the portal API: what the household still has to sign and what it
has signed, reading an agreement, signing it.

A signature records the name the parent types, the time, the agreement's current version, the
location it is given for (optional: the booking's, when the app signs on the way to booking)
and the IP address of the request: ``request.remote``, the address of the connection, as the
portal pages record it. Behind a reverse proxy that is the proxy's address (the application
trusts no forwarded header yet); on a connection with no IP address (a Unix socket)
``0.0.0.0`` is recorded, meaning "unknown".
"""

from __future__ import annotations

import functools
import zoneinfo

from aiohttp import web

from petcare_core.domain.agreements import Agreement, AgreementSignature, AgreementUnsigned
from petcare_core.domain.ids import AgreementId, LocationId
from petcare_core.services import SignedAgreement
from petcare_web.portal_api.auth import ParentAt, at_facility, call_at_facility
from petcare_web.portal_api.booking import local
from petcare_web.portal_api.jsonio import (
    Field,
    JsonBody,
    Kind,
    json_response,
    path_id,
    read_json,
    text,
)
from petcare_web.portal_api.rejections import ok
from petcare_web.portal_api.views import JsonObject

SIGN_FIELDS = {"signer_name": text(required=True), "location_id": Field(Kind.ID)}
#: Recorded when the connection has no IP address (a Unix socket): "unknown".
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a value stored, not an address listened on


def client_address(request: web.Request) -> str:
    """The address a signature is recorded from: the connection's (see the module)."""
    return request.remote or UNKNOWN_ADDRESS


def to_sign_json(reason: AgreementUnsigned) -> JsonObject:
    """An agreement the household still has to sign, and the version it last signed."""
    return {
        "agreement_id": reason.agreement_id,
        "title": reason.title,
        "version": reason.current_version,
        "signed_version": reason.signed_version,
        "new_version": reason.new_version,
    }


def signature_json(
    signature: AgreementSignature, title: str, current: bool, zone: zoneinfo.ZoneInfo
) -> JsonObject:
    """A signature of the household: what was signed, by whom, when and for where (not the
    address it came from)."""
    return {
        "id": signature.id,
        "agreement_id": signature.agreement_id,
        "title": title,
        "version": signature.version_number,
        "current": current,
        "signer_name": signature.signer_name,
        "signed_at": local(signature.signed_at, zone),
        "location_id": signature.location_id,
    }


def _signed_json(signed: SignedAgreement, zone: zoneinfo.ZoneInfo) -> JsonObject:
    return signature_json(signed.signature, signed.title, signed.current, zone)


def _zone(call: ParentAt) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(call.facility.timezone)


def _agreements(call: ParentAt) -> object:
    services, zone = call.services, _zone(call)
    to_sign = services.agreements_to_sign(call.facility_id, call.account_id)
    signed = services.signed_agreements(call.facility_id, call.account_id)
    return {
        "to_sign": [to_sign_json(reason) for reason in to_sign],
        "signed": [_signed_json(item, zone) for item in reversed(signed)],
    }


async def list_agreements(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/agreements``: what the household still has to sign, and
    every signature it has given, latest first."""
    return await at_facility(request, _agreements)


def agreement_json(
    agreement: Agreement, signed: tuple[SignedAgreement, ...], zone: zoneinfo.ZoneInfo
) -> JsonObject:
    """An agreement's current version for the parent to read, and whether they signed it."""
    current = agreement.current
    mine = [item for item in signed if item.signature.agreement_id == agreement.id]
    latest = max((item.signature.version_number for item in mine), default=None)
    return {
        "id": agreement.id,
        "title": agreement.title,
        "version": current.number,
        "text": current.text,
        "published_at": local(current.published_at, zone),
        "location_ids": sorted(agreement.location_ids),
        "signed": latest == current.number,
        "signed_version": latest,
    }


def _agreement(agreement_id: AgreementId, call: ParentAt) -> object:
    services = call.services
    agreement = services.portal_agreement(call.facility_id, call.account_id, agreement_id)
    signed = services.signed_agreements(call.facility_id, call.account_id)
    return agreement_json(agreement, signed, _zone(call))


async def get_agreement(request: web.Request) -> web.Response:
    """``GET /portal/api/f/{slug}/agreements/{id}``: an agreement in use, its current text,
    and whether the household has signed that version (404 for one no longer in use)."""
    agreement_id = AgreementId(path_id(request, "id", "agreement_id"))
    return await at_facility(request, functools.partial(_agreement, agreement_id))


def _sign(
    body: JsonBody, address: str, agreement_id: AgreementId, call: ParentAt
) -> tuple[int, JsonObject]:
    services, fid, account_id = call.services, call.facility_id, call.account_id
    agreement = services.portal_agreement(fid, account_id, agreement_id)
    before = {item.signature.id for item in services.signed_agreements(fid, account_id)}
    location = body.identifier("location_id")
    signature = ok(
        services.sign_agreement(
            fid,
            account_id,
            agreement.id,
            signer_name=body.text("signer_name"),
            ip_address=address,
            location_id=None if location is None else LocationId(location),
        )
    )
    current = signature.version_number == agreement.current.number
    answer = signature_json(signature, agreement.title, current, _zone(call))
    return (200 if signature.id in before else 201), answer


async def sign_agreement(request: web.Request) -> web.Response:
    """``POST /portal/api/f/{slug}/agreements/{id}/sign``: sign the current version for the
    household (201); a version already signed answers the signature on file (200)."""
    agreement_id = AgreementId(path_id(request, "id", "agreement_id"))
    body = await read_json(request, SIGN_FIELDS)
    work = functools.partial(_sign, body, client_address(request), agreement_id)
    status, answer = await call_at_facility(request, work)
    return json_response(answer, status=status)
