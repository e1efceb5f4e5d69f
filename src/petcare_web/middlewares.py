"""Request ids with the access log, and the security headers every response carries."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time

from aiohttp import web
from aiohttp.typedefs import Handler

from petcare_web.config import WebConfig
from petcare_web.errors import wants_json
from petcare_web.keys import CONFIG, REQUEST_ID

access_logger = logging.getLogger("petcare.web.access")

REQUEST_ID_HEADER = "X-Request-Id"
# An id from a proxy is kept only when it is short and harmless in a log line or a header.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Status logged for a request whose client went away before the answer (nginx's convention).
CLIENT_CLOSED = 499

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
    "object-src 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def _request_id(request: web.Request) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _INCOMING_ID.fullmatch(incoming):
        return incoming
    return secrets.token_hex(8)


@web.middleware
async def request_context_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Give the request an id (the caller's ``X-Request-Id`` if sane), echo it in the response,
    and log one access line with the status and duration.

    The line has the path but never the query string: Gingr clients put their API key there.
    """
    request_id = _request_id(request)
    request[REQUEST_ID] = request_id
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        if not response.prepared:
            response.headers[REQUEST_ID_HEADER] = request_id
        return response
    except web.HTTPException as exception:
        # Only redirects get here: the error middleware answers every error.
        status = exception.status
        exception.headers[REQUEST_ID_HEADER] = request_id
        raise
    except asyncio.CancelledError:
        status = CLIENT_CLOSED
        raise
    finally:
        access_logger.info(
            "%s %s %s %d %.1fms id=%s",
            request.remote,
            request.method,
            request.path,
            status,
            (time.perf_counter() - started) * 1000,
            request_id,
        )


def apply_security_headers(response: web.StreamResponse, path: str, config: WebConfig) -> None:
    """Set the security headers on ``response`` (before it is prepared).

    Handlers that stream (``await response.prepare(request)`` themselves) call this first; the
    middleware does it for every other response. API answers are never cached: they carry
    personal data.
    """
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if config.behind_tls:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if wants_json(path):
        headers.setdefault("Cache-Control", "no-store")


@web.middleware
async def security_headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add the security headers to every response, errors and redirects included."""
    config = request.config_dict[CONFIG]
    try:
        response = await handler(request)
    except web.HTTPException as exception:
        apply_security_headers(exception, request.path, config)
        raise
    if not response.prepared:
        apply_security_headers(response, request.path, config)
    return response
