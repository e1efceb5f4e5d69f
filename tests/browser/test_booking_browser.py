"""Booking in a real browser (issue 4 §9): a parent books a two-pet stay, sees an expired-vaccine
alert, uploads the record and is told it is pending review; a full day offers the waitlist; a
confirmed stay is cancelled inside and outside the free window. Every new page is checked with
axe-core at phone and desktop sizes, and screenshots of each are saved."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from facility_clock import facility_today

from petcare_core.domain.booking_window import BookingPolicy, WeeklyHours
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    BookingRequest,
    CapacityPoolDetails,
    NewOwner,
    ReservationTypeDetails,
)

PASSWORD = "correct horse battery"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ZONE = ZoneInfo("America/Denver")


@attrs.frozen
class Catalog:
    """What the live site books: boarding (with a waiver, free cancellation until 48 hours
    before), daycare (one place a day at Downtown) and a bath add-on."""

    site: Any
    downtown: Any
    boarding: Any
    daycare: Any
    rabies: Any
    dog: Any
    manager: Any

    @property
    def fid(self) -> Any:
        return self.site.facility.id

    def vaccinate(self, animal_id: int, days: int) -> None:
        """A verified rabies record that expires ``days`` from today (negative: expired)."""
        self.site.services.record_immunization(
            self.fid,
            OPERATOR,
            animal_id,
            type_id=self.rabies.id,
            expires_on=facility_today() + timedelta(days=days),
        ).unwrap()

    def owner_id(self, email: str) -> Any:
        """The household the account that signed up with ``email`` acts as."""
        account = self.site.services.get_portal_account(_account(self.site, email))
        return account.owner_in(self.fid)

    def book(
        self, owner_id: Any, pets: list[int], start: datetime, end: datetime, kind: Any = None
    ) -> Any:
        """A stay staff book, confirmed (boarding unless another ``kind`` is given)."""
        request = BookingRequest(
            location_id=self.downtown.id,
            type_id=(kind or self.boarding).id,
            start=start,
            end=end,
            pets=tuple((pet, ()) for pet in pets),
            owner_id=owner_id,
        )
        services = self.site.services
        return services.book_reservation(self.fid, self.manager, request).unwrap().reservation


@pytest.fixture(scope="module")
def catalog(site: Any) -> Catalog:
    """The live site's booking catalog (open all day, so no test depends on the hour)."""
    services, fid = site.services, site.facility.id
    all_day = WeeklyHours.every_day(time(0, 0), time(23, 59))
    policy = BookingPolicy(drop_off_hours=all_day, pick_up_hours=all_day)
    downtown = services.list_locations(fid)[0]
    waiver = services.create_agreement(
        fid,
        OPERATOR,
        "Boarding waiver",
        "Pets must be in good health.\nWe call you and your vet in an emergency.",
    ).unwrap()
    boarding = services.define_reservation_type(
        fid,
        OPERATOR,
        ReservationTypeDetails(
            name="Boarding",
            unit="night",
            base_price=Decimal("45.00"),
            required_agreement_ids=frozenset({waiver.id}),
            policy=policy,
            cancellation_hours=48,
            deposit_rate=Decimal("0.25"),
        ),
    ).unwrap()
    daycare = services.define_reservation_type(
        fid,
        OPERATOR,
        ReservationTypeDetails(name="Daycare", unit="day", base_price=Decimal("30"), policy=policy),
    ).unwrap()
    services.define_additional_service(
        fid,
        OPERATOR,
        AdditionalServiceDetails(name="Bath", price=Decimal("15"), type_ids={boarding.id}),
    ).unwrap()
    services.define_capacity_pool(
        fid,
        OPERATOR,
        CapacityPoolDetails(
            location_id=downtown.id,
            name="Play yard",
            kind="area",
            capacity=1,
            type_ids=frozenset({daycare.id}),
        ),
    ).unwrap()
    dog = next(species for species in services.list_species(fid) if species.name == "Dog")
    rabies = next(kind for kind in services.list_immunization_types(fid) if kind.name == "Rabies")
    manager = services.find_staff_user(fid, "manager")
    return Catalog(site, downtown, boarding, daycare, rabies, dog, manager)


@pytest.fixture
def console_errors(phone: Any, desktop: Any) -> list[str]:
    """Script errors of the pages and what the Content-Security-Policy refused (HTTP error
    statuses, which the browser also logs, are the tests' business, not errors)."""
    errors: list[str] = []

    def console(message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    for page in (phone, desktop):
        page.on("console", console)
        page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def day(offset: int) -> str:
    return (facility_today() + timedelta(days=offset)).isoformat()


def sign_up(page: Any, site: Any, email: str, first_name: str) -> None:
    page.goto(f"{site.portal}/signup")
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name=f"Hello, {first_name}").wait_for()


def add_pet(page: Any, name: str) -> int:
    page.get_by_role("navigation").get_by_role("link", name="My pets").click()
    page.get_by_role("link", name="Add a pet").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Species").select_option(label="Dog")
    page.get_by_role("button", name="Add pet").click()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    found = re.search(r"/pets/(\d+)", page.url)
    assert found is not None
    return int(found.group(1))


def open_service(page: Any, service: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Book").click()
    page.get_by_role("link", name=f"{service} at Downtown").click()
    page.get_by_role("heading", name=f"Book {service}").wait_for()


def check_region(page: Any) -> Any:
    return page.locator("#booking-check")


def test_a_parent_books_a_two_pet_stay_and_fixes_what_is_missing(
    site: Any, catalog: Catalog, phone: Any, screenshot: Any, tmp_path: Path, console_errors: Any
) -> None:
    page = phone
    sign_up(page, site, "two.pets@example.com", "Tess")
    rex, mia = add_pet(page, "Rex"), add_pet(page, "Mia")
    catalog.vaccinate(rex, days=-10)  # expired
    catalog.vaccinate(mia, days=400)

    open_service(page, "Boarding")
    page.get_by_label("Rex", exact=True).check()
    page.get_by_label("Mia", exact=True).check()
    page.get_by_label("Drop-off date").fill(day(10))
    page.get_by_label("Drop-off time").fill("09:00")
    page.get_by_label("Pick-up date").fill(day(13))
    page.get_by_label("Pick-up time").fill("17:00")
    page.get_by_label(re.compile("^Bath .* for Mia$")).check()

    # The live check: every reason, each with its fix, and the estimate, before sending.
    alerts = page.get_by_role("alert")
    alerts.get_by_text("2 things to sort out").wait_for()
    expired = alerts.get_by_text(re.compile(r"Rex: Rabies: the vaccination on file expires on"))
    assert expired.is_visible()
    assert alerts.get_by_role("link", name="Upload the record for Rex").is_visible()
    region = check_region(page)
    assert region.get_by_role("cell", name="$285.00").is_visible()
    assert "A deposit of $71.25 is due" in region.inner_text()
    screenshot(page, "phone-book-alerts")

    # Sign the waiver from its alert: the form comes back as it was.
    alerts.get_by_role("link", name="Read and sign the agreement").click()
    page.get_by_role("heading", name="Boarding waiver").wait_for()
    assert page.get_by_role("link", name="Back to your booking").is_visible()
    screenshot(page, "phone-agreement-from-booking")
    page.get_by_label("Your full name").fill("Tess Lopez")
    page.get_by_role("button", name="Sign Boarding waiver").click()
    page.get_by_text("Thank you: the agreement is signed.").wait_for()
    assert page.get_by_label("Rex", exact=True).is_checked()
    assert page.get_by_label(re.compile("^Bath .* for Mia$")).is_checked()
    assert page.get_by_role("alert").get_by_text("1 thing to sort out").is_visible()
    booking = page.url

    # Upload Rex's new record from the alert.
    page.get_by_role("link", name="Upload the record for Rex").click()
    assert page.get_by_label("Vaccine").input_value() == str(catalog.rabies.id)
    page.get_by_label("Expiry date").fill(day(365))
    record = tmp_path / "rabies.pdf"
    record.write_bytes(PDF)
    page.get_by_label("Vet's record").set_input_files(str(record))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("The record is pending review").wait_for()

    page.goto(booking)
    pending = page.get_by_role("alert").get_by_text(
        re.compile("Rex: Rabies: the uploaded record is waiting for the facility to review it")
    )
    assert pending.is_visible()
    screenshot(page, "phone-book-pending-review")
    page.get_by_role("button", name="Send the request").click()
    assert page.get_by_role("alert").get_by_text("1 thing to sort out").is_visible()
    mine = site.services.my_reservations(catalog.fid, _account(site, "two.pets@example.com"))
    assert mine.pending == ()
    assert console_errors == []


def _account(site: Any, email: str) -> Any:
    result = site.services.authenticate_portal_account(email, PASSWORD)
    return result.unwrap().id


def test_a_full_day_is_offered_the_waitlist(
    site: Any, catalog: Catalog, desktop: Any, screenshot: Any, console_errors: Any
) -> None:
    services, fid = site.services, catalog.fid
    other = services.create_owner(fid, OPERATOR, NewOwner("Ben", "Early")).unwrap()
    bolt = services.add_animal_as_staff(
        fid, OPERATOR, other.id, {"name": "Bolt", "species_id": str(catalog.dog.id)}
    ).unwrap()
    catalog.vaccinate(bolt.id, days=400)
    full = datetime.combine(facility_today() + timedelta(days=6), time(8), tzinfo=ZONE)
    request = BookingRequest(
        location_id=catalog.downtown.id,
        type_id=catalog.daycare.id,
        start=full,
        end=full + timedelta(hours=9),
        pets=((bolt.id, ()),),
        owner_id=other.id,
    )
    services.book_reservation(fid, catalog.manager, request).unwrap()

    page = desktop
    sign_up(page, site, "waiting@example.com", "Wade")
    rex = add_pet(page, "Rex")
    catalog.vaccinate(rex, days=400)
    open_service(page, "Daycare")
    waitlist = page.get_by_label(re.compile("Join the waitlist"))
    assert not waitlist.is_visible()
    page.get_by_label("Rex", exact=True).check()
    page.get_by_label("Drop-off date").fill(day(6))
    page.get_by_label("Drop-off time").fill("08:00")
    page.get_by_label("Pick-up date").fill(day(6))
    page.get_by_label("Pick-up time").fill("17:00")

    page.get_by_role("alert").get_by_text(re.compile("Play yard")).wait_for()
    waitlist.wait_for()
    assert check_region(page).get_by_text("Only the facility's capacity stops").is_visible()
    screenshot(page, "desktop-book-waitlist")
    waitlist.check()
    page.get_by_role("button", name="Send the request").click()

    page.get_by_text("You are on the waitlist").wait_for()
    assert page.locator(".badge--waitlisted").inner_text() == "On the waitlist"
    page.get_by_role("navigation").get_by_role("link", name="My reservations").click()
    assert page.get_by_role("heading", name=re.compile("On the waitlist")).is_visible()
    screenshot(page, "desktop-reservations-waitlisted")
    assert console_errors == []


def test_confirmed_stays_are_cancelled_inside_and_outside_the_free_window(
    site: Any, catalog: Catalog, phone: Any, screenshot: Any
) -> None:
    page = phone
    sign_up(page, site, "cancel@example.com", "Cal")
    rex = add_pet(page, "Rex")
    catalog.vaccinate(rex, days=400)
    owner_id = catalog.owner_id("cancel@example.com")
    account = _account(site, "cancel@example.com")
    site.services.sign_agreement(
        catalog.fid,
        account,
        site.services.agreements_to_sign(catalog.fid, account)[0].agreement_id,
        signer_name="Cal Lopez",
        ip_address="127.0.0.1",
    ).unwrap()
    later = datetime.combine(facility_today() + timedelta(days=10), time(9), tzinfo=ZONE)
    soon = (datetime.now(ZONE) + timedelta(days=1)).replace(second=0, microsecond=0)
    free = catalog.book(owner_id, [rex], later, later + timedelta(days=3))
    late = catalog.book(owner_id, [rex], soon, soon + timedelta(days=2))

    page.get_by_role("navigation").get_by_role("link", name="My reservations").click()
    screenshot(page, "phone-reservations")
    page.goto(f"{site.portal}/reservations/{free.id}")
    page.get_by_role("link", name="Cancel this reservation").click()
    consequence = page.locator(".consequence")
    assert "The reservation is cancelled at once, at no charge." in consequence.inner_text()
    screenshot(page, "phone-cancel-free")
    page.get_by_role("button", name="Cancel the reservation").click()
    page.get_by_text("The reservation is cancelled, at no charge.").wait_for()
    assert page.locator(".badge--cancelled").inner_text() == "Cancelled"

    page.goto(f"{site.portal}/reservations/{late.id}/cancel")
    assert "Free cancellation ended on" in page.locator(".consequence").inner_text()
    screenshot(page, "phone-cancel-late")
    page.get_by_label("Reason").fill("Flight cancelled")
    page.get_by_role("button", name="Send my cancellation for review").click()
    page.get_by_text("Your cancellation is sent to the facility for review").wait_for()
    assert page.locator(".badge--confirmed").inner_text() == "Confirmed"


def _axe_problems(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_axe_finds_no_serious_violation_on_the_booking_pages(
    site: Any, catalog: Catalog, chromium: Any, screenshot: Any, size: str
) -> None:
    pytest.importorskip("axe_playwright_python", reason="pip install axe-playwright-python")
    viewport = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
    context = chromium.new_context(viewport=viewport[size])
    page = context.new_page()
    problems: list[str] = []
    try:
        email = f"axe-booking-{size}@example.com"
        sign_up(page, site, email, "Axel")
        rex = add_pet(page, "Rex")
        catalog.vaccinate(rex, days=400)
        owner_id = catalog.owner_id(email)
        # Daycare (no waiver, so the agreement stays to sign), one place a day: a day each.
        offset = 12 if size == "phone" else 13
        start = datetime.combine(facility_today() + timedelta(days=offset), time(9), tzinfo=ZONE)
        booked = catalog.book(
            owner_id, [rex], start, start + timedelta(hours=8), kind=catalog.daycare
        )
        agreement = site.services.agreements_to_sign(catalog.fid, _account(site, email))[0]

        open_service(page, "Boarding")
        page.get_by_label("Rex", exact=True).check()
        page.get_by_label("Drop-off date").fill(day(20))
        page.get_by_label("Drop-off time").fill("09:00")
        page.get_by_label("Pick-up date").fill(day(22))
        page.get_by_label("Pick-up time").fill("17:00")
        page.get_by_role("alert").get_by_text("1 thing to sort out").wait_for()
        problems += _axe_problems(page)
        screenshot(page, f"{size}-book-details")
        page.get_by_role("button", name="Check").click()  # the page without the script's help
        page.get_by_role("heading", name="Book Boarding").wait_for()
        problems += _axe_problems(page)

        pages = {
            "book": f"{site.portal}/book",
            "reservations": f"{site.portal}/reservations",
            "reservation": f"{site.portal}/reservations/{booked.id}",
            "cancel": f"{site.portal}/reservations/{booked.id}/cancel",
            "reschedule": f"{site.portal}/reservations/{booked.id}/reschedule",
            "agreements": f"{site.portal}/agreements",
            "agreement": f"{site.portal}/agreements/{agreement.agreement_id}",
        }
        for name, url in pages.items():
            page.goto(url)
            problems += _axe_problems(page)
            screenshot(page, f"{size}-{name}")
        page.get_by_role("button", name=re.compile("^Sign")).click()  # no name: the error
        page.get_by_role("alert").wait_for()
        problems += _axe_problems(page)
    finally:
        context.close()

    assert problems == []
