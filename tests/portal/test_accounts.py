"""Signing up, logging in and out, sessions and their cookies, forgotten passwords, and
accounts linked to several facilities."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from petcare_core.services import OPERATOR, NewOwner
from petcare_web.portal.sessions import SessionCodec

SECRET = b"portal-test-secret-of-32-bytes!!"
PASSWORD = "correct horse battery"


def session_of(value: str) -> Any:
    session = SessionCodec(SECRET).decode(value, datetime.now(UTC))
    assert session is not None
    return session


async def test_signing_up_logs_the_parent_in_at_their_facility(browser: Any) -> None:
    response = await browser.sign_up("ana@example.com", phone="303 555 0142")

    assert response.status == 303
    assert response.headers["Location"] == f"{browser.shop.base}/?notice=signed-up"
    _, body = await browser.get(f"{browser.shop.base}/?notice=signed-up")
    assert "Welcome! Your account is ready." in body
    assert "Hello, Ana" in body
    owner = browser.services.owner_portal_view(
        browser.shop.fid, session_of(browser.cookie()).account_id
    )
    assert owner.email == "ana@example.com"
    assert owner.cell_phone == "+13035550142"


async def test_sign_up_mistakes_are_shown_next_to_their_fields(browser: Any) -> None:
    response = await browser.sign_up("not-an-email", first_name="", password="short")

    body = await response.text()
    assert response.status == 422
    assert 'role="alert"' in body
    assert 'href="#f-first_name">First name: This field is required' in body
    assert 'href="#f-password">Password: Use at least 10 characters' in body
    assert 'id="f-email-error"' in body
    assert 'aria-describedby="f-email-error" aria-invalid="true"' in body
    assert 'value="not-an-email"' in body  # what the parent typed is kept


async def test_an_ambiguous_match_asks_to_contact_the_facility(browser: Any) -> None:
    services, fid = browser.services, browser.shop.fid
    services.create_owner(fid, OPERATOR, NewOwner("Ana", "One", email="ana@example.com")).unwrap()
    services.create_owner(fid, OPERATOR, NewOwner("Ana", "Two", cell_phone="3035550142")).unwrap()

    response = await browser.sign_up("ana@example.com", phone="303-555-0142")

    body = await response.text()
    assert response.status == 422
    assert "belong to different customer records" in body
    assert "Please contact the facility" in body


async def test_signing_up_twice_says_to_log_in_or_reset(parent: Any) -> None:
    await parent.log_out()

    response = await parent.sign_up("ana@example.com")

    body = await response.text()
    assert response.status == 422
    assert "An account with this email already exists; log in, or reset your password" in body


async def test_signing_up_with_an_invite_code(browser: Any) -> None:
    code = browser.shop.facility.invite_code
    response = await browser.post(
        "/join",
        {
            "invite_code": code,
            "first_name": "Bo",
            "last_name": "Berg",
            "email": "bo@example.com",
            "password": PASSWORD,
        },
    )

    assert response.status == 303
    assert response.headers["Location"] == f"{browser.shop.base}/?notice=signed-up"
    _, body = await browser.get(f"{browser.shop.base}/")
    assert "Hello, Bo" in body


async def test_a_wrong_invite_code_is_refused(browser: Any) -> None:
    response = await browser.post(
        "/join",
        {
            "invite_code": "nope",
            "first_name": "Bo",
            "last_name": "Berg",
            "email": "bo@example.com",
            "password": PASSWORD,
        },
    )

    assert response.status == 422
    assert "We do not know this invite code" in await response.text()


@pytest.mark.parametrize("login", ["ana@example.com", "  ANA@Example.com ", "(303) 555-0142"])
async def test_logging_in_by_email_or_phone(browser: Any, login: str) -> None:
    await browser.sign_up("ana@example.com", phone="303 555 0142")
    await browser.log_out()

    response = await browser.log_in(login)

    assert response.status == 303
    assert response.headers["Location"] == f"{browser.shop.base}/"
    _, body = await browser.get(f"{browser.shop.base}/")
    assert "Hello, Ana" in body


async def test_logging_in_issues_a_new_session_id(parent: Any) -> None:
    await parent.log_out()
    before = session_of(parent.cookie())
    assert before.account_id is None

    await parent.log_in("ana@example.com")

    after = session_of(parent.cookie())
    assert after.account_id is not None
    assert after.session_id != before.session_id


async def test_logging_in_goes_on_to_the_page_asked_for(browser: Any) -> None:
    await browser.sign_up()
    await browser.log_out()
    target = f"{browser.shop.base}/pets"

    token = await browser.token(f"{browser.shop.base}/login?next={target}")
    response = await browser.client.post(
        f"{browser.shop.base}/login?next={target}",
        data={"csrf_token": token, "login": "ana@example.com", "password": PASSWORD},
        allow_redirects=False,
    )

    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/f/other/pets"])
async def test_logging_in_never_goes_to_another_site(browser: Any, target: str) -> None:
    await browser.sign_up()
    await browser.log_out()

    token = await browser.token(f"{browser.shop.base}/login")
    response = await browser.client.post(
        f"{browser.shop.base}/login",
        params={"next": target},
        data={"csrf_token": token, "login": "ana@example.com", "password": PASSWORD},
        allow_redirects=False,
    )

    assert response.headers["Location"] == f"{browser.shop.base}/"


async def test_logging_out_ends_the_session(parent: Any) -> None:
    response = await parent.log_out()

    assert response.status == 303
    assert response.headers["Location"] == f"{parent.shop.base}/?notice=logged-out"
    assert session_of(parent.cookie()).account_id is None
    status, _ = await parent.get(f"{parent.shop.base}/pets")
    assert status == 303
    _, body = await parent.get(f"{parent.shop.base}/?notice=logged-out")
    assert "You are logged out." in body
    assert "Log in" in body


async def test_logging_out_needs_the_form_token(parent: Any) -> None:
    response = await parent.client.post(f"{parent.shop.base}/logout", allow_redirects=False)

    assert response.status == 403
    status, _ = await parent.get(f"{parent.shop.base}/pets")
    assert status == 200  # still logged in


async def test_the_session_cookie_is_httponly_and_samesite_lax(browser: Any) -> None:
    response = await browser.client.get(f"{browser.shop.base}/")

    cookie = response.cookies["petcare_portal"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["secure"]
    assert not cookie["max-age"]


async def test_behind_tls_the_cookie_is_secure_and_host_only(make_browser: Any) -> None:
    browser = await make_browser(behind_tls=True)

    response = await browser.client.get(f"{browser.shop.base}/")

    header = response.headers["Set-Cookie"]
    assert header.startswith("__Host-petcare_portal=")
    assert "; Secure" in header
    assert "; HttpOnly" in header
    assert "; SameSite=Lax" in header
    assert "Domain" not in header
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_a_forged_cookie_is_a_visitor(parent: Any) -> None:
    value = parent.cookie()
    parent.set_cookie(value[:-3] + "xyz")

    status, _ = await parent.get(f"{parent.shop.base}/pets")

    assert status == 303


def reset_link(output: str) -> str:
    found = re.findall(r"(http://\S+/reset-password\?token=\S+)", output)
    assert found, output
    return str(found[-1])


async def test_forgotten_password_answers_the_same_for_unknown_logins(
    parent: Any, capsys: Any
) -> None:
    await parent.log_out()
    forgot = f"{parent.shop.base}/forgot-password"

    known = await parent.post(forgot, {"login": "ana@example.com"})
    unknown = await parent.post(forgot, {"login": "nobody@example.com"})

    assert known.status == unknown.status == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    _, body = await parent.get(known.headers["Location"])
    assert "If an account exists for this email address or phone number" in body
    assert "ana@example.com" in capsys.readouterr().out  # one message, to Ana only


async def test_a_reset_link_changes_the_password_once(parent: Any, capsys: Any) -> None:
    base = parent.shop.base
    other_device = parent.cookie()
    await parent.post(f"{base}/forgot-password", {"login": "ana@example.com"})
    link = reset_link(capsys.readouterr().out)
    page = "/" + link.split("://", 1)[1].split("/", 1)[1]
    token = link.split("token=")[1]
    new = "a brand new passphrase"

    async def reset(password: str, confirm: str) -> Any:
        data = {"token": token, "password": password, "confirm": confirm}
        return await parent.post(f"{base}/reset-password", data, form_page=page)

    mismatch = await reset(new, "something else")
    assert mismatch.status == 422
    assert "The two passwords are different" in await mismatch.text()

    done = await reset(new, new)
    assert done.status == 303
    assert done.headers["Location"] == f"{base}/login?notice=password-changed"

    again = await reset(new + "!", new + "!")
    assert again.status == 422
    assert "already been used" in await again.text()

    assert (await parent.log_in("ana@example.com", PASSWORD)).status == 422
    assert (await parent.log_in("ana@example.com", new)).status == 303
    # The session opened with the old password no longer works.
    parent.set_cookie(other_device)
    status, _ = await parent.get(f"{base}/pets")
    assert status == 303


async def test_a_reset_page_without_a_token_says_so(browser: Any) -> None:
    status, body = await browser.get(f"{browser.shop.base}/reset-password")

    assert status == 400
    assert "This link is incomplete" in body


async def test_an_account_of_two_facilities_can_switch_and_link(
    parent: Any, other_shop: Any
) -> None:
    other = other_shop
    base = parent.shop.base

    linked = await parent.post(
        f"{base}/facilities/link",
        {"invite_code": other.facility.invite_code},
        form_page=f"{base}/facilities",
    )

    assert linked.status == 303
    assert linked.headers["Location"] == f"/f/{other.slug}/?notice=linked"
    _, body = await parent.get(f"/f/{other.slug}/")
    assert "Hello, Ana" in body
    assert "Switch facility" in body
    _, menu = await parent.get(f"/f/{other.slug}/facilities")
    assert f'href="/f/{parent.shop.slug}/"' in menu
    assert f'href="/f/{other.slug}/"' in menu
    again = await parent.post(
        f"{base}/facilities/link",
        {"invite_code": other.facility.invite_code},
        form_page=f"{base}/facilities",
    )
    assert again.status == 422
    assert "already linked to this facility" in await again.text()


async def test_reset_links_use_the_configured_address_not_the_host_header(
    make_browser: Any, capsys: Any
) -> None:
    browser = await make_browser(public_url="https://portal.happytails.example/")
    assert (await browser.sign_up()).status == 303
    await browser.log_out()

    await browser.client.post(
        f"{browser.shop.base}/forgot-password",
        data={"login": "ana@example.com", "csrf_token": await browser.token(
            f"{browser.shop.base}/forgot-password"
        )},
        headers={"Host": "attacker.example"},
        allow_redirects=False,
    )  # fmt: skip

    output = capsys.readouterr().out
    assert f"https://portal.happytails.example{browser.shop.base}/reset-password?token=" in output
    assert "attacker.example" not in output
