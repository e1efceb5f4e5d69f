"""Gingr's response shapes: ``{"success": true, "error": false, "data": ...}`` and its errors.

A failure is raised as ``GingrError`` and becomes the error envelope
``{"success": false, "error": "<msg>", "status": "error", "message": "<msg>"}`` (the error
middleware adds ``code`` and ``request_id``), with the HTTP status the ``WebConfig`` chooses.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence

from petcare_core.domain.reasons import PermissionMissing, Reason, Rejection
from petcare_web.config import WebConfig
from petcare_web.errors import ApiError, json_bytes
from petcare_web.gingr.values import Row


class ErrorKind(enum.Enum):
    """What went wrong, which decides the HTTP status of the error envelope."""

    AUTHENTICATION = "invalid_api_key"
    PERMISSION = "permission_missing"
    INPUT = "invalid_request"


class GingrError(Exception):
    """A Gingr request that cannot be answered; the message tells the integrator what to fix."""

    def __init__(self, kind: ErrorKind, message: str, reasons: Sequence[Reason] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.reasons = tuple(reasons)

    @classmethod
    def authentication(cls, message: str) -> GingrError:
        """No usable API key."""
        return cls(ErrorKind.AUTHENTICATION, message)

    @classmethod
    def permission(cls, message: str) -> GingrError:
        """The key's user may not use this endpoint."""
        return cls(ErrorKind.PERMISSION, message)

    @classmethod
    def invalid(cls, message: str, reasons: Sequence[Reason] = ()) -> GingrError:
        """A malformed parameter, or a record that does not exist."""
        return cls(ErrorKind.INPUT, message, reasons)

    @classmethod
    def rejected(cls, rejection: Rejection) -> GingrError:
        """The error for a use case's rejection (a missing permission is reported alone)."""
        message = "; ".join(rejection.messages)
        if any(isinstance(reason, PermissionMissing) for reason in rejection.reasons):
            return cls.permission(message)
        return cls.invalid(message, rejection.reasons)

    def as_api_error(self, config: WebConfig) -> ApiError:
        """The error the middleware answers, with the status ``config`` chooses for its kind."""
        status = {
            ErrorKind.AUTHENTICATION: config.gingr_auth_error_status,
            ErrorKind.PERMISSION: config.gingr_permission_error_status,
            ErrorKind.INPUT: config.gingr_input_error_status,
        }[self.kind]
        return ApiError(self.message, status=status, code=self.kind.value, reasons=self.reasons)


def envelope(data: object) -> bytes:
    """The success envelope around ``data``, as JSON."""
    return json_bytes({"success": True, "error": False, "data": data})


_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_ROWS_OPEN = '{"success":true,"error":false,"data":['


def envelope_rows(rows: Iterable[Row]) -> bytes:
    """The success envelope around a list of rows, encoded one row at a time.

    The same bytes as ``envelope(list(rows))``, but each row dict is garbage as soon as it is
    encoded: ten thousand rows kept alive at once would make the garbage collector run full
    collections over them (see docs/performance.md).
    """
    return (_ROWS_OPEN + ",".join(map(_ROW_ENCODER.encode, rows)) + "]}").encode("utf-8")


def reference_list(data: list[dict[str, str | None]], enveloped: bool) -> bytes:
    """A reference list, enveloped or as a bare array (the facility's choice)."""
    return envelope(data) if enveloped else json_bytes(data)
