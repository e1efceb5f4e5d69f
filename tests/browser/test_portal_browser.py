"""The portal in a real browser: the journeys a pet parent and a visitor take, keyboard use,
and axe-core's accessibility rules on every page, at phone and desktop sizes."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from facility_clock import facility_today

PASSWORD = "correct horse battery"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DELETION_SENT = "Request sent for review! Your request has been sent to the facility"


def sign_up(page: Any, site: Any, email: str, first_name: str = "Ana") -> None:
    page.goto(f"{site.portal}/")
    page.get_by_role("navigation").get_by_role("link", name="Sign up").click()
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name=f"Hello, {first_name}").wait_for()


def add_pet(page: Any, name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name="My pets").click()
    page.get_by_role("link", name="Add a pet").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Species").select_option(label="Dog")
    page.get_by_label("Breed").select_option(label="Labrador")
    page.get_by_role("button", name="Add pet").click()
    page.get_by_role("heading", name=name, exact=True).wait_for()


def test_a_new_parent_uploads_a_vaccine_and_staff_verify_it(
    site: Any, phone: Any, screenshot: Any, tmp_path: Path
) -> None:
    page = phone
    page.goto(f"{site.portal}/")
    screenshot(page, "phone-home-visitor")
    sign_up(page, site, "ana.browser@example.com")
    add_pet(page, "Rex")
    assert page.get_by_text("Your pet has been added.").is_visible()

    page.get_by_role("link", name="Upload a vaccination record").click()
    page.get_by_label("Vaccine").select_option(label="Rabies (required)")
    page.get_by_label("Expiry date").fill((facility_today() + timedelta(days=365)).isoformat())
    record = tmp_path / "rabies.pdf"
    record.write_bytes(PDF)
    page.get_by_label("Vet's record").set_input_files(str(record))
    page.get_by_role("button", name="Upload").click()

    page.get_by_text("The record is pending review").wait_for()
    assert page.locator(".badge--pending-review").inner_text() == "Pending review"
    screenshot(page, "phone-pet-pending-review")
    page.get_by_role("navigation").get_by_role("link", name="Notifications").click()
    assert page.get_by_text("is waiting for the facility to review it").is_visible()

    [pending] = site.staff("GET", "/immunizations/queue")["records"]
    verified = site.staff("POST", f"/immunizations/{pending['id']}/verify")
    assert verified["status"] == "verified"

    page.reload()
    assert page.get_by_text("You are all set: nothing needs your attention.").is_visible()
    page.get_by_role("navigation").get_by_role("link", name="My pets").click()
    assert page.locator(".badge--verified").inner_text() == "Verified"
    screenshot(page, "phone-pets-verified")


def test_a_visitor_sends_contact_us_without_logging_in(
    site: Any, desktop: Any, screenshot: Any
) -> None:
    page = desktop
    page.goto(f"{site.portal}/")
    screenshot(page, "desktop-home-visitor")

    page.get_by_label("Your name").fill("Vi Sitor")
    page.get_by_label("Email address").fill("vi@example.com")
    page.get_by_role("combobox", name="Location").select_option(label="Riverside")
    page.get_by_role("textbox", name="Message").fill("Do you take cats for grooming?")
    page.get_by_role("button", name="Send message").click()

    page.get_by_role("heading", name="Thank you!").wait_for()
    assert page.get_by_text("Your message has been sent to Happy Tails Pet Resort").is_visible()
    screenshot(page, "desktop-contact-sent")


def test_a_parent_requests_account_deletion(site: Any, desktop: Any, screenshot: Any) -> None:
    page = desktop
    sign_up(page, site, "leaving@example.com", "Lee")
    page.get_by_role("navigation").get_by_role("link", name="My account").click()
    screenshot(page, "desktop-account")

    page.get_by_role("link", name="Delete my account").click()
    page.get_by_role("heading", name="Delete my account").wait_for()
    page.get_by_role("button", name="Delete my account").click()

    page.get_by_text(DELETION_SENT).wait_for()
    assert page.get_by_role("status").inner_text() == DELETION_SENT


def test_mistakes_are_announced_and_tied_to_their_fields(
    site: Any, phone: Any, screenshot: Any
) -> None:
    page = phone
    page.goto(f"{site.portal}/signup")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Sign up").click()

    alert = page.get_by_role("alert")
    assert "First name: This field is required" in alert.inner_text()
    first_name = page.get_by_label("First name")
    assert first_name.get_attribute("aria-invalid") == "true"
    described = first_name.get_attribute("aria-describedby") or ""
    assert "This field is required" in page.locator(f"#{described}").inner_text()
    screenshot(page, "phone-signup-errors")


def test_the_portal_works_from_the_keyboard(site: Any, desktop: Any) -> None:
    page = desktop
    page.goto(f"{site.portal}/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(f"{site.portal}/login")
    sign_up_page = page.context.new_page()
    sign_up(sign_up_page, site, "keys@example.com", "Kay")
    sign_up_page.close()
    page.context.clear_cookies()
    page.goto(f"{site.portal}/login")
    page.get_by_label("Email address or mobile phone").focus()
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Hello, Kay").wait_for()
    # The focus ring is drawn: an outline on the focused element.
    page.get_by_role("link", name="My pets and their vaccines").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def _axe_problems(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_axe_finds_no_serious_violation_on_any_page(
    site: Any, chromium: Any, screenshot: Any, size: str
) -> None:
    pytest.importorskip("axe_playwright_python", reason="pip install axe-playwright-python")
    viewport = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
    context = chromium.new_context(viewport=viewport[size])
    page = context.new_page()
    problems: list[str] = []
    try:
        for path in ("/", "/login", "/signup", "/forgot-password"):
            page.goto(f"{site.portal}{path}")
            problems += _axe_problems(page)
        page.goto(f"{site.url}/join")
        problems += _axe_problems(page)
        page.goto(f"{site.portal}/login")
        page.get_by_role("button", name="Log in").click()  # the page with its error summary
        problems += _axe_problems(page)

        sign_up(page, site, f"axe-{size}@example.com", "Axel")
        add_pet(page, "Fido")
        pet = re.sub(r"\?.*$", "", page.url)
        for url in (
            f"{site.portal}/",
            f"{site.portal}/pets",
            pet,
            f"{pet}/edit",
            f"{pet}/vaccines/upload",
            f"{site.portal}/pets/new",
            f"{site.portal}/notifications",
            f"{site.portal}/account",
            f"{site.portal}/account/delete",
            f"{site.portal}/facilities",
        ):
            page.goto(url)
            problems += _axe_problems(page)
        screenshot(page, f"{size}-facilities")
        page.goto(pet)
        screenshot(page, f"{size}-pet")
        page.goto(f"{site.portal}/account")
        screenshot(page, f"{size}-account")
        page.goto(f"{pet}/edit")
        screenshot(page, f"{size}-pet-edit")
    finally:
        context.close()

    assert problems == []
