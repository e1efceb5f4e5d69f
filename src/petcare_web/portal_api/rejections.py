"""Answering a use case's rejection: the HTTP status it deserves, and every reason under the
field name the client used."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import attrs
from returns.result import Failure, Result

from petcare_core.domain.leads import DeletionAlreadyRequested, LeadAlreadyProcessed
from petcare_core.domain.reasons import PermissionMissing, Reason, Rejection
from petcare_core.services import AlreadyLinked, InvalidCredentials, NotPendingReview
from petcare_web.errors import ApiError
from petcare_web.portal_api.jsonio import CUSTOM_FIELDS

T = TypeVar("T")
_CUSTOM_PREFIX = "custom."


@attrs.frozen
class RenamedReason(Reason):
    """A core reason reported under the name the client used for the field."""

    original: Reason
    name: str

    @property
    def code(self) -> str:
        return self.original.code

    @property
    def message(self) -> str:
        message = self.original.message
        old = self.original.field
        if old and message.startswith(old):
            return self.name + message[len(old) :]
        return message

    @property
    def field(self) -> str | None:
        return self.name


def client_names(rejection: Rejection, names: Mapping[str, str] | None = None) -> Rejection:
    """``rejection`` with fields named as clients write them: custom fields as
    ``fields.<key>`` (not the core's ``custom.<key>``), and any field renamed by ``names``."""
    renamed: list[Reason] = []
    for reason in rejection.reasons:
        field = reason.field
        if field and names and field in names:
            renamed.append(RenamedReason(reason, names[field]))
        elif field and field.startswith(_CUSTOM_PREFIX):
            key = field.removeprefix(_CUSTOM_PREFIX)
            renamed.append(RenamedReason(reason, f"{CUSTOM_FIELDS}.{key}"))
        else:
            renamed.append(reason)
    return Rejection(tuple(renamed))


# Rejections that are not about the input: who may act, and the state of the record.
_STATUS = {
    PermissionMissing: (403, "permission_missing"),
    InvalidCredentials: (401, "invalid_credentials"),
    NotPendingReview: (409, "conflict"),
    LeadAlreadyProcessed: (409, "conflict"),
    AlreadyLinked: (409, "conflict"),
    DeletionAlreadyRequested: (409, "conflict"),
}


def rejection_error(rejection: Rejection, names: Mapping[str, str] | None = None) -> ApiError:
    """The error answering a use case's rejection: ``403`` for a missing permission (the
    message names it), ``401`` for wrong credentials, ``409`` when the record's state forbids
    the change, else ``422`` with every reason, each naming its field."""
    rejection = client_names(rejection, names)
    for reason in rejection.reasons:
        known = _STATUS.get(type(reason))
        if known is not None:
            status, code = known
            return ApiError(
                "; ".join(rejection.messages), status=status, code=code, reasons=rejection.reasons
            )
    return ApiError.rejected(rejection)


def ok(result: Result[T, Rejection], names: Mapping[str, str] | None = None) -> T:
    """The value of a use case's success; its rejection raised as an ``ApiError`` (fields
    renamed by ``names`` as in ``client_names``)."""
    if isinstance(result, Failure):
        raise rejection_error(result.failure(), names)
    return result.unwrap()
