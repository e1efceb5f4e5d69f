"""The machine-backed adapters: clock, argon2id hashing, secrets, phone numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from petcare_adapters.system import (
    Argon2PasswordHasher,
    LibPhoneNumberNormalizer,
    SecureSecretGenerator,
    SystemClock,
)


@pytest.fixture
def hasher() -> Argon2PasswordHasher:
    return Argon2PasswordHasher(time_cost=1, memory_kib=8, parallelism=1)


def test_clock_is_utc_aware_and_current() -> None:
    now = SystemClock().now()

    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_hash_is_salted_argon2id_with_the_chosen_parameters(hasher: Argon2PasswordHasher) -> None:
    first = hasher.hash("correct horse battery staple")
    second = hasher.hash("correct horse battery staple")

    assert first.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert first != second
    assert "correct horse" not in first


def test_verify_accepts_the_password_and_nothing_else(hasher: Argon2PasswordHasher) -> None:
    stored = hasher.hash("correct horse battery staple")

    assert hasher.verify(stored, "correct horse battery staple")
    assert not hasher.verify(stored, "correct horse battery stapl")
    assert not hasher.verify(stored, "")


@pytest.mark.parametrize(
    "stored",
    ["", "plain text", "$argon2id$v=19$m=8,t=1,p=1$garbage", "$2b$12$bcrypt.hash.here"],
)
def test_verify_is_false_for_an_unreadable_hash(hasher: Argon2PasswordHasher, stored: str) -> None:
    assert not hasher.verify(stored, "anything")


def test_hashes_made_with_other_parameters_still_verify(hasher: Argon2PasswordHasher) -> None:
    stronger = Argon2PasswordHasher(time_cost=2, memory_kib=64, parallelism=2)

    assert hasher.verify(stronger.hash("pw"), "pw")


def test_default_parameters_are_the_owasp_baseline() -> None:
    assert Argon2PasswordHasher().hash("pw").startswith("$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.parametrize(
    "parameters",
    [
        {"time_cost": 0},
        {"parallelism": 0},
        {"memory_kib": 7},
        {"memory_kib": 15, "parallelism": 2},
    ],
)
def test_impossible_parameters_are_refused(parameters: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be"):
        Argon2PasswordHasher(**parameters)


def test_tokens_are_url_safe_and_unpredictable() -> None:
    secrets = SecureSecretGenerator()

    tokens = {secrets.token(16) for _ in range(50)}

    assert len(tokens) == 50
    for token in tokens:
        assert len(token) >= 21
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    with pytest.raises(ValueError, match="positive"):
        secrets.token(0)


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(202) 555-0143", "US", "+12025550143"),
        ("202.555.0143", "US", "+12025550143"),
        ("+1 202 555 0143", "GB", "+12025550143"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("  2025550143  ", "us", "+12025550143"),
        ("(613) 555-0199", "CA", "+16135550199"),
    ],
)
def test_phone_numbers_are_read_in_the_region(raw: str, region: str, expected: str) -> None:
    assert LibPhoneNumberNormalizer().to_e164(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("", "US"),
        ("   ", "US"),
        ("12", "US"),
        ("555-0143", "US"),
        ("not a phone", "US"),
        ("2025550143", "ZZ"),
        ("2025550143", ""),
        ("+999 123 456", "US"),
        ("9" * 300, "US"),
    ],
)
def test_invalid_phone_numbers_are_none(raw: str, region: str) -> None:
    assert LibPhoneNumberNormalizer().to_e164(raw, region) is None
