"""The reasons of a booking evaluation: their categories, fix hints and override permissions.

Each rule of a booking (account, pet, service, evaluation, vaccines, agreements, dates, add-ons,
capacity, deposit) returns its own reasons; ``BookingReason`` tags one of them with its pet and
derives, from the rule it comes from, the category it is listed under, where the portal links
to fix it and which staff permission may override it. See docs/booking-rules.md, "Booking
evaluation" and "Overrides".
"""

from __future__ import annotations

import enum

import attrs

from petcare_core.domain.add_ons import AddOnReason
from petcare_core.domain.agreements import AgreementUnsigned
from petcare_core.domain.animal import AnimalStatus
from petcare_core.domain.booking_window import DateRuleReason
from petcare_core.domain.capacity import CapacityFull
from petcare_core.domain.compliance import (
    ExpiresDuringStay,
    ExpiringSoon,
    Missing,
    PendingReview,
    Rejected,
)
from petcare_core.domain.deposits import DepositDue
from petcare_core.domain.double_booking import PetAlreadyBooked, StaffAlreadyBooked
from petcare_core.domain.evaluations import EvaluationExpired, EvaluationFailed, EvaluationMissing
from petcare_core.domain.ids import AgreementId, AnimalId
from petcare_core.domain.reasons import Reason
from petcare_core.domain.staff import Permission


class ReasonCategory(enum.StrEnum):
    """The groups of a booking evaluation's reasons, in the order they are listed."""

    ACCOUNT = "account"
    PET = "pet"
    SERVICE = "service"  # the reservation type, the location, the groomer or trainer
    EVALUATION = "evaluation"
    IMMUNIZATIONS = "immunizations"
    AGREEMENTS = "agreements"
    DATES = "dates"
    ADD_ONS = "add_ons"
    CAPACITY = "capacity"
    DEPOSIT = "deposit"


class FixTarget(enum.StrEnum):
    """Where the portal sends the pet parent to fix a reason."""

    CONTACT_FACILITY = "contact_facility"
    CHOOSE_PETS = "choose_pets"
    CHOOSE_SERVICE = "choose_service"
    CHOOSE_LOCATION = "choose_location"
    CHOOSE_STAFF = "choose_staff"
    BOOK_EVALUATION = "book_evaluation"
    UPLOAD_VACCINE = "upload_vaccine"
    SIGN_AGREEMENT = "sign_agreement"
    CHOOSE_DATES = "choose_dates"
    CHOOSE_ADD_ONS = "choose_add_ons"
    JOIN_WAITLIST = "join_waitlist"
    PAY_DEPOSIT = "pay_deposit"


@attrs.frozen
class Fix:
    """A machine-readable link target: the page and, where relevant, the pet or agreement."""

    target: FixTarget
    animal_id: AnimalId | None = None
    agreement_id: AgreementId | None = None


@attrs.frozen
class AccountNotApproved(Reason):
    """The household's account may not book yet (awaiting approval, or blocked)."""

    @property
    def message(self) -> str:
        return (
            "your account is waiting for the facility's approval; you can book once they "
            "approve it, or call them to speed this up"
        )


@attrs.frozen
class PetNotFound(Reason):
    """The pet is not one of the household's pets in this facility."""

    animal_id: AnimalId

    @property
    def message(self) -> str:
        return f"pet #{self.animal_id} is not one of your pets here; remove it from the booking"

    @property
    def field(self) -> str | None:
        return "lines"


@attrs.frozen
class PetNotActive(Reason):
    """The pet's profile is not active (inactive, deceased or banned), so it cannot be booked."""

    status: AnimalStatus

    @property
    def message(self) -> str:
        if self.status is AnimalStatus.BANNED:
            return "this pet cannot be booked here; contact the facility to talk about it"
        return (
            f"this pet's profile is marked {self.status}; remove the pet from the booking, or "
            "ask the facility to reactivate its profile"
        )

    @property
    def field(self) -> str | None:
        return "lines"


@attrs.frozen
class ServiceNotOffered(Reason):
    """The reservation type is withdrawn or not offered at the chosen location."""

    type_name: str
    location_name: str

    @property
    def message(self) -> str:
        return (
            f"{self.type_name} is not offered at {self.location_name}; choose another service "
            "or location"
        )

    @property
    def field(self) -> str | None:
        return "type_id"


@attrs.frozen
class LocationNotBookable(Reason):
    """The location does not take bookings (it is inactive)."""

    location_name: str

    @property
    def message(self) -> str:
        return f"{self.location_name} is not taking bookings; choose another location"

    @property
    def field(self) -> str | None:
        return "location_id"


@attrs.frozen
class StaffNotChosen(Reason):
    """The reservation type assigns a groomer or trainer and none was chosen."""

    type_name: str

    @property
    def message(self) -> str:
        return f"{self.type_name} is booked with a groomer or trainer; choose who"

    @property
    def field(self) -> str | None:
        return "staff_id"


@attrs.frozen
class StaffNotOffered(Reason):
    """The staff member chosen does not do this type of appointment."""

    type_name: str

    @property
    def message(self) -> str:
        return f"the staff member chosen does not do {self.type_name}; choose one who does"

    @property
    def field(self) -> str | None:
        return "staff_id"


@attrs.frozen
class AppointmentLengthMismatch(Reason):
    """An appointment's end is not its start plus the type's appointment length."""

    type_name: str
    minutes: int

    @property
    def message(self) -> str:
        return (
            f"a {self.type_name} appointment lasts {self.minutes} minutes; choose an end "
            f"{self.minutes} minutes after the start"
        )

    @property
    def field(self) -> str | None:
        return "end"


_C = ReasonCategory
_CATEGORIES: tuple[tuple[tuple[type[Reason], ...], ReasonCategory], ...] = (
    ((AccountNotApproved,), _C.ACCOUNT),
    ((PetNotFound, PetNotActive, PetAlreadyBooked), _C.PET),
    (
        (
            ServiceNotOffered,
            LocationNotBookable,
            StaffNotChosen,
            StaffNotOffered,
            StaffAlreadyBooked,
        ),
        _C.SERVICE,
    ),
    ((EvaluationMissing, EvaluationFailed, EvaluationExpired), _C.EVALUATION),
    ((Missing, ExpiresDuringStay, PendingReview, Rejected, ExpiringSoon), _C.IMMUNIZATIONS),
    ((AgreementUnsigned,), _C.AGREEMENTS),
    ((DateRuleReason, AppointmentLengthMismatch), _C.DATES),
    ((AddOnReason,), _C.ADD_ONS),
    ((CapacityFull,), _C.CAPACITY),
    ((DepositDue,), _C.DEPOSIT),
)

_OVERRIDES: dict[ReasonCategory, Permission] = {
    _C.EVALUATION: Permission.OVERRIDE_EVALUATIONS,
    _C.IMMUNIZATIONS: Permission.OVERRIDE_IMMUNIZATIONS,
    _C.AGREEMENTS: Permission.OVERRIDE_AGREEMENTS,
    _C.DATES: Permission.OVERRIDE_BOOKING_RULES,
    _C.CAPACITY: Permission.OVERRIDE_CAPACITY,
    _C.DEPOSIT: Permission.OVERRIDE_DEPOSITS,
}

# The first entry whose classes match gives the fix; unlisted reasons use their category's.
_FIXES: tuple[tuple[tuple[type[Reason], ...], FixTarget], ...] = (
    ((PetNotFound,), FixTarget.CHOOSE_PETS),
    ((ServiceNotOffered,), FixTarget.CHOOSE_SERVICE),
    ((LocationNotBookable,), FixTarget.CHOOSE_LOCATION),
    ((StaffNotChosen, StaffNotOffered, StaffAlreadyBooked), FixTarget.CHOOSE_STAFF),
    ((PetAlreadyBooked,), FixTarget.CHOOSE_DATES),
    ((EvaluationMissing, EvaluationExpired), FixTarget.BOOK_EVALUATION),
    ((Missing, ExpiresDuringStay, Rejected, ExpiringSoon), FixTarget.UPLOAD_VACCINE),
)
_CATEGORY_FIXES: dict[ReasonCategory, FixTarget] = {
    _C.AGREEMENTS: FixTarget.SIGN_AGREEMENT,
    _C.DATES: FixTarget.CHOOSE_DATES,
    _C.ADD_ONS: FixTarget.CHOOSE_ADD_ONS,
    _C.CAPACITY: FixTarget.JOIN_WAITLIST,
    _C.DEPOSIT: FixTarget.PAY_DEPOSIT,
}


def category_of(reason: Reason) -> ReasonCategory:
    """The category a booking rule's reason is listed under; ``ValueError`` for any other."""
    for kinds, category in _CATEGORIES:
        if isinstance(reason, kinds):
            return category
    raise ValueError(f"{type(reason).__name__} is not a reason of the booking rules")


def _booking_rule(_: object, __: object, reason: Reason) -> None:
    category_of(reason)


@attrs.frozen
class ReasonKey:
    """What identifies a reason for an override: its code and its pet (None: not per pet)."""

    code: str
    animal_id: AnimalId | None = None


@attrs.frozen
class BookingReason(Reason):
    """One reason of a booking evaluation: a rule's ``reason`` tagged with its pet.

    ``code``, ``message`` (prefixed with the pet's name) and ``field`` are the rule's; the
    category, the portal's ``fix`` and the permission that overrides it follow from the rule.
    """

    reason: Reason = attrs.field(validator=_booking_rule)
    animal_id: AnimalId | None = None
    pet_name: str = ""

    @property
    def code(self) -> str:
        return self.reason.code

    @property
    def message(self) -> str:
        return f"{self.pet_name}: {self.reason.message}" if self.pet_name else self.reason.message

    @property
    def field(self) -> str | None:
        return self.reason.field

    @property
    def category(self) -> ReasonCategory:
        """The group the reason is listed in."""
        return category_of(self.reason)

    @property
    def key(self) -> ReasonKey:
        """The reason's code and pet, as an override names it."""
        return ReasonKey(self.code, self.animal_id)

    @property
    def blocking(self) -> bool:
        """False for information (a deposit due, a vaccine expiring soon): it stops nothing."""
        return not isinstance(self.reason, DepositDue | ExpiringSoon)

    def overridable_by(self) -> Permission | None:
        """The permission that lets staff waive this reason; None when nobody may."""
        if isinstance(self.reason, ExpiringSoon):
            return None
        if isinstance(self.reason, AppointmentLengthMismatch):
            return None
        if isinstance(self.reason, DateRuleReason) and not self.reason.overridable:
            return None  # closed dates: nobody, whatever their permissions (research §4.6)
        return _OVERRIDES.get(self.category)

    @property
    def fix(self) -> Fix:
        """Where the portal links to fix the reason."""
        target = next((fix for kinds, fix in _FIXES if isinstance(self.reason, kinds)), None)
        if target is None:
            target = _CATEGORY_FIXES.get(self.category, FixTarget.CONTACT_FACILITY)
        agreement = self.reason.agreement_id if isinstance(self.reason, AgreementUnsigned) else None
        return Fix(target, self.animal_id, agreement)
