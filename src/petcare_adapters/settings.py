"""Deployment settings, read from the environment by ``Settings.from_env`` and nothing else.

Every ``PETCARE_*`` variable is checked: a malformed value, or a variable petcare does not know
(usually a misspelling), stops start-up with a message naming the variable and the fix, instead of
silently running with a default.
"""

from __future__ import annotations

import difflib
import email.utils
import math
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from petcare_adapters.system.passwords import (
    DEFAULT_MEMORY_KIB,
    DEFAULT_PARALLELISM,
    DEFAULT_TIME_COST,
)
from petcare_core.domain.signup import normalize_email
from petcare_core.ports.errors import InvalidConfiguration

MEMORY_DATABASE_URL = "memory://"
# The schemes the SQLAlchemy adapter opens (psycopg 3 serves both PostgreSQL spellings).
_SQL_URL_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")
# Read by the test suite (tests/conftest.py), never by the application; known here so that
# setting them is not reported as a misspelling.
TEST_ONLY_VARIABLES = ("TEST_POSTGRES_URL", "REQUIRE_POSTGRES", "REQUIRE_BROWSER")
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


def _check_http_host(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not value or len(value) > 253 or any(c.isspace() or c in "/?#@" for c in value):
        raise ValueError("expected a host name or IP address to listen on, such as 127.0.0.1")


def _in_range(low: int, high: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(_: object, __: attrs.Attribute[int], value: int) -> None:
        if not low <= value <= high:
            raise ValueError(f"expected an integer from {low} to {high}")

    return check


NOTIFIERS = ("console", "smtp")
_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


_MIN_SESSION_SECRET_LENGTH = 32


def _check_session_secret(_: object, __: attrs.Attribute[str], value: str) -> None:
    if value and len(value) < _MIN_SESSION_SECRET_LENGTH:
        raise ValueError(
            f"expected at least {_MIN_SESSION_SECRET_LENGTH} characters (or unset it for a "
            "random secret per process)"
        )


def _check_public_url(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError("expected the site's address, such as https://portal.example.com")


def _check_files_dir(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not value or "\0" in value:
        raise ValueError("expected a directory path, such as ./petcare-files or /var/lib/petcare")


def _check_notifier(_: object, __: attrs.Attribute[str], value: str) -> None:
    if value not in NOTIFIERS:
        raise ValueError("expected console or smtp (console prints messages, smtp sends email)")


def _check_smtp_host(_: object, __: attrs.Attribute[str], value: str) -> None:
    if len(value) > 253 or any(c.isspace() or c in "/?#@" for c in value):
        raise ValueError(
            "expected the mail server's host name or IP address, such as smtp.example.com"
        )


def _check_sender(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not value:
        return
    _, address = email.utils.parseaddr(value)
    if "\n" in value or "\r" in value or normalize_email(address) is None:
        raise ValueError(
            "expected the address email is sent from, such as noreply@example.com or "
            "Happy Paws <noreply@example.com>"
        )


def _check_cache_seconds(_: object, __: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 60:
        raise ValueError("expected a number of seconds from 0 to 60, such as 1 or 0.5 (0: off)")


class _Conflicts(ValueError):
    """Settings valid one by one but not together: per problem, the variables (without their
    prefix) and what is wrong."""

    def __init__(self, problems: list[tuple[tuple[str, ...], str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


@attrs.frozen
class Settings:
    """Everything a deployment configures. Construct directly, or read with ``from_env``.

    ``database_url`` ``memory://`` selects the in-memory adapter (tests, demos); anything else is
    an SQLAlchemy URL for SQLite or PostgreSQL. ``default_phone_region`` reads a login phone
    number written without ``+country code``. ``http_host`` and ``http_port`` are where
    ``petcare serve`` listens. ``files_dir`` keeps uploaded documents; ``notifier`` chooses how
    email is delivered (``console`` prints it, ``smtp`` sends it through ``smtp_host``).
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
    http_host: str = attrs.field(default="127.0.0.1", validator=_check_http_host)
    http_port: int = attrs.field(default=8080, validator=_in_range(1, 65535))
    files_dir: str = attrs.field(default="./petcare-files", validator=_check_files_dir)
    notifier: str = attrs.field(default="console", validator=_check_notifier)
    smtp_host: str = attrs.field(default="", validator=_check_smtp_host)
    smtp_port: int = attrs.field(default=587, validator=_in_range(1, 65535))
    smtp_username: str = ""
    smtp_password: str = attrs.field(default="", repr=False)
    smtp_from: str = attrs.field(default="", validator=_check_sender)
    smtp_starttls: bool = True
    session_secret: str = attrs.field(default="", validator=_check_session_secret, repr=False)
    public_url: str = attrs.field(default="", validator=_check_public_url)
    behind_tls: bool = False
    gingr_cache_seconds: float = attrs.field(default=1.0, validator=_check_cache_seconds)

    def __attrs_post_init__(self) -> None:
        problems: list[tuple[tuple[str, ...], str]] = []
        # argon2 refuses less than 8 KiB of memory per lane.
        if self.password_hash_memory_kib < 8 * self.password_hash_parallelism:
            problems.append(
                (
                    ("PASSWORD_HASH_MEMORY_KIB", "PASSWORD_HASH_PARALLELISM"),
                    f"password hash memory ({self.password_hash_memory_kib} KiB) must be at "
                    f"least 8 KiB per lane ({self.password_hash_parallelism} lanes)",
                )
            )
        problems.extend(self._smtp_problems())
        if problems:
            raise _Conflicts(problems)

    def _smtp_problems(self) -> list[tuple[tuple[str, ...], str]]:
        problems: list[tuple[tuple[str, ...], str]] = []
        if self.notifier == "smtp" and not self.smtp_host:
            problems.append((("NOTIFIER", "SMTP_HOST"), "the smtp notifier needs a mail server"))
        if self.notifier == "smtp" and not self.smtp_from:
            problems.append(
                (("NOTIFIER", "SMTP_FROM"), "the smtp notifier needs the address it sends from")
            )
        if bool(self.smtp_username) != bool(self.smtp_password):
            problems.append((("SMTP_USERNAME", "SMTP_PASSWORD"), "set both to log in, or neither"))
        if self.smtp_password and not self.smtp_starttls and self.smtp_host not in _LOOPBACK_HOSTS:
            # Logging in without TLS would send the password in clear across the network.
            problems.append(
                (
                    ("SMTP_PASSWORD", "SMTP_STARTTLS"),
                    "a password is only sent over STARTTLS (or to a server on this machine); "
                    "turn STARTTLS on",
                )
            )
        return problems

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
            except _Conflicts as conflicts:
                # Only the cross-field checks in __attrs_post_init__ can still fail here.
                for names, message in conflicts.problems:
                    together = " and ".join(prefix + name for name in names)
                    problems.append(f"{together} disagree: {message}")
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


def _parse_seconds(raw: str) -> float:
    value = float(raw.strip())
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _parse_region(raw: str) -> str:
    return raw.strip().upper()


def _parse_word(raw: str) -> str:
    return raw.strip().lower()


@attrs.frozen
class _Variable:
    """How one variable is parsed into one ``Settings`` attribute."""

    attribute: str
    parse: Callable[[str], Any]
    expected: str
    secret: bool = False

    def show(self, raw: str) -> str:
        """``raw`` as it may appear in an error message: a secret or a URL's password hidden."""
        if self.secret:
            return "'***'"
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
    "HTTP_HOST": _Variable(
        "http_host", _parse_text, "a host name or IP address to listen on, such as 127.0.0.1"
    ),
    "HTTP_PORT": _Variable("http_port", _parse_int, "a TCP port number from 1 to 65535"),
    "FILES_DIR": _Variable("files_dir", _parse_text, "a directory path such as ./petcare-files"),
    "NOTIFIER": _Variable("notifier", _parse_word, "console or smtp"),
    "SMTP_HOST": _Variable("smtp_host", _parse_text, "a host name such as smtp.example.com"),
    "SMTP_PORT": _Variable("smtp_port", _parse_int, "a TCP port number from 1 to 65535"),
    "SMTP_USERNAME": _Variable("smtp_username", _parse_text, "the mail server login"),
    # Taken exactly as given: spaces may be part of a password.
    "SMTP_PASSWORD": _Variable("smtp_password", str, "the mail server password", secret=True),
    "SESSION_SECRET": _Variable(
        "session_secret",
        _parse_text,
        f"at least {_MIN_SESSION_SECRET_LENGTH} random characters",
        secret=True,
    ),
    "PUBLIC_URL": _Variable(
        "public_url", _parse_text, "the site's address, such as https://portal.example.com"
    ),
    "BEHIND_TLS": _Variable("behind_tls", _parse_bool, "one of 1/0, true/false, yes/no"),
    "GINGR_CACHE_SECONDS": _Variable(
        "gingr_cache_seconds", _parse_seconds, "a number of seconds from 0 to 60 (0: off)"
    ),
    "SMTP_FROM": _Variable("smtp_from", _parse_text, "an address such as noreply@example.com"),
    "SMTP_STARTTLS": _Variable("smtp_starttls", _parse_bool, "one of 1/0, true/false, yes/no"),
}
