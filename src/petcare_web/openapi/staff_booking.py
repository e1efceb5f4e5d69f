"""The staff API's booking paths: the catalog (reservation types, add-ons, capacity pools,
lodgings), agreements, evaluations and reservations (docs/api.md, "Staff API: booking").
The schemas are in ``staff_booking_schemas``.
"""

from __future__ import annotations

from petcare_web.openapi.operations import BODY_ERRORS, json_body, operation, path_id, query
from petcare_web.openapi.schemas import (
    BOOLEAN,
    DATE,
    ID,
    INTEGER,
    NULLABLE_ID,
    STRING,
    Schema,
    array,
    obj,
)
from petcare_web.openapi.staff import SECURITY
from petcare_web.openapi.staff_booking_schemas import (
    ADDITIONAL_SERVICE,
    AGREEMENT,
    BOOKING_CHANGE,
    BOOKING_EVALUATION,
    CHANGE,
    DAY_SHEET,
    DRAFT_IN,
    DRAFT_REQUIRED,
    ESTIMATE_PROPERTIES,
    EVALUATION,
    IDS_IN,
    LODGING,
    NOTHING_IN,
    OVERRIDES_IN,
    POOL,
    RESERVATION,
    RESERVATION_DETAIL,
    RESERVATION_TYPE,
    RESULT,
    TEXT_IN,
    TIMES_IN,
    VERSION_DATES,
    agreement_schema,
    closed,
    pool_body,
    service_body,
    type_body,
    whole,
)
from petcare_web.staff_api.reservations import MAX_LIMIT


def staff_operation(
    summary: str,
    answers: dict[int, Schema],
    *,
    errors: tuple[int, ...] = (),
    body: Schema | None = None,
    parameters: tuple[Schema, ...] = (),
) -> Schema:
    """A staff API operation (a missing permission is always a possible 403)."""
    return operation(
        summary,
        answers,
        errors=(403, *errors),
        security=SECURITY,
        body=None if body is None else json_body(body),
        parameters=parameters,
    )


def write(
    summary: str, answer: Schema, body: Schema, *, status: int = 200, path: Schema | None = None
) -> Schema:
    """An operation taking a JSON body: refused with 400/413/415/422, 404 for a missing
    record, 409 when someone changed it at the same time."""
    return staff_operation(
        summary,
        {status: answer},
        errors=(*BODY_ERRORS, 404, 409),
        body=body,
        parameters=() if path is None else (path,),
    )


_ACTIVE_ONLY = query("active_only", {"enum": ["true", "false"]}, "Only those in use")
_ID = {
    "type": path_id("The reservation type's id"),
    "service": path_id("The add-on's id"),
    "pool": path_id("The capacity pool's id"),
    "lodging": path_id("The lodging's id"),
    "agreement": path_id("The agreement's id"),
    "animal": path_id("The animal's id"),
    "reservation": path_id("The reservation's id"),
    "location": path_id("The location's id"),
}
_QUERY_ID = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}

CATALOG_PATHS: dict[str, dict[str, Schema]] = {
    "/staff/api/reservation-types": {
        "get": staff_operation(
            "Reservation types, by id",
            {200: obj({"reservation_types": array(RESERVATION_TYPE)})},
            errors=(400,),
            parameters=(_ACTIVE_ONLY,),
        ),
        "post": write(
            "Add a reservation type (catalog.manage)",
            RESERVATION_TYPE,
            type_body(("name", "unit", "base_price")),
            status=201,
        ),
    },
    "/staff/api/reservation-types/{id}": {
        "get": staff_operation(
            "A reservation type with its policies",
            {200: RESERVATION_TYPE},
            errors=(400, 404),
            parameters=(_ID["type"],),
        ),
        "patch": write(
            "Change some members of a reservation type (catalog.manage)",
            RESERVATION_TYPE,
            type_body(()),
            path=_ID["type"],
        ),
    },
    "/staff/api/additional-services": {
        "get": staff_operation(
            "Add-on services, by id",
            {200: obj({"additional_services": array(ADDITIONAL_SERVICE)})},
            errors=(400,),
            parameters=(
                query("type_id", _QUERY_ID, "Only those offered with this reservation type"),
                _ACTIVE_ONLY,
            ),
        ),
        "post": write(
            "Add an add-on service (catalog.manage)",
            ADDITIONAL_SERVICE,
            service_body(("name", "price")),
            status=201,
        ),
    },
    "/staff/api/additional-services/{id}": {
        "patch": write(
            "Change some members of an add-on (catalog.manage)",
            ADDITIONAL_SERVICE,
            service_body(()),
            path=_ID["service"],
        )
    },
    "/staff/api/capacity-pools": {
        "get": staff_operation(
            "Capacity pools, by id",
            {200: obj({"capacity_pools": array(POOL)})},
            errors=(400,),
            parameters=(query("location_id", _QUERY_ID, "Only this location's"),),
        ),
        "post": write(
            "Add a capacity pool to a location (catalog.manage)",
            POOL,
            pool_body(("location_id", "name", "kind", "capacity")),
            status=201,
        ),
    },
    "/staff/api/capacity-pools/{id}": {
        "patch": write(
            "Change some members of a capacity pool (catalog.manage)",
            POOL,
            pool_body(()),
            path=_ID["pool"],
        )
    },
    "/staff/api/capacity-pools/{id}/lodgings": {
        "get": staff_operation(
            "A pool's lodgings, by id",
            {200: obj({"lodgings": array(LODGING)})},
            errors=(400, 404),
            parameters=(_ID["pool"],),
        ),
        "post": write(
            "Add a lodging to a pool (catalog.manage)",
            LODGING,
            closed({"name": TEXT_IN}, ("name",)),
            status=201,
            path=_ID["pool"],
        ),
    },
    "/staff/api/lodgings/{id}": {
        "patch": write(
            "Rename a lodging or take it out of use (catalog.manage)",
            LODGING,
            closed({"name": TEXT_IN, "active": BOOLEAN}),
            path=_ID["lodging"],
        )
    },
    "/staff/api/agreements": {
        "get": staff_operation(
            "Agreements, by id, with the current text",
            {200: obj({"agreements": array(agreement_schema(VERSION_DATES))})},
            errors=(400,),
            parameters=(_ACTIVE_ONLY,),
        ),
        "post": write(
            "Write an agreement; its text is version 1 (catalog.manage)",
            AGREEMENT,
            closed({"title": TEXT_IN, "text": TEXT_IN, "location_ids": IDS_IN}, ("title", "text")),
            status=201,
        ),
    },
    "/staff/api/agreements/{id}": {
        "get": staff_operation(
            "An agreement with the text of every version",
            {200: AGREEMENT},
            errors=(400, 404),
            parameters=(_ID["agreement"],),
        ),
        "patch": write(
            "Change an agreement's title, locations or whether it is in use (catalog.manage)",
            AGREEMENT,
            closed({"title": TEXT_IN, "location_ids": IDS_IN, "active": BOOLEAN}),
            path=_ID["agreement"],
        ),
    },
    "/staff/api/agreements/{id}/versions": {
        "post": write(
            "Publish the next version; everyone signs again (catalog.manage)",
            AGREEMENT,
            closed({"text": TEXT_IN}, ("text",)),
            status=201,
            path=_ID["agreement"],
        )
    },
    "/staff/api/animals/{id}/evaluations": {
        "get": staff_operation(
            "A pet's evaluations, oldest first (animals.read)",
            {200: obj({"animal_id": ID, "evaluations": array(EVALUATION)})},
            errors=(400, 404),
            parameters=(_ID["animal"],),
        ),
        "post": write(
            "Record a pet's pass or fail (animals.write)",
            EVALUATION,
            closed({"result": RESULT, "notes": TEXT_IN, "recorded_by": NULLABLE_ID}, ("result",)),
            status=201,
            path=_ID["animal"],
        ),
    },
}

RESERVATION_PATHS: dict[str, dict[str, Schema]] = {
    "/staff/api/reservations": {
        "get": staff_operation(
            "Reservations overlapping a period, by start (reservations.read)",
            {200: obj({"total": INTEGER, "reservations": array(RESERVATION)})},
            errors=(400, 422),
            parameters=(
                {
                    **query("start", DATE, "The first day (the facility's local date)"),
                    "required": True,
                },
                {
                    **query("end", DATE, "The last day, included (at most 366 days)"),
                    "required": True,
                },
                query("location_id", _QUERY_ID, "Only this location's"),
                query("status", STRING, "Only these statuses, separated by commas"),
                query("limit", whole(1, MAX_LIMIT), "At most this many"),
                query("offset", whole(0, 2**31), "Skip this many"),
            ),
        ),
        "post": write(
            "Book for a household, confirmed or as a request, with overrides (reservations.manage)",
            BOOKING_CHANGE,
            closed(
                {
                    **DRAFT_IN,
                    "overrides": OVERRIDES_IN,
                    "confirm": BOOLEAN,
                    "join_waitlist": BOOLEAN,
                },
                DRAFT_REQUIRED,
            ),
            status=201,
        ),
    },
    "/staff/api/reservations/{id}": {
        "get": staff_operation(
            "A reservation with its records, history, overrides and estimate (reservations.read)",
            {200: RESERVATION_DETAIL},
            errors=(400, 404),
            parameters=(_ID["reservation"],),
        )
    },
    "/staff/api/reservations/{id}/estimate": {
        "get": staff_operation(
            "A reservation's estimate and deposit (reservations.read)",
            {200: obj({"reservation_id": ID, **ESTIMATE_PROPERTIES})},
            errors=(400, 404),
            parameters=(_ID["reservation"],),
        )
    },
    "/staff/api/locations/{id}/day-sheet": {
        "get": staff_operation(
            "A location's arrivals, departures and checked-in pets on a day (reservations.read)",
            {200: DAY_SHEET},
            errors=(400, 404),
            parameters=(_ID["location"], query("date", DATE, "The day (today by default)")),
        )
    },
}


def _action(summary: str, body: Schema, answer: Schema = CHANGE) -> dict[str, Schema]:
    return {"post": write(summary, answer, body, path=_ID["reservation"])}


WRITE_PATHS: dict[str, dict[str, Schema]] = {
    "/staff/api/reservations/evaluate": {
        "post": write(
            "Every reason a booking cannot be made yet, the estimate and the deposit; "
            "writes nothing (reservations.read)",
            BOOKING_EVALUATION,
            closed(DRAFT_IN, DRAFT_REQUIRED),
        )
    },
    "/staff/api/reservations/{id}/approve": _action(
        "Accept a request or a waitlisted reservation: confirmed, or awaiting the parent "
        "(reservations.approve)",
        closed({"ask_parent": BOOLEAN, "overrides": OVERRIDES_IN}),
        BOOKING_CHANGE,
    ),
    "/staff/api/reservations/{id}/deny": _action(
        "Refuse a request or a waitlisted reservation (reservations.approve)",
        closed({"reason": TEXT_IN}, ("reason",)),
    ),
    "/staff/api/reservations/{id}/waitlist": _action(
        "Put a request on the waitlist (reservations.approve)", NOTHING_IN
    ),
    "/staff/api/reservations/{id}/requeue": _action(
        "Move a waitlisted reservation back to the requests (reservations.approve)",
        NOTHING_IN,
    ),
    "/staff/api/reservations/{id}/check-in": _action(
        "The pets arrived (reservations.manage)", NOTHING_IN
    ),
    "/staff/api/reservations/{id}/check-out": _action(
        "The pets went home (reservations.manage)", NOTHING_IN
    ),
    "/staff/api/reservations/{id}/no-show": _action(
        "The pets did not come (reservations.manage)", NOTHING_IN
    ),
    "/staff/api/reservations/{id}/cancel": _action(
        "Cancel with a reason, late as the policy says unless given (reservations.manage)",
        closed({"reason": TEXT_IN, "late": {"type": ["boolean", "null"]}}, ("reason",)),
    ),
    "/staff/api/reservations/{id}/lodging": _action(
        "Give one pet a lodging, or none (reservations.manage)",
        closed({"animal_id": ID, "lodging_id": NULLABLE_ID}, ("animal_id", "lodging_id")),
    ),
    "/staff/api/reservations/{id}/staff": _action(
        "Choose the groomer or trainer of an appointment (reservations.manage)",
        closed({"staff_id": ID}, ("staff_id",)),
    ),
    "/staff/api/reservations/{id}/reschedule": _action(
        "Move a reservation to new dates (reservations.manage)",
        closed({**TIMES_IN, "overrides": OVERRIDES_IN}, ("start", "end")),
        BOOKING_CHANGE,
    ),
    "/staff/api/reservations/{id}/book-again": {
        "post": write(
            "Book the same pets, add-ons, type and staff on new dates (reservations.manage)",
            BOOKING_CHANGE,
            closed({**TIMES_IN, "overrides": OVERRIDES_IN, "confirm": BOOLEAN}, ("start", "end")),
            status=201,
            path=_ID["reservation"],
        )
    },
}
PATHS: dict[str, dict[str, Schema]] = {**CATALOG_PATHS, **RESERVATION_PATHS, **WRITE_PATHS}
