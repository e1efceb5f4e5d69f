"""The booking wizard: choosing where and what, the live check (JSON and without JavaScript),
its alerts with their fixes, the estimate and the deposit, sending a request, the waitlist,
and signing agreements."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import ClientResponse
from facility_clock import facility_today

ZONE = ZoneInfo("America/Denver")


def day(offset: int) -> str:
    """A date ``offset`` days from today, as a date input sends it."""
    return (facility_today() + timedelta(days=offset)).isoformat()


def at(offset: int, hour: int) -> datetime:
    """``hour`` o'clock, ``offset`` days from today, at the shop."""
    return datetime.combine(facility_today() + timedelta(days=offset), time(hour), tzinfo=ZONE)


async def submit(parent: Any, path: str, pairs: list[tuple[str, str]]) -> ClientResponse:
    """Post ``pairs`` (a key may repeat, as checkboxes do) with the session's CSRF token."""
    token = await parent.token(f"{parent.shop.base}/")
    return await parent.client.post(
        path, data=[("csrf_token", token), *pairs], allow_redirects=False
    )


def stay(catalog: Any, pets: list[int], *, first: int = 10, nights: int = 3) -> list[Any]:
    """The booking form's fields for a boarding stay of ``pets``."""
    return [
        ("location_id", str(catalog.downtown.id)),
        ("type_id", str(catalog.boarding.id)),
        *[("animal_id", str(pet)) for pet in pets],
        ("start_date", day(first)),
        ("start_time", "09:00"),
        ("end_date", day(first + nights)),
        ("end_time", "17:00"),
    ]


def text_of(html: str) -> str:
    """The page's text with tags removed and spaces collapsed (to read sentences)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


async def test_the_navigation_offers_booking_reservations_and_agreements(
    parent: Any, catalog: Any
) -> None:
    _, body = await parent.get(f"{parent.shop.base}/")

    for link in ("/book", "/reservations", "/agreements"):
        assert f'href="{parent.shop.base}{link}"' in body


async def test_step_one_lists_each_location_with_its_services_and_prices(
    parent: Any, catalog: Any
) -> None:
    status, body = await parent.get(f"{parent.shop.base}/book")

    assert status == 200
    assert "Downtown" in body
    assert "Riverside" in body
    assert "$45.00 a night" in body
    assert "$60.00 an appointment (60 minutes)" in body
    link = f"/book?location_id={catalog.downtown.id}&amp;type_id={catalog.boarding.id}"
    assert link in body


async def test_step_two_asks_for_pets_dates_and_add_ons_with_labels(
    parent: Any, catalog: Any
) -> None:
    rex = await parent.add_pet("Rex")
    query = f"location_id={catalog.downtown.id}&type_id={catalog.boarding.id}"

    status, body = await parent.get(f"{parent.shop.base}/book?{query}")

    assert status == 200
    assert "<h1>Book Boarding</h1>" in body
    assert f'<label for="f-pet-{rex}">Rex</label>' in body
    for name in ("start_date", "start_time", "end_date", "end_time"):
        assert f'<label for="f-{name}">' in body
    assert f'name="add_on.{rex}" type="checkbox" value="{catalog.bath.id}"' in body
    assert 'Bath <span class="muted">($15.00 a stay)</span>' in body
    assert 'Extra walk <span class="muted">($5.00 a night)</span>' in body
    assert "Drop-off hours: every day 00:00-23:59." in body
    # The live check's script is a file (CSP script-src 'self'); the page has no inline code.
    assert '<script src="/static/portal/book.js?v=1" defer></script>' in body
    assert "style=" not in body
    assert 'id="booking-check"' in body
    assert 'aria-live="polite"' in body


async def test_an_appointment_asks_for_a_date_a_time_and_the_groomer(
    parent: Any, catalog: Any
) -> None:
    await parent.add_pet("Rex")
    query = f"location_id={catalog.downtown.id}&type_id={catalog.grooming.id}"

    _, body = await parent.get(f"{parent.shop.base}/book?{query}")

    assert '<label for="f-start_date">Date</label>' in body
    assert '<label for="f-start_time">Time</label>' in body
    assert 'id="f-end_date"' not in body
    assert f'<option value="{catalog.groomer.id}">Gina</option>' in body
    assert "Gina Groom" not in body  # first names only
    assert "The appointment lasts 60 minutes." in body


async def test_a_service_not_offered_at_the_location_leads_back_to_step_one(
    parent: Any, catalog: Any
) -> None:
    status, body = await parent.get(f"{parent.shop.base}/book?location_id=999&type_id=1")

    assert status == 200
    assert "Book a stay or an appointment" in body


async def test_the_check_without_javascript_shows_every_reason_with_its_fix(
    parent: Any, catalog: Any
) -> None:
    rex = await parent.add_pet("Rex")

    response = await submit(
        parent, f"{parent.shop.base}/book", [*stay(catalog, [rex]), ("action", "check")]
    )
    body = await response.text()

    assert response.status == 200
    alerts = text_of(body.split('role="alert"')[1].split("</div>")[0])
    assert "2 things to sort out" in alerts
    assert "Rex: Rabies: no vaccination record is on file" in alerts
    assert "Boarding waiver" in alerts
    upload = f"{parent.shop.base}/pets/{rex}/vaccines/upload?type={parent.shop.rabies.id}"
    assert f'href="{upload}">Upload the record for Rex</a>' in body
    sign = re.search(r'href="([^"]*/agreements/\d+\?next=[^"]+)"', body)
    assert sign is not None
    assert "location_id=" in sign.group(1)
    # The estimate and the deposit are shown before sending.
    assert "Boarding: 3 nights" in body
    assert "$135.00" in body
    assert "A deposit of <strong>$33.75</strong> is due" in body
    mine = parent.services.my_reservations(parent.shop.fid, parent.account_id())
    assert mine.pending == ()


async def test_the_live_check_answers_json_with_the_alerts_rendered(
    parent: Any, catalog: Any
) -> None:
    rex = await parent.add_pet("Rex")
    mia = await parent.add_pet("Mia")
    catalog.vaccinate(rex)
    catalog.vaccinate(mia)
    catalog.sign_waiver(parent.account_id())

    response = await submit(
        parent,
        f"{parent.shop.base}/book/check",
        [*stay(catalog, [rex, mia]), (f"add_on.{rex}", str(catalog.bath.id))],
    )
    answer = await response.json()

    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert answer["can_request"] is True
    assert answer["alerts"] == []
    assert answer["deposit"] == "$71.25"
    assert answer["estimate"]["total"] == "$285.00"
    assert [pet["name"] for pet in answer["estimate"]["pets"]] == ["Rex", "Mia"]
    assert ["Bath", "$15.00"] in answer["estimate"]["pets"][0]["lines"]
    assert "Everything is in order" in answer["html"]
    assert answer["html"].startswith('<section id="booking-check"')


async def test_the_live_check_lists_what_is_still_to_fill_in(parent: Any, catalog: Any) -> None:
    await parent.add_pet("Rex")

    response = await submit(
        parent,
        f"{parent.shop.base}/book/check",
        [
            ("location_id", str(catalog.downtown.id)),
            ("type_id", str(catalog.boarding.id)),
            ("start_date", "31/12/2030"),
        ],
    )
    answer = await response.json()

    assert answer["evaluated"] is False
    assert answer["problems"]["animal_id"] == "Choose at least one pet"
    assert "write it as YYYY-MM-DD" in answer["problems"]["start_date"]
    assert "Pets: Choose at least one pet" in answer["html"]


async def test_the_live_check_needs_the_form_token_and_a_login(parent: Any, catalog: Any) -> None:
    path = f"{parent.shop.base}/book/check"
    refused = await parent.client.post(path, data=stay(catalog, [1]), allow_redirects=False)
    assert refused.status == 403

    parent.forget_cookies()
    token = await parent.token(f"{parent.shop.base}/login")
    anonymous = await parent.client.post(
        path, data=[("csrf_token", token), *stay(catalog, [1])], allow_redirects=False
    )
    assert anonymous.status == 303
    assert "/login" in anonymous.headers["Location"]


async def test_reloading_the_check_address_leads_to_the_booking_page(
    parent: Any, catalog: Any
) -> None:
    response = await parent.client.get(f"{parent.shop.base}/book/check", allow_redirects=False)

    assert response.status == 303
    assert response.headers["Location"] == f"{parent.shop.base}/book"


async def test_mistakes_in_the_form_are_tied_to_their_fields_and_nothing_is_sent(
    parent: Any, catalog: Any
) -> None:
    rex = await parent.add_pet("Rex")
    fields = dict(stay(catalog, [rex]))
    fields.update(end_date=day(5), start_time="9h", action="send")
    fields.pop("animal_id")

    response = await submit(parent, f"{parent.shop.base}/book", list(fields.items()))
    body = await response.text()

    assert response.status == 422
    assert 'href="#f-animal_id">Pets: Choose at least one pet' in body
    assert "Drop-off time: This is not a time" in body
    assert 'id="f-start_time"' in body
    assert 'aria-invalid="true"' in body
    assert f'value="{day(5)}"' in body  # what was typed is kept
    mine = parent.services.my_reservations(parent.shop.fid, parent.account_id())
    assert mine.pending == ()


async def test_pick_up_before_drop_off_is_refused(parent: Any, catalog: Any) -> None:
    rex = await parent.add_pet("Rex")
    fields = [*stay(catalog, [rex]), ("action", "send")]
    fields = [(k, day(8) if k == "end_date" else v) for k, v in fields]

    response = await submit(parent, f"{parent.shop.base}/book", fields)

    assert response.status == 422
    assert "Pick-up must come after drop-off" in await response.text()


async def test_another_households_pet_cannot_be_booked(
    parent: Any, catalog: Any, make_browser: Any
) -> None:
    other = await make_browser()
    await other.sign_up("ben@example.com", first_name="Ben")
    bens_pet = await other.add_pet("Bolt")
    await parent.add_pet("Rex")

    response = await submit(
        parent, f"{parent.shop.base}/book", [*stay(catalog, [bens_pet]), ("action", "send")]
    )

    assert response.status == 422
    assert "Choose among the pets listed" in await response.text()


async def test_a_ready_request_is_sent_and_shown_pending(parent: Any, catalog: Any) -> None:
    rex = await parent.add_pet("Rex")
    catalog.vaccinate(rex)
    catalog.sign_waiver(parent.account_id())

    response = await submit(
        parent,
        f"{parent.shop.base}/book",
        [*stay(catalog, [rex]), (f"add_on.{rex}", str(catalog.walk.id)), ("action", "send")],
    )

    assert response.status == 303
    location = response.headers["Location"]
    assert re.fullmatch(rf"{parent.shop.base}/reservations/\d+\?done=requested", location)
    _, body = await parent.get(location)
    assert "Your request is sent" in body
    assert "Requested" in body
    assert "Extra walk (3 nights)" in body
    [pending] = parent.services.my_reservations(parent.shop.fid, parent.account_id()).pending
    assert pending.add_on_names == ("Extra walk",)


async def test_a_blocked_request_comes_back_with_its_alerts(parent: Any, catalog: Any) -> None:
    rex = await parent.add_pet("Rex")

    response = await submit(
        parent, f"{parent.shop.base}/book", [*stay(catalog, [rex]), ("action", "send")]
    )
    body = await response.text()

    assert response.status == 422
    assert "Rabies: no vaccination record is on file" in body
    assert "Read and sign the agreement" in body


async def test_a_full_day_offers_the_waitlist(parent: Any, catalog: Any, make_browser: Any) -> None:
    other = await make_browser()
    await other.sign_up("ben@example.com", first_name="Ben")
    bolt = await other.add_pet("Bolt")
    catalog.vaccinate(bolt)
    catalog.book(other.account_id(), [bolt], at(6, 8), at(6, 18), kind=catalog.daycare)
    rex = await parent.add_pet("Rex")
    catalog.vaccinate(rex)
    daycare = [
        ("location_id", str(catalog.downtown.id)),
        ("type_id", str(catalog.daycare.id)),
        ("animal_id", str(rex)),
        ("start_date", day(6)),
        ("start_time", "08:00"),
        ("end_date", day(6)),
        ("end_time", "18:00"),
    ]

    checked = await (await submit(parent, f"{parent.shop.base}/book/check", daycare)).json()
    assert checked["offers_waitlist"] is True
    assert checked["alerts"][0]["category"] == "capacity"
    assert checked["alerts"][0]["link"] == "#f-join_waitlist"

    refused = await submit(parent, f"{parent.shop.base}/book", [*daycare, ("action", "send")])
    body = await refused.text()
    assert refused.status == 422
    assert 'id="waitlist-choice" class="field field--checkbox waitlist-choice">' in body

    sent = await submit(
        parent,
        f"{parent.shop.base}/book",
        [*daycare, ("join_waitlist", "true"), ("action", "send")],
    )
    assert sent.status == 303
    assert sent.headers["Location"].endswith("?done=waitlisted")
    mine = parent.services.my_reservations(parent.shop.fid, parent.account_id())
    assert [view.reservation.status.value for view in mine.waitlisted] == ["waitlisted"]


async def test_signing_the_agreement_from_an_alert_returns_to_the_filled_form(
    parent: Any, catalog: Any
) -> None:
    rex = await parent.add_pet("Rex")
    catalog.vaccinate(rex)
    response = await submit(
        parent, f"{parent.shop.base}/book", [*stay(catalog, [rex]), ("action", "check")]
    )
    found = re.search(r'href="([^"]*/agreements/\d+\?[^"]+)"', await response.text())
    assert found is not None
    sign_page = found.group(1).replace("&amp;", "&")

    status, page = await parent.get(sign_page)
    assert status == 200
    assert "I agree to the boarding rules." in page
    assert "Back to your booking" in page
    form = dict(re.findall(r'<input type="hidden" name="(next|location_id)" value="([^"]*)"', page))
    signed = await submit(
        parent,
        f"{parent.shop.base}/agreements/{catalog.waiver.id}",
        [(name, value.replace("&amp;", "&")) for name, value in form.items()]
        + [("signer_name", "Ana Lopez")],
    )

    assert signed.status == 303
    back = signed.headers["Location"]
    assert back.startswith(f"{parent.shop.base}/book?")
    assert back.endswith("&done=signed")
    _, booking = await parent.get(back)
    assert "Thank you: the agreement is signed." in booking
    assert f'value="{rex}" checked' in booking
    assert "Everything is in order" in booking
    [signature] = parent.services.signed_agreements(parent.shop.fid, parent.account_id())
    assert signature.signature.ip_address == "127.0.0.1"
    assert signature.signature.location_id == catalog.downtown.id
    assert signature.signature.signer_name == "Ana Lopez"


async def test_the_agreements_page_lists_what_to_sign_then_what_was_signed(
    parent: Any, catalog: Any
) -> None:
    _, before = await parent.get(f"{parent.shop.base}/agreements")
    assert "Boarding waiver" in before
    assert "Not signed yet (version 1)" in before

    missing = await submit(parent, f"{parent.shop.base}/agreements/{catalog.waiver.id}", [])
    assert missing.status == 422
    assert "Type your full name: it is your signature" in await missing.text()

    signed = await submit(
        parent,
        f"{parent.shop.base}/agreements/{catalog.waiver.id}",
        [("signer_name", "Ana Lopez")],
    )
    assert signed.headers["Location"] == f"{parent.shop.base}/agreements?done=signed"
    _, after = await parent.get(signed.headers["Location"])
    assert "You have nothing to sign right now." in after
    assert "Version 1, signed by Ana Lopez on" in after
    assert "Read the text you signed" in after


async def test_a_new_version_must_be_signed_again(parent: Any, catalog: Any) -> None:
    catalog.sign_waiver(parent.account_id())
    parent.services.publish_agreement_version(
        parent.shop.fid, catalog.manager, catalog.waiver.id, "New rules."
    ).unwrap()

    _, listing = await parent.get(f"{parent.shop.base}/agreements")
    _, page = await parent.get(f"{parent.shop.base}/agreements/{catalog.waiver.id}")

    assert "has changed since you signed version 1" in listing
    assert "replaced by a newer version" in listing
    assert "You signed version 1 on" in page
    assert "New rules." in page


async def test_an_unknown_agreement_is_a_404(parent: Any, catalog: Any) -> None:
    status, _ = await parent.get(f"{parent.shop.base}/agreements/987654")

    assert status == 404


async def test_a_crafted_next_address_is_not_followed(parent: Any, catalog: Any) -> None:
    response = await submit(
        parent,
        f"{parent.shop.base}/agreements/{catalog.waiver.id}",
        [("signer_name", "Ana"), ("next", "https://evil.example/"), ("location_id", "99999")],
    )

    assert response.headers["Location"] == f"{parent.shop.base}/agreements?done=signed"
    [signature] = parent.services.signed_agreements(parent.shop.fid, parent.account_id())
    assert signature.signature.location_id is None


async def test_the_booking_pages_are_for_members(browser: Any, catalog: Any) -> None:
    for page in ("/book", "/reservations", "/agreements", f"/agreements/{catalog.waiver.id}"):
        status, _ = await browser.get(f"{browser.shop.base}{page}")
        assert status == 303, page


async def test_the_script_is_served(browser: Any) -> None:
    response = await browser.client.get("/static/portal/book.js")

    assert response.status == 200
    assert "booking-check" in await response.text()
