"""My account (details, form fields, preferences, deletion request) and Contact Us."""

from __future__ import annotations

from typing import Any

import attrs

from petcare_core.domain.leads import LeadKind
from petcare_core.services import OPERATOR

DELETION_SENT = "Request sent for review! Your request has been sent to the facility"
DELETION_FAILED = "Please try again. An error occurred while submitting your form"
CONTACT_FIELDS = {
    "first_name": "Ana",
    "last_name": "Lopez",
    "email": "ana@example.com",
    "cell_phone": "",
    "home_phone": "",
    "address_1": "",
    "address_2": "",
    "city": "",
    "region": "",
    "postal_code": "",
    "country": "",
    "emergency_contact_name": "",
    "emergency_contact_phone": "",
}


def owner_of(parent: Any) -> Any:
    return parent.services.owner_portal_view(parent.shop.fid, parent.account_id())


async def test_the_account_page_shows_only_portal_visible_fields(parent: Any) -> None:
    _, body = await parent.get(f"{parent.shop.base}/account")

    assert 'name="custom.referral"' in body  # editable: a select
    assert '<option value="Friend">Friend</option>' in body
    assert "Member since" in body  # visible, not editable: shown as text
    assert 'name="custom.member_since"' not in body
    assert "Credit note" not in body  # business-only


async def test_saving_contact_details_and_a_form_field(parent: Any) -> None:
    data = {
        **CONTACT_FIELDS,
        "city": "Boulder",
        "cell_phone": "303-555-0142",
        "custom.referral": "Web",
    }

    response = await parent.post(f"{parent.shop.base}/account", data)

    assert response.status == 303
    assert response.headers["Location"] == f"{parent.shop.base}/account?notice=saved"
    owner = owner_of(parent)
    assert owner.address.city == "Boulder"
    assert owner.cell_phone == "+13035550142"
    assert owner.fields[0].value == "Web"
    _, page = await parent.get(response.headers["Location"])
    assert "Your changes are saved." in page
    assert 'value="Boulder"' in page


async def test_a_refused_detail_is_shown_at_its_field(parent: Any) -> None:
    data = {**CONTACT_FIELDS, "email": "not an email", "custom.referral": "Radio"}

    response = await parent.post(f"{parent.shop.base}/account", data)

    body = await response.text()
    assert response.status == 422
    assert 'href="#f-email">Email address:' in body
    assert 'href="#f-custom-referral">How did you hear of us?:' in body
    assert 'value="not an email"' in body
    assert owner_of(parent).email == "ana@example.com"


async def test_fields_the_form_does_not_offer_are_ignored(parent: Any) -> None:
    data = {**CONTACT_FIELDS, "custom.member_since": "2020-01-01", "employee_notes": "hi"}

    response = await parent.post(f"{parent.shop.base}/account", data)

    # The portal only sends what the form shows; a forged post changes nothing hidden.
    assert response.status == 303
    owner = parent.services.get_owner(parent.shop.fid, OPERATOR, owner_of(parent).id).unwrap()
    assert owner.employee_notes == ""
    assert "member_since" not in owner.custom_fields


async def test_communication_preferences(parent: Any) -> None:
    response = await parent.post(
        f"{parent.shop.base}/account/preferences",
        {"email_transactional": "true", "email_reminders": "true", "sms_transactional": "true"},
        form_page=f"{parent.shop.base}/account",
    )

    assert response.status == 303
    prefs = owner_of(parent).communication
    accepted = {name for name, value in attrs.asdict(prefs).items() if value}
    assert accepted == {"email_transactional", "email_reminders", "sms_transactional"}
    _, page = await parent.get(f"{parent.shop.base}/account")
    assert 'name="email_marketing" type="checkbox" value="true">' in page
    assert 'name="email_reminders" type="checkbox" value="true" checked>' in page


async def test_delete_my_account_asks_first_then_sends_the_request(parent: Any) -> None:
    base = parent.shop.base
    _, account = await parent.get(f"{base}/account")
    assert f'href="{base}/account/delete"' in account
    _, confirm = await parent.get(f"{base}/account/delete")
    assert "Delete my account" in confirm
    assert leads_of(parent, LeadKind.DELETE_OWNER_ACCOUNT) == []

    response = await parent.post(f"{base}/account/delete", {"note": "Moving away"})

    assert response.status == 303
    _, page = await parent.get(response.headers["Location"])
    assert f'<div class="notice notice--success" role="status"><p>{DELETION_SENT}</p></div>' in page
    [lead] = leads_of(parent, LeadKind.DELETE_OWNER_ACCOUNT)
    assert lead.message == "Moving away"
    assert lead.owner_id == owner_of(parent).id


async def test_a_deletion_request_that_fails_says_to_try_again(parent: Any) -> None:
    base = parent.shop.base
    await parent.post(f"{base}/account/delete", {})

    response = await parent.post(f"{base}/account/delete", {})

    body = await response.text()
    assert response.status == 422
    assert f'role="alert">\n  <p>{DELETION_FAILED}</p>' in body
    assert "already with the facility" in body
    assert len(leads_of(parent, LeadKind.DELETE_OWNER_ACCOUNT)) == 1


def leads_of(browser: Any, kind: LeadKind) -> list[Any]:
    return list(browser.services.leads_report(browser.shop.fid, OPERATOR, kind).unwrap())


async def test_a_visitor_sends_contact_us(browser: Any) -> None:
    base = browser.shop.base
    location = browser.services.list_locations(browser.shop.fid)[1]

    response = await browser.post(
        f"{base}/contact",
        {
            "name": "Vi Sitor",
            "email": "vi@example.com",
            "phone": "",
            "message": "Open Sundays?",
            "location_id": str(location.id),
        },
        form_page=f"{base}/",
    )

    assert response.status == 303
    assert response.headers["Location"] == f"{base}/contact/sent"
    _, page = await browser.get(f"{base}/contact/sent")
    assert "Your message has been sent to Happy Tails" in page
    [lead] = leads_of(browser, LeadKind.CONTACT_US)
    assert (lead.name, lead.email, lead.message) == ("Vi Sitor", "vi@example.com", "Open Sundays?")
    assert lead.location_id == location.id


async def test_contact_us_mistakes_are_shown_on_the_home_page(browser: Any) -> None:
    base = browser.shop.base

    response = await browser.post(
        f"{base}/contact",
        {"name": "", "email": "", "phone": "", "message": "Hi", "location_id": "x"},
        form_page=f"{base}/",
    )
    assert response.status == 422
    assert "Choose one of the locations" in await response.text()

    response = await browser.post(
        f"{base}/contact",
        {"name": "", "email": "", "phone": "", "message": "Hi"},
        form_page=f"{base}/",
    )
    body = await response.text()
    assert response.status == 422
    assert 'href="#f-name">Your name: This field is required' in body
    assert "Give an email address or a phone number" in body
    assert leads_of(browser, LeadKind.CONTACT_US) == []


async def test_a_parent_finds_contact_us_filled_in(parent: Any) -> None:
    _, body = await parent.get(f"{parent.shop.base}/")

    assert 'id="f-name" name="name" type="text" value="Ana Lopez"' in body
    assert 'value="ana@example.com"' in body
