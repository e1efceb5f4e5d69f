"""Reasons: why a rule or a use case said no.

A reason is plain data with a stable ``code`` (snake case of its class name) and a ``message`` a
person can act on. Rules return tuples of reasons; a rejected use case carries all of them at once.
"""

from __future__ import annotations

import re

import attrs

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


@attrs.frozen
class Reason:
    """Base class of every reason."""

    @property
    def code(self) -> str:
        """Stable machine-readable name, e.g. ``field_not_editable``."""
        return _CAMEL.sub("_", type(self).__name__).lower()

    @property
    def message(self) -> str:
        """What is wrong and how to fix it."""
        return self.code.replace("_", " ")

    @property
    def field(self) -> str | None:
        """The input field the reason is about, if any."""
        return None


@attrs.frozen
class InvalidValue(Reason):
    """An input value is malformed or out of range."""

    name: str
    problem: str

    @property
    def message(self) -> str:
        return f"{self.name}: {self.problem}"

    @property
    def field(self) -> str | None:
        return self.name


@attrs.frozen
class RequiredValueMissing(Reason):
    """A required input was empty or absent."""

    name: str

    @property
    def message(self) -> str:
        return f"{self.name}: this field is required"

    @property
    def field(self) -> str | None:
        return self.name


@attrs.frozen
class UnknownField(Reason):
    """The input names a field that does not exist."""

    name: str

    @property
    def message(self) -> str:
        return f"{self.name}: there is no such field"

    @property
    def field(self) -> str | None:
        return self.name


@attrs.frozen
class FieldNotEditable(Reason):
    """The field exists but the actor may not change it."""

    name: str

    @property
    def message(self) -> str:
        return f"{self.name}: this field cannot be changed here; ask the facility to change it"

    @property
    def field(self) -> str | None:
        return self.name


@attrs.frozen
class UnknownReference(Reason):
    """An id in the input does not name an existing record of this facility."""

    name: str
    value: str

    @property
    def message(self) -> str:
        return f"{self.name}: no record with id {self.value!r} exists in this facility"

    @property
    def field(self) -> str | None:
        return self.name


@attrs.frozen
class AlreadyExists(Reason):
    """A record with the same unique value already exists."""

    name: str
    value: str

    @property
    def message(self) -> str:
        return f"{self.name}: {self.value!r} is already taken"

    @property
    def field(self) -> str | None:
        return self.name


@attrs.frozen
class PermissionMissing(Reason):
    """The actor lacks a permission the operation needs."""

    permission: str

    @property
    def message(self) -> str:
        return f"this operation needs the {self.permission!r} permission"


@attrs.frozen
class Rejection:
    """An expected business failure: every reason at once."""

    reasons: tuple[Reason, ...]

    @property
    def messages(self) -> tuple[str, ...]:
        """The reasons' messages, in order."""
        return tuple(reason.message for reason in self.reasons)
