"""The portal JSON API under ``/portal/api/``: the portal's use cases for a mobile app.

A parent logs in with ``POST /portal/api/login`` and sends the token it returns as
``Authorization: Bearer <token>``; facility-specific endpoints live under
``/portal/api/f/{slug}/``. The visibility rules are the portal's: answers are built from the
core's portal views only. docs/api.md describes every endpoint.

``jsonio`` (reading and answering JSON), ``rejections`` (answering a use case's refusal) and
``fields`` (the members of owner and animal records) are shared with the staff API.
"""

from __future__ import annotations

from aiohttp import web

from petcare_web.portal_api import (
    accounts,
    agreements,
    booking,
    household,
    leads,
    photos,
    reservations,
    vaccines,
)
from petcare_web.portal_api.auth import install

PREFIX = "/portal/api"
FACILITY = f"{PREFIX}/f/{{slug}}"


def add_portal_api_routes(app: web.Application) -> None:
    """Route the portal API in ``app`` (whose ``WebConfig`` is already set: the token key is
    derived from its session secret)."""
    install(app)
    router = app.router
    router.add_post(f"{PREFIX}/login", accounts.log_in)
    router.add_post(f"{PREFIX}/signup", accounts.sign_up)
    router.add_post(f"{PREFIX}/link", accounts.link)
    router.add_get(f"{PREFIX}/facilities", accounts.facilities)
    router.add_post(f"{PREFIX}/password-reset", accounts.request_reset)
    router.add_post(f"{PREFIX}/password-reset/confirm", accounts.confirm_reset)
    router.add_get(FACILITY, accounts.public_facility)
    router.add_post(f"{FACILITY}/contact", leads.contact)
    router.add_post(f"{FACILITY}/delete-account", leads.delete_account)
    router.add_get(f"{FACILITY}/me", household.get_me)
    router.add_patch(f"{FACILITY}/me", household.patch_me)
    router.add_get(f"{FACILITY}/catalog", household.catalog)
    router.add_get(f"{FACILITY}/pets", household.list_pets)
    router.add_post(f"{FACILITY}/pets", household.add_pet)
    router.add_get(f"{FACILITY}/pets/{{id}}", household.get_pet)
    router.add_patch(f"{FACILITY}/pets/{{id}}", household.patch_pet)
    router.add_get(f"{FACILITY}/pets/{{id}}/photo", photos.get_photo)
    router.add_put(f"{FACILITY}/pets/{{id}}/photo", photos.put_photo)
    router.add_delete(f"{FACILITY}/pets/{{id}}/photo", photos.delete_photo)
    router.add_get(f"{FACILITY}/pets/{{id}}/immunizations", vaccines.immunization_status)
    router.add_post(f"{FACILITY}/pets/{{id}}/immunizations", vaccines.upload_immunization)
    router.add_get(f"{FACILITY}/immunizations/{{id}}/document", vaccines.immunization_document)
    router.add_get(f"{FACILITY}/notifications", vaccines.notifications)
    router.add_get(f"{FACILITY}/booking/options", booking.options)
    router.add_post(f"{FACILITY}/booking/evaluate", booking.evaluate)
    router.add_get(f"{FACILITY}/reservations", reservations.list_reservations)
    router.add_post(f"{FACILITY}/reservations", reservations.request_reservation)
    router.add_get(f"{FACILITY}/reservations/{{id}}", reservations.get_reservation)
    router.add_post(f"{FACILITY}/reservations/{{id}}/cancel", reservations.cancel)
    router.add_post(f"{FACILITY}/reservations/{{id}}/confirm", reservations.confirm)
    router.add_post(f"{FACILITY}/reservations/{{id}}/reschedule", reservations.reschedule)
    router.add_post(f"{FACILITY}/reservations/{{id}}/book-again", reservations.book_again)
    router.add_get(f"{FACILITY}/agreements", agreements.list_agreements)
    router.add_get(f"{FACILITY}/agreements/{{id}}", agreements.get_agreement)
    router.add_post(f"{FACILITY}/agreements/{{id}}/sign", agreements.sign_agreement)
