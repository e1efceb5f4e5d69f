"""Counting what a use case asks of its units of work, to check that it reads in a bounded
number of queries whatever the data holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from petcare_core.services import PetcareServices


class Counted:
    """A proxy counting every method call on the object it wraps (and on its repositories)."""

    def __init__(self, inner: Any, calls: list[str], name: str = "uow") -> None:
        self._inner, self._calls, self._name = inner, calls, name

    def __enter__(self) -> Counted:
        self._inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.__exit__(*exc)

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._inner, attribute)
        if callable(value):

            def counted(*args: Any, **kwargs: Any) -> Any:
                self._calls.append(f"{self._name}.{attribute}")
                return value(*args, **kwargs)

            return counted
        if isinstance(value, int | str):
            return value
        return Counted(value, self._calls, attribute)


class CountingFactory:
    """A unit-of-work factory whose facility units of work count every call."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, []

    def for_facility(self, facility_id: Any) -> Any:
        return Counted(self.inner.for_facility(facility_id), self.calls)

    def platform(self) -> Any:
        return self.inner.platform()


def count_queries(services: PetcareServices, call: Callable[[Any], object]) -> int:
    """How many calls ``call`` makes on units of work and their repositories, given a copy of
    the services' context (the facade keeps it private)."""
    factory = CountingFactory(services.uow_factory)
    call(attrs.evolve(services._ctx, uows=factory))
    return len(factory.calls)
