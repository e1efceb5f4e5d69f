"""What the memory adapter stores: one table description per aggregate, with its unique values."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Generic, Protocol, TypeVar

import attrs

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.agreements import Agreement, AgreementSignature
from petcare_core.domain.animal import Animal
from petcare_core.domain.booking import BookingOverride
from petcare_core.domain.capacity import CapacityPool, Lodging
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.evaluations import Evaluation
from petcare_core.domain.facility import Facility, Location
from petcare_core.domain.forms import FormDefinition
from petcare_core.domain.ids import CapacityPoolId, FacilityId
from petcare_core.domain.immunization import ImmunizationRecord
from petcare_core.domain.leads import LeadKind, LeadSubmission
from petcare_core.domain.owner import Owner
from petcare_core.domain.password_reset import PasswordResetToken
from petcare_core.domain.reservation import Reservation
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import ApiKey, StaffUser
from petcare_core.domain.staff_notifications import StaffNotification


class Versioned(Protocol):
    """A stored record: every aggregate carries the version it was read at."""

    @property
    def version(self) -> int: ...


R = TypeVar("R", bound=Versioned)

# The tenant a row belongs to; ``None`` for platform-wide tables (facilities, portal logins).
Scope = FacilityId | None
# A row's primary key: its id, except for forms, keyed by facility and kind, and capacity
# ledger days, keyed by pool and day.
Key = int | tuple[int, str] | tuple[int, date]


@attrs.frozen(eq=False)
class Table(Generic[R]):
    """How to store one aggregate: its primary key, its tenant and its unique values.

    ``unique`` functions return a hashable value that no two rows may share, or ``None`` when
    the row has no value there (an empty email is "no email", not a value to collide on).
    Values from different functions must not collide, so each one is tagged with its name.
    """

    kind: str
    key: Callable[[R], Key]
    scope: Callable[[R], Scope]
    unique: tuple[Callable[[R], Hashable | None], ...] = ()

    def unique_values(self, row: R) -> list[Hashable]:
        """The row's unique values that are present."""
        values = (value_of(row) for value_of in self.unique)
        return [value for value in values if value is not None]


def _nonempty(tag: str, value: str) -> Hashable | None:
    return (tag, value) if value else None


FACILITIES: Table[Facility] = Table(
    "Facility",
    key=lambda row: row.id,
    scope=lambda _: None,
    unique=(lambda row: ("slug", row.slug), lambda row: ("invite_code", row.invite_code)),
)
ACCOUNTS: Table[PortalAccount] = Table(
    "PortalAccount",
    key=lambda row: row.id,
    scope=lambda _: None,
    unique=(
        lambda row: _nonempty("email", row.email.casefold()),
        lambda row: _nonempty("phone", row.phone),
    ),
)
LOCATIONS: Table[Location] = Table(
    "Location", key=lambda row: row.id, scope=lambda row: row.facility_id
)
STAFF: Table[StaffUser] = Table(
    "StaffUser",
    key=lambda row: row.id,
    scope=lambda row: row.facility_id,
    unique=(lambda row: ("username", row.facility_id, row.username.casefold()),),
)
API_KEYS: Table[ApiKey] = Table(
    "ApiKey",
    key=lambda row: row.id,
    scope=lambda row: row.facility_id,
    unique=(lambda row: ("prefix", row.prefix),),
)
OWNERS: Table[Owner] = Table("Owner", key=lambda row: row.id, scope=lambda row: row.facility_id)
ANIMALS: Table[Animal] = Table("Animal", key=lambda row: row.id, scope=lambda row: row.facility_id)
SPECIES: Table[Species] = Table(
    "Species", key=lambda row: row.id, scope=lambda row: row.facility_id
)
BREEDS: Table[Breed] = Table("Breed", key=lambda row: row.id, scope=lambda row: row.facility_id)
VETS: Table[Vet] = Table("Vet", key=lambda row: row.id, scope=lambda row: row.facility_id)
TEMPERAMENTS: Table[Temperament] = Table(
    "Temperament", key=lambda row: row.id, scope=lambda row: row.facility_id
)
IMMUNIZATION_TYPES: Table[ImmunizationType] = Table(
    "ImmunizationType", key=lambda row: row.id, scope=lambda row: row.facility_id
)
IMMUNIZATIONS: Table[ImmunizationRecord] = Table(
    "ImmunizationRecord", key=lambda row: row.id, scope=lambda row: row.facility_id
)
# One form of each kind per facility, so the kind within the facility is the key.
FORMS: Table[FormDefinition] = Table(
    "FormDefinition",
    key=lambda row: (row.facility_id, row.kind),
    scope=lambda row: row.facility_id,
)


def _open_deletion_request(row: LeadSubmission) -> Hashable | None:
    # An owner has at most one open deletion request (a partial unique index in SQL).
    if row.kind is LeadKind.DELETE_OWNER_ACCOUNT and row.is_open:
        return ("open_deletion_request", row.facility_id, row.owner_id)
    return None


LEADS: Table[LeadSubmission] = Table(
    "LeadSubmission",
    key=lambda row: row.id,
    scope=lambda row: row.facility_id,
    unique=(_open_deletion_request,),
)
STAFF_NOTIFICATIONS: Table[StaffNotification] = Table(
    "StaffNotification", key=lambda row: row.id, scope=lambda row: row.facility_id
)
# Reset tokens belong to portal accounts, which span facilities.
RESET_TOKENS: Table[PasswordResetToken] = Table(
    "PasswordResetToken",
    key=lambda row: row.id,
    scope=lambda _: None,
    unique=(lambda row: ("token_hash", row.token_hash),),
)
RESERVATION_TYPES: Table[ReservationType] = Table(
    "ReservationType", key=lambda row: row.id, scope=lambda row: row.facility_id
)
ADDITIONAL_SERVICES: Table[AdditionalService] = Table(
    "AdditionalService", key=lambda row: row.id, scope=lambda row: row.facility_id
)
CAPACITY_POOLS: Table[CapacityPool] = Table(
    "CapacityPool", key=lambda row: row.id, scope=lambda row: row.facility_id
)
LODGINGS: Table[Lodging] = Table(
    "Lodging", key=lambda row: row.id, scope=lambda row: row.facility_id
)
AGREEMENTS: Table[Agreement] = Table(
    "Agreement", key=lambda row: row.id, scope=lambda row: row.facility_id
)
EVALUATIONS: Table[Evaluation] = Table(
    "Evaluation", key=lambda row: row.id, scope=lambda row: row.facility_id
)
RESERVATIONS: Table[Reservation] = Table(
    "Reservation", key=lambda row: row.id, scope=lambda row: row.facility_id
)


class Fact(Protocol):
    """A record that is added and never changed, hence has no version of its own."""

    @property
    def id(self) -> int: ...

    @property
    def facility_id(self) -> FacilityId: ...


F = TypeVar("F", bound=Fact)


@attrs.frozen
class FactRow(Generic[F]):
    """A stored fact; the row's constant version lets it live in a ``Table`` like every
    record."""

    fact: F
    version: int = 1


AGREEMENT_SIGNATURES: Table[FactRow[AgreementSignature]] = Table(
    "AgreementSignature",
    key=lambda row: row.fact.id,
    scope=lambda row: row.fact.facility_id,
)
BOOKING_OVERRIDES: Table[FactRow[BookingOverride]] = Table(
    "BookingOverride",
    key=lambda row: row.fact.id,
    scope=lambda row: row.fact.facility_id,
)


@attrs.frozen
class LedgerDay:
    """The places used in one pool on one day: the record concurrent bookings race for.

    Each day is versioned on its own, so that two bookings of the same day conflict at commit
    while bookings of other days or pools never do.
    """

    facility_id: FacilityId
    pool_id: CapacityPoolId
    day: date
    used: int
    version: int = 1


LEDGER_DAYS: Table[LedgerDay] = Table(
    "CapacityLedgerDay",
    key=lambda row: (row.pool_id, row.day),
    scope=lambda row: row.facility_id,
)
