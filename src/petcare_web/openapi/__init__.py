"""The OpenAPI 3.1 document of the portal JSON API, the staff API and the Gingr-compatible API,
served at ``/api/openapi.json``.

It is written as Python data next to the code it describes; the tests validate it with
openapi-spec-validator, check that it names every route, and run schemathesis against a live
server with it (no 5xx, every answer conforms).
"""

from __future__ import annotations

import functools

from aiohttp import web

from petcare_web.errors import json_bytes
from petcare_web.openapi import gingr, portal, portal_booking, staff, staff_booking
from petcare_web.openapi.schemas import COMPONENTS, Schema

OPENAPI_PATH = "/api/openapi.json"


@functools.cache
def openapi_document() -> Schema:
    """The whole document (built once; treat it as read-only)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "petcare",
            "version": "1",
            "description": (
                "The portal JSON API (/portal/api, for pet parents' apps), the staff API "
                "(/staff/api, for a business's tools) and the Gingr-compatible API (/api/v1). "
                "Guides: docs/api.md and docs/gingr-api.md."
            ),
        },
        "paths": {
            **portal.PATHS,
            **portal_booking.PATHS,
            **staff.PATHS,
            **staff_booking.PATHS,
            **gingr.PATHS,
        },
        "components": {
            "schemas": COMPONENTS,
            "securitySchemes": {
                portal.SECURITY: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The token from POST /portal/api/login",
                },
                staff.SECURITY: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key (also accepted in the X-Api-Key header)",
                },
                gingr.SECURITY: {"type": "apiKey", "in": "query", "name": "key"},
            },
        },
    }


@functools.cache
def _document_bytes() -> bytes:
    return json_bytes(openapi_document())


async def openapi_json(request: web.Request) -> web.Response:
    """``GET /api/openapi.json``: the OpenAPI document."""
    return web.Response(body=_document_bytes(), content_type="application/json")


def add_openapi_route(app: web.Application) -> None:
    """Serve the document at ``/api/openapi.json``."""
    app.router.add_get(OPENAPI_PATH, openapi_json)
