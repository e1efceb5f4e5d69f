"""Owners (pet-parent households): kept by staff, and edited by the parent in the portal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.events import OwnerCreated, OwnerModified
from petcare_core.domain.form_values import read_email
from petcare_core.domain.forms import FormKind
from petcare_core.domain.ids import FacilityId, LocationId, OwnerId, PortalAccountId
from petcare_core.domain.owner import Owner, freeze_mapping
from petcare_core.domain.projection import (
    Audience,
    PortalOwnerView,
    apply_owner_patch,
    portal_owner_view,
    validate_owner_patch,
)
from petcare_core.domain.reasons import AlreadyExists, Rejection
from petcare_core.domain.staff import Permission
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize, portal_owner_id
from petcare_core.services._checks import Checks
from petcare_core.services._patches import failed_fields, normalize_phones, referenced
from petcare_core.services.context import ServiceContext

_NAME_FIELDS = ("first_name", "last_name", "email", "cell_phone", "home_phone")


@attrs.frozen
class NewOwner:
    """A household record entered by staff.

    ``details`` holds any further owner fields by their patch names (``address_1``,
    ``emergency_contact_name``, ``employee_notes``, ``custom.<key>``, ...).
    """

    first_name: str
    last_name: str
    email: str = ""
    cell_phone: str = ""
    home_phone: str = ""
    details: Mapping[str, str] = attrs.field(factory=dict, converter=freeze_mapping)

    def as_patch(self) -> dict[str, str]:
        """Every value of the command, keyed by owner patch names."""
        named = {name: getattr(self, name) for name in _NAME_FIELDS}
        return {**self.details, **named}


def _prepare_patch(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    checks: Checks,
    patch: Mapping[str, str],
    *,
    audience: Audience,
    owner_id: OwnerId | None,
) -> dict[str, str]:
    """The patch with phones in E.164; records every reason it cannot be applied."""
    region = uow.facility().settings.phone_region
    normalized = normalize_phones(checks, patch, region, ctx.phones)
    found = validate_owner_patch(uow.forms.get(FormKind.OWNER_FORM), normalized, audience)
    checks.add(*found)
    skip = failed_fields(found)
    referenced(
        checks, normalized, "home_location_id", lambda k: uow.locations.get(LocationId(k)), skip
    )
    if "email" in normalized and "email" not in skip:
        email = read_email(normalized["email"])
        # Two households with one email would make every later sign-up with it ambiguous.
        if email and any(other.id != owner_id for other in uow.owners.find_by_email(email)):
            checks.add(AlreadyExists("email", email))
    return normalized


def create_owner(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, command: NewOwner
) -> Result[Owner, Rejection]:
    """Add a household. Needs ``owners.write``; records ``OwnerCreated``.

    Rejections: first or last name missing; any value the owner rules refuse (unknown field,
    malformed email, phone or custom value, text too long); a home location that is not this
    facility's; an email another owner already has.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_WRITE)) is not None:
            return Failure(denied)
        patch = _prepare_patch(
            ctx, uow, checks, command.as_patch(), audience=Audience.STAFF, owner_id=None
        )
        if checks.failed:
            return checks.failure()
        now = ctx.clock.now()
        blank = Owner(
            id=OwnerId(uow.new_id()),
            facility_id=facility_id,
            first_name="",
            last_name="",
            created_at=now,
            modified_at=now,
        )
        owner, _ = apply_owner_patch(blank, uow.forms.get(FormKind.OWNER_FORM), patch, now)
        uow.owners.add(owner)
        uow.record(OwnerCreated(facility_id=facility_id, occurred_at=now, owner_id=owner.id))
        uow.commit()
    return Success(owner)


def _update(
    ctx: ServiceContext,
    uow: FacilityUnitOfWork,
    owner: Owner,
    patch: Mapping[str, str],
    audience: Audience,
) -> Result[Owner, Rejection]:
    checks = Checks()
    normalized = _prepare_patch(ctx, uow, checks, patch, audience=audience, owner_id=owner.id)
    if checks.failed:
        return checks.failure()
    now = ctx.clock.now()
    updated, changed = apply_owner_patch(owner, uow.forms.get(FormKind.OWNER_FORM), normalized, now)
    if not changed:
        return Success(owner)
    stored = uow.owners.update(updated)
    uow.record(
        OwnerModified(
            facility_id=owner.facility_id, occurred_at=now, owner_id=owner.id, fields=changed
        )
    )
    uow.commit()
    return Success(stored)


def update_owner_as_staff(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    owner_id: OwnerId,
    patch: Mapping[str, str],
) -> Result[Owner, Rejection]:
    """Change any owner field. Needs ``owners.write``; ``NotFound`` for an unknown owner.

    Records ``OwnerModified`` naming the changed fields; nothing is written when nothing
    changes. Rejections as for ``create_owner`` (a name cannot be emptied).
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_WRITE)) is not None:
            return Failure(denied)
        return _update(ctx, uow, uow.owners.get(owner_id), patch, Audience.STAFF)


def update_owner_from_portal(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    patch: Mapping[str, str],
) -> Result[Owner, Rejection]:
    """The pet parent changes their own household record.

    Business-only fields (employee notes, icons, home location, active) and custom fields that
    are not portal-editable are refused with ``FieldNotEditable``. ``NotFound`` when the account
    is not linked to this facility.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        owner = uow.owners.get(portal_owner_id(uow, account_id))
        return _update(ctx, uow, owner, patch, Audience.PORTAL)


def owner_portal_view(
    ctx: ServiceContext, facility_id: FacilityId, account_id: PortalAccountId
) -> PortalOwnerView:
    """The account's household as the portal shows it (no business-only data)."""
    with ctx.uows.for_facility(facility_id) as uow:
        owner = uow.owners.get(portal_owner_id(uow, account_id))
        return portal_owner_view(owner, uow.forms.get(FormKind.OWNER_FORM))


def get_owner(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, owner_id: OwnerId
) -> Result[Owner, Rejection]:
    """The full owner record, business-only data included. Needs ``owners.read``."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_READ)) is not None:
            return Failure(denied)
        return Success(uow.owners.get(owner_id))


def owners_modified_between(
    ctx: ServiceContext, facility_id: FacilityId, start: datetime, end: datetime
) -> Result[list[Owner], Rejection]:
    """Owners created or modified at ``start <= t < end`` (Gingr's ``new_modified_owners``).

    Rejections: a naive datetime; ``end`` before ``start``.
    """
    checks = Checks()
    checks.period(start, end)
    if checks.failed:
        return checks.failure()
    with ctx.uows.for_facility(facility_id) as uow:
        uow.facility()
        return Success(uow.owners.modified_between(start, end))
