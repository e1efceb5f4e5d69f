"""Actors: who did something to a record (a member of staff, the pet parent, or the system)."""

from __future__ import annotations

import enum

import attrs


class ActorKind(enum.StrEnum):
    """The kind of actor; the system acts when a rule fires on its own (a waitlist promotion)."""

    STAFF = "staff"
    OWNER = "owner"
    SYSTEM = "system"


def _check_id(instance: Actor, _: object, value: int | None) -> None:
    # The system has no id; staff and owners always do, so an audit line can name them.
    if instance.kind is ActorKind.SYSTEM and value is not None:
        raise ValueError("the system actor has no id")
    if instance.kind is not ActorKind.SYSTEM and (value is None or value < 1):
        raise ValueError(f"a {instance.kind} actor needs a positive id, got {value!r}")


@attrs.frozen
class Actor:
    """Who acted: ``id`` is a staff user id or an owner id, and ``None`` for the system."""

    kind: ActorKind
    id: int | None = attrs.field(default=None, validator=_check_id)

    @classmethod
    def staff(cls, staff_user_id: int) -> Actor:
        """A member of staff."""
        return cls(ActorKind.STAFF, staff_user_id)

    @classmethod
    def owner(cls, owner_id: int) -> Actor:
        """The pet parent (household) acting through the portal."""
        return cls(ActorKind.OWNER, owner_id)

    @classmethod
    def system(cls) -> Actor:
        """A rule acting on its own."""
        return cls(ActorKind.SYSTEM)
