"""Every portal page renders, in the portal's layout, with the security headers."""

from __future__ import annotations

import re
from typing import Any

import pytest

PUBLIC_PAGES = ["/", "/login", "/signup", "/forgot-password", "/contact/sent"]
MEMBER_PAGES = [
    "/",
    "/pets",
    "/pets/new",
    "/pets/{pet}",
    "/pets/{pet}/edit",
    "/pets/{pet}/vaccines/upload",
    "/notifications",
    "/account",
    "/account/delete",
    "/facilities",
]


def assert_layout(body: str, *, nav: bool = True) -> None:
    """The landmarks, the skip link and the stylesheet are on the page (the navigation only
    on a facility's pages: elsewhere there is nowhere to go)."""
    assert body.startswith("<!doctype html>")
    assert '<html lang="en">' in body
    assert '<a class="skip-link" href="#main">' in body
    for landmark in ("<header", '<main id="main"', "<footer"):
        assert landmark in body, landmark
    assert ('<nav aria-label="Main">' in body) is nav
    assert 'rel="stylesheet" href="/static/portal/portal.css' in body


def assert_every_input_labelled(body: str) -> None:
    """Each visible input, select and textarea has a <label for> naming its id."""
    ids = re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', body)
    inputs = re.findall(r"<(?:input|select|textarea)\b[^>]*>", body)
    visible = [tag for tag in inputs if 'type="hidden"' not in tag]
    assert len(ids) == len(visible), visible
    for field_id in ids:
        assert f'<label for="{field_id}">' in body, field_id


@pytest.mark.parametrize("page", PUBLIC_PAGES)
async def test_public_pages_render(browser: Any, page: str) -> None:
    status, body = await browser.get(f"{browser.shop.base}{page}")

    assert status == 200
    assert_layout(body)
    assert_every_input_labelled(body)


async def test_the_invite_code_sign_up_renders(browser: Any) -> None:
    status, body = await browser.get("/join")

    assert status == 200
    assert_layout(body, nav=False)
    assert 'name="invite_code"' in body


@pytest.mark.parametrize("page", MEMBER_PAGES)
async def test_member_pages_render(parent: Any, page: str) -> None:
    pet = await parent.add_pet()

    status, body = await parent.get(parent.shop.base + page.format(pet=pet))

    assert status == 200, body
    assert_layout(body)
    assert_every_input_labelled(body)
    assert "Log out" in body


@pytest.mark.parametrize("page", [p for p in MEMBER_PAGES if p != "/"])
async def test_member_pages_send_a_visitor_to_log_in(browser: Any, page: str) -> None:
    path = browser.shop.base + page.format(pet=1)

    status, _ = await browser.get(path)
    response = await browser.client.get(path, allow_redirects=False)

    assert status == 303
    assert response.headers["Location"].startswith(f"{browser.shop.base}/login?next=")


async def test_pages_carry_the_security_headers(browser: Any) -> None:
    response = await browser.client.get(f"{browser.shop.base}/")

    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


async def test_the_pages_need_no_script_and_no_inline_style(parent: Any) -> None:
    # The Content-Security-Policy (default-src 'self') would block both.
    await parent.add_pet()
    for page in ("/", "/pets", "/account"):
        _, body = await parent.get(parent.shop.base + page)
        assert "<script" not in body
        assert "style=" not in body


async def test_the_stylesheet_is_served(browser: Any) -> None:
    response = await browser.client.get("/static/portal/portal.css")

    assert response.status == 200
    assert response.content_type == "text/css"
    assert ":focus-visible" in await response.text()


async def test_an_unknown_facility_is_a_404_page_in_the_layout(browser: Any) -> None:
    status, body = await browser.get("/f/no-such-place/")

    assert status == 404
    assert "There is no pet-care facility at this address" in body
    assert_layout(body, nav=False)


async def test_the_address_without_a_slash_leads_to_the_home_page(browser: Any) -> None:
    response = await browser.client.get(browser.shop.base, allow_redirects=False)

    assert response.status == 308
    assert response.headers["Location"] == f"{browser.shop.base}/"


async def test_the_home_page_shows_the_facility_and_its_locations(browser: Any) -> None:
    _, body = await browser.get(f"{browser.shop.base}/")

    assert "<h1>Happy Tails</h1>" in body
    assert "Downtown" in body
    assert "Riverside" in body
    assert "1 Pearl St" in body
    assert 'href="tel:+13035550100"' in body
    assert 'action="' + browser.shop.base + '/contact"' in body
