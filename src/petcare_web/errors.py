"""The one error middleware: every failure becomes a clear response, never a stack trace.

Under the API prefixes (``/api/``, ``/portal/api/``, ``/staff/api/``, ``/forms/``) and
``/healthz`` errors are JSON; everywhere else they are HTML pages. The JSON body is a superset
of the Gingr error envelope, so one shape serves every API::

    {"success": false, "error": "<message>", "status": "error", "message": "<message>",
     "code": "<machine-readable code>", "request_id": "<id>"[, "reasons": [...]]}
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Handler

from petcare_core.domain.reasons import Reason, Rejection
from petcare_core.ports.errors import (
    ConcurrencyConflict,
    NotFound,
    PersistenceUnavailable,
    TenantViolation,
)
from petcare_web.keys import ERROR_PAGE, REQUEST_ID

logger = logging.getLogger("petcare.web")

JSON_PREFIXES = ("/api/", "/portal/api/", "/staff/api/", "/forms/")
JSON_PATHS = frozenset({"/healthz"})


class ApiError(Exception):
    """A request the client must change; raised by handlers, answered by the error middleware.

    ``reasons`` (from a ``Rejection``) are listed in the JSON body with their field names.
    ``headers`` are added to the response (``Retry-After``, for instance).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        code: str = "bad_request",
        reasons: Sequence[Reason] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.reasons = tuple(reasons)
        self.headers = dict(headers or {})

    @classmethod
    def rejected(cls, rejection: Rejection, *, status: int = 422) -> ApiError:
        """The error for a use case's rejection: every reason, in one message and listed."""
        return cls(
            "; ".join(rejection.messages),
            status=status,
            code="rejected",
            reasons=rejection.reasons,
        )


def wants_json(path: str) -> bool:
    """True when errors on ``path`` are answered with JSON rather than an HTML page."""
    return path in JSON_PATHS or path.startswith(JSON_PREFIXES)


def json_bytes(value: object) -> bytes:
    """``value`` as compact UTF-8 JSON (the encoding every JSON response of petcare uses).

    Text holding a lone surrogate (which UTF-8 cannot carry) falls back to ASCII escapes, so
    echoing a client's malformed input never turns into a server error.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def default_error_page(status: int, title: str, message: str, request_id: str) -> str:
    """A self-contained HTML error page (no scripts, no external resources)."""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{status} {html.escape(title)}</title></head>"
        f"<body><main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
        f"<p><small>Request id: {html.escape(request_id)}</small></p></main></body></html>\n"
    )


def error_response(
    request: web.Request,
    status: int,
    message: str,
    *,
    code: str,
    reasons: Sequence[Reason] = (),
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    """The JSON or HTML error response for ``request``, carrying its request id."""
    request_id = request.get(REQUEST_ID, "")
    if wants_json(request.path):
        body: dict[str, Any] = {
            "success": False,
            "error": message,
            "status": "error",
            "message": message,
            "code": code,
            "request_id": request_id,
        }
        if reasons:
            body["reasons"] = [
                {"code": reason.code, "field": reason.field, "message": reason.message}
                for reason in reasons
            ]
        response = web.Response(
            body=json_bytes(body), status=status, content_type="application/json"
        )
    else:
        page = request.config_dict.get(ERROR_PAGE, default_error_page)
        response = web.Response(
            text=page(status, _reason_phrase(status), message, request_id),
            status=status,
            content_type="text/html",
        )
    response.headers.update(headers or {})
    return response


def _reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


# aiohttp's own errors carry a default text ("404: Not Found"); these say what to do instead.
_HTTP_MESSAGES = {
    404: "There is nothing at this address; check the URL.",
    405: "This address does not accept the {method} method.",
    413: "The request body is larger than this server accepts.",
}
# Headers of aiohttp's errors that tell the client how to proceed; others are not copied.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Location")


def _http_error(request: web.Request, error: web.HTTPException) -> web.Response:
    template = _HTTP_MESSAGES.get(error.status)
    if template is not None:
        message = template.format(method=request.method)
    else:
        message = error.text or error.reason
        # aiohttp's default text is "<status>: <reason>"; the status is shown separately.
        message = message.removeprefix(f"{error.status}: ")
    headers = {name: error.headers[name] for name in _KEPT_HEADERS if name in error.headers}
    code = _reason_phrase(error.status).lower().replace(" ", "_").replace("-", "_")
    return error_response(request, error.status, message, code=code, headers=headers)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Map every exception to a response; log the unexpected ones with the request id."""
    request_id = request.get(REQUEST_ID, "")
    try:
        return await handler(request)
    except ApiError as error:
        return error_response(
            request,
            error.status,
            error.message,
            code=error.code,
            reasons=error.reasons,
            headers=error.headers,
        )
    except web.HTTPException as error:
        if error.status < 400:
            raise  # redirects and other non-errors travel on as aiohttp intends
        return _http_error(request, error)
    except HttpProcessingError as error:
        # A body aiohttp cannot parse (a broken multipart part, a bad header inside it) is the
        # client's mistake, wherever the handler happened to read it.
        return error_response(
            request,
            400,
            f"The request body is malformed ({error.message.strip()[:200] or 'unreadable'}); "
            "send it again as a well-formed form or JSON body.",
            code="malformed_body",
        )
    except NotFound:
        return error_response(
            request, 404, "The record does not exist, or is not yours to see.", code="not_found"
        )
    except ConcurrencyConflict:
        return error_response(
            request,
            409,
            "Someone else changed this record at the same time; reload and try again.",
            code="conflict",
        )
    except PersistenceUnavailable:
        logger.warning("storage unavailable (request %s)", request_id, exc_info=True)
        return error_response(
            request,
            503,
            "The service is briefly unavailable; try again in a moment.",
            code="unavailable",
            headers={"Retry-After": "5"},
        )
    except TenantViolation:
        logger.error("tenant violation (request %s)", request_id, exc_info=True)
        return _internal_error(request, request_id)
    except Exception:
        logger.exception("unexpected error (request %s)", request_id)
        return _internal_error(request, request_id)


def _internal_error(request: web.Request, request_id: str) -> web.Response:
    return error_response(
        request,
        500,
        f"Something went wrong on our side. If it persists, report request id {request_id}.",
        code="internal_error",
    )
