"""My reservations: the lists, one reservation, confirming when asked, cancelling inside and
outside the free window (the policy and its consequence first), rescheduling and booking
again; another household's reservation is a 404."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from aiohttp import ClientResponse
from facility_clock import facility_today

ZONE = ZoneInfo("America/Denver")


def at(offset: int, hour: int) -> datetime:
    """``hour`` o'clock, ``offset`` days from today, at the shop."""
    return datetime.combine(facility_today() + timedelta(days=offset), time(hour), tzinfo=ZONE)


async def submit(parent: Any, path: str, pairs: list[tuple[str, str]]) -> ClientResponse:
    """Post ``pairs`` with the session's CSRF token."""
    token = await parent.token(f"{parent.shop.base}/")
    return await parent.client.post(
        path, data=[("csrf_token", token), *pairs], allow_redirects=False
    )


async def ready_pet(parent: Any, catalog: Any, name: str = "Rex") -> int:
    """A pet with a verified vaccine, in a household that signed the waiver."""
    pet: int = await parent.add_pet(name)
    catalog.vaccinate(pet)
    catalog.sign_waiver(parent.account_id())
    return pet


async def test_the_lists_show_pets_services_staff_and_deposit(parent: Any, catalog: Any) -> None:
    rex = await ready_pet(parent, catalog)
    account = parent.account_id()
    catalog.book(account, [rex], at(10, 9), at(13, 17), add_ons=(catalog.bath.id,))
    catalog.book(account, [rex], at(20, 9), at(21, 17), confirm=False)
    parent.services.book_reservation(
        parent.shop.fid,
        catalog.manager,
        _grooming(catalog, account, rex),
    ).unwrap()

    status, body = await parent.get(f"{parent.shop.base}/reservations")

    assert status == 200
    upcoming = body.split('id="upcoming-title"')[1].split("</section>")[0]
    assert "Boarding: Rex" in upcoming
    assert "Bath" in upcoming
    assert "$150.00" in upcoming  # 3 nights and a bath
    assert "$37.50" in upcoming  # the 25 % deposit
    assert "<dt>With</dt><dd>Gina</dd>" in upcoming
    pending = body.split('id="pending-title"')[1].split("</section>")[0]
    assert "Requested" in pending
    assert "past-title" not in body


def _grooming(catalog: Any, account: Any, pet: int) -> Any:
    from petcare_core.services import BookingRequest

    return BookingRequest(
        location_id=catalog.downtown.id,
        type_id=catalog.grooming.id,
        start=at(5, 10),
        end=at(5, 11),
        pets=((pet, ()),),
        staff_id=catalog.groomer.id,
        owner_id=catalog.owner_id(account),
    )


async def test_an_empty_list_invites_to_book(parent: Any, catalog: Any) -> None:
    _, body = await parent.get(f"{parent.shop.base}/reservations")

    assert "You have no reservation yet." in body
    assert f'href="{parent.shop.base}/book"' in body


async def test_one_reservation_shows_its_estimate_and_what_can_be_done(
    parent: Any, catalog: Any
) -> None:
    rex = await ready_pet(parent, catalog)
    booked = catalog.book(parent.account_id(), [rex], at(10, 9), at(13, 17))

    status, body = await parent.get(f"{parent.shop.base}/reservations/{booked.id}")

    assert status == 200
    assert "Confirmed" in body
    assert "Boarding: 3 nights" in body
    assert "Estimate at today&#39;s prices" in body
    for action in ("reschedule", "cancel", "book-again"):
        assert f'/reservations/{booked.id}/{action}"' in body


async def test_another_households_reservation_is_a_404(
    parent: Any, catalog: Any, make_browser: Any
) -> None:
    other = await make_browser()
    await other.sign_up("ben@example.com", first_name="Ben")
    bolt = await ready_pet(other, catalog, "Bolt")
    booked = catalog.book(other.account_id(), [bolt], at(10, 9), at(13, 17))

    for page in ("", "/cancel", "/reschedule", "/book-again"):
        status, body = await parent.get(f"{parent.shop.base}/reservations/{booked.id}{page}")
        assert status == 404, page
        assert "Bolt" not in body
    response = await submit(parent, f"{parent.shop.base}/reservations/{booked.id}/cancel", [])
    assert response.status == 404
    assert (
        other.services.my_reservation(
            other.shop.fid, other.account_id(), booked.id
        ).reservation.status.value
        == "confirmed"
    )


async def test_a_cancellation_inside_the_free_window_is_free_and_immediate(
    parent: Any, catalog: Any
) -> None:
    rex = await ready_pet(parent, catalog)
    booked = catalog.book(parent.account_id(), [rex], at(10, 9), at(13, 17))
    page = f"{parent.shop.base}/reservations/{booked.id}/cancel"

    _, body = await parent.get(page)
    assert "until 48 hours before the start" in body
    assert "The reservation is cancelled at once, at no charge." in body
    assert "Cancel the reservation</button>" in body

    response = await submit(parent, page, [("reason", "Change of plans")])
    assert response.status == 303
    assert response.headers["Location"].endswith(f"/reservations/{booked.id}?done=cancelled")
    _, after = await parent.get(response.headers["Location"])
    assert "The reservation is cancelled, at no charge." in after
    assert "badge--cancelled" in after
    view = parent.services.my_reservation(parent.shop.fid, parent.account_id(), booked.id)
    assert view.reservation.cancellation.reason == "Change of plans"
    assert view.reservation.cancellation.late is False


async def test_a_cancellation_outside_the_free_window_goes_to_staff_review(
    parent: Any, catalog: Any
) -> None:
    rex = await ready_pet(parent, catalog)
    booked = catalog.book(parent.account_id(), [rex], at(1, 23), at(4, 17))
    page = f"{parent.shop.base}/reservations/{booked.id}/cancel"

    _, body = await parent.get(page)
    assert "Free cancellation ended on" in body
    assert "sent to the facility for review" in body
    assert "Send my cancellation for review</button>" in body

    response = await submit(parent, page, [])
    assert response.headers["Location"].endswith("?done=cancel-requested")
    _, after = await parent.get(response.headers["Location"])
    assert "Your cancellation is sent to the facility for review" in after
    view = parent.services.my_reservation(parent.shop.fid, parent.account_id(), booked.id)
    assert view.reservation.status.value == "confirmed"


async def test_a_stay_that_has_started_cannot_be_cancelled_online(
    parent: Any, catalog: Any
) -> None:
    rex = await ready_pet(parent, catalog)
    now = datetime.now(ZONE).replace(second=0, microsecond=0)
    booked = catalog.book(parent.account_id(), [rex], now + timedelta(minutes=2), at(3, 17))
    parent.services.check_in(parent.shop.fid, catalog.manager, booked.id).unwrap()
    page = f"{parent.shop.base}/reservations/{booked.id}/cancel"

    _, body = await parent.get(page)
    assert "can no longer be cancelled online" in body
    assert '<form method="post" action="' + page not in body
    _, detail = await parent.get(f"{parent.shop.base}/reservations/{booked.id}")
    assert f"/reservations/{booked.id}/cancel" not in detail

    response = await submit(parent, page, [])
    assert response.status == 422
    assert "This reservation is checked in: it can no longer be cancelled online" in (
        await response.text()
    )


async def test_a_parent_confirms_when_the_facility_asks(parent: Any, catalog: Any) -> None:
    rex = await ready_pet(parent, catalog)
    requested = catalog.book(parent.account_id(), [rex], at(10, 9), at(13, 17), confirm=False)
    parent.services.approve_reservation(
        parent.shop.fid, catalog.manager, requested.id, ask_parent=True
    ).unwrap()

    _, listing = await parent.get(f"{parent.shop.base}/reservations")
    assert "Awaiting your confirmation" in listing
    assert f'/reservations/{requested.id}#confirm"' in listing
    response = await submit(parent, f"{parent.shop.base}/reservations/{requested.id}/confirm", [])

    assert response.headers["Location"].endswith(f"/reservations/{requested.id}?done=confirmed")
    _, after = await parent.get(response.headers["Location"])
    assert "Thank you: the reservation is confirmed." in after
    assert "badge--confirmed" in after
    again = await submit(parent, f"{parent.shop.base}/reservations/{requested.id}/confirm", [])
    assert again.status == 422
    assert "This reservation is confirmed: there is nothing to confirm." in await again.text()


async def test_reloading_the_confirm_address_shows_the_reservation(
    parent: Any, catalog: Any
) -> None:
    response = await parent.client.get(
        f"{parent.shop.base}/reservations/5/confirm", allow_redirects=False
    )

    assert response.status == 303
    assert response.headers["Location"] == f"{parent.shop.base}/reservations/5"


async def test_a_request_is_rescheduled(parent: Any, catalog: Any) -> None:
    rex = await ready_pet(parent, catalog)
    requested = catalog.book(parent.account_id(), [rex], at(10, 9), at(13, 17), confirm=False)
    page = f"{parent.shop.base}/reservations/{requested.id}/reschedule"
    new_start = (facility_today() + timedelta(days=12)).isoformat()
    new_end = (facility_today() + timedelta(days=14)).isoformat()

    _, form = await parent.get(page)
    assert f'value="{(facility_today() + timedelta(days=10)).isoformat()}"' in form
    bad = await submit(parent, page, [("start_date", new_start), ("start_time", "09:00")])
    assert bad.status == 422
    assert "Pick-up date: Choose a date" in await bad.text()
    response = await submit(
        parent,
        page,
        [
            ("start_date", new_start),
            ("start_time", "09:00"),
            ("end_date", new_end),
            ("end_time", "17:00"),
        ],
    )

    assert response.headers["Location"].endswith("?done=rescheduled")
    view = parent.services.my_reservation(parent.shop.fid, parent.account_id(), requested.id)
    assert view.reservation.start == at(12, 9)
    assert view.reservation.end == at(14, 17)


async def test_a_reschedule_the_rules_refuse_shows_why(parent: Any, catalog: Any) -> None:
    rex = await ready_pet(parent, catalog)
    requested = catalog.book(parent.account_id(), [rex], at(10, 9), at(13, 17), confirm=False)
    far = (facility_today() + timedelta(days=800)).isoformat()
    farther = (facility_today() + timedelta(days=802)).isoformat()

    response = await submit(
        parent,
        f"{parent.shop.base}/reservations/{requested.id}/reschedule",
        [
            ("start_date", far),
            ("start_time", "09:00"),
            ("end_date", farther),
            ("end_time", "17:00"),
        ],
    )
    body = await response.text()

    assert response.status == 422
    assert "The new dates do not work yet" in body
    assert 'href="#f-start_date">Change the dates</a>' in body


async def test_book_again_opens_the_booking_form_filled_in(parent: Any, catalog: Any) -> None:
    rex = await ready_pet(parent, catalog)
    booked = catalog.book(
        parent.account_id(), [rex], at(10, 9), at(13, 17), add_ons=(catalog.bath.id,)
    )

    response = await parent.client.get(
        f"{parent.shop.base}/reservations/{booked.id}/book-again", allow_redirects=False
    )
    target = response.headers["Location"]
    query = parse_qs(urlsplit(target).query)

    assert response.status == 303
    assert query["type_id"] == [str(catalog.boarding.id)]
    assert query["animal_id"] == [str(rex)]
    assert query[f"add_on.{rex}"] == [str(catalog.bath.id)]
    assert query["start_time"] == ["09:00"]
    _, form = await parent.get(target)
    assert re.search(rf'value="{rex}" checked', form)
    assert re.search(
        rf'name="add_on.{rex}" type="checkbox" value="{catalog.bath.id}" checked', form
    )


async def test_every_input_of_the_new_pages_has_a_label(parent: Any, catalog: Any) -> None:
    rex = await ready_pet(parent, catalog)
    booked = catalog.book(parent.account_id(), [rex], at(10, 9), at(13, 17))
    base = parent.shop.base
    step_two = f"{base}/book?location_id={catalog.downtown.id}&type_id="
    pages = [
        f"{base}/book",
        f"{step_two}{catalog.boarding.id}&animal_id={rex}",
        f"{step_two}{catalog.grooming.id}",
        f"{base}/reservations",
        f"{base}/reservations/{booked.id}",
        f"{base}/reservations/{booked.id}/cancel",
        f"{base}/reservations/{booked.id}/reschedule",
        f"{base}/agreements",
    ]
    for page in pages:
        status, body = await parent.get(page)
        assert status == 200, page
        assert '<main id="main"' in body
        ids = re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', body)
        tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", body)
        assert len(ids) == len([tag for tag in tags if 'type="hidden"' not in tag]), page
        for field_id in ids:
            assert f'<label for="{field_id}">' in body, (page, field_id)
