"""Pet parents' logins: signing up, linking to another facility, logging in."""

from __future__ import annotations

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.account import OwnerLink, PortalAccount
from petcare_core.domain.events import OwnerCreated, PortalAccountLinked
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import FacilityId, OwnerId, PortalAccountId
from petcare_core.domain.owner import Owner
from petcare_core.domain.reasons import (
    InvalidValue,
    Rejection,
    RequiredValueMissing,
    UnknownReference,
)
from petcare_core.domain.signup import (
    PASSWORD_MAX_LENGTH,
    AmbiguousOwnerMatch,
    ExistingOwner,
    NewOwner,
    check_password,
    match_owner,
    normalize_email,
)
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._checks import Checks
from petcare_core.services.context import ServiceContext
from petcare_core.services.reasons import (
    AccountAlreadyRegistered,
    AlreadyLinked,
    InvalidCredentials,
)

# An email address is at most 254 characters; anything longer cannot be a login.
LOGIN_MAX_LENGTH = 254
INVITE_CODE_MAX_LENGTH = 64


@attrs.frozen(kw_only=True)
class SignUp:
    """A pet parent's sign-up at one facility, named by its slug or by its invite code.

    At least one of ``email`` and ``phone`` is required: it is the login.
    """

    first_name: str
    last_name: str
    password: str = attrs.field(repr=False)
    email: str = ""
    phone: str = ""
    facility_slug: str = ""
    invite_code: str = ""


@attrs.frozen
class LinkedOwner:
    """A login now acts as ``owner_id`` in ``facility_id``; ``owner_created`` when it is new."""

    account: PortalAccount
    facility_id: FacilityId
    owner_id: OwnerId
    owner_created: bool


def _find_facility(ctx: ServiceContext, checks: Checks, slug: str, code: str) -> Facility | None:
    if slug and code:
        checks.add(
            InvalidValue("invite_code", "give the facility's slug or an invite code, not both")
        )
        return None
    if not slug and not code:
        checks.add(RequiredValueMissing("invite_code"))
        return None
    with ctx.uows.platform() as platform:
        if slug:
            facility = platform.facilities.find_by_slug(slug)
        else:
            facility = platform.facilities.find_by_invite_code(code)
    if facility is None:
        name, value = ("facility_slug", slug) if slug else ("invite_code", code)
        checks.add(UnknownReference(name, value[:INVITE_CODE_MAX_LENGTH]))
    return facility


def _match(
    uow: FacilityUnitOfWork, email: str, phone: str
) -> ExistingOwner | AmbiguousOwnerMatch | None:
    """The existing owner the login belongs to, ``None`` for a new one, or the reason it is
    ambiguous."""
    by_email = uow.owners.find_by_email(email) if email else []
    by_phone = uow.owners.find_by_phone(phone) if phone else []
    match = match_owner(by_email, by_phone)
    return None if isinstance(match, NewOwner) else match


def _link(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    account: PortalAccount,
    owner_id: OwnerId,
) -> PortalAccount:
    """Record the link of ``account`` (already stored or to be added) to ``owner_id``."""
    uow.record(
        PortalAccountLinked(
            facility_id=uow.facility_id,
            occurred_at=ctx.clock.now(),
            account_id=account.id,
            owner_id=owner_id,
        )
    )
    return account.linked_to(OwnerLink(uow.facility_id, owner_id))


def _new_owner(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    first_name: str,
    last_name: str,
    account: PortalAccount,
) -> OwnerId:
    now = ctx.clock.now()
    owner = Owner(
        id=OwnerId(uow.new_id()),
        facility_id=uow.facility_id,
        first_name=first_name,
        last_name=last_name,
        created_at=now,
        modified_at=now,
        email=account.email,
        cell_phone=account.phone,
    )
    uow.owners.add(owner)
    uow.record(OwnerCreated(facility_id=uow.facility_id, occurred_at=now, owner_id=owner.id))
    return owner.id


def sign_up(ctx: ServiceContext, command: SignUp) -> Result[LinkedOwner, Rejection]:
    """Create a portal login, linked to the facility's matching owner or to a new one.

    The email is case-folded and the phone stored as E.164 (read in the facility's phone
    region). An existing owner with the same email or phone is linked instead of creating a
    duplicate. Records ``OwnerCreated`` (for a new owner) and ``PortalAccountLinked``.

    Rejections: facility slug/invite code unknown, missing or both given; a name missing or too
    long; email malformed; phone invalid; neither email nor phone; the password policy
    (``WeakPassword``); an account already using the email or phone
    (``AccountAlreadyRegistered``: log in or reset the password); the email and phone matching
    different owners (``AmbiguousOwnerMatch``: the facility must link them).
    """
    checks = Checks()
    first_name = checks.text("first_name", command.first_name)
    last_name = checks.text("last_name", command.last_name)
    email = checks.email("email", command.email)
    slug = command.facility_slug.strip()[:INVITE_CODE_MAX_LENGTH]
    code = command.invite_code.strip()[:INVITE_CODE_MAX_LENGTH]
    facility = _find_facility(ctx, checks, slug, code)
    region = facility.settings.phone_region if facility else ctx.default_phone_region
    phone = checks.phone("phone", command.phone, region, ctx.phones)
    if not command.email.strip() and not command.phone.strip():
        checks.add(
            InvalidValue("email", "give an email address or a mobile phone number to log in with")
        )
    checks.add(*check_password(command.password, email=email, phone=phone))
    if facility is None:
        return checks.failure()
    with ctx.uows.for_facility(facility.id) as uow:
        if email and uow.accounts.find_by_email(email) is not None:
            checks.add(AccountAlreadyRegistered("email"))
        if phone and uow.accounts.find_by_phone(phone) is not None:
            checks.add(AccountAlreadyRegistered("phone"))
        match = _match(uow, email, phone)
        if isinstance(match, AmbiguousOwnerMatch):
            checks.add(match)
        if checks.failed:
            return checks.failure()
        account = PortalAccount(
            id=PortalAccountId(uow.new_id()),
            email=email,
            phone=phone,
            password_hash=ctx.passwords.hash(command.password),
            created_at=ctx.clock.now(),
        )
        if isinstance(match, ExistingOwner):
            owner_id = match.owner_id
        else:
            owner_id = _new_owner(ctx, uow, first_name, last_name, account)
        account = _link(ctx, uow, account, owner_id)
        uow.accounts.add(account)
        uow.commit()
    return Success(LinkedOwner(account, facility.id, owner_id, owner_created=match is None))


def _names_elsewhere(ctx: ServiceContext, account: PortalAccount) -> tuple[str, str]:
    """The names on the account's first owner record, to start its record in a new facility."""
    if not account.links:
        return "", ""
    first = account.links[0]
    with ctx.uows.for_facility(first.facility_id) as uow:
        owner = uow.owners.get(first.owner_id)
    return owner.first_name, owner.last_name


def link_account_to_facility(
    ctx: ServiceContext,
    account_id: PortalAccountId,
    invite_code: str,
    *,
    first_name: str = "",
    last_name: str = "",
) -> Result[LinkedOwner, Rejection]:
    """Link a logged-in pet parent to another facility, by that facility's invite code.

    The owner is matched by the account's email and phone as in ``sign_up``; a new owner takes
    the given names, or else those on the account's existing owner record. ``NotFound`` for an
    unknown account. Records ``PortalAccountLinked`` (and ``OwnerCreated`` for a new owner).

    Rejections: invite code missing or unknown; already linked there (``AlreadyLinked``); email
    and phone matching different owners; no name available for a new owner.
    """
    checks = Checks()
    code = invite_code.strip()[:INVITE_CODE_MAX_LENGTH]
    facility = _find_facility(ctx, checks, "", code)
    first = checks.text("first_name", first_name, required=False)
    last = checks.text("last_name", last_name, required=False)
    with ctx.uows.platform() as platform:
        account = platform.accounts.get(account_id)
    if facility is None or checks.failed:
        return checks.failure()
    if account.owner_in(facility.id) is not None:
        return Failure(Rejection((AlreadyLinked(),)))
    if not (first and last):
        elsewhere = _names_elsewhere(ctx, account)
        first, last = first or elsewhere[0], last or elsewhere[1]
    with ctx.uows.for_facility(facility.id) as uow:
        account = uow.accounts.get(account_id)
        match = _match(uow, account.email, account.phone)
        if isinstance(match, AmbiguousOwnerMatch):
            checks.add(match)
        elif match is None:
            names = {"first_name": first, "last_name": last}
            checks.add(*(RequiredValueMissing(name) for name, value in names.items() if not value))
        if checks.failed:
            return checks.failure()
        if isinstance(match, ExistingOwner):
            owner_id = match.owner_id
        else:
            owner_id = _new_owner(ctx, uow, first, last, account)
        stored = uow.accounts.update(_link(ctx, uow, account, owner_id))
        uow.commit()
    return Success(LinkedOwner(stored, facility.id, owner_id, owner_created=match is None))


def authenticate_portal_account(
    ctx: ServiceContext, login: str, password: str, *, phone_region: str | None = None
) -> Result[PortalAccount, Rejection]:
    """The account whose email or phone is ``login`` and whose password is ``password``.

    ``login`` is read as an email address when it is shaped like one, else as a phone number:
    with ``+`` and a country code it is read as written; without, in ``phone_region`` (the
    region of the facility whose portal the parent is on) and then in the deployment's default
    region. Every failure is the same ``InvalidCredentials``, and an unknown login still costs
    one password hash, so neither the answer nor its timing tells whether an account exists.
    """
    failure = Failure(Rejection((InvalidCredentials(),)))
    text = login.strip()
    if not text or len(text) > LOGIN_MAX_LENGTH or len(password) > PASSWORD_MAX_LENGTH:
        return failure
    account = _find_account(ctx, text, phone_region)
    if account is None:
        ctx.passwords.hash(password)
        return failure
    if not ctx.passwords.verify(account.password_hash, password):
        return failure
    return Success(account)


def _find_account(
    ctx: ServiceContext, login: str, phone_region: str | None
) -> PortalAccount | None:
    email = normalize_email(login) if "@" in login else None
    with ctx.uows.platform() as platform:
        if email is not None:
            return platform.accounts.find_by_email(email)
        regions = dict.fromkeys(r for r in (phone_region, ctx.default_phone_region) if r)
        for region in regions:
            phone = ctx.phones.to_e164(login, region)
            account = None if phone is None else platform.accounts.find_by_phone(phone)
            if account is not None:
                return account
    return None


def get_portal_account(ctx: ServiceContext, account_id: PortalAccountId) -> PortalAccount:
    """The portal account with its current links and password hash, or ``NotFound``.

    For the web layer's session checks; it never leaves the server (the hash is in it).
    """
    with ctx.uows.platform() as uow:
        return uow.accounts.get(account_id)
