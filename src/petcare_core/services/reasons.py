"""Reasons the use cases give beyond the domain rules' own (logins, keys, reviews)."""

from __future__ import annotations

import attrs

from petcare_core.domain.immunization import RecordStatus
from petcare_core.domain.reasons import Reason


@attrs.frozen
class InvalidCredentials(Reason):
    """A login failed. Deliberately says nothing about which part was wrong."""

    @property
    def message(self) -> str:
        return "the login or password is incorrect"


@attrs.frozen
class InvalidApiKey(Reason):
    """An API key is unknown or malformed; the same message either way."""

    @property
    def message(self) -> str:
        return "the API key is not valid"


@attrs.frozen
class ApiKeyRevoked(Reason):
    """The API key was valid but has been revoked."""

    @property
    def message(self) -> str:
        return "this API key has been revoked; ask the facility for a new one"


@attrs.frozen
class StaffUserDeactivated(Reason):
    """The staff user (who an API key acts for) is no longer active."""

    @property
    def message(self) -> str:
        return "the staff user this API key belongs to has been deactivated"


@attrs.frozen
class AccountAlreadyRegistered(Reason):
    """A portal login already uses this email or phone."""

    name: str

    @property
    def message(self) -> str:
        return (
            f"{self.name}: an account with this {self.name.replace('_', ' ')} already exists; "
            "log in, or reset your password if you have forgotten it"
        )

    @property
    def field(self) -> str | None:
        return self.name


@attrs.frozen
class AlreadyLinked(Reason):
    """The portal account is already linked to an owner of this facility."""

    @property
    def message(self) -> str:
        return "your account is already linked to this facility; log in to see it"


@attrs.frozen
class NotPendingReview(Reason):
    """Only records awaiting review can be verified or rejected."""

    status: RecordStatus

    @property
    def message(self) -> str:
        return f"this record is {self.status.value.replace('_', ' ')}, not pending review"
