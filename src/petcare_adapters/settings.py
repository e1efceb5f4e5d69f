"""Deployment settings, read from the environment by ``Settings.from_env`` and nothing else.

Every ``PETCARE_*`` variable is checked: a malformed value, or a variable petcare does not know
(usually a misspelling), stops start-up with a message naming the variable and the fix, instead of
silently running with a default.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from petcare_adapters.system.passwords import (
    DEFAULT_MEMORY_KIB,
    DEFAULT_PARALLELISM,
    DEFAULT_TIME_COST,
)
from petcare_core.ports.errors import InvalidConfiguration

MEMORY_DATABASE_URL = "memory://"
# The schemes the SQLAlchemy adapter opens (psycopg 3 serves both PostgreSQL spellings).
_SQL_URL_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")
# Read by the test suite (tests/conftest.py), never by the application; known here so that
# setting them is not reported as a misspelling.
TEST_ONLY_VARIABLES = ("TEST_POSTGRES_URL", "REQUIRE_POSTGRES")
# ``scheme://user:password@`` — the password is hidden in error messages.
_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def _check_database_url(_: object, __: attrs.Attribute[str], value: str) -> None:
    if value == MEMORY_DATABASE_URL:
        return
    scheme = value.partition("://")[0]
    if "://" not in value or scheme not in _SQL_URL_SCHEMES:
        raise ValueError(
            "expected memory:// or an SQLAlchemy URL for SQLite or PostgreSQL, such as "
            "sqlite:///petcare.db or postgresql+psycopg://user@localhost/petcare"
        )


def _check_phone_region(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not (len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()):
        raise ValueError("expected a two-letter upper-case ISO 3166 region code such as US or GB")


def _in_range(low: int, high: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(_: object, __: attrs.Attribute[int], value: int) -> None:
        if not low <= value <= high:
            raise ValueError(f"expected an integer from {low} to {high}")

    return check


@attrs.frozen
class Settings:
    """Everything a deployment configures. Construct directly, or read with ``from_env``.

    ``database_url`` ``memory://`` selects the in-memory adapter (tests, demos); anything else is
    an SQLAlchemy URL for SQLite or PostgreSQL. ``default_phone_region`` reads a login phone
    number written without ``+country code``.
    """

    database_url: str = attrs.field(default="sqlite:///petcare.db", validator=_check_database_url)
    database_pool_size: int = attrs.field(default=5, validator=_in_range(1, 1000))
    database_echo: bool = False
    password_hash_time_cost: int = attrs.field(
        default=DEFAULT_TIME_COST, validator=_in_range(1, 100)
    )
    password_hash_parallelism: int = attrs.field(
        default=DEFAULT_PARALLELISM, validator=_in_range(1, 64)
    )
    password_hash_memory_kib: int = attrs.field(
        default=DEFAULT_MEMORY_KIB, validator=_in_range(8, 4_194_304)
    )
    default_phone_region: str = attrs.field(default="US", validator=_check_phone_region)

    def __attrs_post_init__(self) -> None:
        # argon2 refuses less than 8 KiB of memory per lane.
        if self.password_hash_memory_kib < 8 * self.password_hash_parallelism:
            raise ValueError(
                f"password hash memory ({self.password_hash_memory_kib} KiB) must be at least "
                f"8 KiB per lane ({self.password_hash_parallelism} lanes)"
            )

    @property
    def uses_memory_storage(self) -> bool:
        """True when ``database_url`` selects the in-memory adapter."""
        return self.database_url == MEMORY_DATABASE_URL

    @classmethod
    def from_env(cls, environ: Mapping[str, str], prefix: str = "PETCARE_") -> Settings:
        """Settings from ``environ`` (usually ``os.environ``); unset variables keep the defaults.

        Raises ``InvalidConfiguration`` listing every malformed or unknown ``{prefix}*`` variable.
        """
        problems: list[str] = []
        values: dict[str, Any] = {}
        known = {prefix + suffix for suffix in (*_VARIABLES, *TEST_ONLY_VARIABLES)}
        for name in sorted(environ):
            if not name.startswith(prefix) or name in known:
                continue
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            problems.append(f"{name} is not a petcare setting{hint}")
        for suffix, variable in _VARIABLES.items():
            name = prefix + suffix
            if name in environ:
                try:
                    values[variable.attribute] = variable.read(environ[name])
                except ValueError as error:
                    shown = variable.show(environ[name])
                    problems.append(f"{name}={shown} is not valid: {error}")
        if not problems:
            try:
                return cls(**values)
            except ValueError as error:
                # Only the cross-field check in __attrs_post_init__ can still fail here.
                problems.append(
                    f"{prefix}PASSWORD_HASH_MEMORY_KIB and {prefix}PASSWORD_HASH_PARALLELISM "
                    f"disagree: {error}"
                )
        raise InvalidConfiguration("invalid petcare configuration:\n  " + "\n  ".join(problems))


def _parse_int(raw: str) -> int:
    text = raw.strip()
    if not text or not text.lstrip("-").isdigit():
        raise ValueError(raw)
    return int(text)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _parse_bool(raw: str) -> bool:
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(raw)


def _parse_text(raw: str) -> str:
    return raw.strip()


def _parse_region(raw: str) -> str:
    return raw.strip().upper()


@attrs.frozen
class _Variable:
    """How one variable is parsed into one ``Settings`` attribute."""

    attribute: str
    parse: Callable[[str], Any]
    expected: str

    def show(self, raw: str) -> str:
        """``raw`` as it may appear in an error message: a URL's password hidden."""
        return repr(_URL_PASSWORD.sub(r"\1***@", raw))

    def read(self, raw: str) -> Any:
        """The parsed value, or ``ValueError`` whose message says what was expected."""
        try:
            value = self.parse(raw)
        except ValueError:
            raise ValueError(f"expected {self.expected}") from None
        validator = attrs.fields_dict(Settings)[self.attribute].validator
        if validator is not None:
            validator(None, attrs.fields_dict(Settings)[self.attribute], value)
        return value


_VARIABLES: dict[str, _Variable] = {
    "DATABASE_URL": _Variable(
        "database_url",
        _parse_text,
        "memory:// or an SQLAlchemy URL such as sqlite:///petcare.db or "
        "postgresql+psycopg://user@localhost/petcare",
    ),
    "DATABASE_POOL_SIZE": _Variable("database_pool_size", _parse_int, "an integer from 1 to 1000"),
    "DATABASE_ECHO": _Variable("database_echo", _parse_bool, "one of 1/0, true/false, yes/no"),
    "PASSWORD_HASH_TIME_COST": _Variable(
        "password_hash_time_cost", _parse_int, "an integer from 1 to 100 (argon2 iterations)"
    ),
    "PASSWORD_HASH_MEMORY_KIB": _Variable(
        "password_hash_memory_kib", _parse_int, "an integer number of KiB, e.g. 19456"
    ),
    "PASSWORD_HASH_PARALLELISM": _Variable(
        "password_hash_parallelism", _parse_int, "an integer from 1 to 64 (argon2 lanes)"
    ),
    "DEFAULT_PHONE_REGION": _Variable(
        "default_phone_region", _parse_region, "a two-letter ISO 3166 region code such as US"
    ),
}
