"""``add_portal_routes``: the portal's pages under ``/f/{slug}/``, ``/join`` and its stylesheet."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from petcare_web.keys import CONFIG
from petcare_web.portal import (
    pages_account,
    pages_agreements,
    pages_auth,
    pages_booking,
    pages_pets,
    pages_photos,
    pages_public,
    pages_reservations,
    pages_uploads,
)
from petcare_web.portal.sessions import SessionCodec
from petcare_web.portal.state import LOGIN_THROTTLE, SESSION_CODEC
from petcare_web.portal.templates import STATIC_PREFIX
from petcare_web.portal.throttle import LoginThrottle

# A facility slug as create_facility allows it; anything else is not a portal address.
FACILITY = r"/f/{slug:[a-z0-9][a-z0-9-]{1,62}}"
PET = FACILITY + r"/pets/{animal_id:[0-9]+}"
AGREEMENT = FACILITY + r"/agreements/{agreement_id:[0-9]+}"
RESERVATION = FACILITY + r"/reservations/{reservation_id:[0-9]+}"
STATIC_DIRECTORY = Path(__file__).parent / "static"


async def _start_portal(app: web.Application) -> None:
    app[SESSION_CODEC] = SessionCodec(app[CONFIG].session_secret)
    app[LOGIN_THROTTLE] = LoginThrottle()


async def _add_slash(request: web.Request) -> web.StreamResponse:
    return web.Response(status=308, headers={"Location": f"{request.path}/"})


def add_portal_routes(app: web.Application) -> None:
    """Add the portal's pages and stylesheet to ``app`` (which ``create_app`` builds).

    The session codec (keyed by ``WebConfig.session_secret``) and the login throttle are made
    when the application starts; the throttle lives in this process's memory.
    """
    app.on_startup.append(_start_portal)
    router = app.router
    router.add_get(FACILITY, _add_slash)
    router.add_get(FACILITY + "/", pages_public.home)
    router.add_post(FACILITY + "/contact", pages_public.contact)
    router.add_get(FACILITY + "/contact/sent", pages_public.contact_sent)
    for path, handler in (
        (FACILITY + "/signup", pages_auth.sign_up),
        ("/join", pages_auth.join),
        (FACILITY + "/login", pages_auth.log_in),
        (FACILITY + "/forgot-password", pages_auth.forgot_password),
        (FACILITY + "/reset-password", pages_auth.reset_password),
        (FACILITY + "/account", pages_account.account),
        (FACILITY + "/account/delete", pages_account.delete_account),
        (FACILITY + "/pets/new", pages_pets.new_pet),
        (PET + "/edit", pages_pets.edit_pet),
        (PET + "/vaccines/upload", pages_uploads.upload),
        (PET + "/photo", pages_photos.photo),
        (AGREEMENT, pages_agreements.agreement),
        (FACILITY + "/book", pages_booking.book),
        (FACILITY + "/book/check", pages_booking.check),
        (RESERVATION + "/confirm", pages_reservations.confirm),
        (RESERVATION + "/cancel", pages_reservations.cancel),
        (RESERVATION + "/reschedule", pages_reservations.reschedule),
    ):
        router.add_get(path, handler)
        router.add_post(path, handler)
    router.add_post(FACILITY + "/logout", pages_auth.log_out)
    router.add_get(FACILITY + "/facilities", pages_account.facilities)
    router.add_post(FACILITY + "/facilities/link", pages_account.link_facility)
    router.add_post(FACILITY + "/account/preferences", pages_account.preferences)
    router.add_get(FACILITY + "/pets", pages_pets.pets)
    router.add_get(PET, pages_pets.pet)
    router.add_post(PET + "/photo/delete", pages_photos.remove_photo)
    router.add_get(FACILITY + "/notifications", pages_pets.notifications)
    router.add_get(FACILITY + "/agreements", pages_agreements.agreements)
    router.add_get(FACILITY + "/reservations", pages_reservations.reservations)
    router.add_get(RESERVATION, pages_reservations.reservation)
    router.add_get(RESERVATION + "/book-again", pages_reservations.book_again)
    router.add_static(STATIC_PREFIX, STATIC_DIRECTORY, name="portal-static")
