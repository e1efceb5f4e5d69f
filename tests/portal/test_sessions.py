"""Signed portal sessions and CSRF tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from petcare_web.portal.sessions import PortalSession, SessionCodec, password_fingerprint

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SECRET = b"s" * 32


def test_a_session_round_trips() -> None:
    codec = SessionCodec(SECRET)
    session = PortalSession.anonymous(NOW).logged_in(42, "$argon2id$hash", NOW)

    assert codec.decode(codec.encode(session), NOW + timedelta(hours=1)) == session
    assert session.fingerprint == password_fingerprint("$argon2id$hash")


def test_logging_in_issues_a_new_session_id() -> None:
    anonymous = PortalSession.anonymous(NOW)

    assert anonymous.logged_in(1, "h", NOW).session_id != anonymous.session_id


@pytest.mark.parametrize(
    "tamper",
    [
        lambda value: value[:-2] + ("AA" if not value.endswith("AA") else "BB"),
        lambda value: "x" + value,
        lambda value: value.split(".")[0],
        lambda value: "not a cookie",
        lambda value: "",
    ],
)
def test_a_forged_or_malformed_cookie_is_refused(tamper) -> None:  # type: ignore[no-untyped-def]
    codec = SessionCodec(SECRET)
    value = codec.encode(PortalSession.anonymous(NOW).logged_in(7, "h", NOW))

    assert codec.decode(tamper(value), NOW) is None


def test_another_secret_cannot_read_the_cookie() -> None:
    value = SessionCodec(SECRET).encode(PortalSession.anonymous(NOW))

    assert SessionCodec(b"t" * 32).decode(value, NOW) is None


def test_an_old_session_expires() -> None:
    codec = SessionCodec(SECRET, max_age=timedelta(days=1))
    value = codec.encode(PortalSession.anonymous(NOW))

    assert codec.decode(value, NOW + timedelta(hours=23)) is not None
    assert codec.decode(value, NOW + timedelta(days=1, seconds=1)) is None


def test_csrf_tokens_belong_to_their_session() -> None:
    codec = SessionCodec(SECRET)
    first, second = PortalSession.anonymous(NOW), PortalSession.anonymous(NOW)

    assert codec.csrf_valid(first, codec.csrf_token(first))
    assert not codec.csrf_valid(second, codec.csrf_token(first))
    assert not codec.csrf_valid(first, "")


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        SessionCodec(b"short")
