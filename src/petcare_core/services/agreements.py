"""Agreements (waivers): written and versioned by staff, read and signed by pet parents.

Staff need ``catalog.manage`` to create an agreement, publish a new version of its text (every
household must then sign again) or change its title, locations or whether it is in use. Titles
are unique case-insensitively. A pet parent acts through their portal account on their own
household.

**What a household has to sign** (``agreements_to_sign``): every active agreement that some
active reservation type requires at a location where both are in use — an active location
that offers the type and where the agreement applies. An agreement no bookable service needs
blocks nothing, so it is not asked for; one needed anywhere the household could book is,
whatever their home location, because they may book at any location.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.agreements import (
    Agreement,
    AgreementSignature,
    AgreementUnsigned,
    sign,
    unsigned_agreements,
)
from petcare_core.domain.ids import (
    AgreementId,
    AgreementSignatureId,
    FacilityId,
    LocationId,
    OwnerId,
    PortalAccountId,
)
from petcare_core.domain.reasons import InvalidValue, Rejection
from petcare_core.domain.staff import Permission
from petcare_core.ports.errors import NotFound
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize, portal_owner_id
from petcare_core.services._catalog_checks import known_ids, others, unique_name
from petcare_core.services._checks import Checks, check_version
from petcare_core.services.context import ServiceContext

#: The longest agreement text: waivers are long, but not books.
AGREEMENT_TEXT_MAX_LENGTH = 100_000


@attrs.frozen
class SignedAgreement:
    """A household's signature with what was signed: the agreement's title, the text of the
    version signed, and whether that version is still the current one."""

    signature: AgreementSignature
    title: str
    text: str
    current: bool


def _locations(ids: Iterable[LocationId]) -> frozenset[LocationId]:
    return frozenset(ids)


def _check_header(
    checks: Checks,
    uow: FacilityUnitOfWork,
    title: str,
    location_ids: Iterable[LocationId],
    agreement_id: AgreementId | None,
) -> tuple[str, frozenset[LocationId]]:
    clean = checks.text("title", title)
    unique_name(
        checks,
        clean,
        (agreement.title for agreement in others(uow.agreements.list(), agreement_id)),
        field="title",
    )
    locations = _locations(location_ids)
    known_ids(checks, "location_ids", locations, {loc.id for loc in uow.locations.list()})
    return clean, locations


def _text(checks: Checks, text: str) -> str:
    return checks.text("text", text, max_length=AGREEMENT_TEXT_MAX_LENGTH, multiline=True)


def create_agreement(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    title: str,
    text: str,
    *,
    location_ids: Iterable[LocationId] = (),
) -> Result[Agreement, Rejection]:
    """Write an agreement; its text is version 1. ``location_ids`` empty: every location.

    Needs ``catalog.manage``. Rejections: title missing, too long or taken; text missing, over
    100,000 characters or with control characters; a location not of this facility.
    """
    checks = Checks()
    clean_text = _text(checks, text)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        clean_title, locations = _check_header(checks, uow, title, location_ids, None)
        if checks.failed:
            return checks.failure()
        agreement = Agreement.create(
            id=AgreementId(uow.new_id()),
            facility_id=facility_id,
            title=clean_title,
            text=clean_text,
            at=ctx.clock.now(),
            location_ids=locations,
        )
        uow.agreements.add(agreement)
        uow.commit()
    return Success(agreement)


def publish_agreement_version(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    agreement_id: AgreementId,
    text: str,
) -> Result[Agreement, Rejection]:
    """Publish the next version of an agreement (``NotFound`` if it is not this facility's).

    Needs ``catalog.manage``. Every household must sign the new version before booking a
    service that requires it; the same text again is allowed (it asks everyone to sign
    again). Rejections: text missing, too long or with control characters.
    """
    checks = Checks()
    clean = _text(checks, text)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        current = uow.agreements.get(agreement_id)
        if checks.failed:
            return checks.failure()
        # A server whose clock lags another's must not date a version before its predecessor.
        at = max(ctx.clock.now(), current.current.published_at)
        stored = uow.agreements.update(current.publish(clean, at))
        uow.commit()
    return Success(stored)


def update_agreement(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    agreement_id: AgreementId,
    *,
    title: str,
    location_ids: Iterable[LocationId],
    active: bool,
    expected_version: int | None = None,
) -> Result[Agreement, Rejection]:
    """Change an agreement's title, its locations, or take it out of use (an inactive one is
    neither required nor signable). ``NotFound`` if it is not this facility's.

    Needs ``catalog.manage``. Rejections: as for ``create_agreement``. Its versions and the
    signatures stay as they are; a change that changes nothing writes nothing.
    ``expected_version``: see ``check_version`` (``ConcurrencyConflict``).
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.CATALOG_MANAGE)) is not None:
            return Failure(denied)
        current = uow.agreements.get(agreement_id)
        check_version("Agreement", agreement_id, current.version, expected_version)
        clean_title, locations = _check_header(checks, uow, title, location_ids, current.id)
        if checks.failed:
            return checks.failure()
        changed = attrs.evolve(current, title=clean_title, location_ids=locations, active=active)
        if changed == current:
            return Success(current)
        stored = uow.agreements.update(changed)
        uow.commit()
    return Success(stored)


def list_agreements(
    ctx: ServiceContext, facility_id: FacilityId, *, active_only: bool = False
) -> list[Agreement]:
    """The facility's agreements with every version (only the active ones when asked),
    ordered by id."""
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        agreements = uow.agreements.list()
    return [agreement for agreement in agreements if agreement.active or not active_only]


def _required(uow: FacilityUnitOfWork) -> list[Agreement]:
    """The agreements some active type requires where both are in use, ordered by id."""
    locations = [location.id for location in uow.locations.list() if location.active]
    kinds = [kind for kind in uow.reservation_types.list() if kind.active]
    return [
        agreement
        for agreement in uow.agreements.list()
        if agreement.active
        and any(
            agreement.id in kind.required_agreement_ids
            and any(kind.offered_at(loc) and agreement.applies_at(loc) for loc in locations)
            for kind in kinds
        )
    ]


def agreements_to_sign(
    ctx: ServiceContext, facility_id: FacilityId, account_id: PortalAccountId
) -> tuple[AgreementUnsigned, ...]:
    """What the parent's household still has to sign (see the module's docstring), ordered by
    agreement id; an agreement whose current version they have not signed says whether an
    older one was. ``NotFound`` when the account is not linked to this facility."""
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id = portal_owner_id(uow, account_id)
        signatures = uow.agreement_signatures.list_for_owner(owner_id)
        return unsigned_agreements(_required(uow), signatures)


def portal_agreement(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    agreement_id: AgreementId,
) -> Agreement:
    """An agreement in use, with every version, for the parent to read before signing.

    ``NotFound`` for an agreement that is not this facility's or no longer in use, and when
    the account is not linked to this facility.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        portal_owner_id(uow, account_id)
        agreement = uow.agreements.get(agreement_id)
    if not agreement.active:
        raise NotFound("Agreement", agreement_id)
    return agreement


def _ip_address(checks: Checks, raw: str) -> str:
    value = raw.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        checks.add(InvalidValue("ip_address", f"{value[:50]!r} is not an IPv4 or IPv6 address"))
        return ""


def sign_agreement(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    agreement_id: AgreementId,
    *,
    signer_name: str,
    ip_address: str,
    location_id: LocationId | None = None,
) -> Result[AgreementSignature, Rejection]:
    """The parent signs the current version of an agreement for their household; records
    ``AgreementSigned``.

    ``ip_address`` is the address the signature came from (the web layer passes the
    client's); ``location_id`` the signature's context (the booking's location, say), or
    None. ``NotFound`` for an agreement that is not this facility's and when the account is
    not linked here. Rejections: signer's name missing or too long; a malformed IP address; a
    location not of this facility; an agreement no longer in use. Signing a version the
    household has already signed returns that signature and writes nothing.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id = portal_owner_id(uow, account_id)
        return _sign_in(ctx, uow, owner_id, agreement_id, signer_name, ip_address, location_id)


def sign_agreement_at_front_desk(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    owner_id: OwnerId,
    agreement_id: AgreementId,
    *,
    signer_name: str,
    ip_address: str,
    location_id: LocationId | None = None,
) -> Result[AgreementSignature, Rejection]:
    """A household signs an agreement on the facility's own device (the front desk's tablet):
    staff record it for the owner. Needs ``owners.write``. ``ip_address`` is the device's.
    Otherwise as ``sign_agreement``: the same checks, event and answer to a version already
    signed; ``NotFound`` for an owner or agreement that is not this facility's."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_WRITE)) is not None:
            return Failure(denied)
        uow.owners.get(owner_id)
        return _sign_in(ctx, uow, owner_id, agreement_id, signer_name, ip_address, location_id)


def _sign_in(  # noqa: PLR0917 - the signature's facts, as both callers take them
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    owner_id: OwnerId,
    agreement_id: AgreementId,
    signer_name: str,
    ip_address: str,
    location_id: LocationId | None,
) -> Result[AgreementSignature, Rejection]:
    """Sign inside an open unit of work; commits on success."""
    checks = Checks()
    name = checks.text("signer_name", signer_name)
    address = _ip_address(checks, ip_address)
    agreement = uow.agreements.get(agreement_id)
    if not agreement.active:
        checks.add(InvalidValue("agreement_id", f"{agreement.title} is no longer in use; reload"))
    if location_id is not None:
        checks.reference("location_id", location_id, uow.locations.get)
    if checks.failed:
        return checks.failure()
    for earlier in uow.agreement_signatures.list_for_owner(owner_id):
        if (earlier.agreement_id, earlier.version_number) == (
            agreement.id,
            agreement.current.number,
        ):
            return Success(earlier)
    signature, event = sign(
        agreement,
        id=AgreementSignatureId(uow.new_id()),
        owner_id=owner_id,
        signer_name=name,
        at=ctx.clock.now(),
        ip_address=address,
        location_id=location_id,
    )
    uow.agreement_signatures.add(signature)
    uow.record(event)
    uow.commit()
    return Success(signature)


def signed_agreements(
    ctx: ServiceContext, facility_id: FacilityId, account_id: PortalAccountId
) -> tuple[SignedAgreement, ...]:
    """Every signature of the parent's household, oldest first, with the text signed.
    ``NotFound`` when the account is not linked to this facility."""
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id = portal_owner_id(uow, account_id)
        signatures = uow.agreement_signatures.list_for_owner(owner_id)
        agreements = {agreement.id: agreement for agreement in uow.agreements.list()}
    signed: list[SignedAgreement] = []
    for signature in signatures:
        agreement = agreements[signature.agreement_id]
        version = agreement.versions[signature.version_number - 1]
        current = signature.version_number == agreement.current.number
        signed.append(SignedAgreement(signature, agreement.title, version.text, current))
    return tuple(signed)
