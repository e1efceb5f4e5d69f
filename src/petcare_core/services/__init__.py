"""Use cases: open a unit of work, load, apply the domain rules, save, record events.

``PetcareServices`` exposes every use case; the names below are the commands and results its
methods take and return.
"""

from petcare_core.domain.events import (
    LateCancellationRequested,
    LodgingAssigned,
    RescheduleRequested,
    ReservationRescheduled,
    StaffAssigned,
)
from petcare_core.services._access import OPERATOR, Actor, Operator
from petcare_core.services._booking_facts import BookingRequest, PetLine
from petcare_core.services._reservation_steps import ReservationNotChangeable, ReservationUpdate
from petcare_core.services.agreements import SignedAgreement
from petcare_core.services.api_keys import ApiPrincipal, IssuedApiKey
from petcare_core.services.booking import (
    BookableStaff,
    BookingResult,
    OverrideKey,
    OverrideNeedsStaffUser,
    Overrides,
)
from petcare_core.services.booking_catalog import AdditionalServiceDetails, ReservationTypeDetails
from petcare_core.services.cancellations import CancellationClosed, CancellationResult
from petcare_core.services.capacity_pools import CapacityPoolDetails, TypeInAnotherPool
from petcare_core.services.catalog import VetDetails
from petcare_core.services.context import ServiceContext
from petcare_core.services.documents import DocumentDownload, UploadedImmunization
from petcare_core.services.facade import PetcareServices
from petcare_core.services.facilities import LocationDetails, NewFacility
from petcare_core.services.owners import NewOwner
from petcare_core.services.password_resets import PasswordResetRequested
from petcare_core.services.photos import PetPhoto
from petcare_core.services.portal_accounts import LinkedOwner, SignUp
from petcare_core.services.reasons import (
    AccountAlreadyRegistered,
    AlreadyLinked,
    ApiKeyRevoked,
    InvalidApiKey,
    InvalidCredentials,
    NotPendingReview,
    StaffUserDeactivated,
)
from petcare_core.services.reservation_assignments import LodgingTaken
from petcare_core.services.reservation_changes import RescheduleResult
from petcare_core.services.reservation_import import ImportedReservation
from petcare_core.services.reservation_lifecycle import AwaitingParent
from petcare_core.services.reservation_views import (
    DaySheet,
    DaySheetEntry,
    MyReservations,
    PetOnReservation,
    ReservationDetail,
    ReservationEstimate,
    ReservationRecords,
    ReservationView,
)
from petcare_core.services.staff import NewStaffUser

__all__ = [
    "OPERATOR",
    "AccountAlreadyRegistered",
    "Actor",
    "AdditionalServiceDetails",
    "AlreadyLinked",
    "ApiKeyRevoked",
    "ApiPrincipal",
    "AwaitingParent",
    "BookableStaff",
    "BookingRequest",
    "BookingResult",
    "CancellationClosed",
    "CancellationResult",
    "CapacityPoolDetails",
    "DaySheet",
    "DaySheetEntry",
    "DocumentDownload",
    "ImportedReservation",
    "InvalidApiKey",
    "InvalidCredentials",
    "IssuedApiKey",
    "LateCancellationRequested",
    "LinkedOwner",
    "LocationDetails",
    "LodgingAssigned",
    "LodgingTaken",
    "MyReservations",
    "NewFacility",
    "NewOwner",
    "NewStaffUser",
    "NotPendingReview",
    "Operator",
    "OverrideKey",
    "OverrideNeedsStaffUser",
    "Overrides",
    "PasswordResetRequested",
    "PetLine",
    "PetOnReservation",
    "PetPhoto",
    "PetcareServices",
    "RescheduleRequested",
    "RescheduleResult",
    "ReservationDetail",
    "ReservationEstimate",
    "ReservationNotChangeable",
    "ReservationRecords",
    "ReservationRescheduled",
    "ReservationTypeDetails",
    "ReservationUpdate",
    "ReservationView",
    "ServiceContext",
    "SignUp",
    "SignedAgreement",
    "StaffAssigned",
    "StaffUserDeactivated",
    "TypeInAnotherPool",
    "UploadedImmunization",
    "VetDetails",
]
