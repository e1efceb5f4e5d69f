"""Staff users, their permissions, and the API keys that act for them."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from petcare_core.domain.ids import ApiKeyId, FacilityId, StaffUserId


class Permission(enum.StrEnum):
    """What a staff user (and every API key of theirs) may do."""

    API_ACCESS = "api.access"
    OWNERS_READ = "owners.read"
    OWNERS_WRITE = "owners.write"
    ANIMALS_READ = "animals.read"
    ANIMALS_WRITE = "animals.write"
    CATALOG_MANAGE = "catalog.manage"
    STAFF_MANAGE = "staff.manage"
    IMMUNIZATIONS_REVIEW = "immunizations.review"
    OVERRIDE_IMMUNIZATIONS = "override.immunizations"
    OVERRIDE_AGREEMENTS = "override.agreements"
    OVERRIDE_CAPACITY = "override.capacity"
    RESERVATIONS_APPROVE = "reservations.approve"
    RESERVATIONS_READ = "reservations.read"
    RESERVATIONS_MANAGE = "reservations.manage"  # book, check in/out, cancel, assign
    # Bring reservations over from another system with their histories: no booking rule applies.
    RESERVATIONS_IMPORT = "reservations.import"
    OVERRIDE_EVALUATIONS = "override.evaluations"
    # Horizon, lead time and hours; nobody overrides closed dates.
    OVERRIDE_BOOKING_RULES = "override.booking_rules"
    OVERRIDE_DEPOSITS = "override.deposits"
    FACILITY_SETTINGS = "facility.settings"


class StaffRole(enum.StrEnum):
    """A named default set of permissions."""

    ADMIN = "admin"
    MANAGER = "manager"
    EMPLOYEE = "employee"


ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.ADMIN: frozenset(Permission),
    StaffRole.MANAGER: frozenset(Permission)
    - {Permission.STAFF_MANAGE, Permission.FACILITY_SETTINGS},
    StaffRole.EMPLOYEE: frozenset(
        {
            Permission.OWNERS_READ,
            Permission.ANIMALS_READ,
            Permission.ANIMALS_WRITE,
            Permission.IMMUNIZATIONS_REVIEW,
            Permission.RESERVATIONS_READ,
        }
    ),
}


@attrs.frozen
class StaffUser:
    """A person who works for the facility."""

    id: StaffUserId
    facility_id: FacilityId
    username: str
    email: str
    first_name: str
    last_name: str
    role: StaffRole
    permissions: frozenset[Permission]
    created_at: datetime
    active: bool = True
    version: int = 1

    def can(self, permission: Permission) -> bool:
        """True when this user is active and holds ``permission``."""
        return self.active and permission in self.permissions


@attrs.frozen
class ApiKey:
    """A key acting for one staff user. Only a SHA-256 hash and a short prefix are kept."""

    id: ApiKeyId
    facility_id: FacilityId
    staff_user_id: StaffUserId
    prefix: str
    key_hash: str
    label: str
    created_at: datetime
    revoked_at: datetime | None = None
    version: int = 1

    @property
    def active(self) -> bool:
        """False once the key has been revoked."""
        return self.revoked_at is None
