"""``WebConfig``: what the web application needs to know about its deployment.

``create_app`` takes it as an argument and never reads the environment; the ``petcare serve``
command builds it from ``Settings``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

import attrs

MIB = 1024 * 1024
# A 10 MiB vaccination document plus the rest of its multipart form.
DEFAULT_MAX_BODY_BYTES = 11 * MIB


def _one_of(*allowed: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(_: object, attribute: attrs.Attribute[int], value: int) -> None:
        if value not in allowed:
            choices = " or ".join(str(choice) for choice in allowed)
            raise ValueError(f"{attribute.name} must be {choices}, got {value!r}")

    return check


def _between(low: int, high: int) -> Callable[[object, attrs.Attribute[int], int], None]:
    def check(_: object, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(
                f"{attribute.name} must be an integer from {low} to {high}, got {value!r}"
            )

    return check


def _seconds(low: float, high: float) -> Callable[[object, attrs.Attribute[float], float], None]:
    def check(_: object, attribute: attrs.Attribute[float], value: float) -> None:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not low <= value <= high:
            raise ValueError(
                f"{attribute.name} must be a number of seconds from {low} to {high}, got {value!r}"
            )

    return check


def _long_secret(_: object, attribute: attrs.Attribute[bytes], value: bytes) -> None:
    if not isinstance(value, bytes) or len(value) < 32:
        raise ValueError(f"{attribute.name} must be at least 32 bytes")


def _without_slash(value: str) -> str:
    return value.rstrip("/")


def _site_address(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"{attribute.name} must be the site's address, such as https://portal.example.com"
        )


@attrs.frozen(kw_only=True)
class WebConfig:
    """The web application's settings; every value is checked (``ValueError`` names the field).

    - ``behind_tls``: the site is served over HTTPS (by a proxy in front); adds
      ``Strict-Transport-Security`` and lets cookies be marked ``Secure``.
    - ``gingr_auth_error_status``: HTTP status of the Gingr error envelope for a missing, bad
      or revoked key (401) or a missing permission (403 when this is 401). Gingr's own status is
      unknown; 200 (the default) keeps clients that only read the body working.
    - ``gingr_input_error_status``: HTTP status of the Gingr error envelope for a malformed
      parameter or an unknown record: 200 (default, for parity) or 400.
    - ``gingr_cache_seconds``: how long a successful Gingr answer is reused for the same key
      and parameters (0, the default, turns the cache off; ``petcare serve`` uses
      ``PETCARE_GINGR_CACHE_SECONDS``). A change shows in the API at most this late.
    - ``max_body_bytes``: the largest request body accepted (413 above it).
    - ``executor_threads``: threads running use cases; size it to the database connection pool.
    - ``session_secret``: signs the portal's session cookies and CSRF tokens (at least 32
      bytes). Every web process of one site must share it.
    - ``public_url``: the site's address for links sent out (password resets); empty means the
      request's own address.
    """

    behind_tls: bool = False
    gingr_auth_error_status: int = attrs.field(default=200, validator=_one_of(200, 401))
    gingr_input_error_status: int = attrs.field(default=200, validator=_one_of(200, 400))
    gingr_cache_seconds: float = attrs.field(default=0.0, validator=_seconds(0, 60))
    max_body_bytes: int = attrs.field(
        default=DEFAULT_MAX_BODY_BYTES, validator=_between(1024, 1024 * MIB)
    )
    executor_threads: int = attrs.field(default=5, validator=_between(1, 1000))
    # The default, random per process, logs every parent out at each restart and cannot be
    # shared by several processes: `petcare serve` should pass PETCARE_SESSION_SECRET.
    session_secret: bytes = attrs.field(
        factory=lambda: secrets.token_bytes(32), repr=False, validator=_long_secret
    )
    # Links sent by email (password resets) are built on this address when it is set, never on
    # the request's Host header, which a client controls.
    public_url: str = attrs.field(default="", converter=_without_slash, validator=_site_address)

    def site_url(self, scheme: str, host: str) -> str:
        """The site's address for links sent out: ``public_url``, else the request's own."""
        if self.public_url:
            return self.public_url
        return f"{'https' if self.behind_tls else scheme}://{host}"

    @property
    def gingr_permission_error_status(self) -> int:
        """Status of the Gingr error envelope for a key whose user lacks a permission."""
        return 200 if self.gingr_auth_error_status == 200 else 403
