"""JSON for the structured, low-volume values: outbox events, facility settings, form fields.

These go through one cattrs converter built by ``make_converter()`` (never cattrs' global one).
The bulk-loaded owners and animals are translated by hand in ``rows_people`` instead, for speed.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import cattrs
from cattrs.preconf.json import make_converter as make_json_converter

from petcare_core.domain import events
from petcare_core.domain.events import DomainEvent
from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.forms import FormField

# Stored in their own outbox columns, not in the payload.
_EVENT_COLUMNS = ("facility_id", "occurred_at")


def make_converter() -> cattrs.Converter:
    """The converter for events, settings and form fields (JSON-ready primitives)."""
    converter = make_json_converter()

    def structure_datetime(value: Any, _: type) -> datetime:
        # The outbox's occurred_at column is already a datetime; payload values are ISO text.
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)

    converter.register_structure_hook(datetime, structure_datetime)
    # Exact decimals travel as their text (a JSON number would become a binary float).
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, lambda value, _: Decimal(value))
    return converter


_CONVERTER = make_converter()


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _classes_in_events_module() -> dict[str, type[DomainEvent]]:
    return {
        value.__name__: value
        for value in vars(events).values()
        if isinstance(value, type) and issubclass(value, DomainEvent)
    }


def _all_subclasses() -> dict[str, type[DomainEvent]]:
    found: dict[str, type[DomainEvent]] = {}
    pending: list[type[DomainEvent]] = [DomainEvent]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.__name__, cls)
        pending.extend(cls.__subclasses__())
    return found


_EVENT_CLASSES = _classes_in_events_module()


def event_class(name: str) -> type[DomainEvent]:
    """The ``DomainEvent`` subclass stored under ``name``.

    Events are looked up in ``petcare_core.domain.events`` first; an event class defined in
    another module is found among ``DomainEvent``'s subclasses once that module is imported.
    """
    cls = _EVENT_CLASSES.get(name)
    if cls is None:
        cls = _all_subclasses().get(name)
        if cls is None:
            raise LookupError(f"the outbox holds an event of unknown type {name!r}")
        _EVENT_CLASSES[name] = cls
    return cls


def encode_event(event: DomainEvent) -> tuple[str, str]:
    """The event's type name and its JSON payload (every field but facility and time)."""
    data = _CONVERTER.unstructure(event)
    for key in _EVENT_COLUMNS:
        del data[key]
    return event.name, _dump(data)


def decode_event(name: str, payload: str, facility_id: int, occurred_at: datetime) -> DomainEvent:
    """The event stored as ``name`` + ``payload``, rebuilt as its own ``DomainEvent`` subclass."""
    data = json.loads(payload)
    data["facility_id"] = facility_id
    data["occurred_at"] = occurred_at
    return _CONVERTER.structure(data, event_class(name))


def dump_settings(settings: FacilitySettings) -> str:
    """A facility's settings as a JSON object."""
    return _dump(_CONVERTER.unstructure(settings))


def load_settings(text: str) -> FacilitySettings:
    """A facility's settings from their JSON object (missing keys take their defaults)."""
    return _CONVERTER.structure(json.loads(text), FacilitySettings)


def dump_form_fields(fields: tuple[FormField, ...]) -> str:
    """A form's fields as a JSON array, in order."""
    return _dump(_CONVERTER.unstructure(fields, tuple[FormField, ...]))


def load_form_fields(text: str) -> tuple[FormField, ...]:
    """A form's fields from their JSON array."""
    return _CONVERTER.structure(json.loads(text), tuple[FormField, ...])
