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
    "/api/v1/reservations": (
        "Reservations of a period (at most 30 days) or those checked in, keyed by id",
        ("start_date", "end_date", "checked_in", "location_id"),
        False,
    ),
    "/api/v1/reservations_by_animal": (
        "A pet's reservations, one flat row each",
        ("id", "restrict_to"),
        False,
    ),
    "/api/v1/reservations_by_owner": (
        "A household's reservations, one flat row per pet",
        ("id", "restrict_to"),
        False,
    ),
    "/api/v1/reservation_types": ("Reservation types", ("id", "active_only"), False),
    "/api/v1/get_services_by_type": (
        "The add-ons offered with a reservation type",
        ("type_id", "location_id"),
        False,
    ),
    "/api/v1/recently_cancelled_reservations": (
        "Reservations cancelled in a period (default: the last 7 days), keyed by id",
        ("start_date", "end_date", "location_id"),
        False,
    ),
    "/api/v1/existing_reservation_estimate": (
        "A stored reservation's estimate and deposit",
        ("id",),
        False,
    ),
    "/api/v1/back_of_house": (
        "A day's arrivals, departures and checked-in pets",
        ("date", "location_id"),
        False,
    ),
}
_FILTERED = frozenset({"/api/v1/owners", "/api/v1/animals"})
_RESERVATION_FILTERS: Schema = {
    "name": "params",
    "in": "query",
    "required": False,
    "description": (
        "Filters as PHP bracket parameters: params[fromDate], params[toDate], "
        "params[reservationTypeIds][], params[animalIds][], params[cancelledOnly], "
        "params[confirmedOnly], params[completedOnly], params[limit]"
    ),
    "style": "deepObject",
    "explode": True,
    "schema": {
        "type": "object",
        "properties": dict.fromkeys(
            (
                "fromDate",
                "toDate",
                "cancelledOnly",
                "confirmedOnly",
                "completedOnly",
                "limit",
            ),
            _TEXT,
        ),
        "additionalProperties": _TEXT,
    },
}
_RESERVATION_FILTERED = frozenset(
    {"/api/v1/reservations_by_animal", "/api/v1/reservations_by_owner"}
)
_OBJECT: Schema = {"type": "object"}
_ROWS: Schema = {"type": "array", "items": _OBJECT}
_KEYED: Schema = {"type": "object", "additionalProperties": _OBJECT}
# What ``data`` holds, where it is known (otherwise it is left open).
_DATA: dict[str, Schema] = {
    "/api/v1/reservations": _KEYED,
    "/api/v1/recently_cancelled_reservations": _KEYED,
    "/api/v1/reservations_by_animal": _ROWS,
    "/api/v1/reservations_by_owner": _ROWS,
    "/api/v1/reservation_types": _ROWS,
    "/api/v1/get_services_by_type": _ROWS,
    "/api/v1/existing_reservation_estimate": {
        "type": "object",
        "required": ["reservations", "deposits", "location"],
    },
    "/api/v1/back_of_house": {
        "type": "object",
        "required": ["date", "arrivals", "departures", "checked_in"],
    },
}


def _envelope(path: str) -> Schema:
    data = _DATA.get(path)
    if data is None:
        return _ENVELOPE
    return {**_ENVELOPE, "properties": {**_ENVELOPE["properties"], "data": data}}


def _operation(path: str, method: str) -> Schema:
    summary, names, reference = _ENDPOINTS[path]
    answer = _REFERENCE_LIST if reference else _envelope(path)
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
        if path in _RESERVATION_FILTERED:
            parameters.append(_RESERVATION_FILTERS)
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
