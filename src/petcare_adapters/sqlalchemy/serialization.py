"""JSON for the structured, low-volume values: outbox events, facility settings, form fields,
and the booking engine's policies and agreement versions.

These go through one cattrs converter built by ``make_converter()`` (never cattrs' global one).
The bulk-loaded owners and animals are translated by hand in ``rows_people`` instead, for speed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, get_args, get_origin

import cattrs
from cattrs.preconf.json import make_converter as make_json_converter

from petcare_core.domain import agreements, events, waitlist
from petcare_core.domain.agreements import AgreementVersion
from petcare_core.domain.booking_window import BookingPolicy
from petcare_core.domain.cancellation import CancellationPolicy
from petcare_core.domain.deposits import DepositRule, FixedDeposit, PercentageDeposit
from petcare_core.domain.events import DomainEvent
from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.forms import FormField
from petcare_core.domain.money import Money

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
    # Local wall-clock times (opening hours, cut-offs) as ISO text: "07:30:00".
    converter.register_unstructure_hook(time, time.isoformat)
    converter.register_structure_hook(time, lambda value, _: time.fromisoformat(value))
    converter.register_unstructure_hook_factory(_is_set_of_scalars, _sorted_set_hook(converter))
    return converter


def _is_set_of_scalars(type_: Any) -> bool:
    args = get_args(type_)
    return (
        get_origin(type_) is frozenset
        and len(args) == 1
        and isinstance(args[0], type)
        and issubclass(args[0], (int, str, date))
    )


def _sorted_set_hook(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[frozenset[Any]], list[Any]]]:
    # Sorted, so that equal sets (closed dates, ids) always store equal text.
    def factory(type_: Any) -> Callable[[frozenset[Any]], list[Any]]:
        element = converter.get_unstructure_hook(get_args(type_)[0])
        return lambda values: [element(value) for value in sorted(values)]

    return factory


_CONVERTER = make_converter()


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _classes_in_events_module() -> dict[str, type[DomainEvent]]:
    # The booking engine's events that live beside their rules are known up front too, so that
    # a process reading the outbox decodes them before anything else imported their modules.
    return {
        value.__name__: value
        for module in (events, agreements, waitlist)
        for value in vars(module).values()
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


def dump_booking_policy(policy: BookingPolicy) -> str:
    """A reservation type's booking policy as a JSON object."""
    return _dump(_CONVERTER.unstructure(policy))


def load_booking_policy(text: str) -> BookingPolicy:
    """A booking policy from its JSON object (missing keys take their defaults)."""
    return _CONVERTER.structure(json.loads(text), BookingPolicy)


def dump_cancellation_policy(policy: CancellationPolicy) -> str:
    """A reservation type's cancellation policy as a JSON object."""
    return _dump(_CONVERTER.unstructure(policy))


def load_cancellation_policy(text: str) -> CancellationPolicy:
    """A cancellation policy from its JSON object (missing keys take their defaults)."""
    return _CONVERTER.structure(json.loads(text), CancellationPolicy)


def dump_deposit(rule: DepositRule | None) -> str | None:
    """A deposit rule as a JSON object tagged with its ``kind``; ``None`` for no deposit."""
    if rule is None:
        return None
    if isinstance(rule, FixedDeposit):
        amount = rule.amount
        return _dump({"kind": "fixed", "amount": amount.amount, "currency": amount.currency})
    return _dump({"kind": "percentage", "rate": str(rule.rate)})


def load_deposit(text: str | None) -> DepositRule | None:
    """The deposit rule ``dump_deposit`` wrote."""
    if text is None:
        return None
    data = json.loads(text)
    kind = data["kind"]
    if kind == "fixed":
        return FixedDeposit(Money(data["amount"], data["currency"]))
    if kind == "percentage":
        return PercentageDeposit(Decimal(data["rate"]))
    raise LookupError(f"unknown deposit rule kind {kind!r}")


def dump_agreement_versions(versions: tuple[AgreementVersion, ...]) -> str:
    """An agreement's versions as a JSON array, oldest first."""
    return _dump(_CONVERTER.unstructure(versions, tuple[AgreementVersion, ...]))


def load_agreement_versions(text: str) -> tuple[AgreementVersion, ...]:
    """An agreement's versions from their JSON array."""
    return _CONVERTER.structure(json.loads(text), tuple[AgreementVersion, ...])
