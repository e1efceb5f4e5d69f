"""Use cases: open a unit of work, load, apply the domain rules, save, record events.

``PetcareServices`` exposes every use case; the names below are the commands and results its
methods take and return.
"""

from petcare_core.services._access import OPERATOR, Actor, Operator
from petcare_core.services.api_keys import ApiPrincipal, IssuedApiKey
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
from petcare_core.services.staff import NewStaffUser

__all__ = [
    "OPERATOR",
    "AccountAlreadyRegistered",
    "Actor",
    "AlreadyLinked",
    "ApiKeyRevoked",
    "ApiPrincipal",
    "DocumentDownload",
    "InvalidApiKey",
    "InvalidCredentials",
    "IssuedApiKey",
    "LinkedOwner",
    "LocationDetails",
    "NewFacility",
    "NewOwner",
    "NewStaffUser",
    "NotPendingReview",
    "Operator",
    "PasswordResetRequested",
    "PetPhoto",
    "PetcareServices",
    "ServiceContext",
    "SignUp",
    "StaffUserDeactivated",
    "UploadedImmunization",
    "VetDetails",
]
