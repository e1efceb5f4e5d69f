"""CSRF tokens, login throttling without user enumeration, and what a parent can never see:
another parent's pets, another facility's data, business-only data."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from petcare_core.domain.forms import FieldType, FormField, FormKind, Visibility
from petcare_core.services import OPERATOR

PASSWORD = "correct horse battery"


def leads(browser: Any) -> list[Any]:
    return list(browser.services.leads_report(browser.shop.fid, OPERATOR).unwrap())


@pytest.mark.parametrize("token", [None, "", "forged-token", "from-another-session"])
async def test_a_form_without_its_token_is_refused_and_nothing_is_written(
    browser: Any, make_browser: Any, token: str | None
) -> None:
    await browser.get(f"{browser.shop.base}/")  # a session cookie, but no valid token
    if token == "from-another-session":
        stranger = await make_browser()
        token = await stranger.token(f"{browser.shop.base}/")
    data = {"name": "Eve", "email": "eve@example.com", "message": "hi"}
    if token is not None:
        data["csrf_token"] = token

    response = await browser.client.post(f"{browser.shop.base}/contact", data=data)

    body = await response.text()
    assert response.status == 403
    assert "This form has expired" in body
    assert "Reload the page and try again" in body
    assert f'href="{browser.shop.base}/"' in body
    assert leads(browser) == []


async def test_a_form_posted_without_any_session_is_refused(browser: Any) -> None:
    response = await browser.client.post(
        f"{browser.shop.base}/signup",
        data={"first_name": "E", "last_name": "V", "email": "e@example.com", "password": PASSWORD},
    )

    assert response.status == 403
    again = await browser.sign_up("e@example.com")
    assert again.status == 303  # the address was not taken by the refused post


async def test_a_logged_in_form_without_its_token_adds_no_pet(parent: Any) -> None:
    response = await parent.client.post(
        f"{parent.shop.base}/pets/new",
        data={"csrf_token": "nope", "name": "Rex", "species_id": str(parent.shop.dog.id)},
    )

    assert response.status == 403
    _, body = await parent.get(f"{parent.shop.base}/pets")
    assert "Rex" not in body


async def test_five_failures_then_429_with_retry_after(parent: Any) -> None:
    await parent.log_out()
    for _ in range(5):
        response = await parent.log_in("ana@example.com", "wrong password!")
        assert response.status == 422

    blocked = await parent.log_in("ana@example.com", PASSWORD)

    body = await blocked.text()
    assert blocked.status == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60
    assert "too many unsuccessful attempts" in body
    assert "wait 15 minutes" in body
    status, _ = await parent.get(f"{parent.shop.base}/pets")
    assert status == 303  # the right password did not get in while blocked


async def test_the_limit_also_holds_per_client_address(parent: Any) -> None:
    await parent.log_out()
    for number in range(5):
        await parent.log_in(f"nobody{number}@example.com", "wrong password!")

    blocked = await parent.log_in("ana@example.com", PASSWORD)

    assert blocked.status == 429


async def test_a_success_before_the_limit_clears_the_account(parent: Any) -> None:
    await parent.log_out()
    for _ in range(4):
        await parent.log_in("ana@example.com", "wrong password!")
    assert (await parent.log_in("ana@example.com", PASSWORD)).status == 303


async def test_unknown_login_and_wrong_password_get_the_same_answer(parent: Any) -> None:
    await parent.log_out()

    wrong = await parent.log_in("ana@example.com", "wrong password!")
    unknown = await parent.log_in("nobody@example.com", "wrong password!")

    wrong_body = (await wrong.text()).replace("ana@example.com", "LOGIN")
    unknown_body = (await unknown.text()).replace("nobody@example.com", "LOGIN")
    assert wrong.status == unknown.status == 422
    assert wrong_body == unknown_body
    assert "The email address, phone number or password is not right" in wrong_body


async def test_another_parents_pet_is_not_found(parent: Any) -> None:
    ana_pet = await parent.add_pet("Rex")
    parent.forget_cookies()
    await parent.sign_up("bo@example.com", first_name="Bo")
    base = parent.shop.base

    for path in (f"/pets/{ana_pet}", f"/pets/{ana_pet}/edit", f"/pets/{ana_pet}/vaccines/upload"):
        status, body = await parent.get(base + path)
        assert status == 404, path
        assert "Rex" not in body
    edit = await parent.post(
        f"{base}/pets/{ana_pet}/edit",
        {"name": "Stolen", "species_id": str(parent.shop.dog.id)},
        form_page=f"{base}/pets/new",
    )
    assert edit.status == 404
    _, pets = await parent.get(f"{base}/pets")
    assert "Rex" not in pets


async def test_an_unlinked_facility_offers_to_link_and_shows_no_data(
    parent: Any, other_shop: Any
) -> None:
    await parent.add_pet("Rex")
    other = f"/f/{other_shop.slug}"

    status, home = await parent.get(f"{other}/")
    assert status == 200
    assert "not linked to this facility yet" in home
    assert "Hello, Ana" not in home
    for page in ("/pets", "/account", "/notifications", "/pets/new", "/account/delete"):
        status, body = await parent.get(other + page)
        assert status == 403, page
        assert "Link your login to Bark Avenue" in body
        assert 'name="invite_code"' in body
        assert "Rex" not in body
        assert "ana@example.com" not in body


async def test_the_link_form_is_refused_to_a_visitor(browser: Any) -> None:
    response = await browser.post(
        f"{browser.shop.base}/facilities/link",
        {"invite_code": "x"},
        form_page=f"{browser.shop.base}/",
    )

    assert response.status == 303
    assert response.headers["Location"] == f"{browser.shop.base}/login"


MARKERS = {
    "owner_notes": "MARKER-owner-notes-7f3a",
    "owner_icon": "MARKER-owner-icon-7f3a",
    "owner_field": "MARKER-owner-field-7f3a",
    "owner_label": "MARKER-owner-label-7f3a",
    "pet_notes": "MARKER-pet-notes-7f3a",
    "pet_icon": "MARKER-pet-icon-7f3a",
    "incident": "MARKER-incident-7f3a",
    "pet_field": "MARKER-pet-field-7f3a",
    "pet_label": "MARKER-pet-label-7f3a",
}


async def test_business_only_data_never_reaches_a_portal_page(parent: Any) -> None:
    services, fid, base = parent.services, parent.shop.fid, parent.shop.base
    pet_id = await parent.add_pet("Rex", **{"custom.toy": "Ball"})
    owner_id = services.portal_animal(fid, parent.account_id(), pet_id).owner_id
    services.define_form(
        fid,
        OPERATOR,
        FormKind.OWNER_FORM,
        [
            FormField(
                "referral",
                "How did you hear of us?",
                FieldType.TEXT,
                visibility=Visibility.PORTAL_EDITABLE,
            ),
            FormField("secret", MARKERS["owner_label"], FieldType.TEXT),
        ],
    ).unwrap()
    services.define_form(
        fid,
        OPERATOR,
        FormKind.ANIMAL_FORM,
        [
            FormField(
                "toy", "Favourite toy", FieldType.TEXT, visibility=Visibility.PORTAL_EDITABLE
            ),
            FormField("secret", MARKERS["pet_label"], FieldType.TEXT),
        ],
    ).unwrap()
    services.update_owner_as_staff(
        fid,
        OPERATOR,
        owner_id,
        {
            "employee_notes": MARKERS["owner_notes"],
            "custom_icons": MARKERS["owner_icon"],
            "custom.secret": MARKERS["owner_field"],
        },
    ).unwrap()
    services.update_animal_as_staff(
        fid,
        OPERATOR,
        pet_id,
        {
            "employee_notes": MARKERS["pet_notes"],
            "custom_icons": MARKERS["pet_icon"],
            "custom.secret": MARKERS["pet_field"],
        },
    ).unwrap()
    services.add_incident_report(
        fid, OPERATOR, pet_id, date(2025, 1, 2), MARKERS["incident"]
    ).unwrap()

    pages = [
        "/",
        "/pets",
        f"/pets/{pet_id}",
        f"/pets/{pet_id}/edit",
        f"/pets/{pet_id}/vaccines/upload",
        "/notifications",
        "/account",
        "/account/delete",
        "/facilities",
        "/pets/new",
    ]
    for page in pages:
        status, body = await parent.get(base + page)
        assert status == 200, page
        assert "MARKER" not in body, page
    # A refused form shows the page again: still nothing hidden.
    refused = await parent.post(f"{base}/pets/{pet_id}/edit", {"name": ""})
    assert refused.status == 422
    assert "MARKER" not in await refused.text()
    refused = await parent.post(f"{base}/account", {"first_name": ""})
    assert refused.status == 422
    assert "MARKER" not in await refused.text()
    # Nor does saving the forms wipe what staff keep.
    owner = services.get_owner(fid, OPERATOR, owner_id).unwrap()
    assert owner.employee_notes == MARKERS["owner_notes"]
    assert owner.custom_fields["secret"] == MARKERS["owner_field"]


async def test_a_crafted_notice_writes_nothing_into_the_page(browser: Any) -> None:
    _, body = await browser.get(f"{browser.shop.base}/?notice=<script>alert(1)</script>")

    assert "<script>" not in body
    assert re.search(r'role="status"', body) is None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe=\xff", "application/x-www-form-urlencoded"),
        (b"no boundary here", "multipart/form-data; boundary=xyz"),
    ],
)
async def test_a_body_that_is_not_a_form_gets_a_clear_answer(
    browser: Any, body: bytes, content_type: str
) -> None:
    await browser.get(f"{browser.shop.base}/")

    response = await browser.client.post(
        f"{browser.shop.base}/contact", data=body, headers={"Content-Type": content_type}
    )

    assert response.status == 400
    assert "The form could not be read" in await response.text()
    assert leads(browser) == []


async def test_an_absurd_pet_id_is_not_found(parent: Any) -> None:
    status, _ = await parent.get(f"{parent.shop.base}/pets/{'9' * 40}")

    assert status == 404
