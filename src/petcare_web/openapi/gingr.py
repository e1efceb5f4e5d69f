"""The Gingr-compatible API's paths (docs/gingr-api.md describes each).

Every endpoint takes GET and POST (parameters in the query string or a form body) and the key
as the ``key`` parameter. Answers are Gingr's envelope; the rows inside ``data`` keep Gingr's
shapes (documented in docs/gingr-api.md), so ``data`` is left open here. By default (as Gingr
does) errors are answered with status 200 and the error envelope; ``WebConfig`` can choose
401/403 for key problems and 400 for malformed parameters.
"""

from __future__ import annotations

from petcare_web.openapi.operations import json_content
from petcare_web.openapi.schemas import Schema, ref

SECURITY = "gingrKey"
_TEXT: Schema = {"type": "string"}
_ENVELOPE: Schema = {
    "type": "object",
    "properties": {"success": {"const": True}, "error": {"const": False}, "data": {}},
    "required": ["success", "error", "data"],
    "additionalProperties": False,
}
# Reference lists are an envelope or a bare array, as the facility's settings choose.
_REFERENCE_LIST: Schema = {"anyOf": [_ENVELOPE, {"type": "array", "items": {"type": "object"}}]}
_PARAMS_FILTER: Schema = {
    "name": "params",
    "in": "query",
    "required": False,
    "description": "Where-clauses as PHP bracket parameters, e.g. params[zip]=80302",
    "style": "deepObject",
    "explode": True,
    "schema": {"type": "object", "additionalProperties": _TEXT},
}

# Endpoint -> (summary, its scalar parameters, whether it answers a reference list).
_ENDPOINTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "/api/v1/owners": ("Owners, filtered by params[...]", (), False),
    "/api/v1/owner": ("One owner", ("id", "animal_id", "reservation_id", "phone", "email"), False),
    "/api/v1/animals": ("Animals, filtered by params[...]", (), False),
    "/api/v1/new_modified_owners": (
        "Owners created or modified in a period",
        ("start_date", "end_date", "location_id"),
        False,
    ),
    "/api/v1/authorize_owner": ("The owner of a portal login", ("email", "password"), False),
    "/api/v1/get_locations": ("The facility's locations", (), True),
    "/api/v1/get_species": ("Species", (), True),
    "/api/v1/get_breeds": ("Breeds", ("species_id",), True),
    "/api/v1/get_temperaments": ("Temperaments", (), True),
    "/api/v1/get_vets": ("Vets", ("vetFlag",), True),
    "/api/v1/get_immunization_types": ("Immunization types", ("species_id",), False),
    "/api/v1/get_animal_immunizations": (
        "An animal's vaccination records",
        ("animal_id", "include_unverified"),
        False,
    ),
    "/forms/get_form": ("The custom fields of the owner or animal form", ("form",), False),
}
_FILTERED = frozenset({"/api/v1/owners", "/api/v1/animals"})


def _operation(path: str, method: str) -> Schema:
    summary, names, reference = _ENDPOINTS[path]
    answer = _REFERENCE_LIST if reference else _ENVELOPE
    error = json_content(ref("Error"))
    operation: Schema = {
        "summary": summary,
        "security": [{SECURITY: []}],
        "responses": {
            "200": {
                "description": "The answer, or (by default) the error envelope",
                "content": json_content({"anyOf": [answer, ref("Error")]}),
            },
            "400": {"description": "Malformed parameters (when so configured)", "content": error},
            "401": {"description": "Missing or bad key (when so configured)", "content": error},
            "403": {
                "description": "A permission is missing (when so configured)",
                "content": error,
            },
            "415": {"description": "A body that is not a form", "content": error},
        },
    }
    if path == "/api/v1/authorize_owner":
        # It checks a portal password, so it shares the portal's login throttle (always 429).
        operation["responses"]["429"] = {
            "description": "Too many failed logins; wait Retry-After seconds",
            "content": error,
        }
    if method == "get":
        parameters = [
            {"name": name, "in": "query", "required": False, "schema": _TEXT} for name in names
        ]
        if path in _FILTERED:
            parameters.append(_PARAMS_FILTER)
        if parameters:
            operation["parameters"] = parameters
    else:
        properties = dict.fromkeys(names, _TEXT)
        operation["requestBody"] = {
            "required": False,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": properties}
                }
            },
        }
    return operation


PATHS: dict[str, dict[str, Schema]] = {
    path: {"get": _operation(path, "get"), "post": _operation(path, "post")} for path in _ENDPOINTS
}
