"""Adapter-independent exceptions: not expected business outcomes, but broken assumptions."""


class PetcareError(Exception):
    """Base of every petcare exception."""


class NotFound(PetcareError):
    """The record does not exist (or belongs to another facility, which is the same thing)."""

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!r} not found")
        self.kind = kind
        self.key = key


class ConcurrencyConflict(PetcareError):
    """Someone else changed the record since it was loaded; reload and try again."""

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!r} was changed by someone else; reload and try again")
        self.kind = kind
        self.key = key


class PersistenceUnavailable(PetcareError):
    """The storage cannot be reached or refused the operation for reasons outside the request."""


class TenantViolation(PetcareError):
    """Code tried to write a record of one facility through another facility's unit of work."""


class InvalidConfiguration(PetcareError):
    """A setting is missing or malformed; the message says which and how to fix it."""
