"""``authorize_owner`` is throttled like the portal's login: five failed logins per account
and per client address in 15 minutes answer the 429 error envelope with ``Retry-After``, and
failures made through the portal and through Gingr count together."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from petcare_core.domain.staff import Permission

pytestmark = pytest.mark.asyncio

PASSWORD = "a-long-enough-parent-password"
LIMIT = 5
THROTTLED = "too many attempts to log in; try again in 15 minutes"


async def authorize(client: Any, key: str, **fields: str) -> tuple[int, Any, Any]:
    """POST ``authorize_owner``: the status, the decoded JSON and the headers."""
    response = await client.post("/api/v1/authorize_owner", data={"key": key, **fields})
    return response.status, await response.json(), response.headers


@contextlib.asynccontextmanager
async def elsewhere(client: Any) -> AsyncIterator[Any]:
    """A client of the same server connecting from another loopback address (127.0.0.2), so
    that the per-account and the per-address limits can be told apart."""
    connector = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
    async with aiohttp.ClientSession(client.make_url("/"), connector=connector) as session:
        yield session


async def fail(client: Any, key: str, email: str, times: int = LIMIT) -> None:
    """``times`` wrong passwords for ``email``, each answered as a plain failed login."""
    for _ in range(times):
        status, body, _ = await authorize(client, key, email=email, password="wrong password")
        assert (status, body["error"]) == (200, "the login or password is incorrect"), body


def assert_throttled(status: int, body: Any, headers: Any) -> None:
    """The 429 error envelope, its message saying how long to wait, and ``Retry-After``."""
    assert status == 429, body
    assert body["success"] is False
    assert body["code"] == "too_many_requests"
    assert body["error"].startswith(THROTTLED), body
    assert 14 * 60 < int(headers["Retry-After"]) <= 15 * 60


async def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    make_client: Any, alpha: Any
) -> None:
    client = await make_client()
    await fail(client, alpha.key, alpha.parent_email)

    # From another address too, and under any spelling of the email: the account is locked.
    async with elsewhere(client) as other:
        reply = await authorize(
            other, alpha.key, email=f" {alpha.parent_email.upper()} ", password=PASSWORD
        )
    assert_throttled(*reply)


async def test_five_failures_from_one_address_lock_every_login_from_it(
    make_client: Any, alpha: Any
) -> None:
    client = await make_client()
    async with elsewhere(client) as other:
        for n in range(LIMIT):
            await fail(other, alpha.key, f"nobody{n}@example.com", times=1)
        assert_throttled(
            *await authorize(other, alpha.key, email=alpha.parent_email, password=PASSWORD)
        )

    # The account itself is not locked: from another address its owner still gets in.
    status, body, _ = await authorize(
        client, alpha.key, email=alpha.parent_email, password=PASSWORD
    )
    assert (status, body["success"]) == (200, True)


async def test_four_failures_still_let_the_right_password_in(make_client: Any, alpha: Any) -> None:
    client = await make_client()
    await fail(client, alpha.key, alpha.parent_email, times=LIMIT - 1)

    status, body, _ = await authorize(
        client, alpha.key, email=alpha.parent_email, password=PASSWORD
    )
    assert (status, body["success"], body["data"]["id"]) == (200, True, str(alpha.pat.id))


async def test_the_answer_is_the_same_for_an_unknown_email_and_a_real_one(
    make_client: Any, alpha: Any
) -> None:
    answers = []
    for email in (alpha.parent_email, "nobody@example.com"):
        # A fresh application each time: a throttle of its own, so neither inherits the other's.
        client = await make_client()
        await fail(client, alpha.key, email)
        status, body, headers = await authorize(client, alpha.key, email=email, password="x")
        assert_throttled(status, body, headers)
        answers.append((status, body["error"], body["code"]))
    assert answers[0] == answers[1]


async def test_failures_through_the_portal_api_and_gingr_count_together(
    make_client: Any, alpha: Any
) -> None:
    client = await make_client()

    async def portal_login(password: str) -> Any:
        return await client.post(
            "/portal/api/login",
            json={
                "login": alpha.parent_email,
                "password": password,
                "facility": alpha.facility.slug,
            },
        )

    for _ in range(LIMIT - 2):
        assert (await portal_login("wrong password")).status == 401
    await fail(client, alpha.key, alpha.parent_email, times=2)

    assert_throttled(
        *await authorize(client, alpha.key, email=alpha.parent_email, password=PASSWORD)
    )
    refused = await portal_login(PASSWORD)
    assert refused.status == 429
    assert "Retry-After" in refused.headers


async def test_gingr_failures_lock_the_portal_api_login_too(make_client: Any, alpha: Any) -> None:
    client = await make_client()
    await fail(client, alpha.key, alpha.parent_email)

    refused = await client.post(
        "/portal/api/login",
        json={"login": alpha.parent_email, "password": PASSWORD, "facility": alpha.facility.slug},
    )
    assert refused.status == 429


async def test_requests_that_guess_no_password_are_not_counted(
    make_client: Any, alpha: Any, make_key: Any
) -> None:
    client = await make_client()
    no_permission = make_key(alpha, {Permission.API_ACCESS}, "no-owners-read")
    for _ in range(LIMIT + 1):
        # No password given, a bad key, a key without owners.read: no password was checked.
        _, body, _ = await authorize(client, alpha.key, email=alpha.parent_email)
        assert body["error"] == "password is required"
        _, body, _ = await authorize(
            client, "not-a-key", email=alpha.parent_email, password="wrong password"
        )
        assert body["code"] == "invalid_api_key"
        _, body, _ = await authorize(
            client, no_permission, email=alpha.parent_email, password="wrong password"
        )
        assert body["code"] == "permission_missing", body

    status, body, _ = await authorize(
        client, alpha.key, email=alpha.parent_email, password=PASSWORD
    )
    assert (status, body["success"]) == (200, True)


async def test_a_throttled_caller_without_a_valid_key_learns_nothing(
    make_client: Any, alpha: Any
) -> None:
    client = await make_client()
    await fail(client, alpha.key, alpha.parent_email)

    # The key is checked first: without one, the answer is the key's error, not the throttle's.
    _, body, headers = await authorize(
        client, "not-a-key", email=alpha.parent_email, password=PASSWORD
    )
    assert body["code"] == "invalid_api_key"
    assert "Retry-After" not in headers
