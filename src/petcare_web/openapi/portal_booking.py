"""The portal JSON API's booking paths: options, evaluation, reservations and agreements
(docs/api.md, "Portal API: booking")."""

from __future__ import annotations

import enum

from petcare_core.domain.booking_reasons import FixTarget, ReasonCategory
from petcare_core.domain.cancellation import CancellationOutcome
from petcare_core.domain.estimate import AddOnCharge, LineKind, PricingUnit
from petcare_core.domain.reservation import ReservationStatus
from petcare_web.openapi.operations import BODY_ERRORS, SLUG, json_body, operation, path_id, query
from petcare_web.openapi.portal import SECURITY
from petcare_web.openapi.schemas import (
    BOOLEAN,
    DATETIME,
    ID,
    INTEGER,
    NULLABLE_ID,
    NULLABLE_STRING,
    REQUIRED_TEXT_IN,
    STRING,
    Schema,
    array,
    obj,
)

_F = "/portal/api/f/{slug}"

AMOUNT: Schema = {
    "type": "string",
    "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
    "description": "A decimal amount in the facility's currency, e.g. 45.00",
}
NULLABLE_AMOUNT: Schema = {**AMOUNT, "type": ["string", "null"]}
WHEN_IN: Schema = {
    "type": "string",
    "pattern": (
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?"
        "(Z|[+-][0-9]{2}:[0-9]{2})?$"
    ),
    "description": "ISO 8601; without an offset, the facility's local time",
}


def _enum(values: type[enum.Enum]) -> Schema:
    return {"enum": [item.value for item in values]}


ESTIMATE = obj(
    {
        "currency": STRING,
        "lines": array(
            obj(
                {
                    "animal_id": ID,
                    "kind": _enum(LineKind),
                    "description": STRING,
                    "quantity": INTEGER,
                    "amount": AMOUNT,
                }
            )
        ),
        "subtotal": AMOUNT,
        "tax": AMOUNT,
        "total": AMOUNT,
    }
)
REASON = obj(
    {
        "code": STRING,
        "category": _enum(ReasonCategory),
        "message": STRING,
        "field": NULLABLE_STRING,
        "animal_id": NULLABLE_ID,
        "blocking": BOOLEAN,
        "fix": obj(
            {"target": _enum(FixTarget), "animal_id": NULLABLE_ID, "agreement_id": NULLABLE_ID}
        ),
    }
)
EVALUATION = obj(
    {
        "can_request": BOOLEAN,
        "offers_waitlist": BOOLEAN,
        "reasons": array(REASON),
        "warnings": array(REASON),
        "estimate": {"oneOf": [ESTIMATE, {"type": "null"}]},
        "currency": STRING,
        "deposit": AMOUNT,
    }
)
RESERVATION = obj(
    {
        "id": ID,
        "status": _enum(ReservationStatus),
        "awaiting_confirmation": BOOLEAN,
        "location_id": ID,
        "location_name": STRING,
        "type_id": ID,
        "type_name": STRING,
        "unit": _enum(PricingUnit),
        "start": DATETIME,
        "end": DATETIME,
        "pets": array(
            obj(
                {
                    "animal_id": ID,
                    "name": STRING,
                    "add_on_ids": array(ID),
                    "add_ons": array(STRING),
                    "lodging": NULLABLE_STRING,
                }
            )
        ),
        "staff_id": NULLABLE_ID,
        "staff_first_name": NULLABLE_STRING,
        "requested_at": DATETIME,
        "currency": STRING,
        "estimate": ESTIMATE,
        "deposit_due": AMOUNT,
        "cancellation": obj(
            {"outcome": _enum(CancellationOutcome), "free_until": DATETIME, "message": STRING}
        ),
        "cancelled": {
            "oneOf": [
                obj({"reason": STRING, "late": BOOLEAN, "at": DATETIME}),
                {"type": "null"},
            ]
        },
        "denial_reason": NULLABLE_STRING,
    }
)
_LISTS = ("upcoming", "pending", "waitlisted", "past")
MY_RESERVATIONS: Schema = {
    "type": "object",
    "properties": {name: array(RESERVATION) for name in _LISTS},
    "additionalProperties": False,
}
OUTCOME = obj(
    {
        "outcome": {"enum": ["cancelled", "rescheduled", "staff_review_requested"]},
        "message": STRING,
        "reservation": RESERVATION,
    }
)
OPTIONS = obj(
    {
        "currency": STRING,
        "timezone": STRING,
        "locations": array(obj({"id": ID, "name": STRING, "type_ids": array(ID)})),
        "reservation_types": array(
            obj(
                {
                    "id": ID,
                    "name": STRING,
                    "unit": _enum(PricingUnit),
                    "base_price": AMOUNT,
                    "appointment_minutes": {"type": ["integer", "null"]},
                    "assigns_staff": BOOLEAN,
                    "requires_evaluation": BOOLEAN,
                    "location_ids": array(ID),
                    "add_ons": array(
                        obj(
                            {
                                "id": ID,
                                "name": STRING,
                                "price": AMOUNT,
                                "charge": _enum(AddOnCharge),
                            }
                        )
                    ),
                    "staff": array(obj({"id": ID, "first_name": STRING})),
                    "free_cancellation_hours": INTEGER,
                    "deposit": {
                        "oneOf": [
                            obj(
                                {
                                    "kind": {"enum": ["fixed", "percentage"]},
                                    "amount": NULLABLE_AMOUNT,
                                    "rate": NULLABLE_STRING,
                                }
                            ),
                            {"type": "null"},
                        ]
                    },
                }
            )
        ),
        "pets": array(obj({"id": ID, "name": STRING, "species_id": ID})),
    }
)
TO_SIGN = obj(
    {
        "agreement_id": ID,
        "title": STRING,
        "version": INTEGER,
        "signed_version": {"type": ["integer", "null"]},
        "new_version": BOOLEAN,
    }
)
SIGNATURE = obj(
    {
        "id": ID,
        "agreement_id": ID,
        "title": STRING,
        "version": INTEGER,
        "current": BOOLEAN,
        "signer_name": STRING,
        "signed_at": DATETIME,
        "location_id": NULLABLE_ID,
    }
)
AGREEMENT = obj(
    {
        "id": ID,
        "title": STRING,
        "version": INTEGER,
        "text": STRING,
        "published_at": DATETIME,
        "location_ids": array(ID),
        "signed": BOOLEAN,
        "signed_version": {"type": ["integer", "null"]},
    }
)

_PET_IN: Schema = {
    "type": "object",
    "properties": {
        "animal_id": ID,
        "add_on_ids": {"type": "array", "items": ID, "maxItems": 20},
    },
    "required": ["animal_id"],
    "additionalProperties": False,
}
_FORM_PROPERTIES: dict[str, Schema] = {
    "location_id": ID,
    "type_id": ID,
    "start": WHEN_IN,
    "end": WHEN_IN,
    "pets": {"type": "array", "items": _PET_IN, "minItems": 1, "maxItems": 20},
    "staff_id": NULLABLE_ID,
}
_FORM_REQUIRED = ["location_id", "type_id", "start", "end", "pets"]


def _closed(properties: dict[str, Schema], required: list[str]) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


BOOKING_FORM = _closed(_FORM_PROPERTIES, _FORM_REQUIRED)
REQUEST_FORM = _closed({**_FORM_PROPERTIES, "join_waitlist": BOOLEAN}, _FORM_REQUIRED)
NEW_DATES = _closed({"start": WHEN_IN, "end": WHEN_IN}, ["start", "end"])
CANCEL_BODY = _closed({"reason": {"type": ["string", "null"]}}, [])
SIGN_BODY = _closed({"signer_name": REQUIRED_TEXT_IN, "location_id": NULLABLE_ID}, ["signer_name"])

_RESERVATION_ID = path_id("The reservation's id")
_AGREEMENT_ID = path_id("The agreement's id")


def _parent(
    summary: str,
    answers: dict[int, Schema],
    *,
    errors: tuple[int, ...],
    body: Schema | None = None,
    parameters: tuple[Schema, ...] = (SLUG,),
) -> Schema:
    return operation(
        summary, answers, errors=errors, security=SECURITY, body=body, parameters=parameters
    )


PATHS: dict[str, dict[str, Schema]] = {
    f"{_F}/booking/options": {
        "get": _parent(
            "What the household may book: locations, services with their add-ons, groomers "
            "and policies, and its active pets",
            {200: OPTIONS},
            errors=(404,),
        )
    },
    f"{_F}/booking/evaluate": {
        "post": _parent(
            "Evaluate a booking form without saving it: every reason it cannot be sent yet, "
            "its estimate and its deposit",
            {200: EVALUATION},
            errors=(*BODY_ERRORS, 404),
            body=json_body(BOOKING_FORM),
        )
    },
    f"{_F}/reservations": {
        "get": _parent(
            "The household's reservations: upcoming, pending, waitlisted and past",
            {200: MY_RESERVATIONS},
            errors=(400, 404),
            parameters=(
                SLUG,
                query("list", {"enum": list(_LISTS)}, "Answer only this list"),
            ),
        ),
        "post": _parent(
            "Request a reservation (or join the waitlist when only capacity stops it)",
            {201: RESERVATION},
            errors=(*BODY_ERRORS, 404),
            body=json_body(REQUEST_FORM),
        ),
    },
    f"{_F}/reservations/{{id}}": {
        "get": _parent(
            "One of the household's reservations",
            {200: RESERVATION},
            errors=(400, 404),
            parameters=(SLUG, _RESERVATION_ID),
        )
    },
    f"{_F}/reservations/{{id}}/cancel": {
        "post": _parent(
            "Cancel: free inside the policy's window, a request for staff review after it, "
            "refused once the stay has started",
            {200: OUTCOME},
            errors=(*BODY_ERRORS, 404, 409),
            body=json_body(CANCEL_BODY, required=False),
            parameters=(SLUG, _RESERVATION_ID),
        )
    },
    f"{_F}/reservations/{{id}}/confirm": {
        "post": _parent(
            "Confirm a reservation the facility asks the parent to confirm",
            {200: RESERVATION},
            errors=(*BODY_ERRORS, 404, 409),
            parameters=(SLUG, _RESERVATION_ID),
        )
    },
    f"{_F}/reservations/{{id}}/reschedule": {
        "post": _parent(
            "Move a reservation to new dates (a request for staff review outside the free "
            "window of a confirmed one)",
            {200: OUTCOME},
            errors=(*BODY_ERRORS, 404, 409),
            body=json_body(NEW_DATES),
            parameters=(SLUG, _RESERVATION_ID),
        )
    },
    f"{_F}/reservations/{{id}}/book-again": {
        "post": _parent(
            "Request the same pets, service, add-ons and groomer again on new dates",
            {201: RESERVATION},
            errors=(*BODY_ERRORS, 404),
            body=json_body(NEW_DATES),
            parameters=(SLUG, _RESERVATION_ID),
        )
    },
    f"{_F}/agreements": {
        "get": _parent(
            "What the household still has to sign, and its signatures",
            {200: obj({"to_sign": array(TO_SIGN), "signed": array(SIGNATURE)})},
            errors=(404,),
        )
    },
    f"{_F}/agreements/{{id}}": {
        "get": _parent(
            "An agreement's current text and whether the household has signed it",
            {200: AGREEMENT},
            errors=(400, 404),
            parameters=(SLUG, _AGREEMENT_ID),
        )
    },
    f"{_F}/agreements/{{id}}/sign": {
        "post": _parent(
            "Sign the agreement's current version for the household",
            {201: SIGNATURE, 200: SIGNATURE},
            errors=(*BODY_ERRORS, 404),
            body=json_body(SIGN_BODY),
            parameters=(SLUG, _AGREEMENT_ID),
        )
    },
}
