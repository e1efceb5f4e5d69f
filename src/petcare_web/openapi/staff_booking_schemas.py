"""The JSON schemas of the staff API's booking endpoints (paths in ``staff_booking``).

Request bodies are described as ``staff_api.booking_input`` reads them; answers as
``staff_api.views_booking`` writes them, closed, so that schemathesis notices any drift.
"""

from __future__ import annotations

from petcare_core.domain.actors import ActorKind
from petcare_core.domain.booking_reasons import FixTarget, ReasonCategory
from petcare_core.domain.capacity import PoolKind
from petcare_core.domain.estimate import AddOnCharge, LineKind, PricingUnit
from petcare_core.domain.evaluations import EvaluationResult
from petcare_core.domain.reservation import ReservationStatus
from petcare_core.services.booking_catalog import MAX_APPOINTMENT_MINUTES, MAX_CANCELLATION_HOURS
from petcare_core.services.capacity_pools import MAX_CAPACITY
from petcare_web.openapi.schemas import (
    BOOLEAN,
    DATE,
    DATETIME,
    ID,
    IDS,
    INTEGER,
    NULLABLE_ID,
    NULLABLE_STRING,
    STRING,
    Schema,
    array,
    nullable,
    obj,
)
from petcare_web.staff_api.booking_catalog import MAX_HORIZON_DAYS
from petcare_web.staff_api.booking_input import DAY_NAMES
from petcare_web.staff_api.reservation_actions import MAX_OVERRIDES, MAX_PETS

# Answers.
MONEY: Schema = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}
CLOCK: Schema = {"type": "string", "pattern": r"^[0-9]{2}:[0-9]{2}$"}
_HOURS = nullable(obj({"opens": CLOCK, "closes": CLOCK}))
_WEEK = obj(dict.fromkeys(DAY_NAMES, _HOURS))
UNIT: Schema = {"enum": [unit.value for unit in PricingUnit]}
CHARGE: Schema = {"enum": [charge.value for charge in AddOnCharge]}
POOL_KIND: Schema = {"enum": [kind.value for kind in PoolKind]}
RESULT: Schema = {"enum": [result.value for result in EvaluationResult]}
_STATUS: Schema = {"enum": [status.value for status in ReservationStatus]}
RESERVATION_TYPE = obj(
    {
        "id": ID,
        "name": STRING,
        "unit": UNIT,
        "base_price": MONEY,
        "appointment_minutes": {"type": ["integer", "null"]},
        "assigns_staff": BOOLEAN,
        "staff_ids": IDS,
        "location_ids": IDS,
        "required_immunization_type_ids": IDS,
        "required_agreement_ids": IDS,
        "requires_evaluation": BOOLEAN,
        "booking_policy": obj(
            {
                "horizon_days": INTEGER,
                "same_day_allowed": BOOLEAN,
                "next_day_cutoff": {"type": ["string", "null"], "pattern": CLOCK["pattern"]},
                "drop_off_hours": _WEEK,
                "pick_up_hours": _WEEK,
                "closed_dates": array(DATE),
            }
        ),
        "cancellation_policy": obj({"free_until_hours": INTEGER}),
        "deposit": {
            "oneOf": [
                obj({"amount": MONEY}),
                obj({"rate": {"type": "string"}}),
                {"type": "null"},
            ]
        },
        "active": BOOLEAN,
    }
)
ADDITIONAL_SERVICE = obj(
    {
        "id": ID,
        "name": STRING,
        "price": MONEY,
        "charge": CHARGE,
        "type_ids": IDS,
        "active": BOOLEAN,
    }
)
POOL = obj(
    {
        "id": ID,
        "location_id": ID,
        "name": STRING,
        "kind": POOL_KIND,
        "capacity": INTEGER,
        "type_ids": IDS,
        "active": BOOLEAN,
    }
)
LODGING = obj({"id": ID, "pool_id": ID, "name": STRING, "active": BOOLEAN})
VERSION_DATES = obj({"number": INTEGER, "published_at": DATETIME})
_VERSION_TEXTS = obj({"number": INTEGER, "published_at": DATETIME, "text": STRING})


def agreement_schema(version: Schema) -> Schema:
    return obj(
        {
            "id": ID,
            "title": STRING,
            "location_ids": IDS,
            "active": BOOLEAN,
            "current_version": INTEGER,
            "text": STRING,
            "versions": array(version),
        }
    )


AGREEMENT = agreement_schema(_VERSION_TEXTS)
EVALUATION = obj(
    {
        "id": ID,
        "animal_id": ID,
        "result": RESULT,
        "recorded_at": DATETIME,
        "recorded_by": ID,
        "notes": STRING,
    }
)
_ACTOR = obj({"kind": {"enum": [kind.value for kind in ActorKind]}, "id": NULLABLE_ID})
_CANCELLATION = obj({"reason": STRING, "by": _ACTOR, "late": BOOLEAN})
_HISTORY = array(obj({"status": _STATUS, "at": DATETIME, "by": _ACTOR}))
_STORED_PET: dict[str, Schema] = {"animal_id": ID, "add_on_ids": IDS, "lodging_id": NULLABLE_ID}
RECORD_PROPERTIES: dict[str, Schema] = {
    "id": ID,
    "status": _STATUS,
    "location_id": ID,
    "owner_id": ID,
    "type_id": ID,
    "start": DATETIME,
    "end": DATETIME,
    "pets": array(obj(_STORED_PET)),
    "staff_id": NULLABLE_ID,
    "cancellation": nullable(_CANCELLATION),
    "denial_reason": NULLABLE_STRING,
    "history": _HISTORY,
}
RECORD = obj(RECORD_PROPERTIES)
RESERVATION_PROPERTIES: dict[str, Schema] = {
    **RECORD_PROPERTIES,
    "pets": array(
        obj(
            {
                **_STORED_PET,
                "name": STRING,
                "add_on_names": array(STRING),
                "lodging_name": NULLABLE_STRING,
            }
        )
    ),
    "location_name": STRING,
    "owner_name": STRING,
    "type_name": STRING,
    "unit": UNIT,
    "staff_name": NULLABLE_STRING,
}
RESERVATION = obj(RESERVATION_PROPERTIES)
ESTIMATE_PROPERTIES: dict[str, Schema] = {
    "currency": STRING,
    "lines": array(
        obj(
            {
                "animal_id": ID,
                "kind": {"enum": [kind.value for kind in LineKind]},
                "description": STRING,
                "quantity": INTEGER,
                "amount": MONEY,
            }
        )
    ),
    "subtotal": MONEY,
    "tax": MONEY,
    "total": MONEY,
    "deposit_due": MONEY,
}
ESTIMATE = obj(ESTIMATE_PROPERTIES)
OVERRIDE = obj(
    {
        "id": ID,
        "reason": STRING,
        "animal_id": NULLABLE_ID,
        "permission": STRING,
        "staff_user_id": ID,
        "note": STRING,
        "at": DATETIME,
    }
)
RESERVATION_DETAIL = obj(
    {**RESERVATION_PROPERTIES, "overrides": array(OVERRIDE), "estimate": ESTIMATE}
)
_SHEET_ENTRY = obj(
    {
        "reservation_id": ID,
        "status": _STATUS,
        "start": DATETIME,
        "end": DATETIME,
        "owner_id": ID,
        "owner_name": STRING,
        "type_id": ID,
        "type_name": STRING,
        "pets": array(
            obj(
                {
                    "animal_id": ID,
                    "name": STRING,
                    "add_ons": array(STRING),
                    "lodging": NULLABLE_STRING,
                }
            )
        ),
        "staff_name": NULLABLE_STRING,
    }
)
DAY_SHEET = obj(
    {
        "location_id": ID,
        "location_name": STRING,
        "date": DATE,
        "arrivals": array(_SHEET_ENTRY),
        "departures": array(_SHEET_ENTRY),
        "checked_in": array(_SHEET_ENTRY),
    }
)
_REASON = obj(
    {
        "code": STRING,
        "category": {"enum": [category.value for category in ReasonCategory]},
        "message": STRING,
        "field": NULLABLE_STRING,
        "animal_id": NULLABLE_ID,
        "blocking": BOOLEAN,
        "override_permission": NULLABLE_STRING,
        "fix": obj(
            {
                "target": {"enum": [target.value for target in FixTarget]},
                "animal_id": NULLABLE_ID,
                "agreement_id": NULLABLE_ID,
            }
        ),
    }
)
BOOKING_EVALUATION = obj(
    {
        "can_request": BOOLEAN,
        "offers_waitlist": BOOLEAN,
        "reasons": array(_REASON),
        "warnings": array(_REASON),
        "estimate": nullable(ESTIMATE),
        "deposit_due": MONEY,
    }
)

# Requests: what staff_api.booking_input accepts.
DECIMAL_IN: Schema = {"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,12})?$"}
TIME_IN: Schema = {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"}
DATETIME_IN: Schema = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
TEXT_IN: Schema = {"type": "string"}
IDS_IN: Schema = {"type": "array", "items": ID, "maxItems": 1000}


def whole(low: int, high: int) -> Schema:
    """A whole number from ``low`` to ``high``."""
    return {"type": "integer", "minimum": low, "maximum": high}


def closed(properties: dict[str, Schema], required: tuple[str, ...] = ()) -> Schema:
    """A request object with these members, ``required`` ones included."""
    return obj(properties, required)


_HOURS_IN = {
    "oneOf": [closed({"opens": TIME_IN, "closes": TIME_IN}, ("opens", "closes")), {"type": "null"}]
}
_WEEK_IN = closed(dict.fromkeys(DAY_NAMES, _HOURS_IN))
_POLICY_IN = closed(
    {
        "horizon_days": whole(0, MAX_HORIZON_DAYS),
        "same_day_allowed": BOOLEAN,
        "next_day_cutoff": {"oneOf": [TIME_IN, {"type": "null"}]},
        "drop_off_hours": _WEEK_IN,
        "pick_up_hours": _WEEK_IN,
        "closed_dates": {"type": "array", "items": DATE, "maxItems": 1000},
    }
)
_DEPOSIT_IN = {
    "oneOf": [
        closed({"amount": DECIMAL_IN}, ("amount",)),
        closed({"rate": DECIMAL_IN}, ("rate",)),
        {"type": "null"},
    ]
}


def type_body(required: tuple[str, ...]) -> Schema:
    return closed(
        {
            "name": TEXT_IN,
            "unit": UNIT,
            "base_price": DECIMAL_IN,
            "appointment_minutes": {"oneOf": [whole(1, MAX_APPOINTMENT_MINUTES), {"type": "null"}]},
            "assigns_staff": BOOLEAN,
            "staff_ids": IDS_IN,
            "location_ids": IDS_IN,
            "required_immunization_type_ids": IDS_IN,
            "required_agreement_ids": IDS_IN,
            "requires_evaluation": BOOLEAN,
            "booking_policy": _POLICY_IN,
            "cancellation_policy": closed(
                {"free_until_hours": whole(0, MAX_CANCELLATION_HOURS)}, ("free_until_hours",)
            ),
            "deposit": _DEPOSIT_IN,
            "active": BOOLEAN,
        },
        required,
    )


def service_body(required: tuple[str, ...]) -> Schema:
    return closed(
        {
            "name": TEXT_IN,
            "price": DECIMAL_IN,
            "charge": CHARGE,
            "type_ids": IDS_IN,
            "active": BOOLEAN,
        },
        required,
    )


def pool_body(required: tuple[str, ...]) -> Schema:
    return closed(
        {
            "location_id": ID,
            "name": TEXT_IN,
            "kind": POOL_KIND,
            "capacity": whole(0, MAX_CAPACITY),
            "type_ids": IDS_IN,
            "active": BOOLEAN,
        },
        required,
    )


CHANGE_PROPERTIES: dict[str, Schema] = {"reservation": RECORD, "filled": array(RECORD)}
CHANGE = obj(CHANGE_PROPERTIES)
BOOKING_CHANGE = obj(
    {
        **CHANGE_PROPERTIES,
        "overrides": array(OVERRIDE),
        "estimate": nullable(ESTIMATE),
        "deposit_due": MONEY,
    }
)
OVERRIDES_IN: Schema = {
    "type": "array",
    "maxItems": MAX_OVERRIDES,
    "items": closed(
        {"reason": TEXT_IN, "animal_id": NULLABLE_ID, "note": TEXT_IN}, ("reason", "note")
    ),
}
TIMES_IN: dict[str, Schema] = {"start": DATETIME_IN, "end": DATETIME_IN}
DRAFT_IN: dict[str, Schema] = {
    "owner_id": ID,
    "location_id": ID,
    "type_id": ID,
    **TIMES_IN,
    "pets": {
        "type": "array",
        "maxItems": MAX_PETS,
        "items": closed(
            {"animal_id": ID, "add_on_ids": {"type": "array", "items": ID, "maxItems": 50}},
            ("animal_id",),
        ),
    },
    "staff_id": NULLABLE_ID,
}
DRAFT_REQUIRED = ("owner_id", "location_id", "type_id", "start", "end", "pets")
NOTHING_IN = closed({})
