"""Staff users: the people who work for a facility, with a role and permissions."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.events import StaffUserCreated
from petcare_core.domain.ids import FacilityId, StaffUserId
from petcare_core.domain.reasons import AlreadyExists, InvalidValue, Rejection
from petcare_core.domain.staff import ROLE_PERMISSIONS, Permission, StaffRole, StaffUser
from petcare_core.services._access import Actor, authorize
from petcare_core.services._checks import Checks
from petcare_core.services.context import ServiceContext

# Letters, digits and . _ @ -: usernames appear in logs and URLs, and may be email addresses.
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")


@attrs.frozen
class NewStaffUser:
    """A staff user to create. ``permissions`` ``None`` means the role's defaults.

    Role and permissions may be given as their string values (``"manager"``, ``"api.access"``).
    """

    username: str
    first_name: str
    last_name: str
    role: StaffRole | str
    email: str = ""
    permissions: Iterable[Permission | str] | None = None


def _role(checks: Checks, raw: StaffRole | str) -> StaffRole:
    try:
        return StaffRole(raw)
    except ValueError:
        options = ", ".join(role.value for role in StaffRole)
        checks.add(InvalidValue("role", f"{str(raw)[:40]!r} is not a role; use one of {options}"))
        return StaffRole.EMPLOYEE


def _permissions(
    checks: Checks, role: StaffRole, raw: Iterable[Permission | str] | None
) -> frozenset[Permission]:
    if raw is None:
        return ROLE_PERMISSIONS[role]
    chosen: set[Permission] = set()
    for item in raw:
        try:
            chosen.add(Permission(item))
        except ValueError:
            options = ", ".join(permission.value for permission in Permission)
            checks.add(
                InvalidValue(
                    "permissions", f"{str(item)[:40]!r} is not a permission; use {options}"
                )
            )
    return frozenset(chosen)


def create_staff_user(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, command: NewStaffUser
) -> Result[StaffUser, Rejection]:
    """Add a staff user. Needs ``staff.manage``; records ``StaffUserCreated``.

    Usernames are case-insensitive and stored case-folded. Rejections: the permission; username
    missing, malformed or taken in this facility; a name missing; a malformed email; an unknown
    role or permission.
    """
    checks = Checks()
    username = checks.text("username", command.username).casefold()
    if username and not USERNAME_PATTERN.fullmatch(username):
        checks.add(
            InvalidValue(
                "username",
                "use 1 to 64 letters, digits and . _ @ -, starting with a letter or digit",
            )
        )
    first_name = checks.text("first_name", command.first_name)
    last_name = checks.text("last_name", command.last_name)
    email = checks.email("email", command.email)
    role = _role(checks, command.role)
    permissions = _permissions(checks, role, command.permissions)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.STAFF_MANAGE)) is not None:
            return Failure(denied)
        if username and uow.staff.find_by_username(username) is not None:
            checks.add(AlreadyExists("username", username))
        if checks.failed:
            return checks.failure()
        now = ctx.clock.now()
        user = StaffUser(
            id=StaffUserId(uow.new_id()),
            facility_id=facility_id,
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            permissions=permissions,
            created_at=now,
        )
        uow.staff.add(user)
        uow.record(
            StaffUserCreated(facility_id=facility_id, occurred_at=now, staff_user_id=user.id)
        )
        uow.commit()
    return Success(user)


def get_staff_user(
    ctx: ServiceContext, facility_id: FacilityId, staff_user_id: StaffUserId
) -> StaffUser:
    """The staff user (``NotFound`` if not of this facility)."""
    with ctx.uows.for_facility(facility_id) as uow:
        return uow.staff.get(staff_user_id)


def find_staff_user(
    ctx: ServiceContext, facility_id: FacilityId, username: str
) -> StaffUser | None:
    """The staff user with this username (any case), if there is one."""
    with ctx.uows.for_facility(facility_id) as uow:
        return uow.staff.find_by_username(username.strip().casefold())
