"""Sign-up: email normalisation, owner matching and the password policy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.common_passwords import COMMON_PASSWORDS
from petcare_core.domain.ids import FacilityId, OwnerId
from petcare_core.domain.owner import Owner
from petcare_core.domain.signup import (
    AmbiguousOwnerMatch,
    ExistingOwner,
    NewOwner,
    WeakPassword,
    check_password,
    match_owner,
    normalize_email,
)
from petcare_core.testing.strategies import emails

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def owner(owner_id: int) -> Owner:
    return Owner(OwnerId(owner_id), FacilityId(1), "Pat", f"Doe {owner_id}", NOW, NOW)


A, B, C = owner(1), owner(2), owner(3)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        (" Jane.Doe@Example.COM ", "jane.doe@example.com"),
        ("a@b.co", "a@b.co"),
        ("STRASSE@EXAMPLE.DE", "strasse@example.de"),
        ("Straße@example.de", "strasse@example.de"),
        ("x+tag@mail.example.org", "x+tag@mail.example.org"),
    ],
)
def test_normalize_email_strips_and_case_folds(raw: str, normalised: str) -> None:
    assert normalize_email(raw) == normalised


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "jane",
        "@example.com",
        "jane@",
        "jane@localhost",
        "jane@@example.com",
        "jane@doe@example.com",
        "jane doe@example.com",
        "jane@exa mple.com",
        "jane@example..com",
        "jane@.example.com",
        "jane@example.com.",
        "jane\x00@example.com",
        "a@" + "b" * 250 + ".com",
    ],
)
def test_normalize_email_refuses_what_is_not_an_address(raw: str) -> None:
    assert normalize_email(raw) is None


def test_normalize_email_length_limit_is_254() -> None:
    domain = "example.com"
    exactly = "a" * (254 - len(domain) - 1) + "@" + domain
    assert normalize_email(exactly) == exactly
    assert normalize_email("a" + exactly) is None


@given(emails())
def test_normalize_email_is_idempotent(email: str) -> None:
    once = normalize_email(email.upper())
    assert once is not None
    assert normalize_email(once) == once


@pytest.mark.parametrize(
    ("by_email", "by_phone", "expected"),
    [
        ([], [], NewOwner()),
        ([A], [], ExistingOwner(A.id)),
        ([], [A], ExistingOwner(A.id)),
        ([A], [A], ExistingOwner(A.id)),
        ([A, A], [A], ExistingOwner(A.id)),
        ([A, B], [B], ExistingOwner(B.id)),
        ([B], [A, B], ExistingOwner(B.id)),
        ([A, B], [B, C], ExistingOwner(B.id)),
        ([A], [B], AmbiguousOwnerMatch()),
        ([A, B], [], AmbiguousOwnerMatch()),
        ([], [A, B], AmbiguousOwnerMatch()),
        ([A, B], [A, B], AmbiguousOwnerMatch()),
        ([A, B, C], [B, C], AmbiguousOwnerMatch()),
    ],
)
def test_match_owner(by_email: list[Owner], by_phone: list[Owner], expected: object) -> None:
    assert match_owner(by_email, by_phone) == expected


def test_ambiguous_match_tells_the_parent_to_contact_the_facility() -> None:
    reason = AmbiguousOwnerMatch()

    assert reason.code == "ambiguous_owner_match"
    assert "different customer records" in reason.message
    assert "contact the facility" in reason.message


def test_a_long_uncommon_password_is_accepted() -> None:
    assert check_password("correct horse battery staple", email="pat@example.com") == ()


def test_password_length_limits() -> None:
    assert check_password("x7#Kq!2mZp") == ()
    (short,) = check_password("x7#Kq!2mZ")
    assert "at least 10 characters" in short.message
    assert check_password("ab" * 512) == ()
    (long,) = check_password("ab" * 512 + "c")
    assert "at most 1024" in long.message


def test_weak_password_reason_names_the_password_field() -> None:
    (reason,) = check_password("short")

    assert isinstance(reason, WeakPassword)
    assert reason.field == "password"
    assert reason.code == "weak_password"
    assert reason.message.startswith("password: ")


@pytest.mark.parametrize(
    "password", ["Pat.Doe@Example.com", "PAT.DOE@EXAMPLE.COM", "pat.doe@example.com"]
)
def test_the_email_is_not_a_password(password: str) -> None:
    (reason,) = check_password(password, email="pat.doe@example.com")
    assert "email" in reason.problem


def test_the_email_local_part_is_not_a_password() -> None:
    (reason,) = check_password("Patricia.Doe", email="patricia.doe@example.com")
    assert "email" in reason.problem


@pytest.mark.parametrize(
    "password", ["+15551234567", "15551234567", "(555) 123-4567", "555.123.4567", "+1 555 123 4567"]
)
def test_the_phone_is_not_a_password_however_it_is_written(password: str) -> None:
    problems = [reason.problem for reason in check_password(password, phone="+15551234567")]
    assert any("phone" in problem for problem in problems)


def test_digits_that_are_not_the_phone_are_not_refused_as_the_phone() -> None:
    problems = [reason.problem for reason in check_password("98765432109", phone="+15551234567")]
    assert not any("phone" in problem for problem in problems)
    assert check_password("my dog 5551234567 rex", phone="+15551234567") == ()


def test_no_email_or_phone_means_no_comparison() -> None:
    assert check_password("ZebraCrossing42") == ()


@pytest.mark.parametrize(
    "password", ["1234567890", "QwertyUiop", "Password123", "iloveyou12", "1q2w3e4r5t"]
)
def test_common_passwords_are_refused_case_insensitively(password: str) -> None:
    (reason,) = check_password(password)
    assert "most common" in reason.problem


def test_all_problems_are_reported_together() -> None:
    reasons = check_password("abc@x.io", email="abc@x.io")
    assert len(reasons) == 2


def test_common_password_list_is_long_lower_case_and_only_long_entries() -> None:
    assert len(COMMON_PASSWORDS) >= 250
    assert all(len(entry) >= 10 and entry == entry.lower() for entry in COMMON_PASSWORDS)
    assert {
        "1234567890",
        "qwertyuiop",
        "password123",
        "iloveyou12",
        "1q2w3e4r5t",
    } <= COMMON_PASSWORDS


@given(st.text(min_size=10, max_size=40))
def test_check_password_only_reports_weak_passwords(password: str) -> None:
    reasons = check_password(password)
    assert bool(reasons) == (password.casefold() in COMMON_PASSWORDS)
