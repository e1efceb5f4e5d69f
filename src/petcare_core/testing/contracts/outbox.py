"""Contract of the outbox: events recorded by a unit of work, written at commit, in order."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

import petcare_core.domain
from petcare_core.domain.events import DomainEvent, OutboxEntry, OwnerCreated
from petcare_core.domain.ids import FacilityId, OwnerId
from petcare_core.domain.money import Money
from petcare_core.ports.errors import TenantViolation
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.testing.contracts.base import ContractBase
from petcare_core.testing.contracts.samples import TEXT, at


def event_types() -> list[type[DomainEvent]]:
    """Every concrete ``DomainEvent`` subclass in ``petcare_core.domain``, by name."""
    # Events may live in any domain module; importing them all registers every subclass.
    for module in pkgutil.iter_modules(petcare_core.domain.__path__):
        importlib.import_module(f"petcare_core.domain.{module.name}")
    found: set[type[DomainEvent]] = set()
    pending = [DomainEvent]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                pending.append(subclass)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__name__))


def _value_for(hint: Any, seed: int) -> Any:
    """An awkward value of the type ``hint``; ``seed`` makes values differ between fields."""
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _value_for(next(arg for arg in arguments if arg is not type(None)), seed)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(_value_for(arguments[0], seed + offset) for offset in range(2))
        return tuple(_value_for(arg, seed + offset) for offset, arg in enumerate(arguments))
    if origin is frozenset:
        return frozenset({_value_for(arguments[0], seed)})
    if origin in (dict, Mapping) or hint is Mapping:
        return {"clé": TEXT, "empty": ""}
    supertype = getattr(hint, "__supertype__", None)
    if supertype is not None:  # a NewType, such as OwnerId
        return _value_for(supertype, seed)
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            members = list(hint)
            return members[seed % len(members)]
        if hint is bool:
            return seed % 2 == 0
        if hint is int:
            return 1_000_000 + seed
        if hint is str:
            return f"{TEXT} #{seed}"
        if hint is Decimal:
            return Decimal(f"{seed}.0625")
        if hint is datetime:
            return at(seed + 0.000321)
        if hint is date:
            return date(2024, 2, 29) + timedelta(days=seed)
        if hint is Money:
            return Money(12_345 + seed, "EUR")
        if attrs.has(hint):
            return _build(hint, seed)
    raise TypeError(f"the outbox contract cannot build a {hint!r}; teach _value_for about it")


def _build(cls: type[Any], seed: int, **fixed: Any) -> Any:
    hints = typing.get_type_hints(cls)
    values = {
        field.name: fixed[field.name]
        if field.name in fixed
        else _value_for(hints[field.name], seed + index)
        for index, field in enumerate(attrs.fields(cls))
    }
    return cls(**values)


def sample_event(cls: type[DomainEvent], facility_id: FacilityId, seed: int = 0) -> DomainEvent:
    """An instance of the event type ``cls`` of ``facility_id`` with every field filled."""
    event: DomainEvent = _build(cls, seed, facility_id=facility_id)
    return event


def _owner_created(facility_id: FacilityId, seed: int) -> OwnerCreated:
    return OwnerCreated(facility_id, at(seed), OwnerId(seed))


class OutboxContract(ContractBase):
    """What every unit of work's ``record`` and ``outbox`` must do."""

    def _events(self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId) -> list[DomainEvent]:
        with uow_factory.for_facility(facility_id) as uow:
            return [entry.event for entry in uow.outbox.list()]

    def test_a_new_facility_has_no_events(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        assert self._events(uow_factory, facility_id) == []

    def test_every_event_type_round_trips_in_order(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        events = [sample_event(cls, facility_id, seed) for seed, cls in enumerate(event_types(), 1)]
        with uow_factory.for_facility(facility_id) as uow:
            for event in events:
                uow.record(event)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            entries = uow.outbox.list()
        assert [entry.event for entry in entries] == events
        positions = [entry.position for entry in entries]
        assert positions == sorted(set(positions))
        assert all(position > 0 for position in positions)

    def test_events_are_written_only_by_commit(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            uow.record(_owner_created(facility_id, 1))
            assert self._events(uow_factory, facility_id) == []
            uow.rollback()
            uow.record(_owner_created(facility_id, 2))
            uow.commit()
            uow.record(_owner_created(facility_id, 3))
        with pytest.raises(ZeroDivisionError), uow_factory.for_facility(facility_id) as uow:
            uow.record(_owner_created(facility_id, 4))
            _ = 1 / 0
        assert self._events(uow_factory, facility_id) == [_owner_created(facility_id, 2)]

    def test_positions_increase_across_commits_and_page_with_after_and_limit(
        self, uow_factory: UnitOfWorkFactory, facility_id: FacilityId
    ) -> None:
        events = [_owner_created(facility_id, seed) for seed in range(5)]
        with uow_factory.for_facility(facility_id) as uow:
            for event in events[:3]:
                uow.record(event)
            uow.commit()
            for event in events[3:]:
                uow.record(event)
            uow.commit()
        with uow_factory.for_facility(facility_id) as uow:
            entries = uow.outbox.list()
            positions = [entry.position for entry in entries]
            assert [entry.event for entry in entries] == events
            assert positions == sorted(set(positions))
            assert uow.outbox.list(after=positions[1]) == entries[2:]
            assert uow.outbox.list(limit=2) == entries[:2]
            assert uow.outbox.list(after=positions[0], limit=3) == entries[1:4]
            assert uow.outbox.list(after=positions[-1]) == []

    def test_a_facility_sees_only_its_own_events(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        for seed in range(4):
            tenant = (facility_id, other_facility_id)[seed % 2]
            with uow_factory.for_facility(tenant) as uow:
                uow.record(_owner_created(tenant, seed))
                uow.commit()
        assert self._events(uow_factory, facility_id) == [
            _owner_created(facility_id, 0),
            _owner_created(facility_id, 2),
        ]
        with uow_factory.for_facility(facility_id) as uow:
            entries: list[OutboxEntry] = uow.outbox.list()
            assert uow.outbox.list(after=entries[0].position) == entries[1:]

    def test_recording_another_facilitys_event_is_a_tenant_violation(
        self,
        uow_factory: UnitOfWorkFactory,
        facility_id: FacilityId,
        other_facility_id: FacilityId,
    ) -> None:
        with uow_factory.for_facility(facility_id) as uow:
            with pytest.raises(TenantViolation):
                uow.record(_owner_created(other_facility_id, 1))
            uow.commit()
        assert self._events(uow_factory, other_facility_id) == []
        assert self._events(uow_factory, facility_id) == []
