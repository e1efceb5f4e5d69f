"""Forgotten passwords: single-use links valid for one hour, never revealing who has an account."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from petcare_core.domain.owner import Channel, MessageCategory
from petcare_core.domain.password_reset import (
    ResetLinkExpired,
    ResetLinkInvalid,
    ResetLinkReplaced,
    ResetLinkUsed,
)
from petcare_core.services import PasswordResetRequested

RESET_URL = "https://portal.example.com/f/happy-paws/reset-password"
NEW_PASSWORD = "a brand new passphrase"


def request(kit, login="pat@example.com", reset_url=RESET_URL, **options):
    return kit.services.request_password_reset(login, reset_url, **options)


def token_of(message) -> str:
    link = next(word for word in message.body.split() if word.startswith("https://"))
    [token] = parse_qs(urlsplit(link).query)["token"]
    return token


def sent_token(kit, notifier, login="pat@example.com") -> str:
    request(kit, login).unwrap()
    return token_of(notifier.sent[-1])


def stored_tokens(kit):
    with kit.services.uow_factory.platform() as uow:
        return uow.reset_tokens.list()


def test_a_link_goes_to_the_login_email_and_only_its_hash_is_kept(kit, notifier) -> None:
    answer = request(kit, " PAT@example.com ").unwrap()

    assert answer == PasswordResetRequested()
    assert "If an account exists" in answer.message
    [message] = notifier.sent
    assert (message.channel, message.to, message.subject) == (
        Channel.EMAIL,
        "pat@example.com",
        "Reset your password",
    )
    assert (message.category, message.requested) == (MessageCategory.TRANSACTIONAL, True)
    assert f"{RESET_URL}?token=" in message.body
    token = token_of(message)
    assert len(token) >= 43
    [stored] = stored_tokens(kit)
    assert stored.account_id == kit.world.account.id
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(stored)
    assert stored.expires_at == kit.clock.now() + timedelta(hours=1)


def test_a_phone_login_gets_the_link_by_sms(kit, notifier) -> None:
    request(kit, "202 555 0143").unwrap()

    [message] = notifier.sent
    assert (message.channel, message.to) == (Channel.SMS, "+12025550143")
    assert f"{RESET_URL}?token=" in message.body


def test_a_reset_url_with_a_query_gets_the_token_appended(kit, notifier) -> None:
    request(kit, reset_url="https://portal.example.com/reset?lang=fr").unwrap()

    assert "https://portal.example.com/reset?lang=fr&token=" in notifier.sent[0].body


@pytest.mark.parametrize("login", ["nobody@example.com", "+44 20 7946 0999", "(202) 555-0100"])
def test_an_unknown_login_gets_the_same_answer_and_nothing_happens(kit, login: str) -> None:
    known = request(kit, "pat@example.com")

    unknown = kit.writes_nothing(lambda: request(kit, login))

    assert unknown == known


@pytest.mark.parametrize(
    ("login", "reset_url", "fields"),
    [
        ("", RESET_URL, ["login"]),
        ("not a login", RESET_URL, ["login"]),
        ("pat@", RESET_URL, ["login"]),
        ("x" * 255 + "@example.com", RESET_URL, ["login"]),
        ("pat@example.com", "/reset-password", ["reset_url"]),
        ("pat@example.com", "ftp://portal.example.com/reset", ["reset_url"]),
        ("pat@example.com", "https://portal.example.com/reset#top", ["reset_url"]),
        ("pat@example.com", "https://portal.example.com/re set", ["reset_url"]),
        ("", "javascript:alert(1)", ["login", "reset_url"]),
    ],
)
def test_malformed_requests_are_refused_whoever_asks(
    kit, login: str, reset_url: str, fields: list[str]
) -> None:
    reasons = kit.reasons(lambda: request(kit, login, reset_url))

    assert [reason.field for reason in reasons] == fields


def test_at_most_three_live_links_per_account(kit, notifier) -> None:
    answers = [request(kit).unwrap() for _ in range(4)]

    assert len(set(answers)) == 1
    assert len(notifier.sent) == 3
    assert len(stored_tokens(kit)) == 3
    kit.clock.advance(hours=1)
    request(kit).unwrap()
    assert len(notifier.sent) == 4


def test_an_undeliverable_link_changes_nothing_in_the_answer(kit, notifier) -> None:
    notifier.fail_with = "connection refused"

    assert request(kit) == request(kit, "nobody@example.com")
    assert len(stored_tokens(kit)) == 1


def test_a_link_sets_a_new_password_once(kit, notifier) -> None:
    services = kit.services
    token = sent_token(kit, notifier)
    kit.clock.advance(minutes=59, seconds=59)

    account = services.reset_password(token, NEW_PASSWORD).unwrap()

    assert account.id == kit.world.account.id
    assert services.authenticate_portal_account("pat@example.com", NEW_PASSWORD).unwrap() == account
    assert services.authenticate_portal_account("pat@example.com", kit.password).failure()
    [used] = stored_tokens(kit)
    assert used.used_at == kit.clock.now()
    assert kit.reasons(lambda: services.reset_password(token, "another fine passphrase")) == (
        ResetLinkUsed(),
    )


def test_resetting_ends_the_accounts_other_links(kit, notifier) -> None:
    first = sent_token(kit, notifier)
    second = sent_token(kit, notifier, "202-555-0143")

    kit.services.reset_password(second, NEW_PASSWORD).unwrap()

    reasons = kit.reasons(lambda: kit.services.reset_password(first, "another fine passphrase"))
    assert reasons == (ResetLinkReplaced(),)
    assert "another link" in reasons[0].message


def test_a_link_expires_after_one_hour(kit, notifier) -> None:
    token = sent_token(kit, notifier)
    kit.clock.advance(hours=1)

    reasons = kit.reasons(lambda: kit.services.reset_password(token, NEW_PASSWORD))

    assert reasons == (ResetLinkExpired(),)
    assert "expired" in reasons[0].message


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 10_000])
def test_an_unknown_token_is_refused(kit, notifier, token: str) -> None:
    sent_token(kit, notifier)

    assert kit.reasons(lambda: kit.services.reset_password(token, NEW_PASSWORD)) == (
        ResetLinkInvalid(),
    )


def test_every_problem_is_reported_at_once(kit, notifier) -> None:
    token = sent_token(kit, notifier)
    kit.clock.advance(hours=2)

    codes = kit.unchanged(lambda: kit.services.reset_password(token, "pat@example.com"))

    assert codes == ("reset_link_expired", "weak_password")


@pytest.mark.parametrize("password", ["short", "+12025550143", "password123"])
def test_the_new_password_follows_the_policy(kit, notifier, password: str) -> None:
    token = sent_token(kit, notifier)

    assert "weak_password" in kit.unchanged(lambda: kit.services.reset_password(token, password))
