"""API keys: issued to a staff user, shown once, stored only as a SHA-256 hash.

A key is 40 lower-case hex characters, the shape Gingr's keys have, so that integrations that
check it keep working. Its first 8 characters are the stored prefix that finds it again.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.events import ApiKeyCreated
from petcare_core.domain.ids import ApiKeyId, FacilityId, StaffUserId
from petcare_core.domain.reasons import InvalidValue, Rejection
from petcare_core.domain.staff import ApiKey, Permission, StaffUser
from petcare_core.services._access import Actor, authorize
from petcare_core.services._checks import Checks
from petcare_core.services.context import ServiceContext
from petcare_core.services.reasons import ApiKeyRevoked, InvalidApiKey, StaffUserDeactivated

API_KEY_LENGTH = 40
PREFIX_LENGTH = 8
LABEL_MAX_LENGTH = 100
# 32 bytes from the generator; hashing them keeps the 160 bits a 40-hex key can carry.
_TOKEN_BYTES = 32
_PREFIX_ATTEMPTS = 5
_API_KEY_PATTERN = re.compile(r"[0-9a-f]{40}")


@attrs.frozen
class IssuedApiKey:
    """A new key: the stored record, and the plain key to hand over once (never stored)."""

    api_key: ApiKey
    plain_key: str = attrs.field(repr=False)


@attrs.frozen
class ApiPrincipal:
    """Who an authenticated API request acts as: the key's staff user, in the key's facility."""

    facility_id: FacilityId
    staff_user: StaffUser
    api_key: ApiKey


def hash_api_key(plain_key: str) -> str:
    """The SHA-256 hex digest stored for a key.

    A fast hash is enough: the key is 160 random bits, not a password someone chose.
    """
    return hashlib.sha256(plain_key.encode("ascii")).hexdigest()


def _new_plain_key(ctx: ServiceContext) -> str:
    # The SecretGenerator port yields URL-safe text; hashing it turns any token into hex
    # without losing the entropy a 40-character key can hold.
    token = ctx.secrets.token(_TOKEN_BYTES)
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:API_KEY_LENGTH]


def create_api_key(
    ctx: ServiceContext,
    facility_id: FacilityId,
    staff_user_id: StaffUserId,
    label: str,
    *,
    actor: Actor,
) -> Result[IssuedApiKey, Rejection]:
    """Issue a key acting for a staff user; records ``ApiKeyCreated``.

    The operator may issue keys to anyone; a staff user needs ``staff.manage``, or ``api.access``
    to issue a key to themselves. Rejections: the permission; label too long; the staff user
    unknown, deactivated or without ``api.access`` (the key would be refused on every call).
    """
    checks = Checks()
    clean_label = checks.text("label", label, required=False, max_length=LABEL_MAX_LENGTH)
    # Drawn before the facility's transaction so that the two units of work never nest.
    plain_key = _unused_key(ctx)
    with ctx.uows.for_facility(facility_id) as uow:
        needed = (
            Permission.API_ACCESS
            if isinstance(actor, StaffUser) and actor.id == staff_user_id
            else Permission.STAFF_MANAGE
        )
        if (denied := authorize(uow, actor, needed)) is not None:
            return Failure(denied)
        user = checks.reference("staff_user_id", staff_user_id, uow.staff.get)
        if user is not None and not user.can(Permission.API_ACCESS):
            problem = "is deactivated" if not user.active else "lacks the api.access permission"
            checks.add(InvalidValue("staff_user_id", f"this staff user {problem}"))
        if checks.failed:
            return checks.failure()
        now = ctx.clock.now()
        api_key = ApiKey(
            id=ApiKeyId(uow.new_id()),
            facility_id=facility_id,
            staff_user_id=staff_user_id,
            prefix=plain_key[:PREFIX_LENGTH],
            key_hash=hash_api_key(plain_key),
            label=clean_label,
            created_at=now,
        )
        uow.api_keys.add(api_key)
        uow.record(
            ApiKeyCreated(
                facility_id=facility_id,
                occurred_at=now,
                api_key_id=api_key.id,
                staff_user_id=staff_user_id,
            )
        )
        uow.commit()
    return Success(IssuedApiKey(api_key=api_key, plain_key=plain_key))


def _unused_key(ctx: ServiceContext) -> str:
    """A fresh key whose prefix no stored key has (prefixes must find exactly one key)."""
    with ctx.uows.platform() as platform:
        for _ in range(_PREFIX_ATTEMPTS):
            plain_key = _new_plain_key(ctx)
            if platform.api_key_index.find_by_prefix(plain_key[:PREFIX_LENGTH]) is None:
                return plain_key
    # 5 collisions in a 32-bit prefix space means the generator is broken, not unlucky.
    raise RuntimeError("the secret generator keeps repeating API key prefixes")


def authenticate_api_key(ctx: ServiceContext, plain_key: str) -> Result[ApiPrincipal, Rejection]:
    """The principal a key acts as.

    An unknown or malformed key gets one generic rejection (``InvalidApiKey``); a revoked key
    ``ApiKeyRevoked``; a key of a deactivated staff user ``StaffUserDeactivated``.
    """
    generic = Failure(Rejection((InvalidApiKey(),)))
    key = plain_key.strip().lower()
    if not _API_KEY_PATTERN.fullmatch(key):
        return generic
    with ctx.uows.platform() as platform:
        api_key = platform.api_key_index.find_by_prefix(key[:PREFIX_LENGTH])
    # compare_digest takes the same time wherever the hashes differ.
    if api_key is None or not hmac.compare_digest(hash_api_key(key), api_key.key_hash):
        return generic
    if not api_key.active:
        return Failure(Rejection((ApiKeyRevoked(),)))
    with ctx.uows.for_facility(api_key.facility_id) as uow:
        user = uow.staff.get(api_key.staff_user_id)
    if not user.active:
        return Failure(Rejection((StaffUserDeactivated(),)))
    return Success(ApiPrincipal(facility_id=api_key.facility_id, staff_user=user, api_key=api_key))


def revoke_api_key(
    ctx: ServiceContext,
    facility_id: FacilityId,
    api_key_id: ApiKeyId,
    *,
    actor: Actor,
) -> Result[ApiKey, Rejection]:
    """Revoke a key at once; revoking a revoked key changes nothing.

    The operator may revoke any key; a staff user needs ``staff.manage``, or ``api.access`` to
    revoke their own. Rejections: the permission; an id that is no key of this facility
    (``UnknownReference``).
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        api_key = checks.reference("api_key_id", api_key_id, uow.api_keys.get)
        own = (
            api_key is not None
            and isinstance(actor, StaffUser)
            and actor.id == api_key.staff_user_id
        )
        needed = Permission.API_ACCESS if own else Permission.STAFF_MANAGE
        if (denied := authorize(uow, actor, needed)) is not None:
            return Failure(denied)
        if api_key is None:
            return checks.failure()
        if not api_key.active:
            return Success(api_key)
        stored = uow.api_keys.update(attrs.evolve(api_key, revoked_at=ctx.clock.now()))
        uow.commit()
    return Success(stored)


def list_api_keys(
    ctx: ServiceContext, facility_id: FacilityId, staff_user_id: StaffUserId
) -> list[ApiKey]:
    """A staff user's keys (hashes and prefixes only), ordered by id; ``NotFound`` for an
    unknown staff user."""
    with ctx.uows.for_facility(facility_id) as uow:
        uow.staff.get(staff_user_id)
        return uow.api_keys.list_for_staff_user(staff_user_id)
