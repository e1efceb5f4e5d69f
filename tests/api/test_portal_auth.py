"""The portal API's logins: tokens, sign-up, linking, throttling, password resets."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from petcare_core.services import NewFacility
from petcare_web.portal.sessions import PortalSession
from petcare_web.portal_api.auth import token_codec

SECRET = b"s" * 32
PASSWORD = "a-long-enough-parent-password"


async def test_login_returns_a_token_the_account_and_its_facilities(api: Any, alpha: Any) -> None:
    reply = await api.call(
        "POST",
        "/portal/api/login",
        json={"login": alpha.email.upper(), "password": PASSWORD, "facility": alpha.slug},
    )

    assert reply.status == 200
    assert reply.json["token_type"] == "Bearer"
    assert reply.json["expires_in"] == 14 * 24 * 3600
    assert reply.json["account"] == {
        "id": alpha.account_id,
        "email": alpha.email,
        "phone": alpha.phone,
    }
    assert reply.json["facilities"] == [
        {"slug": alpha.slug, "name": "Alpha Pets", "timezone": "America/Denver", "currency": "USD"}
    ]
    assert "password" not in reply.body.decode()
    facilities = await api.call("GET", "/portal/api/facilities", token=reply.json["token"])
    assert facilities.status == 200
    assert [item["slug"] for item in facilities.json["facilities"]] == [alpha.slug]


async def test_login_by_phone_in_the_facility_region(api: Any, alpha: Any) -> None:
    local = alpha.phone.removeprefix("+1")
    reply = await api.call(
        "POST",
        "/portal/api/login",
        json={
            "login": f"({local[:3]}) {local[3:6]}-{local[6:]}",
            "password": PASSWORD,
            "facility": alpha.slug,
        },
    )

    assert reply.status == 200
    assert reply.json["account"]["id"] == alpha.account_id


async def test_unknown_login_and_wrong_password_get_the_same_answer(api: Any, alpha: Any) -> None:
    wrong = await api.call(
        "POST", "/portal/api/login", json={"login": alpha.email, "password": "not-it"}
    )
    unknown = await api.call(
        "POST", "/portal/api/login", json={"login": "nobody@example.com", "password": PASSWORD}
    )

    assert wrong.status == unknown.status == 401
    assert wrong.json["code"] == unknown.json["code"] == "invalid_credentials"
    assert wrong.json["message"] == unknown.json["message"] == "the login or password is incorrect"
    assert wrong.json["reasons"] == unknown.json["reasons"]


async def test_five_failures_for_one_login_lock_it_for_a_while(api: Any, alpha: Any) -> None:
    for _ in range(5):
        failed = await api.call(
            "POST", "/portal/api/login", json={"login": alpha.email, "password": "nope"}
        )
        assert failed.status == 401

    locked = await api.call(
        "POST", "/portal/api/login", json={"login": alpha.email, "password": PASSWORD}
    )

    assert locked.status == 429
    assert locked.json["code"] == "too_many_requests"
    assert 1 <= int(locked.headers["Retry-After"]) <= 15 * 60
    assert "token" not in locked.json


async def test_five_failures_from_one_address_lock_every_login_from_it(
    api: Any, alpha: Any
) -> None:
    for number in range(5):
        login = f"someone{number}@example.com"
        failed = await api.call(
            "POST", "/portal/api/login", json={"login": login, "password": "nope"}
        )
        assert failed.status == 401

    locked = await api.call(
        "POST", "/portal/api/login", json={"login": alpha.email, "password": PASSWORD}
    )

    assert locked.status == 429
    assert "Retry-After" in locked.headers


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({}, "missing"),
        ({"Authorization": "Bearer"}, "empty"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "other scheme"),
        ({"Authorization": "Bearer not-a-token"}, "malformed"),
        ({"Authorization": "Bearer e30.c2lnbmF0dXJl"}, "forged"),
    ],
)
async def test_requests_without_a_valid_token_are_401(
    api: Any, alpha: Any, headers: dict[str, str], why: str
) -> None:
    for path in ("/portal/api/facilities", f"/portal/api/f/{alpha.slug}/me"):
        reply = await api.call("GET", path, headers=headers)
        assert reply.status == 401, why
        assert reply.json["code"] == "unauthorized"
        assert reply.headers["WWW-Authenticate"].startswith("Bearer")


async def test_a_tampered_or_foreign_token_is_401(api: Any, alpha: Any) -> None:
    token = await api.login(alpha)
    body, _, signature = token.partition(".")
    tampered = f"{body}.{signature[:-2]}AA"
    other_secret = token_codec(b"x" * 32).encode(
        PortalSession("id", int(datetime.now(UTC).timestamp()), alpha.account_id, "")
    )

    for bad in (tampered, other_secret):
        reply = await api.call("GET", "/portal/api/facilities", token=bad)
        assert reply.status == 401


async def test_an_expired_token_is_401(api: Any, alpha: Any) -> None:
    now = datetime.now(UTC)
    account = api.services.authenticate_portal_account(alpha.email, PASSWORD).unwrap()
    old = PortalSession.anonymous(now).logged_in(
        account.id, account.password_hash, now - timedelta(days=15)
    )

    reply = await api.call("GET", "/portal/api/facilities", token=token_codec(SECRET).encode(old))

    assert reply.status == 401
    fresh = PortalSession.anonymous(now).logged_in(account.id, account.password_hash, now)
    ok = await api.call("GET", "/portal/api/facilities", token=token_codec(SECRET).encode(fresh))
    assert ok.status == 200


async def test_a_portal_cookie_value_is_not_a_token(api: Any, alpha: Any) -> None:
    from petcare_web.portal.sessions import SessionCodec

    now = datetime.now(UTC)
    account = api.services.authenticate_portal_account(alpha.email, PASSWORD).unwrap()
    cookie = SessionCodec(SECRET).encode(
        PortalSession.anonymous(now).logged_in(account.id, account.password_hash, now)
    )

    reply = await api.call("GET", "/portal/api/facilities", token=cookie)

    assert reply.status == 401


async def test_a_password_reset_ends_every_token(
    api: Any, alpha: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    token = await api.login(alpha)
    capsys.readouterr()

    asked = await api.call(
        "POST", "/portal/api/password-reset", json={"login": alpha.email, "facility": alpha.slug}
    )
    unknown = await api.call(
        "POST",
        "/portal/api/password-reset",
        json={"login": "nobody@example.com", "facility": alpha.slug},
    )

    assert asked.status == unknown.status == 202
    assert asked.json == unknown.json
    printed = capsys.readouterr().out
    link = re.search(
        r"(http://\S+/f/" + re.escape(alpha.slug) + r"/reset-password\?token=(\S+))", printed
    )
    assert link is not None, printed
    reset_token = link.group(2)

    weak = await api.call(
        "POST",
        "/portal/api/password-reset/confirm",
        json={"token": reset_token, "password": "short"},
    )
    assert weak.status == 422
    assert {reason["field"] for reason in weak.json["reasons"]} == {"password"}

    done = await api.call(
        "POST",
        "/portal/api/password-reset/confirm",
        json={"token": reset_token, "password": "another-long-password-9"},
    )
    assert done.status == 200
    assert (await api.call("GET", "/portal/api/facilities", token=token)).status == 401
    again = await api.call(
        "POST",
        "/portal/api/password-reset/confirm",
        json={"token": reset_token, "password": "yet-another-password-10"},
    )
    assert again.status == 422
    new = await api.login(alpha, password="another-long-password-9")
    assert (await api.call("GET", "/portal/api/facilities", token=new)).status == 200


async def test_sign_up_logs_the_new_parent_in(api: Any, alpha: Any) -> None:
    reply = await api.call(
        "POST",
        "/portal/api/signup",
        json={
            "first_name": "Ana",
            "last_name": "Alvarez",
            "email": "ana@example.com",
            "password": "ana-has-a-long-password",
            "facility": alpha.slug,
        },
    )

    assert reply.status == 201
    assert reply.json["account"]["email"] == "ana@example.com"
    assert [item["slug"] for item in reply.json["facilities"]] == [alpha.slug]
    me = await api.call("GET", f"/portal/api/f/{alpha.slug}/me", token=reply.json["token"])
    assert me.status == 200
    assert (me.json["first_name"], me.json["last_name"], me.json["email"]) == (
        "Ana",
        "Alvarez",
        "ana@example.com",
    )


async def test_sign_up_reports_every_problem_with_its_field(api: Any, alpha: Any) -> None:
    reply = await api.call(
        "POST",
        "/portal/api/signup",
        json={
            "first_name": "Ana",
            "last_name": "Alvarez",
            "email": alpha.email,
            "phone": "12",
            "password": "short",
            "facility": "no-such-facility",
        },
    )

    assert reply.status == 422
    fields = {reason["field"] for reason in reply.json["reasons"]}
    assert {"facility", "phone", "password"} <= fields


async def test_link_another_facility_by_invite_code(api: Any, services: Any, alpha: Any) -> None:
    other = services.create_facility(
        NewFacility(slug="gamma-pets", name="Gamma Pets", timezone="UTC", currency="EUR")
    ).unwrap()
    token = await api.login(alpha)

    linked = await api.call(
        "POST", "/portal/api/link", token=token, json={"invite_code": other.invite_code}
    )
    twice = await api.call(
        "POST", "/portal/api/link", token=token, json={"invite_code": other.invite_code}
    )
    unknown = await api.call("POST", "/portal/api/link", token=token, json={"invite_code": "nope"})

    assert linked.status == 201
    assert linked.json["facility"]["slug"] == "gamma-pets"
    assert {item["slug"] for item in linked.json["facilities"]} == {alpha.slug, "gamma-pets"}
    assert twice.status == 409
    assert unknown.status == 422
    assert unknown.json["reasons"][0]["field"] == "invite_code"
    me = await api.call("GET", "/portal/api/f/gamma-pets/me", token=token)
    assert (me.status, me.json["first_name"]) == (200, "Pat")
    assert services.list_species(other.id) == []


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 400, "malformed_json"),
        (b"[1, 2]", "application/json", 400, "malformed_json"),
        (b'"text"', "application/json", 400, "malformed_json"),
        (b'{"login": NaN, "password": "x"}', "application/json", 400, "malformed_json"),
        (b"login=a&password=b", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
async def test_bodies_that_are_no_json_object_are_refused(
    api: Any, alpha: Any, body: bytes, content_type: str, status: int, code: str
) -> None:
    reply = await api.call(
        "POST", "/portal/api/login", data=body, headers={"Content-Type": content_type}
    )

    assert reply.status == status
    assert reply.json["code"] == code
    assert reply.json["success"] is False


async def test_wrong_types_unknown_and_missing_fields_are_each_named(api: Any, alpha: Any) -> None:
    reply = await api.call(
        "POST",
        "/portal/api/login",
        json={"login": 42, "password": None, "remember_me": True},
    )

    assert reply.status == 422
    assert reply.json["code"] == "invalid_request"
    by_field = {reason["field"]: reason["code"] for reason in reply.json["reasons"]}
    assert by_field == {
        "login": "invalid_value",
        "password": "required_value_missing",
        "remember_me": "unknown_field",
    }
